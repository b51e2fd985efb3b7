"""Reading corpora: find the input files, detect each one's format, yield `Document`s.

One module per format. `discover` lists sources in a stable (sorted) order so that runs are
deterministic; `read_source` dispatches on the detected format.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..document import Document
from . import jsonl, parquet, text

# Output kind per input format: text-like inputs become .txt files, records keep their format.
FORMATS = ("text", "jsonl", "parquet")
STDIN = "-"


@dataclass(frozen=True, order=True)
class Source:
    """One input file (or stdin) and the format it holds."""

    relpath: str  # path relative to the input root, '/'-separated; '-' for stdin
    path: str  # path to open
    format: str

    @property
    def stem(self) -> str:
        """relpath without its format suffixes ('a/b.jsonl.gz' -> 'a/b')."""
        return strip_suffixes(self.relpath)


_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".jsonl.zst": "jsonl",
    ".ndjson.gz": "jsonl",
    ".ndjson.zst": "jsonl",
    ".parquet": "parquet",
}


def strip_suffixes(relpath: str) -> str:
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if relpath.lower().endswith(suffix):
            return relpath[: -len(suffix)]
    return relpath


def detect_format(path: Path) -> str | None:
    """Format of a file from its name, or failing that from its first bytes; None if unknown."""
    name = path.name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return _SUFFIXES[suffix]
    with open(path, "rb") as handle:
        head = handle.read(512)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    if b"\x00" in head:
        return None
    return "text"


def discover(input_path: str | os.PathLike[str]) -> list[Source]:
    """All readable sources under `input_path` (a folder, one file, or '-' for stdin)."""
    if str(input_path) == STDIN:
        return [Source(STDIN, STDIN, "jsonl")]
    root = Path(input_path)
    if not root.exists():
        raise FileNotFoundError(f"input not found: {root}")
    if root.is_file():
        files = [(root.name, root)]
    else:
        files = sorted(
            (path.relative_to(root).as_posix(), path)
            for path in root.rglob("*")
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
        )
    sources = []
    for relpath, path in files:
        fmt = detect_format(path)
        if fmt is not None:
            sources.append(Source(relpath, str(path), fmt))
    return sources


def read_source(source: Source, config: Config) -> Iterator[Document]:
    """Documents of one source; a source that cannot be read yields one error document."""
    readers = {"text": text.read, "jsonl": jsonl.read, "parquet": parquet.read}
    try:
        yield from readers[source.format](source, config)
    except (OSError, ValueError, EOFError) as exc:
        yield Document(id=source.stem, text="", source=source.relpath, error=f"unreadable: {exc}")

"""Reading corpora: find the input files, detect each one's format, yield `Document`s.

One module per format. `discover` lists sources in a stable (sorted) order so that runs are
deterministic; `read_source` dispatches on the detected format.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..config import Config
from ..document import Document
from . import text
from .walk import NOT_REGULAR, display_name, walk

# Output kind per input format: text-like inputs become .txt files, records keep their format.
# Each format is read by the module of its name, imported on first use: pyarrow, trafilatura and
# resiliparse cost every worker ~60 MB and a third of a second to import, for formats most runs
# never see.
FORMATS = ("text", "jsonl", "parquet", "html", "warc")
STDIN = "-"


@dataclass(frozen=True, order=True)
class Source:
    """One input file (or stdin) and the format it holds."""

    relpath: str  # path relative to the input root, '/'-separated; '-' for stdin
    path: str  # path to open
    format: str
    error: str | None = None  # why the file cannot be read (a loop, binary data, ...), if it cannot

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
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
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
    if head.startswith(b"WARC/"):
        return "warc"
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    if b"\x00" in head:
        return None
    return "text"


def discover(input_path: str | os.PathLike[str]) -> list[Source]:
    """Every source under `input_path` (a folder, one file, or '-' for stdin), sorted; those that
    cannot be read (binary, loops, fifos, permission) carry the reason in `error`."""
    if str(input_path) == STDIN:
        return [Source(STDIN, STDIN, "jsonl")]
    root = Path(input_path)
    if not root.exists():
        raise FileNotFoundError(f"input not found: {root}")
    if root.is_dir():
        files = sorted(walk(str(root)))
    else:
        files = [(display_name(root.name), str(root), None if root.is_file() else NOT_REGULAR)]
    return [_source(relpath, path, problem) for relpath, path, problem in files]


def _source(relpath: str, path: str, problem: str | None) -> Source:
    """The source of one found file; files that cannot be read carry the reason, never vanish."""
    if problem is None:
        try:
            fmt = detect_format(Path(path))
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
        else:
            if fmt is not None:
                return Source(relpath, path, fmt)
            problem = text.BINARY
    return Source(relpath, path, "text", error=problem)


def read_source(source: Source, config: Config) -> Iterator[Document]:
    """Documents of one source; a source that cannot be read yields one error document."""
    if source.error is not None:
        yield unreadable(source, source.error)
        return
    count = 0
    try:
        for doc in import_module(f".{source.format}", __name__).read(source, config):
            count += 1
            yield doc
    except Exception as exc:  # noqa: BLE001 -- any failure of one file is that file's error record, never the run's end
        yield unreadable(source, exc)
        return
    if count == 0:
        yield no_documents(source)


def unreadable(source: Source, problem: str | Exception) -> Document:
    """The error document of a source that cannot be read (or stops being readable part way)."""
    if isinstance(problem, Exception):
        problem = problem.strerror if isinstance(problem, OSError) and problem.strerror else (
            str(problem) or type(problem).__name__)
    return Document(id=source.stem, text="", source=source.relpath, error=f"unreadable: {problem}")


def no_documents(source: Source) -> Document:
    """The error document of a source that was read but holds no document."""
    return Document(id=source.stem, text="", source=source.relpath, error="no documents")

"""Load a finished run from what it wrote: OUT/manifest.jsonl, OUT/stats.json and the kept files.

The report and `dedup explain` read only these files, never engine objects, so they keep working
while the engine changes. Each document's repaired text is rebuilt from its kept text and its
removed spans (`dedup.writers.spans.rebuild`), which is exactly what the manifest promises.
"""
from __future__ import annotations

import io
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..pipeline import MANIFEST, STATS
from ..progress import Progress
from ..readers import detect_format
from ..readers.streams import open_binary
from ..segment import paragraphs
from ..writers.folder import SUCCESS
from ..writers.spans import rebuild


class RunError(ValueError):
    """OUT is not the output of a finished `dedup clean`, or does not match its manifest."""


@dataclass(frozen=True)
class Removed:
    """One removed span of the manifest; duplicates name the kept copy they repeat."""

    start: int
    end: int
    reason: str
    text: str
    duplicate_of: str | None = None
    paragraph: int | None = None
    similarity: float | None = None

    @property
    def kind(self) -> str:
        """'duplicate' (any duplicate reason), 'boilerplate' (any boilerplate:*) or 'other', for styling."""
        return next((kind for kind in ("duplicate", "boilerplate") if self.reason.startswith(kind)), "other")


@dataclass
class Doc:
    """One manifest line with the document's kept text from the output files."""

    id: str
    source: str
    status: str
    removed: list[Removed]
    output: str | None = None  # the file under OUT holding the kept text, if written
    kept: str = ""
    duplicate_of: str | None = None
    related: list[str] = field(default_factory=list)
    error: str | None = None
    chars_in: int = 0
    chars_out: int = 0

    @cached_property
    def text(self) -> str:
        """The repaired input: the kept text with the removed spans put back."""
        return rebuild(self.kept, [(span.start, span.text) for span in self.removed])

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph offsets of the repaired text, as the engine numbers them."""
        return paragraphs(self.text)

    def paragraph(self, index: int) -> str:
        start, end = self.paragraphs[index]
        return self.text[start:end]


@dataclass
class Run:
    """A finished run: its summary and options (stats.json) and its documents by id."""

    out: Path
    summary: dict[str, Any]
    config: dict[str, Any]
    docs: dict[str, Doc]


def load_run(out: Path, progress: Progress | None = None) -> Run:
    """Read OUT whole, with a progress stage 'load' over the kept documents."""
    run = read_manifest(out)
    load_kept(run, progress=progress)
    return run


def read_manifest(out: Path) -> Run:
    """OUT's stats and manifest; documents have no kept text yet (see `load_kept`)."""
    missing = [name for name in (MANIFEST, STATS, SUCCESS) if not (out / name).is_file()]
    if missing:
        raise RunError(f"{out} is not the output of a finished dedup clean (missing {', '.join(missing)})")
    stats = json.loads((out / STATS).read_text("utf-8"))
    docs: dict[str, Doc] = {}
    with open(out / MANIFEST, encoding="utf-8") as manifest:
        for line in manifest:
            doc = _doc(json.loads(line))
            docs[doc.id] = doc
    return Run(out, stats["summary"], stats["config"], docs)


def load_kept(run: Run, ids: Collection[str] | None = None, progress: Progress | None = None) -> None:
    """Read the kept text of the documents `ids` (all if None) from the output files holding them."""
    wanted = [doc for doc in run.docs.values() if doc.output is not None and (ids is None or doc.id in ids)]
    if progress:
        progress.stage("load", total=len(wanted))
    files = {doc.output for doc in wanted}
    by_file: dict[str, list[Doc]] = {}
    for doc in run.docs.values():
        if doc.output is not None and doc.output in files:
            by_file.setdefault(doc.output, []).append(doc)
    for relpath, kept_docs in by_file.items():
        texts = _kept_texts(run.out / relpath, run.config["text_field"])
        for doc in kept_docs:
            text = next(texts, None)
            if text is None or len(text) < doc.chars_out or text[doc.chars_out:] not in ("", "\n"):
                raise RunError(f"{relpath} does not match the manifest at document {doc.id}")
            doc.kept = text[: doc.chars_out]
            if progress:
                progress.advance("load")


def _doc(entry: dict[str, Any]) -> Doc:
    removed = [Removed(span["start"], span["end"], span["reason"], span["text"], span.get("duplicate_of"),
                       span.get("paragraph"), span.get("similarity")) for span in entry.get("removed", [])]
    if entry["status"] in ("kept", "cleaned") and not entry.get("output"):
        raise RunError(f"manifest line of {entry['id']} names no output file; rerun dedup clean")
    return Doc(id=entry["id"], source=entry["source"], status=entry["status"], removed=removed,
               output=entry.get("output"),
               duplicate_of=entry.get("duplicate_of"), related=entry.get("related", []),
               error=entry.get("error"), chars_in=entry.get("chars_in", 0), chars_out=entry.get("chars_out", 0))


def _kept_texts(path: Path, text_field: str) -> Iterator[str]:
    """The kept texts of one output file, in manifest order."""
    if not path.is_file():
        raise RunError(f"{path} is missing from the output")
    fmt = detect_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq  # only runs with Parquet pay its import (see readers.FORMATS)

        yield from pq.read_table(path, columns=[text_field]).column(text_field).to_pylist()
    elif fmt == "jsonl":
        with open_binary(str(path)) as binary:
            for line in io.TextIOWrapper(binary, encoding="utf-8", newline="\n"):
                if line.strip():
                    yield json.loads(line)[text_field]
    else:
        with open(path, encoding="utf-8", newline="") as handle:  # line endings untouched
            yield handle.read()

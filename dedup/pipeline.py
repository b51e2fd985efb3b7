"""The pipeline: read -> analyze each document -> decide globally -> write.

`Pipeline.run` cleans a folder or file into an output folder (what `dedup clean` does);
`Pipeline.clean` cleans records in memory for use inside other Python pipelines.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .analyze import Analysis, Analyzer
from .config import Config
from .document import Document, Span
from .duplicates.decide import decide
from .progress import Progress
from .readers import Source, discover, read_source
from .writers import corpus, manifest
from .writers.folder import StagedOutput, check_output
from .writers.spans import apply, widen

MANIFEST = "manifest.jsonl"
STATS = "stats.json"


@dataclass
class Summary:
    """What a run did, for the summary table, stats.json and exit codes."""

    documents: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    removed_by_reason: Counter[str] = field(default_factory=Counter)
    chars_removed_by_reason: Counter[str] = field(default_factory=Counter)
    chars_in: int = 0
    chars_out: int = 0
    seconds: float = 0.0

    def add(self, doc: Document, spans: list[Span], kept_chars: int) -> None:
        self.documents += 1
        self.statuses[doc.status] += 1
        self.chars_in += len(doc.text)
        self.chars_out += kept_chars
        for span in spans:
            self.removed_by_reason[span.reason] += 1
            self.chars_removed_by_reason[span.reason] += span.end - span.start

    def to_json(self) -> dict[str, Any]:
        """Counts only (no timing), so stats.json is byte-identical across runs."""
        return {
            "documents": self.documents,
            "status": {k: self.statuses.get(k, 0) for k in ("kept", "cleaned", "dropped", "error")},
            "paragraphs_removed": dict(sorted(self.removed_by_reason.items())),
            "chars_removed": dict(sorted(self.chars_removed_by_reason.items())),
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
        }


@dataclass
class Cleaned:
    """One document's outcome: the document, its widened removed spans and its kept text."""

    doc: Document
    spans: list[Span]
    text: str


class Pipeline:
    """A configured cleaning run. Options are those of `Config` (and of the CLI)."""

    def __init__(self, config: Config | None = None, **options: Any) -> None:
        self.config = replace(config or Config(), **options)
        self.analyzer = Analyzer(self.config)

    def process(self, documents: Iterable[Document], progress: Progress | None = None) -> list[Cleaned]:
        """Run every stage on `documents` and return their outcomes in input order."""
        analyses: list[Analysis] = []
        for doc in documents:
            analyses.append(self.analyzer(doc))
            if progress:
                progress.advance("analyze", len(doc.text))
        _make_ids_unique([a.doc for a in analyses])
        if progress:
            progress.stage("decide", total=None)
        decide(analyses, self.config)
        return [_finish(a.doc) for a in analyses]

    def clean(self, records: Iterable[dict[str, Any] | str], include_dropped: bool = False) -> Iterator[dict[str, Any]]:
        """Clean in-memory records (dicts with the text and id fields, or plain strings).

        Yields each kept record with its cleaned text and a `dedup` entry (status, removed
        spans, duplicate_of, related); dropped records too if `include_dropped`.
        """
        source = Source("<memory>", "<memory>", "jsonl")
        docs = []
        for index, record in enumerate(records, start=1):
            if isinstance(record, str):
                record = {self.config.text_field: record}
            from .readers.jsonl import record_document

            docs.append(record_document(record, source, index, self.config))
        for outcome in self.process(docs):
            doc = outcome.doc
            if doc.status in ("dropped", "error") and not include_dropped:
                continue
            result = dict(doc.fields)
            result[self.config.text_field] = outcome.text
            result.setdefault(self.config.id_field, doc.id)
            result["dedup"] = manifest.record(doc, outcome.spans, len(outcome.text))
            yield result

    def run(self, input_path: str | os.PathLike[str], output_path: str | os.PathLike[str],
            force: bool = False, progress: Progress | None = None) -> Summary:
        """Clean the corpus at `input_path` into the folder `output_path`.

        Everything is written into a temporary folder beside OUT and renamed into place at the
        end, so an interrupted run never leaves an OUT that looks complete.
        """
        started = time.perf_counter()
        out = Path(output_path)
        check_output(Path(input_path), out, force)
        progress = progress or Progress(enabled=False)
        sources = discover(input_path)
        total_bytes = sum(os.path.getsize(s.path) for s in sources if s.path != "-")
        progress.stage("analyze", total=total_bytes or None)
        by_source: list[tuple[Source, list[Document]]] = []

        def documents() -> Iterator[Document]:
            for source in sources:
                docs: list[Document] = []
                by_source.append((source, docs))
                for doc in read_source(source, self.config):
                    docs.append(doc)
                    yield doc

        outcomes = {id(c.doc): c for c in self.process(documents(), progress)}
        summary = Summary()
        progress.stage("write", total=len(outcomes))
        with StagedOutput(out) as staging:
            with open(staging / MANIFEST, "w", encoding="utf-8", newline="\n") as manifest_file:
                for source, docs in by_source:
                    kept = []
                    for doc in docs:
                        outcome = outcomes[id(doc)]
                        summary.add(doc, outcome.spans, len(outcome.text))
                        entry = manifest.record(doc, outcome.spans, len(outcome.text))
                        manifest_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                        if doc.status in ("kept", "cleaned"):
                            kept.append((doc.fields or None, outcome.text))
                        progress.advance("write")
                    corpus.write_source(staging, source, kept, self.config.text_field)
            summary.seconds = time.perf_counter() - started
            stats = {"summary": summary.to_json(), "config": vars(self.config)}
            (staging / STATS).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
        progress.close()
        return summary


def _finish(doc: Document) -> Cleaned:
    if doc.error is not None:
        return Cleaned(doc, [], "")
    spans = widen(doc.text, doc.removed)
    text = apply(doc.text, spans)
    if not text and not doc.dropped:
        doc.dropped = True  # nothing but furniture (or nothing at all) was left
    return Cleaned(doc, spans, text)


def _make_ids_unique(docs: list[Document]) -> None:
    """Suffix repeated ids with '#2', '#3', ... in input order, so the manifest keys are unique."""
    seen: Counter[str] = Counter()
    taken = {doc.id for doc in docs}
    for doc in docs:
        seen[doc.id] += 1
        if seen[doc.id] > 1:
            n = seen[doc.id]
            while f"{doc.id}#{n}" in taken:
                n += 1
            doc.id = f"{doc.id}#{n}"
            taken.add(doc.id)

"""The pipeline: read -> analyze each document -> decide globally -> write.

`Pipeline.run` cleans a folder or file into an output folder (what `dedup clean` does);
`Pipeline.clean` cleans records in memory for use inside other Python pipelines.
"""
from __future__ import annotations

import gc
import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from .analyze import Analysis
from .config import EXECUTION_OPTIONS, Config
from .document import Document, Span
from .duplicates.decide import decide
from .duplicates.store import FingerprintStore
from .engines import Engine, make_engine
from .engines.tasks import analyze_batch, analyze_unit, batches, fingerprints_part
from .progress import Progress
from .readers import STDIN, Source, discover, read_source
from .readers.jsonl import record_document
from .readers.units import Ledger, Unit, input_bytes, plan
from .writers import corpus, manifest
from .writers.folder import StagedOutput, check_output
from .writers.names import output_names
from .writers.spans import apply, widen
from .writers.spill import TextSpill

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

    @cached_property
    def engine(self) -> Engine:
        """Started on first use, so a run refused before any work starts no pool or Ray."""
        return make_engine(self.config)

    def process(self, documents: Iterable[Document], progress: Progress | None = None) -> list[Cleaned]:
        """Run every stage on `documents` and return their outcomes in input order."""
        with _collector_skips_analyses():
            analyses = []
            for analysis in self._analyze(documents, progress):
                analyses.append(analysis)
                gc.freeze()
            self._decide(analyses, progress)
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

        The workers read the input themselves, a work unit at a time (`dedup.readers.units`),
        and write the repaired texts into spill files beside OUT (`TextSpill`); only
        fingerprints, offsets and spans come back, and the driver holds only those between the
        analysis and the writer, which streams the texts back with the outcomes. Where the
        workers do not share the driver's files (stdin, a Ray cluster on other machines) the
        driver reads and spills instead.
        Everything is written into a temporary folder beside OUT and renamed into place at the
        end, so an interrupted run never leaves an OUT that looks complete.
        """
        started = time.perf_counter()
        out = Path(output_path)
        check_output(Path(input_path), out, force)
        progress = progress or Progress(enabled=False)
        sources = discover(input_path)
        names = output_names(sources)
        total_bytes = sum(input_bytes(s) for s in sources)
        progress.stage("analyze", total=total_bytes or None, unit="characters")
        with TextSpill(out) as spill, FingerprintStore(out) as fingerprints, _collector_skips_analyses():
            if str(input_path) != STDIN and self.engine.shares_files:
                analyses, owners = self._analyze_units(sources, spill, fingerprints, progress)
            else:
                analyses, owners = self._analyze_read(sources, spill, fingerprints, progress)
            self._decide(analyses, progress, spill.text)
            docs = [a.doc for a in analyses]
            del analyses  # the fingerprints are no longer needed: free them before the write
            by_source: list[list[Document]] = [[] for _ in sources]
            for number, doc in zip(owners, docs):
                by_source[number].append(doc)
            progress.stage("write", total=len(docs), unit="documents")
            summary = self._write(out, sources, names, by_source, spill.texts(), progress)
        summary.seconds = time.perf_counter() - started
        progress.close()
        return summary

    def _analyze_units(self, sources: list[Source], spill: TextSpill, fingerprints: FingerprintStore,
                       progress: Progress) -> tuple[list[Analysis], list[int]]:
        """The analyses in reading order and the source of each, from units the workers read;
        their texts are left in `spill` and most of their fingerprints in `fingerprints`, as they
        arrive (so the memory of one unit's serves the next)."""
        analyses: list[Analysis] = []
        owners: list[int] = []
        jobs: deque[tuple[Unit, str]] = deque()  # in flight, in order
        ledger = Ledger()

        def planned() -> Iterator[tuple[Unit, str]]:
            for unit in plan(sources, self.config):
                jobs.append((unit, spill.new_part()))
                yield jobs[-1]

        for result in self.engine.map(partial(analyze_unit, self.config), planned()):
            unit, part = jobs.popleft()
            progress.advance("analyze", unit.size)
            keep, extra = ledger.take(unit, len(result.analyses), result.failed)
            if keep:
                fingerprints.adopt_file(fingerprints_part(part), result.analyses)
                analyses.extend(result.analyses)
                gc.freeze()  # see `_collector_skips_analyses`
                owners.extend(number for number, count in zip(unit.numbers, result.counts) for _ in range(count))
                spill.add(part, result.sizes)
            if extra is not None:
                more = analyze_batch(self.config, [extra])
                fingerprints.set_aside(more)
                analyses.extend(more)
                owners.append(unit.numbers[0])
                spill.write([extra])
        return analyses, owners

    def _analyze_read(self, sources: list[Source], spill: TextSpill, fingerprints: FingerprintStore,
                      progress: Progress) -> tuple[list[Analysis], list[int]]:
        """As `_analyze_units`, the driver reading the documents and spilling the texts."""
        analyses: list[Analysis] = []
        owners: list[int] = []

        def documents() -> Iterator[Document]:
            for number, source in enumerate(sources):
                for doc in read_source(source, self.config):
                    owners.append(number)
                    yield doc

        def analyzed() -> Iterator[Document]:
            for analysis in self._analyze(documents(), progress):
                fingerprints.set_aside([analysis])
                analyses.append(analysis)
                gc.freeze()  # see `_collector_skips_analyses`
                yield analysis.doc

        spill.write(analyzed())
        return analyses, owners

    def _analyze(self, documents: Iterable[Document], progress: Progress | None) -> Iterator[Analysis]:
        """The per-document stage on the engine, in input order."""
        sizes: deque[int] = deque()  # characters per batch in flight, for the progress bar

        def sized(docs: Iterable[Document]) -> Iterator[list[Document]]:
            for batch in batches(docs):
                sizes.append(sum(len(doc.text) for doc in batch))
                yield batch

        for analyses in self.engine.map(partial(analyze_batch, self.config), sized(documents)):
            if progress:
                progress.advance("analyze", sizes.popleft())
            yield from analyses

    def _decide(self, analyses: list[Analysis], progress: Progress | None,
                text_of: Callable[[int], str] | None = None) -> None:
        _make_ids_unique([a.doc for a in analyses])
        if progress:
            progress.stage("decide", total=None)
        decide(analyses, self.config, text_of)

    def _write(self, out: Path, sources: list[Source], names: dict[Source, str], by_source: list[list[Document]],
               texts: Iterator[str], progress: Progress) -> Summary:
        """Stream the outcomes into OUT, one source at a time; `texts` are the repaired texts of
        the documents in reading order, each dropped once written."""
        summary = Summary()
        with StagedOutput(out) as staging:
            with open(staging / MANIFEST, "w", encoding="utf-8", newline="\n") as manifest_file:
                for source, docs in zip(sources, by_source):
                    kept = []
                    for doc in docs:
                        doc.text = next(texts)
                        outcome = _finish(doc)
                        summary.add(doc, outcome.spans, len(outcome.text))
                        written = doc.status in ("kept", "cleaned")
                        entry = manifest.record(doc, outcome.spans, len(outcome.text),
                                                output=names[source] if written else None)
                        manifest_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                        if written:
                            kept.append((doc.fields or None, outcome.text))
                        doc.text = ""
                        progress.advance("write")
                    if kept:
                        corpus.write_source(staging, source, names[source], kept, self.config.text_field)
            config = {k: v for k, v in vars(self.config).items() if k not in EXECUTION_OPTIONS}
            stats = {"summary": summary.to_json(), "config": config}
            (staging / STATS).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
        return summary


@contextmanager
def _collector_skips_analyses() -> Iterator[None]:
    """Inside, the analyses are frozen out of the cycle collector's sight as they arrive
    (`gc.freeze`), and handed back on exit.

    The driver holds a few containers per document of the corpus for the whole run, and each
    full collection scans every live container again: on the 250 MB benchmark corpus that cost
    the driver 2.2 s of CPU while the analyses arrived (taken from the workers) and 1.1 s in the
    global step. Analyses and documents make no reference cycles, and reference counting still
    frees them; only the collector's rescans go."""
    try:
        yield
    finally:
        gc.unfreeze()


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

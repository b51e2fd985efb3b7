"""The per-document work an engine ships to its workers, as picklable top-level functions.

Each worker builds one `Analyzer` per configuration (MinHash permutations are not free) and
reuses it for every batch or unit it is given.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..analyze import Analysis, Analyzer
from ..config import Config
from ..document import Document
from ..duplicates.store import pack_into
from ..readers.units import Unit, UnitReader
from ..writers.spill import write_part

BATCH_DOCUMENTS = 256
BATCH_CHARS = 4 << 20

_analyzers: dict[Config, Analyzer] = {}


def _analyzer(config: Config) -> Analyzer:
    analyzer = _analyzers.get(config)
    if analyzer is None:
        analyzer = _analyzers[config] = Analyzer(config)
    return analyzer


def analyze_batch(config: Config, docs: list[Document]) -> list[Analysis]:
    """The per-document stage on a batch (the documents come back with their repaired texts)."""
    return _analyzer(config).analyze(docs)


@dataclass
class UnitResult:
    """A unit's analyses (texts blanked: they are in the unit's spill part), in reading order,
    their cold fingerprints packed into the file `fingerprints_part(part)` (`store.pack_into`)."""

    analyses: list[Analysis]
    counts: list[int]  # documents per source of the unit
    sizes: array[int]  # bytes of each text in the spill part
    failed: bool  # a line range stopped on a read error


def analyze_unit(config: Config, job: tuple[Unit, str]) -> UnitResult:
    """Read a unit's documents, analyse them and write their repaired texts to the spill part at
    `job[1]`, their cold fingerprints beside it: only the small rest of the analyses travels
    back to the driver."""
    unit, part = job
    analyzer = _analyzer(config)
    reader = UnitReader(unit, config)
    analyses: list[Analysis] = []

    def analyzed() -> Iterator[Document]:
        for batch in batches(reader):
            analyses.extend(analyzer.analyze(batch))
            yield from batch

    sizes = write_part(part, analyzed())
    pack_into(fingerprints_part(part), analyses)
    return UnitResult(analyses, reader.counts, sizes, reader.failed)


def fingerprints_part(part: str) -> str:
    """Where `analyze_unit` packs the fingerprints of the unit whose texts go to `part`."""
    return f"{part}.fingerprints"


def batches(docs: Iterable[Document]) -> Iterator[list[Document]]:
    """Consecutive batches of at most BATCH_DOCUMENTS documents or about BATCH_CHARS characters."""
    batch: list[Document] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch

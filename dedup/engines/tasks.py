"""The per-document work an engine ships to its workers, as picklable top-level functions.

Each worker builds one `Analyzer` per configuration (MinHash permutations are not free) and
reuses it for every batch it is given.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..analyze import Analysis, Analyzer
from ..config import Config
from ..document import Document

BATCH_DOCUMENTS = 256
BATCH_CHARS = 4 << 20

_analyzers: dict[Config, Analyzer] = {}


def analyze_batch(config: Config, docs: list[Document]) -> list[Analysis]:
    """The per-document stage on a batch (the documents come back with their repaired texts)."""
    analyzer = _analyzers.get(config)
    if analyzer is None:
        analyzer = _analyzers[config] = Analyzer(config)
    return [analyzer(doc) for doc in docs]


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

"""Parquet files, read in record batches so large files stream."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from ..config import Config
from ..document import Document
from .jsonl import record_document

if TYPE_CHECKING:
    from . import Source


def read(source: Source, config: Config) -> Iterator[Document]:
    index = 0
    for batch in pq.ParquetFile(source.path).iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            index += 1
            yield record_document(record, source, index, config)

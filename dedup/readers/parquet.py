"""Parquet files, read in record batches so large files stream."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from ..config import Config
from ..document import Document
from .jsonl import record_document
from .streams import InputTooLarge

if TYPE_CHECKING:
    from . import Source


def read(source: Source, config: Config) -> Iterator[Document]:
    parquet = pq.ParquetFile(source.path)
    limit = config.max_input_bytes
    size = sum(parquet.metadata.row_group(i).total_byte_size for i in range(parquet.metadata.num_row_groups))
    if limit is not None and size > limit:  # checked before reading, from the uncompressed sizes in the footer
        raise InputTooLarge(f"{size:,} bytes uncompressed, more than {limit:,} (max_input_bytes)")
    index = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            index += 1
            yield record_document(record, source, index, config)

"""The cleaned corpus: files that mirror the input, one per input file.

Text (and HTML) inputs become `<relative path without suffix>.txt`; JSONL and Parquet inputs
keep their name, format and compression, with the cleaned text in the text field. Dropped
documents and documents that could not be read are not written.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from ..readers import STDIN, Source


def output_relpath(source: Source) -> str:
    if source.relpath == STDIN:
        return "stdin.jsonl"
    if source.format in ("jsonl", "parquet"):
        return source.relpath
    return source.stem + ".txt"


def _open_text(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    if name.endswith(".zst"):
        binary = zstandard.ZstdCompressor().stream_writer(open(path, "wb"), closefd=True)
        return _ZstdText(binary)
    return open(path, "w", encoding="utf-8", newline="\n")


class _ZstdText:
    """Text writer over a zstandard stream (whose own io wrapper does not close the frame)."""

    def __init__(self, binary: Any) -> None:
        self._binary = binary

    def write(self, text: str) -> None:
        self._binary.write(text.encode("utf-8"))

    def __enter__(self) -> _ZstdText:
        return self

    def __exit__(self, *exc: object) -> None:
        self._binary.close()


def write_source(out_dir: Path, source: Source, cleaned: list[tuple[dict[str, Any] | None, str]],
                 text_field: str) -> str | None:
    """Write the kept documents of one source; returns the relative output path, if written.

    `cleaned` holds, per kept document, its record fields (None for text inputs) and its text.
    """
    if not cleaned:
        return None
    relpath = output_relpath(source)
    path = out_dir / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if source.format in ("jsonl", "parquet"):
        records = []
        for fields, text in cleaned:
            record = dict(fields or {})
            record[text_field] = text
            records.append(record)
        if source.format == "parquet":
            schema = pq.ParquetFile(source.path).schema_arrow
            pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
        else:
            with _open_text(path) as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        ((_, text),) = cleaned
        path.write_text(text + "\n" if text else "", encoding="utf-8", newline="\n")
    return relpath

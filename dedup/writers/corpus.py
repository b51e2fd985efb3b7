"""The cleaned corpus: files that mirror the input, one per input file.

Text (and HTML) inputs become `<relative path without suffix>.txt`; JSONL and Parquet inputs
keep their name, format and compression, with the cleaned text in the text field. Dropped
documents and documents that could not be read are not written. Two inputs never share an
output: see `names.py`.
"""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import IO, Any

import zstandard

from ..readers import STDIN, Source


def output_relpath(source: Source) -> str:
    """The name a source's output wants; `names.output_names` settles collisions."""
    if source.relpath == STDIN:
        return "stdin.jsonl"
    if source.format in ("jsonl", "parquet"):
        return source.relpath
    if source.format == "warc":  # many pages in one file: written as JSONL records
        return source.stem + ".jsonl"
    return source.stem + ".txt"


def _open_text(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        # mtime 0: the header holds no clock, so reruns write the same bytes
        return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8", newline="\n")
    if name.endswith(".zst"):
        binary = zstandard.ZstdCompressor().stream_writer(open(path, "wb"), closefd=True)  # noqa: SIM115 -- closed with the stream
        return _ZstdText(binary)
    return open(path, "w", encoding="utf-8", newline="\n")


class _ZstdText:
    """Text writer over a zstandard stream (whose own io wrapper does not close the frame)."""

    def __init__(self, binary: Any) -> None:
        self._binary = binary

    def write(self, text: str) -> None:
        self._binary.write(text.encode("utf-8"))

    def __enter__(self) -> _ZstdText:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._binary.close()


def write_source(out_dir: Path, source: Source, relpath: str, cleaned: list[tuple[dict[str, Any] | None, str]],
                 text_field: str) -> None:
    """Write the kept documents of one source to `out_dir/relpath` (from `names.output_names`).

    `cleaned` holds, per kept document, its record fields (None for text inputs) and its text.
    """
    path = out_dir / relpath
    _make_folders(path.parent)
    if source.format in ("jsonl", "parquet", "warc"):
        records = []
        for fields, text in cleaned:
            record = dict(fields or {})
            record[text_field] = text
            records.append(record)
        if source.format == "parquet":
            import pyarrow as pa  # only runs that write Parquet pay its import (see readers.FORMATS)
            import pyarrow.parquet as pq

            schema = pq.ParquetFile(source.path).schema_arrow
            pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
        else:
            with _open_text(path) as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        ((_, text),) = cleaned
        path.write_text(text + "\n" if text else "", encoding="utf-8", newline="\n")


def _make_folders(folder: Path) -> None:
    """`mkdir -p` without recursion (os.makedirs recurses), so tree depth has no limit."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir()

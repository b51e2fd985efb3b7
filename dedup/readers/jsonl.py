"""JSON Lines, plain or compressed (.gz, .zst), or on stdin: one document per line."""
from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import zstandard

from ..config import Config
from ..document import Document

if TYPE_CHECKING:
    from . import Source


def open_binary(path: str) -> IO[bytes]:
    """Open a possibly compressed file for reading, by its magic bytes."""
    if path == "-":
        return sys.stdin.buffer
    raw = open(path, "rb")
    magic = raw.read(4)
    raw.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if magic == b"\x28\xb5\x2f\xfd":
        return zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)  # type: ignore[return-value]
    return raw


def record_document(record: Any, source: Source, index: int, config: Config) -> Document:
    """Turn one parsed record into a Document; records without usable text become errors."""
    fallback_id = f"{source.stem}/{index}"
    location = f"{source.relpath}:{index}"
    if not isinstance(record, dict):
        return Document(id=fallback_id, text="", source=location, error="record is not a JSON object")
    raw_id = record.get(config.id_field)
    doc_id = str(raw_id) if raw_id is not None and str(raw_id) != "" else fallback_id
    fields = dict(record)  # the text value is left in place only to keep the key order
    fields[config.text_field] = None
    text = record.get(config.text_field)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"not a string ({type(text).__name__})"
        return Document(id=doc_id, text="", source=location, fields=fields,
                        error=f"text field {config.text_field!r} {problem}")
    return Document(id=doc_id, text=text, source=location, fields=fields)


def read(source: Source, config: Config) -> Iterator[Document]:
    with open_binary(source.path) as binary:
        lines = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="\n")
        for index, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Document(id=f"{source.stem}/{index}", text="", source=f"{source.relpath}:{index}",
                               error=f"malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            yield record_document(record, source, index, config)

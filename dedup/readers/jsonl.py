"""JSON Lines, plain or compressed (.gz, .zst), or on stdin: one document per line.

Every line becomes a document or an error document (malformed JSON, not an object, no text),
so the manifest accounts for each line. Lines are read one at a time, so memory follows the
longest line, not the file. A large plain file can also be read in line ranges (`line_ranges`,
`read_range`), one per worker; the lines keep the numbers, and the records the ids, of a whole read.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..config import Config
from ..document import Document
from .streams import open_binary, open_capped
from .text import decode_utf8

if TYPE_CHECKING:
    from . import Source

__all__ = ["LineRange", "line_ranges", "open_binary", "read", "read_range", "record_document"]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # a JSON escape of a UTF-16 surrogate


def record_document(record: Any, source: Source, index: int, config: Config) -> Document:
    """Turn one parsed record into a Document; records without usable text become errors."""
    location = f"{source.relpath}:{index}"
    if not isinstance(record, dict):
        return Document(id=f"{source.stem}/{index}", text="", source=location, error="record is not a JSON object")
    raw_id = record.get(config.id_field)
    # the fallback id only when the record has none (`source.stem` tries every suffix)
    doc_id = str(raw_id) if raw_id is not None and str(raw_id) != "" else f"{source.stem}/{index}"
    fields = dict(record)  # the text value is left in place only to keep the key order
    fields[config.text_field] = None
    text = record.get(config.text_field)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"not a string ({type(text).__name__})"
        return Document(id=doc_id, text="", source=location, fields=fields,
                        error=f"text field {config.text_field!r} {problem}")
    return Document(id=doc_id, text=text, source=location, fields=fields)


def _without_lone_surrogates(value: Any) -> tuple[Any, bool]:
    """`value` with lone surrogates ('\\ud800' escapes) in its strings replaced by U+FFFD.

    They are valid JSON but cannot be written as UTF-8, so they would fail the manifest.
    Returns the value and whether anything was replaced.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value, False
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace"), True
    if isinstance(value, dict):
        pairs = [(_without_lone_surrogates(k), _without_lone_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, any(a or b for (_, a), (_, b) in pairs)
    if isinstance(value, list):
        items = [_without_lone_surrogates(v) for v in value]
        return [v for v, _ in items], any(changed for _, changed in items)
    return value, False


def read(source: Source, config: Config) -> Iterator[Document]:
    with open_capped(source.path, config.max_input_bytes) as stream:
        yield from _documents(stream, 1, source, config)


def read_range(source: Source, config: Config, lines: LineRange) -> Iterator[Document]:
    """The documents of the lines in one range of a plain (uncompressed) file, numbered as `read`
    numbers them. The range's bytes are read at once (about one work unit); no size cap applies,
    so ranges are only planned for files within `max_input_bytes`."""
    with open(source.path, "rb") as handle:
        handle.seek(lines.start)
        data = handle.read(lines.end - lines.start)
    yield from _documents(io.BytesIO(data), lines.first_line, source, config)


def _documents(stream: IO[bytes], first_line: int, source: Source, config: Config) -> Iterator[Document]:
    """The documents of the lines of `stream`, the first of them line number `first_line`."""
    index = first_line - 1
    while raw := stream.readline():
        index += 1
        doc = _line_document(raw, index, source, config)
        del raw  # while the document is processed downstream, only its text stays in memory
        if doc is not None:
            yield doc


@dataclass(frozen=True)
class LineRange:
    """Bytes [start, end) of a file, from the start of line number `first_line` (counted from 1)
    to the end of a line or of the file; `last` if the file ends there."""

    start: int
    end: int
    first_line: int
    last: bool


def line_ranges(path: str, size: int) -> list[LineRange]:
    """Consecutive ranges covering the file, each of `size` bytes stretched to the end of its
    last line. The file is read through once, to count the lines before each range."""
    ranges = []
    with open(path, "rb") as handle:
        start, line = 0, 1
        while chunk := handle.read(size):
            if not chunk.endswith(b"\n"):
                chunk += handle.readline()
            end = start + len(chunk)
            ranges.append(LineRange(start, end, line, not handle.peek(1)))
            line += chunk.count(b"\n")
            start = end
    return ranges


def _line_document(raw: bytes, index: int, source: Source, config: Config) -> Document | None:
    """The document (or error document) of one line; None for a blank line."""
    line, note = decode_utf8(raw)
    if index == 1:
        line = line.removeprefix("\ufeff")  # a byte-order mark is not JSON
    if not line or line.isspace():  # `not line.strip()` without copying the line
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Document(id=f"{source.stem}/{index}", text="", source=f"{source.relpath}:{index}",
                        error=f"malformed JSON: {exc.msg} at column {exc.colno}")
    if _SURROGATE_ESCAPE.search(line):
        record, repaired = _without_lone_surrogates(record)
        note = "lone surrogates replaced with U+FFFD" if repaired else note
    doc = record_document(record, source, index, config)
    if note:
        doc.metadata["decoding"] = note
    return doc

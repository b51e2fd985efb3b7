"""Plain text files: one document per file, id = relative path without suffix.

Bytes are decoded as UTF-16/32 when a byte-order mark says so, else as UTF-8 with invalid bytes
replaced; the manifest says which (`metadata.decoding`). Data with NUL bytes in its first 8 kB and no
byte-order mark is binary, not text, and becomes an error record.
"""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..config import Config
from ..document import Document
from .streams import open_capped

if TYPE_CHECKING:
    from . import Source

BINARY = "binary data (NUL bytes), not text"
_SNIFF = 8192  # bytes looked at for NULs, as git and grep do
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we read."""


def decode_utf8(data: bytes) -> tuple[str, str | None]:
    """UTF-8 text, or text decoded with replacement and a note saying so."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "invalid UTF-8 replaced with U+FFFD"


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file and a note on how it was decoded (None for plain UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), f"{encoding} (byte-order mark)"
    if b"\x00" in data[:_SNIFF]:
        raise BinaryInput(BINARY)
    return decode_utf8(data.removeprefix(codecs.BOM_UTF8))


def read(source: Source, config: Config) -> Iterator[Document]:
    yield _document(source, config)  # built in a function, so the raw bytes are freed before it is processed


def _document(source: Source, config: Config) -> Document:
    with open_capped(source.path, config.max_input_bytes) as stream:
        data = stream.read()
    if not data:
        return Document(id=source.stem, text="", source=source.relpath, error="empty file")
    text, note = decode(data)
    metadata = {"decoding": note} if note else {}
    return Document(id=source.stem, text=text, source=source.relpath, metadata=metadata)

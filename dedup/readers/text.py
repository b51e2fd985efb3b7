"""Plain text files: one document per file, id = relative path without suffix."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..config import Config
from ..document import Document

if TYPE_CHECKING:
    from . import Source


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 text, or text decoded with replacement and a note saying so."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "invalid UTF-8 replaced with U+FFFD"


def read(source: Source, config: Config) -> Iterator[Document]:
    with open(source.path, "rb") as handle:
        text, note = decode(handle.read())
    metadata = {"decoding": note} if note else {}
    yield Document(id=source.stem, text=text, source=source.relpath, metadata=metadata)

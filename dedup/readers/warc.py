"""WARC files (.warc, .warc.gz): one document per HTML response record.

Each record's HTML goes through the same extraction as an .html file; the id is the record's
WARC-Target-URI. Records that are not HTML responses (requests, metadata, images) are skipped.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator

from ..config import Config
from ..document import Document
from .html import extract
from .streams import open_capped

if TYPE_CHECKING:
    from . import Source


def is_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")


def read(source: Source, config: Config) -> Iterator[Document]:
    with open_capped(source.path, config.max_input_bytes) as stream:
        for index, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if not is_html(record.http_headers.get_header("Content-Type")):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source.stem}/{index}"
            location = f"{source.relpath}:{index}"
            fields = {config.id_field: uri, config.text_field: None}
            text, metadata = extract(record.content_stream().read())
            yield Document(id=uri, text=text, source=location, metadata=metadata, fields=fields)

"""The manifest: one JSON line per input document accounting for everything removed."""
from __future__ import annotations

from typing import Any

from ..document import Document, Span


def record(doc: Document, spans: list[Span], kept_chars: int, output: str | None = None) -> dict[str, Any]:
    """The manifest line of `doc`, whose widened removed spans are `spans`.

    `output` is the file (relative to OUT) that holds the document's kept text, if written.
    """
    entry: dict[str, Any] = {"id": doc.id, "source": doc.source, "output": output, "status": doc.status}
    if doc.error is not None:
        entry["error"] = doc.error
        return entry
    entry["duplicate_of"] = doc.duplicate_of
    entry["removed"] = [dict(span.to_json(), text=doc.text[span.start : span.end]) for span in spans]
    entry["related"] = doc.related
    entry["metadata"] = doc.metadata
    entry["chars_in"] = len(doc.text)
    entry["chars_out"] = kept_chars
    return entry

"""dedup: turn messy scraped text into a clean, deduplicated corpus.

    import dedup
    for record in dedup.clean([{"id": "a", "text": "..."}, {"id": "b", "text": "..."}]):
        print(record["id"], record["text"])
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__version__ = "0.1.0"

from .config import Config
from .document import Document, Span
from .pipeline import Pipeline, Summary


def clean(records: Iterable[dict[str, Any] | str], **options: Any) -> Iterator[dict[str, Any]]:
    """Clean in-memory records with the options of `Config`; see `Pipeline.clean`."""
    include_dropped = options.pop("include_dropped", False)
    return Pipeline(**options).clean(records, include_dropped=include_dropped)


__all__ = ["Config", "Document", "Pipeline", "Span", "Summary", "__version__", "clean"]

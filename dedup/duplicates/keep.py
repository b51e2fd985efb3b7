"""Keep policy: the deterministic order in which copies compete; the first one is kept.

Every key ends with the document id, so ties break the same way whatever the input order.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..config import KeepPolicy

if TYPE_CHECKING:
    from ..analyze import Analysis

_DATE_FIELDS = ("date", "published", "published_at", "publish_date", "timestamp", "created_at")
_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def parse_date(value: Any) -> date | None:
    """A calendar date from an ISO string, a few common formats, or a Unix timestamp."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    text = re.sub(r"\s+", " ", text.replace(".", ""))
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def document_date(analysis: Analysis) -> date | None:
    doc = analysis.doc
    for name in _DATE_FIELDS:
        for source in (doc.fields, doc.metadata):
            if name in source:
                found = parse_date(source[name])
                if found is not None:
                    return found
    return None


def rank_key(analysis: Analysis, policy: KeepPolicy) -> tuple[Any, ...]:
    """Sort key: smaller ranks first and is kept."""
    doc_id = analysis.doc.id
    if policy == "longest":
        return (-analysis.content_chars, doc_id)
    if policy == "earliest":
        found = document_date(analysis)
        return (found is None, found.toordinal() if found else 0, doc_id)
    if policy == "cleanest":
        total = analysis.content_chars + analysis.boilerplate_chars
        return (analysis.boilerplate_chars / total if total else 1.0, doc_id)
    return (doc_id,)

"""The data model every stage shares: a document and the spans recorded against it.

Stages never edit text. They append `Span`s (character ranges of the repaired text, with the
reason they go) and the writer applies them at the end, so every removal can be explained and the
repaired input rebuilt exactly from the kept text plus the removed spans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)  # no __dict__: the driver holds one per removed paragraph
class Span:
    """A removed range `[start, end)` of the repaired text and why it went."""

    start: int
    end: int
    reason: str
    duplicate_of: str | None = None  # the kept document it repeats
    paragraph: int | None = None  # index of the kept paragraph in that document
    similarity: float | None = None  # Jaccard with the kept paragraph (exact below full MinHash agreement) or document

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"start": self.start, "end": self.end, "reason": self.reason}
        if self.duplicate_of is not None:
            record["duplicate_of"] = self.duplicate_of
            record["paragraph"] = self.paragraph
            record["similarity"] = self.similarity
        return record


@dataclass(slots=True)  # no __dict__: the driver holds one per document
class Document:
    """One input record as it moves through the pipeline.

    `text` starts as read and becomes the repaired text after the repair stage; all offsets in
    `paragraphs` and `removed` refer to the repaired text. `fields` holds the whole JSONL/Parquet
    record (its text value blanked), so the writer can round-trip the other fields in order.
    `paragraphs` is a list of (start, end) while the per-document stage segments and strips the
    text, and an (n, 2) int64 array once analyzed (a tuple of two ints costs ~120 bytes a
    paragraph on the driver, which holds every document); `paragraph_bounds` reads either.
    """

    id: str
    text: str
    source: str
    metadata: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[tuple[int, int]] | np.ndarray = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    error: str | None = None
    duplicate_of: str | None = None  # the kept document it copies (dropped, or a copy keeping what that lacks)
    dropped: bool = False
    related: list[str] = field(default_factory=list)  # same story told in other words

    @property
    def status(self) -> str:
        """kept (untouched), cleaned (spans removed), dropped, or error."""
        if self.error is not None:
            return "error"
        if self.dropped:
            return "dropped"
        return "cleaned" if self.removed else "kept"

    def paragraph_bounds(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph, as Python ints whatever `paragraphs` holds."""
        return list(map(tuple, np.asarray(self.paragraphs).tolist()))

    def paragraph_text(self, index: int) -> str:
        start, end = self.paragraphs[index]
        return self.text[start:end]

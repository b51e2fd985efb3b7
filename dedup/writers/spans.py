"""Turning recorded spans into the cleaned text, and back.

Stages record spans over paragraph text only. Before writing, each span takes the white space
that separates it from its neighbours: the space after it, or, when nothing kept follows, the
space before it. The kept text then has no stray blank lines, and the repaired text is exactly
the kept text with the span texts put back at their offsets.
"""
from __future__ import annotations

from ..document import Span


def widen(text: str, spans: list[Span]) -> list[Span]:
    """Disjoint spans, sorted, each grown over the separator it owns."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if not merged or span.start >= merged[-1].end:  # a paragraph removed twice keeps its first reason
            merged.append(span)
    result: list[Span] = []
    for position, span in enumerate(merged):
        if _has_kept_text(text, merged, position + 1, span.end):
            end = span.end
            while end < len(text) and text[end].isspace():
                end += 1
            result.append(_move(span, span.start, end))
        else:  # nothing kept follows: take the separator before instead
            floor = result[-1].end if result else 0
            start = span.start
            while start > floor and text[start - 1].isspace():
                start -= 1
            last = position == len(merged) - 1
            result.append(_move(span, start, len(text) if last else span.end))
    return result


def _has_kept_text(text: str, spans: list[Span], following: int, cursor: int) -> bool:
    """Is any non-space character after `cursor` outside the spans from index `following` on?"""
    for span in spans[following:]:
        if text[cursor : span.start].strip():
            return True
        cursor = max(cursor, span.end)
    return bool(text[cursor:].strip())


def _move(span: Span, start: int, end: int) -> Span:
    return Span(start, end, span.reason, span.duplicate_of, span.paragraph, span.similarity)


def apply(text: str, spans: list[Span]) -> str:
    """The kept text: `text` without the (widened, disjoint, sorted) spans."""
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def rebuild(kept: str, removed: list[tuple[int, str]]) -> str:
    """The repaired text from the kept text and the removed (start, text) pieces, sorted."""
    pieces, taken, position = [], 0, 0
    for start, piece in removed:
        pieces.append(kept[taken : taken + start - position])
        taken += start - position
        pieces.append(piece)
        position = start + len(piece)
    pieces.append(kept[taken:])
    return "".join(pieces)

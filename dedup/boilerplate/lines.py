"""Per-line signals that tell page furniture from article text."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSERS = "\"'”’)]"
_ENDS = (".", "!", "?", "…")
_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b"
    r"|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")  # every alternative of _DATE holds one: most lines skip that pattern
_FIELD_SEPARATOR = re.compile(r"\s[|•·]\s")
_BYLINE = re.compile(r"^(?:by|written by|posted by|reported by|words by|story by)\s+\w", re.IGNORECASE)
_NUMERIC = re.compile(r"^[\d\-/:.,]+$")


def is_sentence_like(text: str, word_count: int) -> bool:
    """Prose: enough words and sentence-final punctuation, or simply long."""
    return word_count >= 25 or (word_count >= 8 and ends_sentence(text))


def ends_sentence(text: str) -> bool:
    """`_SENTENCE_END.search(text)`, read from the end instead of tried at every position: a
    sentence-final mark, then only closing quotes and brackets (and `$` also matches before a
    final newline)."""
    return text.removesuffix("\n").rstrip(_CLOSERS).endswith(_ENDS)


def has_digit(text: str) -> bool:
    """A decimal digit anywhere (`\\d`): a line without one holds no date and no figure."""
    return _DIGIT.search(text) is not None


def has_date(text: str) -> bool:
    return has_digit(text) and bool(_DATE.search(text))


def find_date(text: str) -> str | None:
    match = _DATE.search(text) if has_digit(text) else None
    return match.group() if match else None


def field_separators(text: str) -> int:
    """Count of ' | ', ' • ', ' · ' separators, the shape of a dateline or breadcrumb."""
    if "|" not in text and "•" not in text and "·" not in text:  # substring tests: cheaper than the pattern
        return 0
    return len(_FIELD_SEPARATOR.findall(text))


def is_byline(text: str, word_count: int) -> bool:
    return word_count <= 8 and bool(_BYLINE.match(text)) and not ends_sentence(text)


def is_numeric(token: str) -> bool:
    return bool(_NUMERIC.match(token))


_DATE_FILLER = re.compile(r"[^\w%$€£]+|_+|\b(?:at|on|am|pm|a\.m|p\.m)\b", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """A timestamp on its own ("July 14, 2015 at 3:53 pm", "12/19/2025"): under a comment or a
    teaser; nothing but dates, times and their small words."""
    if not has_digit(text):
        return False
    stripped = _DATE.sub(" ", text)
    return stripped != text and not _DATE_FILLER.sub("", stripped).strip()

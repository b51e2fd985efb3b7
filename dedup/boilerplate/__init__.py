"""Boilerplate stripping for plain text: page furniture recorded as spans, never edited out.

`strip_document` works on one document: each line is first classified on its own (lexicon
phrases, bylines, datelines, menus split by separators, comment headers; see `classify`), then
the article block is chosen from the lines' scores in context (`context.outside_block`), and
the pass repeats on what is left until it removes nothing. Text an extractor already cut to its
body (HTML and WARC through trafilatura, `BODY_EXTRACTORS`) gets the per-line rules only. Site templates (lines
repeated across many unrelated documents) are found corpus-wide by `dedup.duplicates.decide`
(`templates.py`), which sees every document.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import import_module
from types import ModuleType
from typing import TypeVar

import numpy as np

from ..document import Document, Span
from ..fingerprint.tokens import char_classes, encode
from ..segment import paragraphs
from . import lexicon as lexicon_module
from .context import (
    HEADLINE_WORDS,
    SECTION_COST,
    count_cells,
    is_menu_list,
    is_prose,
    menu_shaped,
    outside_block_counts,
)
from .lines import (
    field_separators,
    find_date,
    has_date,
    has_digit,
    is_byline,
    is_date_line,
    is_numeric,
    is_sentence_like,
)

T = TypeVar("T")
EXTRACTOR = "extractor"  # metadata key: the extractor that cut an HTML page's text
# Extractors whose text is the article alone: only the per-line rules run on it. Looser ones
# (resiliparse, kept for pages where trafilatura finds a fragment) get the block model too.
BODY_EXTRACTORS = frozenset({"trafilatura"})
EDGE = 3  # paragraphs at the head or tail where disclaimers and datelines stand
_DISCLAIMERS = frozenset({"disclaimer", "copyright"})
_CONSENT = frozenset({"consent"})  # phrases that make any sentence a cookie or consent banner
_COMMENT_AUTHOR = re.compile(r"\s(?:says|said|wrote)\s*:?$", re.IGNORECASE)  # "Ann Lee says" over a comment
_LABEL = re.compile(r"^([^\W\d][^:.!?]{0,28}):\s*\S")
_LABELS = frozenset({"navigation"})
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-*•–])\s")
# What a line removed wherever it stands costs the article block that spans it: lines that open
# a section of other content (related links, comments, footer) cut the block unless a large body
# stands on both sides; a share button, caption or dateline within the article costs little.
_SECTION = ("related", "comments", "subscribe", "copyright", "cookies", "consent", "navigation", "disclaimer")
MARKER_COSTS = {f"boilerplate:{name}": SECTION_COST for name in _SECTION}
ITEM_COST = 25.0


def is_disclaimer(tokens: list[str], lexicon: lexicon_module.Lexicon) -> bool:
    """A syndication or copyright notice: checked only on the first and last EDGE lines."""
    return 0 < len(tokens) <= 60 and lexicon.find(tokens, _DISCLAIMERS) is not None


def classify(text: str, tokens: list[str], sentence: bool, lexicon: lexicon_module.Lexicon,
             table_row: bool = False) -> str | None:
    """The reason this paragraph is furniture wherever it stands, or None."""
    count = len(tokens)
    if count == 0 or sentence:  # a rule or a bullet on its own: kept or dropped for where it stands
        return None
    if field_separators(text) >= 2 and has_date(text):
        return "boilerplate:dateline"
    if is_byline(text, count):
        return "boilerplate:byline"
    if not table_row and is_menu_list(text):
        return "boilerplate:navigation"
    if count <= 4 and _COMMENT_AUTHOR.search(text):
        return "boilerplate:comments"
    if count <= 8 and is_date_line(text):
        return "boilerplate:dateline"
    label = _LABEL.match(text)
    if label and count <= 40:  # "Tags: budget, parks", "Read more: ...": a furniture label over a list or link
        words = lexicon_module.tokenize(label.group(1))
        covered, category = lexicon.cover(words)
        if category in _LABELS and covered == len(words):
            return f"boilerplate:{category}"
    figures = table_row and any(c.isdigit() for c in text)  # "LinkedIn <tab> $2.50": a row of a price table
    if count <= 10 and not figures and not _LIST_ITEM.match(text):  # "8. LinkedIn" in a list is content
        words = [t for t in tokens if not is_numeric(t)] if has_digit(text) else tokens  # a figure holds a \d
        covered, category = lexicon.cover(words)
        if category is not None and covered >= max(1, 0.75 * len(words)):
            return f"boilerplate:{category}"
    return None


@lru_cache(maxsize=1 << 14)
def _line_reason(text: str, table_row: bool, language: str) -> str | None:
    """`classify` of a line with words that is no sentence. It depends on the line alone (and
    whether it stands in a table), and the same menus, share buttons and footers recur on page
    after page: the reasons of the last 16384 distinct lines are kept."""
    return classify(text, lexicon_module.tokenize(text), False, lexicon_module.load(language), table_row)


@lru_cache(maxsize=1 << 14)
def _is_disclaimer_line(text: str, language: str) -> bool:
    """`is_disclaimer` of a line, looked for only where a phrase's longest word stands; kept
    like `_line_reason` (a site closes every page with the same notice)."""
    lexicon = lexicon_module.load(language)
    return lexicon.may_find(text.lower(), _DISCLAIMERS) and is_disclaimer(lexicon_module.tokenize(text), lexicon)


@lru_cache(maxsize=1 << 14)
def _is_consent_notice(text: str, language: str) -> bool:
    """A sentence of a cookie or consent banner ("This website uses cookies to improve your
    experience"): it holds a [consent] phrase of the lexicon. Kept like `_line_reason` (the
    banner closes every page of its site)."""
    lexicon = lexicon_module.load(language)
    return lexicon.may_find(text.lower(), _CONSENT) and lexicon.find(lexicon_module.tokenize(text), _CONSENT) is not None


def strip_document(doc: Document, language: str = "en", encoded: bytes | None = None,
                   texts: list[str] | None = None) -> None:
    """Append a span for every furniture paragraph of `doc` and note title, byline, dateline.

    Classification repeats on the remaining paragraphs until nothing changes, so that cleaning
    the output again finds nothing more: the result is a fixed point. `encoded`, when given, is
    `fingerprint.tokens.encode` of the paragraphs joined by newlines and `texts` the paragraphs'
    texts (the analyzer has both).
    """
    lexicon_module.load(language)  # raises for a language with no lexicon, whatever the lines hold
    if texts is None:
        texts = [doc.paragraph_text(i) for i in range(len(doc.paragraphs))]
    counts = word_counts(texts, encoded)  # len(tokenize(text)) of each line
    sentence = [is_sentence_like(t, n) for t, n in zip(texts, counts)]
    prose = [is_prose(t, n) for t, n in zip(texts, counts)]
    menu = [menu_shaped(t, n) for t, n in zip(texts, counts)]
    separators = [count_cells(t) for t in texts]
    table = [n >= 1 and any(0 <= j < len(texts) and separators[j] == n and _other_words(texts[i], texts[j])
                            for j in (i - 1, i + 1))
             for i, n in enumerate(separators)]  # rows of a table come in runs with as many cells
    formatted = [row or bool(_LIST_ITEM.match(t)) for row, t in zip(table, texts)]
    by_position = doc.metadata.get(EXTRACTOR) not in BODY_EXTRACTORS  # else already cut to its body
    figures = [has_digit(t) for t in texts] if by_position else []  # only the block model reads them
    remaining = list(range(len(doc.paragraphs)))
    # Lines removed wherever they stand are found in the first pass; later passes only look again
    # at the edges (disclaimers) and at the block, as removals move them.
    found = {i: reason for i in remaining  # classify: None for a line with no words or a sentence
             if counts[i] and not sentence[i] and (reason := _line_reason(texts[i], table[i], language)) is not None}
    found.update({i: "boilerplate:consent" for i in remaining if sentence[i] and _is_consent_notice(texts[i], language)})
    reasons: dict[int, str] = {}
    disclaimer: dict[int, bool] = {}
    named = title_repeat(texts) if by_position else None
    while remaining:
        edges = remaining[:EDGE] + remaining[max(EDGE, len(remaining) - EDGE):]
        for i in edges:
            if i not in disclaimer:  # is_disclaimer: up to 60 words
                disclaimer[i] = 0 < counts[i] <= 60 and _is_disclaimer_line(texts[i], language)
        found.update({i: "boilerplate:disclaimer" for i in edges if disclaimer[i]})
        if by_position:
            marker = [MARKER_COSTS.get(found[i], ITEM_COST) if i in found else 0.0 for i in remaining]
            floor = remaining.index(named) if named in remaining and named not in found else 0
            outside = outside_block_counts(_pick(prose, remaining), _pick(menu, remaining), _pick(counts, remaining),
                                           marker, _pick(formatted, remaining), floor, _pick(figures, remaining))
            found.update({remaining[i]: reason for i, reason in outside.items()})
        if not found:
            break
        reasons.update(found)
        remaining = [i for i in remaining if i not in found]
        found = {}
    for index, reason in sorted(reasons.items()):
        start, end = doc.paragraphs[index]
        doc.removed.append(Span(start, end, reason))
        if reason in ("boilerplate:dateline", "boilerplate:byline"):
            doc.metadata.setdefault(reason.split(":")[1], texts[index])
            date = find_date(texts[index])
            if date:
                doc.metadata.setdefault("date", date)
    if remaining and not sentence[remaining[0]]:
        doc.metadata.setdefault("title", texts[remaining[0]])


_TITLE_SEPARATOR = re.compile(r"\s[|\-–—:·•»]\s")


def title_repeat(texts: list[str]) -> int | None:
    """The line that repeats the headline part of the page's title: a scraped page opens with
    its <title> ("Headline | Site"), and the article starts right after the headline that
    repeats it. None when the first line has no site part or no later line repeats it."""
    parts = _TITLE_SEPARATOR.split(texts[0], maxsplit=1) if texts else []
    if len(parts) < 2:
        return None  # no site part: not a page title
    headline = lexicon_module.tokenize(parts[0])
    if len(headline) < HEADLINE_WORDS:
        return None
    shortest, longest = len(parts[0]) // 2, 2 * len(parts[0]) + 10  # tokenized only near its length
    for i in range(1, len(texts)):
        if shortest <= len(texts[i]) <= longest and lexicon_module.tokenize(texts[i]) == headline:
            return i
    return None


def _other_words(line: str, neighbour: str) -> bool:
    """Whether two lines hold other words: a table's rows do; a menu printed twice does not, even
    when a stray character tells the copies apart ("\ufffdHome | News", "Home | News"). Were the
    copies rows, the duplicate stage would remove one and, cleaned again, the other would be a
    menu line no longer in a table, and go: the output would not be a fixed point."""
    return line != neighbour and lexicon_module.tokenize(line) != lexicon_module.tokenize(neighbour)


def _pick(values: list[T], indices: list[int]) -> list[T]:
    """`values` at the ascending `indices`: the list itself when they are all of its positions
    (the first pass of `strip_document`)."""
    return values if len(indices) == len(values) else [values[i] for i in indices]


def article_words(text: str, language: str = "en") -> int:
    """Words of the lines `strip_document` keeps of `text` read as a naive scrape: the size of
    the article the block model finds there (the HTML reader weighs extractors' texts with it)."""
    doc = Document(id="", text=text, source="")
    doc.paragraphs = paragraphs(text)
    strip_document(doc, language)
    removed = {(span.start, span.end) for span in doc.removed}
    return sum(len(text[start:end].split()) for start, end in doc.paragraphs if (start, end) not in removed)


@cache
def _counts() -> ModuleType:
    """The compiled word count, imported on first use (numba; see `fingerprint.minhash`)."""
    return import_module(".counts", __package__)


def word_counts(texts: list[str], encoded: bytes | None = None) -> list[int]:
    """`len(lexicon.tokenize(text))` of each text, counted in one compiled pass over
    `encode("\n".join(texts))` (`encoded`, when the caller has it already)."""
    if not texts:
        return []
    if encoded is None:
        encoded = encode("\n".join(texts))
    return _counts().line_word_counts(np.frombuffer(encoded, dtype=np.uint8), char_classes(), len(texts)).tolist()

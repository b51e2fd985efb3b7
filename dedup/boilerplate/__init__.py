"""Boilerplate stripping for plain text: page furniture recorded as spans, never edited out.

`strip_document` classifies each paragraph of one document from its own signals; site
templates (lines repeated across many unrelated documents) are found corpus-wide by
`dedup.duplicates.decide`, which sees every document.
"""
from __future__ import annotations

from ..document import Document, Span
from . import lexicon as lexicon_module
from .context import beyond_markers, find_headline, is_menu_list, is_menu_shaped, is_prose, outside_body
from .lines import field_separators, find_date, has_date, is_byline, is_numeric, is_sentence_like

EXTRACTOR = "extractor"  # metadata key set by readers whose text is already a page's main text
EDGE = 3  # paragraphs at the head or tail where disclaimers and datelines stand
_DISCLAIMERS = frozenset({"disclaimer", "copyright"})


def classify(text: str, position: int, total: int, lexicon: lexicon_module.Lexicon) -> str | None:
    """The reason this paragraph is furniture, or None if it is content."""
    tokens = lexicon_module.tokenize(text)
    count = len(tokens)
    if count == 0:
        return "boilerplate:symbols"
    sentence = is_sentence_like(text, count)
    at_edge = position < EDGE or position >= total - EDGE
    if at_edge and count <= 60 and lexicon.find(tokens, _DISCLAIMERS):
        return "boilerplate:disclaimer"
    if sentence:
        return None
    if field_separators(text) >= 2 and has_date(text):
        return "boilerplate:dateline"
    if is_byline(text, count):
        return "boilerplate:byline"
    if is_menu_list(text):
        return "boilerplate:navigation"
    if count <= 10:
        covered, category = lexicon.cover([t for t in tokens if not is_numeric(t)])
        numbers = sum(1 for t in tokens if is_numeric(t))
        if category is not None and covered + numbers >= max(1, 0.75 * count):
            return f"boilerplate:{category}"
    return None


def strip_document(doc: Document, language: str = "en") -> None:
    """Append a span for every furniture paragraph of `doc` and note title, byline, dateline.

    Classification repeats on the remaining paragraphs until nothing changes, so that cleaning
    the output again finds nothing more: the result is a fixed point.
    """
    lexicon = lexicon_module.load(language)
    remaining = list(range(len(doc.paragraphs)))
    reasons: dict[int, str] = {}
    while True:
        found = {}
        for position, index in enumerate(remaining):
            reason = classify(doc.paragraph_text(index), position, len(remaining), lexicon)
            if reason is not None:
                found[index] = reason
        if EXTRACTOR not in doc.metadata:  # an extractor already cut the page to its body
            found.update(_by_position(remaining, found, doc))
        if not found:
            break
        reasons.update(found)
        remaining = [i for i in remaining if i not in found]
    for index, reason in sorted(reasons.items()):
        start, end = doc.paragraphs[index]
        doc.removed.append(Span(start, end, reason))
        text = doc.text[start:end]
        if reason in ("boilerplate:dateline", "boilerplate:byline"):
            doc.metadata.setdefault(reason.split(":")[1], text)
            date = find_date(text)
            if date:
                doc.metadata.setdefault("date", date)
    if remaining:
        first = doc.paragraph_text(remaining[0])
        if not is_sentence_like(first, len(lexicon_module.tokenize(first))):
            doc.metadata.setdefault("title", first)


def _by_position(remaining: list[int], found: dict[int, str], doc: Document) -> dict[int, str]:
    """Lines removed for where they stand (see `context`), given what `found` removes already."""
    texts = [doc.paragraph_text(i) for i in remaining]
    tokens = [lexicon_module.tokenize(t) for t in texts]
    prose = [is_prose(t, w, is_sentence_like(t, len(w))) for t, w in zip(texts, tokens)]
    reasons = [found.get(i) for i in remaining]
    headline = find_headline(prose, tokens, frozenset(i for i, r in enumerate(reasons) if r is not None))
    removed = {remaining[i]: "boilerplate:outside-markers"
               for i in beyond_markers(reasons, [len(w) * p for w, p in zip(tokens, prose)], headline)}
    kept = [i for i, index in enumerate(remaining) if index not in found and index not in removed]
    menu = [is_menu_shaped(texts[i], tokens[i]) for i in kept]
    runs = outside_body([prose[i] for i in kept], menu, [tokens[i] for i in kept])
    removed.update({remaining[kept[i]]: reason for i, reason in runs.items()})
    return removed

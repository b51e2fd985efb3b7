"""Site templates: short non-sentence lines that recur across many unrelated documents.

A line printed on every page of a site ("Follow us on ...", a section name) is furniture even
when no lexicon knows it. Documents that are copies or retellings of one story count once, so a
syndicated headline is left to the duplicate stage, which keeps one copy of it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..document import Span
from .lines import is_sentence_like

if TYPE_CHECKING:
    from ..analyze import Analysis

REASON = "boilerplate:template"


def strip_templates(analyses: list[Analysis], group_of: list[int], min_groups: int) -> None:
    """Append a template span wherever a non-sentence line occurs in >= min_groups groups."""
    groups_by_key: dict[int, set[int]] = defaultdict(set)
    candidates: list[tuple[int, int]] = []
    for position, analysis in enumerate(analyses):
        for index in analysis.content_paragraphs():
            text = analysis.doc.paragraph_text(index)
            if not is_sentence_like(text, analysis.word_counts[index]):
                groups_by_key[analysis.keys[index]].add(group_of[position])
                candidates.append((position, index))
    for position, index in candidates:
        analysis = analyses[position]
        if len(groups_by_key[analysis.keys[index]]) >= min_groups:
            start, end = analysis.doc.paragraphs[index]
            analysis.doc.removed.append(Span(start, end, REASON))

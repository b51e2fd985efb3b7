"""Site templates: short non-sentence lines that recur across many unrelated documents.

A line printed on every page of a site ("Follow us on ...", a section name) is furniture even
when no lexicon knows it. Documents that are copies or retellings of one story count once, so a
syndicated headline is left to the duplicate stage, which keeps one copy of it.

Only lines outside the document's body count: before its first prose paragraph or after its
last. Inside the body a recurring short line is a subheading that many articles share
("Conclusion", "Pros", "Frequently asked questions"), and the article would lose it. A document
with no prose at all has no body for a template to frame and does not count: it is often what
deduplication left of a copy (its few lines of its own), which would otherwise count as a new,
unrelated page the next time the output is cleaned.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..document import Span

if TYPE_CHECKING:
    from ..analyze import Analysis

REASON = "boilerplate:template"


def strip_templates(analyses: list[Analysis], group_of: list[int], min_groups: int) -> None:
    """Append a template span wherever a non-sentence line occurs in >= min_groups groups."""
    groups_by_key: dict[int, set[int]] = defaultdict(set)
    candidates: list[tuple[int, int, int]] = []  # (position, paragraph, key)
    for position, analysis in enumerate(analyses):
        content = analysis.content_paragraphs()
        flags, keys = analysis.prose.tolist(), analysis.keys.tolist()
        prose = [i for i in content if flags[i]]
        if not prose:
            continue
        for index in content:
            if not flags[index] and not prose[0] < index < prose[-1]:
                key = keys[index]
                groups_by_key[key].add(group_of[position])
                candidates.append((position, index, key))
    for position, index, key in candidates:
        if len(groups_by_key[key]) >= min_groups:
            doc = analyses[position].doc
            start, end = doc.paragraphs[index]
            doc.removed.append(Span(int(start), int(end), REASON))

"""Duplicate clusters for reports: union-find over "X copies Y" links, deterministic roots.

The keep pass decides removals greedily (each removed text is verified directly against one
kept text, so no chain of near matches ever removes text). Clusters are what a reader wants
to see, so they are derived afterwards from the recorded decisions.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from ..document import Document
from .unionfind import UnionFind

DUPLICATE_REASONS = ("duplicate", "duplicate_document")


def copy_links(docs: Iterable[Document]) -> dict[str, str]:
    """id -> id of the kept document it copies: the one it was dropped for, or, for a document
    that kept something new (a longer tail), the other document holding at least half of its
    non-boilerplate text."""
    links = {}
    for doc in docs:
        if doc.duplicate_of is not None:
            links[doc.id] = doc.duplicate_of
            continue
        holders: Counter[str] = Counter()
        furniture = 0
        for span in doc.removed:
            if span.reason in DUPLICATE_REASONS and span.duplicate_of not in (None, doc.id):
                holders[span.duplicate_of] += span.end - span.start
            elif span.reason not in DUPLICATE_REASONS:
                furniture += span.end - span.start
        content = sum(end - start for start, end in doc.paragraphs) - furniture
        if holders:
            holder = min(holders, key=lambda h: (-holders[h], h))
            if 2 * holders[holder] >= content:
                links[doc.id] = holder
    return links


def document_clusters(links: Mapping[str, str]) -> dict[str, list[str]]:
    """Root (smallest id) -> sorted member ids, for clusters of at least two documents."""
    found = UnionFind()
    for copy, kept in links.items():
        found.union(copy, kept)
    members = set(links) | set(links.values())
    return {root: group for root, group in found.groups(members).items() if len(group) > 1}

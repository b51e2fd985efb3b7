"""Duplicate clusters for reports: union-find over "X copies Y" links, deterministic roots.

The keep pass decides removals greedily (each removed text is verified directly against one
kept text, so no chain of near matches ever removes text). Clusters are what a reader wants
to see, so they are derived afterwards from the recorded decisions.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..document import Document
from .unionfind import UnionFind


def copy_links(docs: Iterable[Document]) -> dict[str, str]:
    """id -> id of the kept document it copies, as the keep pass recorded it: the one it was
    dropped for, or, for a copy that kept text of its own (a longer tail), the one it copies: a
    verified document-level near copy, or the kept document holding at least half of its text."""
    return {doc.id: doc.duplicate_of for doc in docs if doc.duplicate_of is not None}


def document_clusters(links: Mapping[str, str]) -> dict[str, list[str]]:
    """Root (smallest id) -> sorted member ids, for clusters of at least two documents."""
    found = UnionFind()
    for copy, kept in links.items():
        found.union(copy, kept)
    members = set(links) | set(links.values())
    return {root: group for root, group in found.groups(members).items() if len(group) > 1}

"""The keep pass: documents in rank order, each paragraph kept unless it repeats kept text.

A paragraph repeats kept text when its exact key matches, or when its MinHash signature is
verified similar (>= threshold, figures not substituted) to a kept paragraph found through LSH.
Short paragraphs have no signature and match exactly only, within their group of near copies.

A document is dropped when nothing of it is left, or when it is a copy of a kept document (a
verified document-level near copy, or mostly made of its paragraphs) and what is left adds
nothing: furniture (a changed headline, a dateline) or edited, truncated or re-paragraphed
copies of the kept document's text (nearly all their words in it, no new figures). A copy that
adds new text (the longer tail of a trimmed copy kept first) keeps only that.

Removal is greedy in rank order and each removed paragraph is verified directly against one
kept paragraph, so a chain of near matches (A~B, B~C) never removes C for A's sake; cluster
membership for reports is derived afterwards by union-find (`clusters.py`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..config import Config
from ..document import Span
from ..fingerprint.minhash import similarity
from ..packed import PackedRows
from .index import KeptIndex
from .verify import figures_differ

if TYPE_CHECKING:
    from ..analyze import Analysis

Ref = tuple[int, int]  # (document rank, paragraph index)

DUPLICATE = "duplicate"
DUPLICATE_DOCUMENT = "duplicate_document"
RELATED = "related"
# Share of a paragraph's distinct words found in the kept document at which, inside a copy of
# it, the paragraph is an edited, truncated or re-paragraphed copy.
EDITED_COPY = 0.9


@dataclass
class ParagraphRows:
    """Every paragraph signature of the corpus as one matrix, rows in (rank, index) order."""

    matrix: np.ndarray  # (rows, num_perm) uint32
    row_of: list[dict[int, int]]  # per rank: paragraph index -> row
    refs: list[Ref]  # per row
    numbers: list[frozenset[int]]  # per row: the paragraph's figures

    @classmethod
    def collect(cls, order: list[Analysis], num_perm: int) -> ParagraphRows:
        """Copies each document's block into one matrix and points the document at its rows
        there, so the corpus's paragraph signatures are held once, not twice."""
        row_of: list[dict[int, int]] = []
        refs: list[Ref] = []
        numbers: list[frozenset[int]] = []
        matrix = np.empty((sum(len(a.signatures) for a in order), num_perm), dtype=np.uint32)
        for rank, analysis in enumerate(order):
            packed = analysis.signatures
            indices = packed.indices.tolist()
            first = len(refs)
            row_of.append({index: first + k for k, index in enumerate(indices)})
            refs.extend((rank, index) for index in indices)
            numbers.extend(analysis.numbers[index] for index in indices)
            if indices:
                matrix[first : len(refs)] = packed.matrix
                analysis.signatures = PackedRows(packed.indices, matrix[first : len(refs)])
        return cls(matrix, row_of, refs, numbers)


class ParagraphLookup:
    """The corpus's paragraph signatures, the LSH index of the kept ones, and, per document, the
    verified candidates of its paragraphs: queried in one compiled call when the document is
    first matched (kept paragraphs only change between documents)."""

    def __init__(self, order: list[Analysis], config: Config) -> None:
        self.rows = ParagraphRows.collect(order, config.num_perm)
        self.index = KeptIndex(self.rows.matrix, config.threshold, config.num_perm)
        self.num_perm = config.num_perm
        self.pending: list[int] = []  # rows kept since the last query, added in one call
        self._rank = -1
        self._found: tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]] = ({}, {})

    def row(self, rank: int, index: int) -> int | None:
        return self.rows.row_of[rank].get(index)

    def found(self, rank: int) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
        """(kept, earlier): row -> verified (row, agreeing permutations) among kept rows, and
        among earlier rows of the same document, for every row of document `rank`."""
        if rank != self._rank:
            self.index.add(self.pending)
            self.pending = []
            self._rank = rank
            self._found = self.index.query(sorted(self.rows.row_of[rank].values()))
        return self._found


@dataclass
class KeptParagraphs:
    """Exact keys and signatures of paragraphs kept so far: of earlier documents, or (`local`)
    of the current document. Signatures live in the shared `lookup`."""

    config: Config
    group_of: list[int]  # per document rank: its group of near copies
    lookup: ParagraphLookup
    local: bool = False
    exact: dict[int | tuple[int, int], Ref] = field(default_factory=dict)
    rows: set[int] = field(default_factory=set)  # local only: rows kept in this document

    def _exact_key(self, rank: int, analysis: Analysis, index: int) -> int | tuple[int, int]:
        """Short paragraphs ("Budget", "Conclusion") repeat only within one group of near
        copies: the same words under another story are that story's own heading."""
        key = analysis.keys[index]
        return key if analysis.word_counts[index] >= self.config.min_paragraph_words else (self.group_of[rank], key)

    def add(self, ref: Ref, analysis: Analysis) -> None:
        self.exact.setdefault(self._exact_key(ref[0], analysis, ref[1]), ref)
        row = self.lookup.row(*ref)
        if row is not None:
            (self.rows.add if self.local else self.lookup.pending.append)(row)

    def match(self, rank: int, analysis: Analysis, index: int) -> tuple[Ref, float] | None:
        """The kept paragraph this one repeats (most similar, then earliest), if any."""
        found = self.exact.get(self._exact_key(rank, analysis, index))
        if found is not None:
            return found, 1.0
        row = self.lookup.row(rank, index)
        if row is None:
            return None
        kept, earlier = self.lookup.found(rank)
        candidates = (earlier if self.local else kept).get(row, [])
        return _best(self.lookup.rows, candidates, analysis.numbers[index], self.config.num_perm,
                     self.rows if self.local else None)


def _best(rows: ParagraphRows, found: list[tuple[int, int]], numbers: frozenset[int], num_perm: int,
          allowed: set[int] | None = None) -> tuple[Ref, float] | None:
    """The most similar, then earliest, verified row whose figures are not substituted."""
    best: tuple[int, int] | None = None
    for row, same in found:
        if allowed is not None and row not in allowed:
            continue
        if figures_differ(rows.numbers[row], numbers):
            continue
        if best is None or (same, -row) > (best[1], -best[0]):
            best = (row, same)
    return None if best is None else (rows.refs[best[0]], best[1] / num_perm)


def keep_pass(
    order: list[Analysis],
    near_copies: dict[int, list[tuple[int, float]]],
    related: dict[int, list[int]],
    group_of: list[int],
    config: Config,
) -> None:
    """Record duplicate spans and drop decisions on the documents of `order` (rank order).

    `near_copies[later]` lists (earlier, similarity) verified document-level near duplicates;
    `related[later]` lists earlier same-story documents (used with `config.drop_related`);
    `group_of[rank]` is the document's group of near copies.
    """
    lookup = ParagraphLookup(order, config)
    kept = KeptParagraphs(config, group_of, lookup)
    kept_documents: set[int] = set()
    for rank, analysis in enumerate(order):
        doc = analysis.doc
        content = analysis.content_paragraphs()
        if config.drop_related:
            earlier = [e for e in related.get(rank, []) if e in kept_documents]
            if earlier:
                _drop(analysis, content, RELATED, order[earlier[0]].doc.id, None)
                continue
        local = KeptParagraphs(config, group_of, lookup, local=True)
        matches: dict[int, tuple[Ref, float]] = {}
        survivors: list[int] = []
        for index in content:
            found = kept.match(rank, analysis, index) or local.match(rank, analysis, index)
            if found is None:
                survivors.append(index)
                local.add((rank, index), analysis)
            else:
                matches[index] = found
        for index, (ref, score) in matches.items():
            start, end = doc.paragraphs[index]
            doc.removed.append(Span(start, end, DUPLICATE, order[ref[0]].doc.id, ref[1], round(score, 4)))
        holders: Counter[int] = Counter()  # rank -> characters of this document it holds
        for index, (ref, _) in matches.items():
            holders[ref[0]] += doc.paragraphs[index][1] - doc.paragraphs[index][0]
        if not survivors:
            doc.dropped = bool(holders)
            if holders:
                doc.duplicate_of = order[min(holders, key=lambda r: (-holders[r], r))].doc.id
            continue
        copy = _copy_of(analysis, holders, near_copies.get(rank, []), kept_documents, order)
        if copy is not None:
            edited = _edited_copies(analysis, survivors, order[copy[0]])
            if all(i in edited or not analysis.prose[i] for i in survivors):
                _drop(analysis, survivors, DUPLICATE_DOCUMENT, order[copy[0]].doc.id, copy[1])
                continue
            for index, share in edited.items():  # the copy also adds new text: keep only that
                start, end = doc.paragraphs[index]
                doc.removed.append(Span(start, end, DUPLICATE, order[copy[0]].doc.id, None, round(share, 4)))
            survivors = [i for i in survivors if i not in edited]
        for index in survivors:
            kept.add((rank, index), analysis)
        kept_documents.add(rank)


def _copy_of(
    analysis: Analysis, holders: Counter[int], near_copies: list[tuple[int, float]],
    kept_documents: set[int], order: list[Analysis],
) -> tuple[int, float] | None:
    """(rank, similarity) of the kept document this one copies: the most similar verified
    document-level near copy, else the kept document holding at least half of its text."""
    candidates = [(e, s) for e, s in near_copies if e in kept_documents]
    if candidates:
        return min(candidates, key=lambda c: (-c[1], c[0]))
    others = [r for r in holders if r in kept_documents]  # not this document's own repeats
    if not others or analysis.doc_signature is None:
        return None
    holder = min(others, key=lambda r: (-holders[r], r))
    if 2 * holders[holder] < analysis.content_chars:
        return None
    return holder, similarity(analysis.doc_signature, order[holder].doc_signature)


def _edited_copies(analysis: Analysis, indices: list[int], kept: Analysis) -> dict[int, float]:
    """index -> share of its distinct words found in `kept`, for the paragraphs that add no
    words to it (edited, cut short or re-paragraphed) and no figures. Only inside a copy of
    `kept`, where such a paragraph adds nothing."""
    vocabulary = np.unique(np.concatenate([np.empty(0, np.uint32), *kept.vocabularies.values()]))
    found = {}
    for index in indices:
        words = analysis.vocabularies[index]
        share = len(np.intersect1d(words, vocabulary, assume_unique=True)) / len(words) if len(words) else 1.0
        if share >= EDITED_COPY and not figures_differ(kept.doc_numbers, analysis.numbers[index]):
            found[index] = share
    return found


def _drop(analysis: Analysis, indices: list[int], reason: str, kept_id: str, score: float | None) -> None:
    doc = analysis.doc
    for index in indices:
        start, end = doc.paragraphs[index]
        doc.removed.append(Span(start, end, reason, kept_id, None, None if score is None else round(score, 4)))
    doc.dropped = True
    doc.duplicate_of = kept_id

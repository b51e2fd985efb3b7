"""The keep pass: documents in rank order, each paragraph kept unless it repeats kept text.

A paragraph repeats kept text when its exact key matches, or when its MinHash signature is
verified similar (>= threshold, figures not substituted) to a kept paragraph found through LSH.
Short paragraphs have no signature and match exactly only. A document is dropped when nothing
of it is left, or when it is a verified near copy of a kept document and what is left is not
prose (a changed headline, a dateline).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..boilerplate.lines import is_sentence_like
from ..config import Config
from ..document import Span
from ..fingerprint.minhash import similarity
from .lsh import LSHIndex
from .verify import figures_differ

if TYPE_CHECKING:
    from ..analyze import Analysis

Ref = tuple[int, int]  # (document rank, paragraph index)

DUPLICATE = "duplicate"
DUPLICATE_DOCUMENT = "duplicate_document"
RELATED = "related"


@dataclass
class KeptParagraphs:
    """Exact keys and LSH buckets of paragraphs kept so far."""

    config: Config
    exact: dict[int, Ref] = field(default_factory=dict)
    lsh: LSHIndex | None = None
    signatures: dict[Ref, np.ndarray] = field(default_factory=dict)
    numbers: dict[Ref, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lsh = LSHIndex(self.config.threshold, self.config.num_perm)

    def add(self, ref: Ref, analysis: Analysis) -> None:
        self.exact.setdefault(analysis.keys[ref[1]], ref)
        signature = analysis.signatures.get(ref[1])
        if signature is not None:
            assert self.lsh is not None
            self.lsh.add(ref, signature)
            self.signatures[ref] = signature
            self.numbers[ref] = analysis.numbers[ref[1]]

    def match(self, analysis: Analysis, index: int) -> tuple[Ref, float] | None:
        """The kept paragraph this one repeats (most similar, then earliest), if any."""
        found = self.exact.get(analysis.keys[index])
        if found is not None:
            return found, 1.0
        signature = analysis.signatures.get(index)
        if signature is None:
            return None
        assert self.lsh is not None
        best: tuple[Ref, float] | None = None
        for ref in self.lsh.candidates(signature):
            score = similarity(self.signatures[ref], signature)
            if score < self.config.threshold:
                continue
            if figures_differ(self.numbers[ref], analysis.numbers[index]):
                continue
            if best is None or (score, (-ref[0], -ref[1])) > (best[1], (-best[0][0], -best[0][1])):
                best = (ref, score)
        return best


def _is_prose(analysis: Analysis, index: int) -> bool:
    return is_sentence_like(analysis.doc.paragraph_text(index), analysis.word_counts[index])


def keep_pass(
    order: list[Analysis],
    near_copies: dict[int, list[tuple[int, float]]],
    related: dict[int, list[int]],
    config: Config,
) -> None:
    """Record duplicate spans and drop decisions on the documents of `order` (rank order).

    `near_copies[later]` lists (earlier, similarity) verified document-level near duplicates;
    `related[later]` lists earlier same-story documents (used with `config.drop_related`).
    """
    kept = KeptParagraphs(config)
    kept_documents: set[int] = set()
    for rank, analysis in enumerate(order):
        doc = analysis.doc
        content = analysis.content_paragraphs()
        if config.drop_related:
            earlier = [e for e in related.get(rank, []) if e in kept_documents]
            if earlier:
                _drop(analysis, content, RELATED, order[earlier[0]].doc.id, None)
                continue
        local = KeptParagraphs(config)
        matches: dict[int, tuple[Ref, float]] = {}
        survivors: list[int] = []
        for index in content:
            found = kept.match(analysis, index) or local.match(analysis, index)
            if found is None:
                survivors.append(index)
                local.add((rank, index), analysis)
            else:
                matches[index] = found
        for index, (ref, score) in matches.items():
            start, end = doc.paragraphs[index]
            doc.removed.append(Span(start, end, DUPLICATE, order[ref[0]].doc.id, ref[1], round(score, 4)))
        if not survivors:
            holders = Counter()
            for index, (ref, _) in matches.items():
                start, end = doc.paragraphs[index]
                holders[ref[0]] += end - start
            doc.dropped = bool(holders)
            if holders:
                doc.duplicate_of = order[min(holders, key=lambda r: (-holders[r], r))].doc.id
            continue
        copies = [(e, s) for e, s in near_copies.get(rank, []) if e in kept_documents]
        if copies and not any(_is_prose(analysis, i) for i in survivors):
            earlier, score = max(copies, key=lambda c: (c[1], -c[0]))
            _drop(analysis, survivors, DUPLICATE_DOCUMENT, order[earlier].doc.id, score)
            continue
        for index in survivors:
            kept.add((rank, index), analysis)
        kept_documents.add(rank)


def _drop(analysis: Analysis, indices: list[int], reason: str, kept_id: str, score: float | None) -> None:
    doc = analysis.doc
    for index in indices:
        start, end = doc.paragraphs[index]
        doc.removed.append(Span(start, end, reason, kept_id, None, None if score is None else round(score, 4)))
    doc.dropped = True
    doc.duplicate_of = kept_id

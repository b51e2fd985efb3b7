"""Duplicate clusters and similar pairs: what was removed (manifest) and what was kept (output).

Pairs above the threshold are the verified duplicates the manifest records. Pairs below it are
not recorded anywhere, so they are found here among the kept paragraphs with the run's own
MinHash settings and an LSH index at a lower threshold, and measured exactly (Jaccard of the
shingle sets), as the keep pass checks every match short of full signature agreement.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass

import numpy as np

from ..duplicates.lsh import LSHIndex
from ..fingerprint import MinHasher, words
from ..fingerprint.minhash import jaccard, shingle_set
from ..progress import Progress
from ..segment import paragraphs
from .data import Doc, Removed, Run

LOWER_BY = 0.2  # how far below the threshold kept pairs are looked for


@dataclass(frozen=True)
class Pair:
    """Two texts and their Jaccard similarity (as the run verified it); `left` is the kept one."""

    left_id: str
    left: str
    right_id: str
    right: str
    similarity: float


@dataclass
class Cluster:
    """A kept paragraph (or a whole kept document, `paragraph` None) and the copies removed for it."""

    kept_id: str
    paragraph: int | None
    kept: str
    copies: list[Pair]

    @property
    def size(self) -> int:
        return 1 + len(self.copies)


def kept_paragraph(run: Run, span: Removed) -> str:
    """The kept paragraph a duplicate span repeats."""
    assert span.duplicate_of is not None and span.paragraph is not None
    return run.docs[span.duplicate_of].paragraph(span.paragraph)


def _span_pairs(run: Run) -> Iterator[tuple[Doc, tuple[str, int], Pair]]:
    """Each duplicate span: its document, the kept (document, paragraph), and the pair of texts."""
    for doc in run.docs.values():
        for span in doc.removed:
            if span.duplicate_of is not None and span.paragraph is not None and span.similarity is not None:
                yield doc, (span.duplicate_of, span.paragraph), Pair(
                    span.duplicate_of, kept_paragraph(run, span), doc.id, span.text.strip(), span.similarity)


def removed_pairs(run: Run) -> list[Pair]:
    """Every verified duplicate span beside the kept paragraph it repeats, least similar first."""
    return sorted((pair for _, _, pair in _span_pairs(run)), key=lambda p: (p.similarity, p.left_id, p.right_id))


def clusters(run: Run) -> list[Cluster]:
    """Clusters, largest first; a dropped copy counts once, in its document's cluster."""
    found: dict[tuple[str, int | None], Cluster] = {}
    for doc in run.docs.values():
        if doc.status == "dropped" and doc.duplicate_of is not None:
            kept = run.docs[doc.duplicate_of]
            cluster = found.setdefault((kept.id, None), Cluster(kept.id, None, kept.text, []))
            cluster.copies.append(Pair(kept.id, kept.text, doc.id, doc.text, _mean_similarity(doc)))
    for doc, (kept_id, paragraph), pair in _span_pairs(run):
        if doc.status == "dropped" and doc.duplicate_of is not None:
            continue  # counted above, as a copy of the whole document
        found.setdefault((kept_id, paragraph), Cluster(kept_id, paragraph, pair.left, [])).copies.append(pair)
    return sorted(found.values(), key=lambda c: (-c.size, c.kept_id, -1 if c.paragraph is None else c.paragraph))


def _mean_similarity(doc: Doc) -> float:
    """A dropped copy's similarity: the mean over its duplicate paragraphs (1.0 if none say)."""
    values = [span.similarity for span in doc.removed if span.similarity is not None]
    return round(sum(values) / len(values), 4) if values else 1.0


def lower_threshold(threshold: float) -> float:
    return round(max(threshold - LOWER_BY, 0.05), 4)


def kept_pairs(run: Run, progress: Progress | None = None) -> list[Pair]:
    """Pairs of kept paragraphs at or above `lower_threshold`, most similar first.

    Only paragraphs long enough for near-duplicate matching (`min_paragraph_words`) take part,
    as in the run. Progress is a stage 'pairs' over the documents.
    """
    config = run.config
    low = lower_threshold(config["threshold"])
    hasher = MinHasher(config["num_perm"], config["ngram"], config["seed"])
    index = LSHIndex(low, config["num_perm"])
    seen: dict[Hashable, tuple[str, str, np.ndarray]] = {}  # by position, the LSH item: id, text, shingle set
    pairs = []
    if progress:
        progress.stage("pairs", total=len(run.docs))
    for doc in run.docs.values():
        for start, end in paragraphs(doc.kept):
            tokens = words(doc.kept[start:end])
            if len(tokens) < config["min_paragraph_words"]:
                continue
            signature = hasher.signature_of_tokens(tokens)
            shingles = shingle_set(" ".join(tokens), config["ngram"])
            for other in index.candidates(signature):
                other_id, other_text, other_shingles = seen[other]
                value = round(jaccard(shingles, other_shingles), 4)
                if value >= low:
                    pairs.append(Pair(other_id, other_text, doc.id, doc.kept[start:end], value))
            index.add(len(seen), signature)
            seen[len(seen)] = (doc.id, doc.kept[start:end], shingles)
        if progress:
            progress.advance("pairs")
    return sorted(pairs, key=lambda p: (-p.similarity, p.left_id, p.right_id))

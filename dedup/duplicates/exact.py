"""Exact verification of paragraph matches: Jaccard on the shingle sets themselves.

Agreement of 128 MinHash permutations estimates a Jaccard of 0.7 within about +-0.04, so a
paragraph whose true similarity is just under the threshold can pass it (and removing it
loses text), and one just over it can miss it (and its text is kept twice). The keep pass
therefore checks the LSH candidates estimated near or above the threshold, short of full
agreement, on the two paragraphs' shingle sets, read from the repaired texts (only those
paragraphs are read, so the cost follows the number of near-duplicate paragraphs).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..fingerprint.minhash import jaccard, shingle_set

if TYPE_CHECKING:
    from ..analyze import Analysis

Ref = tuple[int, int]  # (document rank, paragraph index)
TEXTS_CACHED = 64  # documents whose texts stay in memory between checks
SHINGLE_SETS_CACHED = 4096


class ParagraphVerifier:
    """Exact Jaccard of two paragraphs of the documents of `order` (rank order); `text_of(rank)`
    gives a document's repaired text."""

    def __init__(self, order: list[Analysis], text_of: Callable[[int], str], ngram: int) -> None:
        self._order = order
        self._text = lru_cache(maxsize=TEXTS_CACHED)(text_of)
        self._shingles = lru_cache(maxsize=SHINGLE_SETS_CACHED)(self._paragraph_shingles)
        self._ngram = ngram

    def similarity(self, left: Ref, right: Ref) -> float:
        return jaccard(self._shingles(left), self._shingles(right))

    def _paragraph_shingles(self, ref: Ref) -> np.ndarray:
        rank, index = ref
        start, end = (int(bound) for bound in self._order[rank].doc.paragraphs[index])
        return shingle_set(self._text(rank)[start:end], self._ngram)

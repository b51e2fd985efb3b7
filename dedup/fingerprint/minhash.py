"""MinHash signatures of word n-gram shingles.

Each shingle is hashed once to 64 bits (xxh64); the permutations are the multiply-shift family
`(a * h + b) >> 32` over 64-bit words, which is universal and vectorizes well.
"""
from __future__ import annotations

import numpy as np
import xxhash

from .tokens import words

MAX_HASH = np.uint32(0xFFFFFFFF)


class MinHasher:
    """Computes signatures for one (num_perm, ngram, seed) setting."""

    def __init__(self, num_perm: int = 128, ngram: int = 5, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.ngram = ngram
        rng = np.random.Generator(np.random.PCG64(seed))
        self._a = rng.integers(1, 2**64 - 1, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**64 - 1, size=num_perm, dtype=np.uint64)

    def shingle_hashes(self, tokens: list[str]) -> np.ndarray:
        """64-bit hashes of the word n-grams; a text shorter than n is one shingle."""
        n = self.ngram
        grams = [" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
        return np.fromiter(
            (xxhash.xxh64_intdigest(gram.encode("utf-8", "surrogatepass")) for gram in grams),
            dtype=np.uint64,
            count=len(grams),
        )

    def signature(self, text: str) -> np.ndarray:
        """uint32 signature of `text`, shape (num_perm,)."""
        return self.signature_of_tokens(words(text))

    def signature_of_tokens(self, tokens: list[str]) -> np.ndarray:
        hashes = self.shingle_hashes(tokens)
        with np.errstate(over="ignore"):
            permuted = (hashes[:, None] * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
        return permuted.min(axis=0).astype(np.uint32)


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    return float(np.count_nonzero(left == right)) / len(left)

"""The signature definition in plain Python: slow, obviously right, and what the kernels must
match bit for bit (tests/test_fingerprint.py). It is also the project's first implementation,
so signatures did not change when the kernels replaced it."""
from __future__ import annotations

import numpy as np
import xxhash

from .tokens import words

MASK = (1 << 64) - 1


def shingle_hashes(tokens: list[str], ngram: int) -> list[int]:
    """xxh64 of each run of `ngram` words joined by spaces; a shorter text is one shingle."""
    grams = [" ".join(tokens[i : i + ngram]) for i in range(max(1, len(tokens) - ngram + 1))]
    return [xxhash.xxh64_intdigest(gram.encode("utf-8", "surrogatepass")) for gram in grams]


def signature(text: str, ngram: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per permutation (a, b): the least `((a * h + b) mod 2**64) >> 32` over shingle hashes h."""
    shingles = shingle_hashes(words(text), ngram)
    return np.array([min(((int(ai) * h + int(bi)) & MASK) >> 32 for h in shingles) for ai, bi in zip(a, b)],
                    dtype=np.uint32)

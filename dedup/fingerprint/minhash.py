"""MinHash signatures of word n-gram shingles.

Each shingle (n lower-cased words joined by spaces) is hashed once to 64 bits (xxh64); the
permutations are the multiply-shift family `(a * h + b) >> 32` over 64-bit words. The work runs
in compiled kernels (`kernels.py`); `reference.py` is the same definition in plain Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

import numpy as np

from .tokens import char_classes, encode


@cache
def _kernels() -> ModuleType:
    """The compiled kernels, imported on first use: numba takes ~0.4 s to import, which
    commands that never fingerprint (--help, explain) should not pay."""
    return import_module(".kernels", __package__)


@dataclass(frozen=True)
class Words:
    """A text's words as the kernels see them: joined by single spaces into one buffer."""

    joined: np.ndarray  # uint8
    starts: np.ndarray  # int64, per word, into joined
    ends: np.ndarray  # int64
    offsets: np.ndarray  # int64, per word, into the encoded text (`tokens.encode`)
    digits: np.ndarray  # bool, per word: it has a decimal digit

    def hashes(self) -> np.ndarray:
        """xxh64 of each word (a word's unigram shingle hash)."""
        return _kernels().word_hashes(self.joined, self.starts, self.ends)


def range_keys(hashes: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """Per range [low, high) of words: `xxhash.xxh64_intdigest(hashes[low:high].tobytes())`, in
    one compiled call instead of one bytes object and one call per range."""
    return _kernels().range_keys(hashes.view(np.uint8), lows, highs, hashes.itemsize)


def range_sets(hashes: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per range [low, high) of words: the sorted distinct low 32 bits of their hashes, packed
    as (offsets, uint32 data)."""
    return distinct_ranges((hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32), lows, highs)


def distinct_ranges(values: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per range [low, high): the sorted distinct values of values[low:high], packed as
    (offsets, data)."""
    return _kernels().distinct_ranges(values, lows, highs)


def split(text: str) -> Words:
    return split_encoded(encode(text))


def split_encoded(buffer: np.ndarray) -> Words:
    """`split` of text already encoded by `tokens.encode` (callers that keep the buffer)."""
    return Words(*_kernels().split_words(buffer, char_classes()))


class MinHasher:
    """Computes signatures for one (num_perm, ngram, seed) setting."""

    def __init__(self, num_perm: int = 128, ngram: int = 5, seed: int = 1) -> None:
        self.num_perm = num_perm
        self.ngram = ngram
        rng = np.random.Generator(np.random.PCG64(seed))
        self.a = rng.integers(1, 2**64 - 1, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**64 - 1, size=num_perm, dtype=np.uint64)
        self._classes = char_classes()

    def signature(self, text: str) -> np.ndarray:
        """uint32 signature of `text`, shape (num_perm,): bytes to minima in one kernel call."""
        return _kernels().minhash_bytes(encode(text), self._classes, self.ngram, self.a, self.b)

    def signatures(self, words: Words, lows: list[int], highs: list[int]) -> np.ndarray:
        """One signature row per word range [low, high) of `words` (shingles stay inside it)."""
        return _kernels().minhash_ranges(words.joined, words.starts, words.ends, np.asarray(lows, dtype=np.int64),
                                      np.asarray(highs, dtype=np.int64), self.ngram, self.a, self.b)

    def signatures_of_groups(self, words: Words, chosen: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """One signature row per group of words chosen[bounds[g]:bounds[g + 1]] (indices into
        `words`): the `signature` of the text of those words, without splitting it again."""
        return _kernels().minhash_gathered(words.joined, words.starts, words.ends, chosen,
                                           np.asarray(bounds, dtype=np.int64), self.ngram, self.a, self.b)

    def signature_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """Signature of shingles already hashed (a unigram signature from `Words.hashes`, without
        hashing the words again). No hashes sign as no words do (one shingle: the empty one)."""
        if not len(hashes):
            return self.signature("")
        return self.signatures_of_hash_groups(hashes, np.asarray([0, len(hashes)]))[0]

    def signatures_of_hash_groups(self, hashes: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """`signature_of_hashes` of each non-empty group hashes[bounds[g]:bounds[g + 1]]."""
        return _kernels().minhash_groups(hashes, np.asarray(bounds, dtype=np.int64), self.a, self.b)

    def signature_of_tokens(self, tokens: list[str]) -> np.ndarray:
        """Signature of already split words (as `words` returns them)."""
        return self.signature(" ".join(tokens))


def shingle_set(text: str, ngram: int) -> np.ndarray:
    """Sorted distinct hashes of the word n-gram shingles of `text`, as `MinHasher` hashes
    them: the exact set its signatures estimate."""
    words = split(text)
    return _kernels().shingle_set(words.joined, words.starts, words.ends, ngram)


def jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Exact Jaccard similarity of two `shingle_set`s."""
    shared = _kernels().shared_count(left, right)
    return shared / (len(left) + len(right) - shared)


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    return float(np.count_nonzero(np.asarray(left) == np.asarray(right))) / len(left)

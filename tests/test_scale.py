"""The vectorized global step gives the same answers as the plain definitions it replaces."""
from __future__ import annotations

import numpy as np
import pytest

from dedup.duplicates.bands import required_agreement
from dedup.duplicates.lsh import LSHIndex
from dedup.duplicates.unionfind import UnionFind, smallest_roots
from dedup.duplicates.verify import similar_pairs
from dedup.fingerprint.minhash import similarity


def clustered_signatures(seed: int, count: int = 300, num_perm: int = 128) -> list[np.ndarray | None]:
    """Signatures in families of near copies (a few permutations changed), some missing."""
    rng = np.random.default_rng(seed)
    signatures: list[np.ndarray | None] = []
    for _ in range(count):
        if signatures and rng.random() < 0.6:
            base = signatures[rng.integers(len(signatures))]
            if base is not None:
                copy = base.copy()
                changed = rng.integers(num_perm, size=rng.integers(0, 90))
                copy[changed] = rng.integers(0, 50, size=len(changed), dtype=np.uint32)
                signatures.append(copy)
                continue
        signatures.append(None if rng.random() < 0.05 else rng.integers(0, 50, size=num_perm, dtype=np.uint32))
    return signatures


def dictionary_pairs(signatures: list[np.ndarray | None], threshold: float, num_perm: int) -> set:
    """The definition: dictionary buckets, each candidate verified on its full signature."""
    index = LSHIndex(threshold, num_perm)
    pairs = set()
    for position, signature in enumerate(signatures):
        if signature is None:
            continue
        for other in index.candidates(signature):
            score = similarity(signatures[other], signature)  # type: ignore[arg-type]
            if score >= threshold:
                pairs.add((other, position, score))
        index.add(position, signature)
    return pairs


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("threshold", [0.3, 0.7, 0.9])
def test_band_join_finds_the_dictionary_pairs(seed: int, threshold: float) -> None:
    signatures = clustered_signatures(seed)
    found = similar_pairs(signatures, threshold, 128)
    assert set(found) == dictionary_pairs(signatures, threshold, 128)
    assert found == sorted(found, key=lambda p: (p[1], p[0]))


def test_oversized_buckets_are_skipped_and_the_rest_kept() -> None:
    same = np.zeros(128, dtype=np.uint32)
    signatures: list[np.ndarray | None] = [same.copy() for _ in range(5)]
    assert len(similar_pairs(signatures, 0.7, 128)) == 10
    assert similar_pairs(signatures, 0.7, 128, max_bucket=4) == []
    assert len(similar_pairs(signatures, 0.7, 128, max_bucket=5)) == 10


def test_required_agreement_matches_the_float_comparison() -> None:
    for threshold in (0.0, 0.3, 0.5, 0.7, 0.8, 1.0):
        need = required_agreement(threshold, 128)
        assert need / 128 >= threshold and (need == 0 or (need - 1) / 128 < threshold)


@pytest.mark.parametrize("seed", [0, 1])
def test_smallest_roots_agree_with_union_find(seed: int) -> None:
    rng = np.random.default_rng(seed)
    low = rng.integers(0, 200, size=150)
    high = rng.integers(0, 200, size=150)
    found = UnionFind()
    for a, b in zip(low.tolist(), high.tolist()):
        found.union(a, b)
    assert smallest_roots(200, low, high).tolist() == [found.find(i) for i in range(200)]

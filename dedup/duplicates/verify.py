"""Verification of LSH candidates: a band collision alone never removes text."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .bands import band_join, required_agreement
from .lsh import optimal_bands


def figures_differ(left: frozenset[int], right: frozenset[int], tolerated_share: float = 0.0) -> bool:
    """True when each side has figures the other lacks (a substitution, not a trim) and the
    changed figures are more than `tolerated_share` of all of them: such texts report
    different facts in one template (earnings lines, market reports) and are not copies."""
    if not (left - right) or not (right - left):
        return False
    return len(left ^ right) / len(left | right) > tolerated_share


def similar_pairs(
    signatures: list[np.ndarray | None],
    threshold: float,
    num_perm: int,
    accept: Callable[[int, int], bool] = lambda earlier, later: True,
    max_bucket: int = 0,
    threads: int = 1,
) -> list[tuple[int, int, float]]:
    """Verified (earlier, later, similarity) pairs among `signatures`, by position, sorted by
    (later, earlier): pairs sharing an LSH band (buckets of at most `max_bucket` items when it
    is > 0) whose signatures agree on >= `threshold` of their permutations, and `accept` them.
    The band join runs on up to `threads` threads."""
    present = [position for position, signature in enumerate(signatures) if signature is not None]
    if len(present) < 2:
        return []
    matrix = np.stack([signatures[position] for position in present])
    bands, rows = optimal_bands(threshold, num_perm)
    low, high, agree = band_join(matrix, bands, rows, required_agreement(threshold, num_perm), max_bucket,
                                 threads)
    pairs = []
    for e, l, same in zip(low.tolist(), high.tolist(), agree.tolist()):
        earlier, later = present[e], present[l]
        if accept(earlier, later):
            pairs.append((earlier, later, same / num_perm))
    return pairs

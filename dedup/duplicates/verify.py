"""Verification of LSH candidates: a band collision alone never removes text."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..fingerprint.minhash import similarity
from .lsh import LSHIndex


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
) -> list[tuple[int, int, float]]:
    """Verified (earlier, later, similarity) pairs among `signatures`, by position."""
    index = LSHIndex(threshold, num_perm)
    pairs = []
    for position, signature in enumerate(signatures):
        if signature is None:
            continue
        for other in index.candidates(signature):
            score = similarity(signatures[other], signature)  # type: ignore[arg-type]
            if score >= threshold and accept(other, position):
                pairs.append((other, position, score))
        index.add(position, signature)
    return pairs

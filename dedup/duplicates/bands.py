"""The LSH band join as a sort, with verification in compiled code.

Each band of each signature is hashed to one uint64 key; sorting a band's keys puts the items
sharing it next to each other, so its buckets are runs of equal keys. Every pair inside a run is
verified on the full signature at once, in the kernel, so only verified pairs ever reach Python.
The result is the set of pairs that share at least one band and agree on enough permutations,
whatever the order of the input: the same set the dictionary buckets of `LSHIndex` give.

A bucket larger than `max_bucket` can be skipped: at a low threshold (the same-story relation,
2-row bands) a key made of two very common words is shared by a third of a news corpus, and
verifying all its pairs is quadratic for no information (see `verify.STORY_MAX_BUCKET`).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

U64 = np.uint64
_P1, _P2, _P3 = U64(0x9E3779B185EBCA87), U64(0xC2B2AE3D27D4EB4F), U64(0x165667B19E3779F9)


@njit(cache=True, nogil=True)
def band_keys(signatures: np.ndarray, first: int, rows: int) -> np.ndarray:
    """uint64 key of columns [first, first + rows) of each signature row (a 64-bit mix: a
    collision of two different bands only adds a candidate, which verification rejects)."""
    keys = np.empty(signatures.shape[0], dtype=np.uint64)
    for i in range(signatures.shape[0]):
        h = _P3
        for k in range(first, first + rows):
            h = (h ^ U64(signatures[i, k])) * _P1
            h = ((h << U64(29)) | (h >> U64(35))) * _P2
        keys[i] = h ^ (h >> U64(32))
    return keys


@njit(cache=True, nogil=True)
def band_key_matrix(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(rows of signatures, bands): `band_keys` of every band, in one call (a block of a few
    signatures costs a call per band otherwise, and a call costs more than its work)."""
    keys = np.empty((signatures.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        keys[:, band] = band_keys(signatures, band * rows, rows)
    return keys


@njit(cache=True, nogil=True)
def verified_runs(signatures: np.ndarray, order: np.ndarray, keys: np.ndarray, need: int,
                  max_bucket: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, agreeing permutations) of every pair in a run of equal `keys` (sorted, with
    `order` the rows they belong to) whose signatures agree on at least `need` permutations.
    Runs longer than `max_bucket` (when > 0) are skipped."""
    capacity = 1024
    low = np.empty(capacity, dtype=np.int64)
    high = np.empty(capacity, dtype=np.int64)
    agree = np.empty(capacity, dtype=np.int32)
    count = 0
    n = keys.shape[0]
    start = 0
    while start < n:
        end = start + 1
        while end < n and keys[end] == keys[start]:
            end += 1
        size = end - start
        if size > 1 and (max_bucket <= 0 or size <= max_bucket):
            for i in range(start, end):
                a = order[i]
                for j in range(i + 1, end):
                    b = order[j]
                    same = agreement(signatures[a], signatures[b])
                    if same >= need:
                        if count == capacity:
                            capacity *= 2
                            low = grown(low, capacity)
                            high = grown(high, capacity)
                            agree = grown(agree, capacity)
                        low[count], high[count], agree[count] = min(a, b), max(a, b), same
                        count += 1
        start = end
    return low[:count], high[:count], agree[:count]


@njit(cache=True, nogil=True)
def agreement(left: np.ndarray, right: np.ndarray) -> int:
    """How many permutations two signatures agree on (the verification)."""
    same = 0
    for k in range(left.shape[0]):
        if left[k] == right[k]:
            same += 1
    return same


@njit(cache=True, nogil=True)
def grown(values: np.ndarray, capacity: int) -> np.ndarray:
    """`values` copied into a larger array (the kernels' result buffers double when full)."""
    grown = np.empty(capacity, dtype=values.dtype)
    grown[: values.shape[0]] = values
    return grown


def required_agreement(threshold: float, num_perm: int) -> int:
    """Fewest agreeing permutations whose share `count / num_perm` is >= threshold, computed
    with the same float division the per-pair `similarity` uses."""
    return next((count for count in range(num_perm + 1) if count / num_perm >= threshold), num_perm + 1)


def band_join(signatures: np.ndarray, bands: int, rows: int, need: int,
              max_bucket: int = 0, threads: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct verified pairs (earlier, later, agreeing permutations) among the rows of
    `signatures` sharing at least one band, sorted by (later, earlier). The bands are joined on
    up to `threads` threads (the kernels and numpy's sort release the GIL); the result does not
    depend on it."""

    def join(band: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        keys = band_keys(signatures, band * rows, rows)
        order = np.argsort(keys, kind="stable")
        return verified_runs(signatures, order, keys[order], need, max_bucket)

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        found = list(pool.map(join, range(bands)))
    found_low, found_high, found_agree = ([part[i] for part in found] for i in range(3))
    low = np.concatenate(found_low or [np.empty(0, np.int64)])
    high = np.concatenate(found_high or [np.empty(0, np.int64)])
    agree = np.concatenate(found_agree or [np.empty(0, np.int32)])
    _, first = np.unique(high * max(len(signatures), 1) + low, return_index=True)
    return low[first], high[first], agree[first]

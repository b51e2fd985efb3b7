"""An LSH index of kept paragraphs over integer arrays, for the keep pass.

The keep pass asks, document after document, which kept paragraphs share an LSH band with each
paragraph and are verified similar. Every signature the pass will ever see is known in advance,
so the buckets are computed once, vectorized (`bucket_ids`), and the index only tracks which
rows are kept: per bucket a linked list of kept rows in two integer arrays, and the kept rows'
signatures (only theirs: a document's own rows come with its query). Queries and verification
run compiled, one call per document, and return only verified pairs. The answers are those of
the dictionary `LSHIndex` (the same buckets, the same verification).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit

from .bands import agreement, band_key_matrix, grown


def bucket_ids(keys: np.ndarray) -> np.ndarray:
    """(rows, bands) band keys -> the bucket of each row in each band, numbered so that equal
    ids mean the same band and the same band key. int32 while it fits (half the memory)."""
    ids = np.empty(keys.shape, dtype=_index_type(keys.size))
    offset = 0
    for band in range(keys.shape[1]):
        _, inverse = np.unique(keys[:, band], return_inverse=True)
        ids[:, band] = inverse.ravel() + offset
        offset += int(inverse.max()) + 1 if len(inverse) else 0
    return ids


def sharing(blocks: Iterable[np.ndarray], count: int, bands: int, rows: int) -> np.ndarray:
    """Mask of the `count` signature rows (given as consecutive blocks) that share a band key
    with another row: the only rows an index over them can ever return or find anything for. In a
    news corpus about 30% of paragraphs do, so the keep pass holds only their signatures. Keys are
    cut to 32 bits here (half the memory of all rows' keys): a collision only marks a row that
    did not need it."""
    keys = np.empty((count, bands), dtype=np.uint32)
    start = 0
    for block in blocks:
        keys[start : start + len(block)] = band_key_matrix(block, bands, rows)
        start += len(block)
    shared = np.zeros(count, dtype=np.bool_)
    for band in range(bands):
        order = np.argsort(keys[:, band])
        ordered = keys[order, band]
        repeated = ordered[1:] == ordered[:-1]
        shared[order[1:][repeated]] = True
        shared[order[:-1][repeated]] = True
    return shared


def _index_type(count: int) -> type:
    return np.int32 if count < 2**31 - 1 else np.int64


@njit(cache=True, nogil=True)
def _add(buckets: np.ndarray, head: np.ndarray, following: np.ndarray, rows: np.ndarray) -> None:
    for row in rows:
        for band in range(buckets.shape[1]):
            bucket = buckets[row, band]
            following[row, band] = head[bucket]
            head[bucket] = row


@njit(cache=True, nogil=True)
def _query(kept: np.ndarray, slots: np.ndarray, block: np.ndarray, buckets: np.ndarray, head: np.ndarray,
           following: np.ndarray, seen: np.ndarray, rows: np.ndarray,
           need: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Verified pairs (position in `rows`, other row, agreeing permutations, kind) for each row
    of `rows` (signatures `block`): kind 0, a kept row sharing a band (signature
    `kept[slots[row]]`); kind 1, an earlier row of `rows` sharing one."""
    capacity = 64
    where = np.empty(capacity, dtype=np.int64)
    other = np.empty(capacity, dtype=np.int64)
    agree = np.empty(capacity, dtype=np.int64)
    kind = np.empty(capacity, dtype=np.int64)
    count = 0
    bands = buckets.shape[1]
    for position in range(rows.shape[0]):
        row = rows[position]
        for band in range(bands + position):
            if band < bands:  # kept rows in this band's bucket (not yet seen for this row)
                candidate = head[buckets[row, band]]
            else:  # an earlier row of this document sharing any band
                candidate = rows[band - bands]
                shared = False
                for b in range(bands):
                    if buckets[candidate, b] == buckets[row, b]:
                        shared = True
                if not shared:
                    continue
            while candidate >= 0:
                if band >= bands or seen[candidate] != row:
                    if band < bands:
                        seen[candidate] = row
                        same = agreement(kept[slots[candidate]], block[position])
                    else:
                        same = agreement(block[band - bands], block[position])
                    if same >= need:
                        if count == capacity:
                            capacity *= 2
                            where, other = grown(where, capacity), grown(other, capacity)
                            agree, kind = grown(agree, capacity), grown(kind, capacity)
                        where[count], other[count], agree[count] = position, candidate, same
                        kind[count] = 0 if band < bands else 1
                        count += 1
                candidate = following[candidate, band] if band < bands else -1
    return where[:count], other[:count], agree[:count], kind[:count]


class KeptIndex:
    """Band buckets of every row (`bucket_ids`); `add` marks rows kept, `query` finds the
    verified kept rows (and earlier rows of the same batch) sharing a band with each row, those
    agreeing on at least `need` permutations."""

    def __init__(self, buckets: np.ndarray, num_perm: int, need: int) -> None:
        self.buckets = buckets
        rows_type = _index_type(len(buckets))
        self.head = np.full(int(buckets.max()) + 1 if buckets.size else 0, -1, dtype=rows_type)
        self.following = np.full(buckets.shape, -1, dtype=rows_type)
        self.seen = np.full(len(buckets), -1, dtype=rows_type)
        self.slots = np.full(len(buckets), -1, dtype=rows_type)  # row -> its place in `kept`
        self.kept = np.empty((0, num_perm), dtype=np.uint32)  # grown as rows are kept
        self.count = 0
        self.need = need

    def add(self, rows: list[int], signatures: np.ndarray) -> None:
        """Keep `rows`, whose signatures are the rows of `signatures`."""
        if not rows:
            return
        end = self.count + len(rows)
        if end > len(self.kept):  # a quarter more each time: little copying, little slack
            larger = np.empty((max(end, len(self.kept) * 5 // 4, 1024), self.kept.shape[1]), dtype=np.uint32)
            larger[: self.count] = self.kept[: self.count]
            self.kept = larger
        self.kept[self.count : end] = signatures
        chosen = np.asarray(rows, dtype=np.int64)
        self.slots[chosen] = np.arange(self.count, end)
        self.count = end
        _add(self.buckets, self.head, self.following, chosen)

    def query(self, rows: list[int], signatures: np.ndarray) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
        """(kept, earlier): row -> [(other row, agreeing permutations)] of verified pairs, with
        kept rows, and with earlier rows of `rows` (whose signatures are the rows of
        `signatures`). Each row is queried once in a run."""
        kept: dict[int, list[tuple[int, int]]] = {}
        earlier: dict[int, list[tuple[int, int]]] = {}
        if not rows:
            return kept, earlier
        where, other, agree, kind = _query(self.kept, self.slots, np.ascontiguousarray(signatures), self.buckets,
                                           self.head, self.following, self.seen, np.asarray(rows, dtype=np.int64),
                                           self.need)
        for position, row, same, local in zip(where.tolist(), other.tolist(), agree.tolist(), kind.tolist()):
            (earlier if local else kept).setdefault(rows[position], []).append((row, same))
        return kept, earlier

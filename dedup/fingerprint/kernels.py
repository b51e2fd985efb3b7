"""Compiled kernels: UTF-8 bytes -> words -> xxh64 shingle hashes -> per-permutation minima.

`minhash_bytes` does it all in one call, bytes in and minima out; `split_words` +
`minhash_ranges` split it so the per-document stage splits once and signs every paragraph from
the same words. The signatures are bit for bit those of `reference.py`, the plain-Python
definition (and the first, numpy, implementation of this project).

All arithmetic is modulo 2**64 on uint64; every constant is a uint64 so numba never promotes
to float. `cache=True` keeps the compiled code on disk, so only the first run pays for it.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .tokens import DIGIT, WORD

U64 = np.uint64
P1, P2, P3 = U64(0x9E3779B185EBCA87), U64(0xC2B2AE3D27D4EB4F), U64(0x165667B19E3779F9)
P4, P5 = U64(0x85EBCA77C2B2AE63), U64(0x27D4EB2F165667C5)
EMPTY = np.uint32(0xFFFFFFFF)


@njit(inline="always")
def _rotl(x, r):
    return (x << U64(r)) | (x >> U64(64 - r))


@njit(inline="always")
def _read(buf, i, width):
    """Little-endian word of `width` bytes at buf[i] (LLVM merges the byte loads into one)."""
    value = U64(0)
    for k in range(width):
        value |= U64(buf[i + k]) << U64(8 * k)
    return value


@njit(inline="always")
def _round(acc, lane):
    return _rotl(acc + lane * P2, 31) * P1


@njit(inline="always")
def _merge(acc, value):
    return (acc ^ _round(U64(0), value)) * P1 + P4


@njit(inline="always")
def xxh64(buf, start, end):
    """XXH64 (seed 0) of buf[start:end], bit for bit the `xxhash` library's."""
    i = start
    if end - start >= 32:
        v1, v2, v3, v4 = P1 + P2, P2, U64(0), U64(0) - P1
        while i + 32 <= end:
            v1 = _round(v1, _read(buf, i, 8))
            v2 = _round(v2, _read(buf, i + 8, 8))
            v3 = _round(v3, _read(buf, i + 16, 8))
            v4 = _round(v4, _read(buf, i + 24, 8))
            i += 32
        h = _rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)
        h = _merge(_merge(_merge(_merge(h, v1), v2), v3), v4)
    else:
        h = P5
    h += U64(end - start)
    while i + 8 <= end:
        h = _rotl(h ^ _round(U64(0), _read(buf, i, 8)), 27) * P1 + P4
        i += 8
    if i + 4 <= end:
        h = _rotl(h ^ (_read(buf, i, 4) * P1), 23) * P2 + P3
        i += 4
    while i < end:
        h = _rotl(h ^ (U64(buf[i]) * P5), 11) * P1
        i += 1
    h = (h ^ (h >> U64(33))) * P2
    h = (h ^ (h >> U64(29))) * P3
    return h ^ (h >> U64(32))


@njit(inline="always")
def _class(buf, i, classes):
    """Class bits of the multi-byte UTF-8 character whose lead byte is buf[i] (valid UTF-8).
    Unsigned indices spare numba its negative-index check."""
    b0, b1 = U64(buf[i]), U64(buf[i + 1]) & U64(0x3F)
    if b0 < 0xE0:
        return classes[((b0 & U64(0x1F)) << U64(6)) | b1]
    b2 = U64(buf[i + 2]) & U64(0x3F)
    if b0 < 0xF0:
        return classes[((b0 & U64(0x0F)) << U64(12)) | (b1 << U64(6)) | b2]
    b3 = U64(buf[i + 3]) & U64(0x3F)
    return classes[((b0 & U64(0x07)) << U64(18)) | (b1 << U64(12)) | (b2 << U64(6)) | b3]


@njit(cache=True, nogil=True)
def split_words(buf, classes):
    """The words of `buf` (from `tokens.encode`: ASCII case is folded here), joined by single
    spaces into a new buffer: (joined, start and end of each word in joined, its offset in buf,
    has-a-digit flags).

    A shingle of words i..j is then the slice joined[starts[i]:ends[j]], byte for byte the
    `" ".join(words)` of the reference. Boundaries are counted without branches (a word starts
    where a word byte follows a non-word byte), so unpredictable boundaries cost no
    mispredictions; UTF-8 continuation bytes take the class of their lead byte."""
    n = len(buf)
    limit = (n + 1) // 2  # words are separated by at least one byte
    joined = np.empty(n + 1, dtype=np.uint8)
    starts = np.empty(limit + 1, dtype=np.int64)
    ends = np.empty(limit + 1, dtype=np.int64)
    offsets = np.empty(limit + 1, dtype=np.int64)
    digits = np.zeros(limit + 1, dtype=np.bool_)  # digits[k]: word k - 1 has a digit
    count, closed, size, previous, cls = 0, 0, 0, 0, np.uint8(0)
    for i in range(n):
        byte = buf[i]
        if byte < 0x80:
            cls = classes[byte]
        elif byte >= 0xC0:
            cls = _class(buf, i, classes)
        word = cls & WORD
        begins = word & (previous ^ 1)
        ends[closed] = size
        closed += previous & (word ^ 1)
        joined[size] = 32  # the space before every word but the first
        size += begins & (count > 0)
        starts[count], offsets[count] = size, i
        count += begins
        joined[size] = byte + 32 * ((byte >= 65) & (byte <= 90))  # ASCII case folds here (see tokens.encode)
        size += word
        digits[count] |= (cls & DIGIT) != 0
        previous = word
    ends[closed] = size
    return joined[:size], starts[:count], ends[:count], offsets[:count], digits[1 : count + 1]  # views: no copies


@njit(inline="always")
def _shingles(joined, starts, ends, low, high, ngram):
    """xxh64 of each run of `ngram` words in [low, high) as space-joined bytes; fewer words
    than `ngram` (even none) make one shingle."""
    out = np.empty(max(1, high - low - ngram + 1), dtype=np.uint64)
    if high == low:
        out[0] = xxh64(joined, 0, 0)
        return out
    for i in range(len(out)):
        out[i] = xxh64(joined, starts[low + i], ends[min(low + i + ngram, high) - 1])
    return out


@njit(cache=True, nogil=True)
def word_hashes(joined, starts, ends):
    """xxh64 of each word."""
    out = np.empty(len(starts), dtype=np.uint64)
    for k in range(len(starts)):
        out[k] = xxh64(joined, starts[k], ends[k])
    return out


@njit(cache=True, nogil=True)
def shingle_set(joined, starts, ends, ngram):
    """Sorted distinct hashes of the text's shingles (those a signature takes the minima of)."""
    return np.unique(_shingles(joined, starts, ends, 0, len(starts), ngram))


@njit(cache=True, nogil=True)
def shared_count(left, right):
    """How many values two sorted arrays of distinct values share (one merge pass)."""
    i = j = shared = 0
    while i < len(left) and j < len(right):
        if left[i] < right[j]:
            i += 1
        elif left[i] > right[j]:
            j += 1
        else:
            shared += 1
            i += 1
            j += 1
    return shared


@njit(inline="always")
def _minima(shingles, a, b, out):
    """out[p] = min over shingles h of ((a[p] * h + b[p]) mod 2**64) >> 32. Permutations outside,
    shingles inside: the inner loop is a min-reduction that LLVM vectorizes."""
    for p in range(len(a)):
        ap, bp, m = a[p], b[p], EMPTY
        for i in range(len(shingles)):  # indexed: iterating the array halves the speed
            m = min(m, np.uint32((ap * shingles[i] + bp) >> U64(32)))
        out[p] = m


@njit(cache=True, nogil=True)
def minhash_bytes(buf, classes, ngram, a, b):
    """Signature of `buf` (from `tokens.encode`): bytes in, minima out, in one call."""
    joined, starts, ends, _, _ = split_words(buf, classes)
    out = np.empty(len(a), dtype=np.uint32)
    _minima(_shingles(joined, starts, ends, 0, len(starts), ngram), a, b, out)
    return out


@njit(cache=True, nogil=True)
def minhash_ranges(joined, starts, ends, lows, highs, ngram, a, b):
    """One signature row per word range [lows[i], highs[i]), shingles inside the range."""
    out = np.empty((len(lows), len(a)), dtype=np.uint32)
    for row in range(len(lows)):
        _minima(_shingles(joined, starts, ends, lows[row], highs[row], ngram), a, b, out[row])
    return out


@njit(cache=True, nogil=True)
def range_keys(buf, lows, highs, width):
    """xxh64 of buf[width * lows[i] : width * highs[i]] for each i (a line's key over its words'
    8-byte hashes)."""
    out = np.empty(len(lows), dtype=np.uint64)
    for i in range(len(lows)):
        out[i] = xxh64(buf, width * lows[i], width * highs[i])
    return out


@njit(cache=True, nogil=True)
def distinct_ranges(values, lows, highs):
    """Sorted distinct values of values[lows[i]:highs[i]] for each i, as (offsets, data)."""
    offsets = np.zeros(len(lows) + 1, dtype=np.int64)
    data = np.empty(max(0, (highs - lows).sum()), dtype=values.dtype)
    size = 0
    for i in range(len(lows)):
        chunk = np.sort(values[lows[i] : highs[i]])
        for k in range(len(chunk)):
            if k == 0 or chunk[k] != chunk[k - 1]:
                data[size] = chunk[k]
                size += 1
        offsets[i + 1] = size
    return offsets, data[:size].copy()


@njit(cache=True, nogil=True)
def minhash_groups(values, bounds, a, b):
    """One signature per group of shingle hashes values[bounds[g]:bounds[g + 1]] (for
    unigrams: word hashes)."""
    out = np.empty((len(bounds) - 1, len(a)), dtype=np.uint32)
    for g in range(len(bounds) - 1):
        _minima(values[bounds[g] : bounds[g + 1]], a, b, out[g])
    return out


@njit(cache=True, nogil=True)
def minhash_gathered(joined, starts, ends, words, bounds, ngram, a, b):
    """One signature per group of words words[bounds[g]:bounds[g + 1]] (indices into
    starts/ends): the signature of those words joined by single spaces, as `minhash_bytes`
    gives it for the lines holding them."""
    out = np.empty((len(bounds) - 1, len(a)), dtype=np.uint32)
    for g in range(len(bounds) - 1):
        low, high = bounds[g], bounds[g + 1]
        size = 0
        for k in range(low, high):
            size += ends[words[k]] - starts[words[k]] + 1
        buffer = np.empty(max(size, 1), dtype=np.uint8)
        group_starts = np.empty(high - low, dtype=np.int64)
        group_ends = np.empty(high - low, dtype=np.int64)
        position = 0
        for k in range(low, high):
            word = words[k]
            if k > low:
                buffer[position] = 32
                position += 1
            group_starts[k - low] = position
            length = ends[word] - starts[word]
            buffer[position : position + length] = joined[starts[word] : ends[word]]
            position += length
            group_ends[k - low] = position
        _minima(_shingles(buffer, group_starts, group_ends, 0, high - low, ngram), a, b, out[g])
    return out

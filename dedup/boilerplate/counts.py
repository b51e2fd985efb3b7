"""Compiled count of the debris lexicon's words per line, without building the words.

`lexicon.tokenize` (`\\w+(?:[-']\\w+)*` on the lower-cased line) costs a string per word, and
most lines are prose whose words only ever count. Here every line of the encoded document
(`fingerprint.tokens.encode` of the lines joined by newlines: lower-cased, so the characters'
classes are those `tokenize` sees) is counted in one pass: a word starts at a word character
unless a single '-' or "'" joins it to the word before. Imported on first use (numba).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ..fingerprint.tokens import WORD

U64 = np.uint64


@njit(inline="always")
def _code_point(buf, i):
    """The code point whose UTF-8 lead byte is buf[i] (valid UTF-8, lead byte >= 0xC0)."""
    b0, b1 = U64(buf[i]), U64(buf[i + 1]) & U64(0x3F)
    if b0 < 0xE0:
        return ((b0 & U64(0x1F)) << U64(6)) | b1
    b2 = U64(buf[i + 2]) & U64(0x3F)
    if b0 < 0xF0:
        return ((b0 & U64(0x0F)) << U64(12)) | (b1 << U64(6)) | b2
    b3 = U64(buf[i + 3]) & U64(0x3F)
    return ((b0 & U64(0x07)) << U64(18)) | (b1 << U64(12)) | (b2 << U64(6)) | b3


@njit(cache=True, nogil=True)
def line_word_counts(buf, classes, lines):
    """Words of each of the `lines` newline-separated lines of `buf`, as `len(tokenize(line))`.
    The flags are 0/1 integers (`WORD` is bit 0) and a word start adds to the count without a
    branch: word boundaries are unpredictable, and this runs twice as fast as `if`s on them."""
    out = np.zeros(lines, dtype=np.int64)
    line, count = 0, 0
    previous_word = 0  # the previous character is a word character
    joiner = 0  # the previous character is '-' or "'" right after a word character
    for i in range(len(buf)):
        byte = buf[i]
        if byte == 10:
            out[line] = count
            line, count, previous_word, joiner = line + 1, 0, 0, 0
            continue
        if byte < 0x80:
            word = classes[byte] & WORD
        elif byte >= 0xC0:
            word = classes[_code_point(buf, i)] & WORD
        else:
            continue  # a continuation byte: its character was classed at its lead byte
        count += word & ((previous_word | joiner) ^ 1)
        joiner = previous_word & (word ^ 1) & ((byte == 45) | (byte == 39))
        previous_word = word
    out[line] = count
    return out

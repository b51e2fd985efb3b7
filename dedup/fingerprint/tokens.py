"""Word tokenization shared by every fingerprint, so all of them agree on what a word is.

A word is a run of `\\w` characters (Python's `re` definition) of the lower-cased text. Case
and punctuation are folded away; numbers stay, because two notices that differ only in their
figures state different facts. The compiled kernels read the same definition from
`char_classes`, so they split text exactly as `words` does.
"""
from __future__ import annotations

import re
from functools import cache

import numpy as np

_WORD = re.compile(r"\w+")
WORD, DIGIT = 1, 2  # bits of `char_classes`
CLASSIFIED_BELOW = 0x40000  # no word character exists above plane 3 (checked by the tests)


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


@cache
def char_classes() -> np.ndarray:
    """uint8 per code point: WORD for `\\w`, DIGIT for `\\d`, taken from `re` itself."""
    table = np.zeros(0x110000, dtype=np.uint8)
    every = "".join(map(chr, range(CLASSIFIED_BELOW)))
    for pattern, bit in ((r"\w+", WORD), (r"\d+", DIGIT)):
        for match in re.finditer(pattern, every):
            table[match.start() : match.end()] |= bit
    table.flags.writeable = False
    return table


def encode(text: str) -> bytes:
    """The kernels' input: UTF-8, lower-cased but for ASCII letters, which the kernels fold
    themselves (most text is ASCII, and `str.lower` costs as much as the rest). Lone
    surrogates pass through."""
    return text.encode("ascii") if text.isascii() else text.lower().encode("utf-8", "surrogatepass")

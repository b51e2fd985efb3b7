"""Word tokenization shared by every fingerprint, so all of them agree on what a word is.

Case and punctuation are folded away; numbers stay, because two notices that differ only in
their figures state different facts.
"""
from __future__ import annotations

import re

import xxhash

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


def exact_key(text: str) -> int:
    """64-bit key equal for texts that differ only in case, punctuation and spacing."""
    tokens = words(text)
    basis = " ".join(tokens) if tokens else text.strip().lower()
    return xxhash.xxh64_intdigest(basis.encode("utf-8", "surrogatepass"))


def number_tokens(tokens: list[str]) -> frozenset[str]:
    """The tokens that carry a digit: the figures of a text."""
    return frozenset(token for token in tokens if any(ch.isdigit() for ch in token))

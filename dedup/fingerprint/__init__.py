"""Fingerprints of text: words and MinHash signatures of their n-grams."""
from .minhash import MinHasher, Words, similarity, split
from .tokens import words

__all__ = ["MinHasher", "Words", "similarity", "split", "words"]

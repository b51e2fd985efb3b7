"""Fingerprints of text: word tokens, exact keys and MinHash signatures."""
from .minhash import MinHasher
from .tokens import exact_key, number_tokens, words

__all__ = ["MinHasher", "exact_key", "number_tokens", "words"]

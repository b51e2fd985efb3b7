"""The per-document stage: repair, segment, strip boilerplate, fingerprint.

Everything here looks at one document alone, so it can run in any process, on any worker, in
any order. Decisions that need the whole corpus are taken later by `dedup.duplicates.decide`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .boilerplate import strip_document
from .config import Config
from .document import Document
from .fingerprint import MinHasher, exact_key, number_tokens, words
from .repair import repair
from .segment import paragraphs


@dataclass
class Analysis:
    """A document with its boilerplate spans and the fingerprints the global step needs."""

    doc: Document
    keys: list[int] = field(default_factory=list)  # exact key per paragraph
    word_counts: list[int] = field(default_factory=list)
    numbers: list[frozenset[str]] = field(default_factory=list)
    signatures: dict[int, np.ndarray] = field(default_factory=dict)  # long paragraphs only
    doc_signature: np.ndarray | None = None  # word n-grams of the non-boilerplate text
    doc_numbers: frozenset[str] = frozenset()
    story_signature: np.ndarray | None = None  # word unigrams, for the same-story relation
    content_chars: int = 0
    boilerplate_chars: int = 0

    def content_paragraphs(self) -> list[int]:
        """Indices of paragraphs no span removes so far."""
        removed = {(s.start, s.end) for s in self.doc.removed}
        return [i for i, span in enumerate(self.doc.paragraphs) if span not in removed]


class Analyzer:
    """Runs the per-document stage with one configuration (hashers are built once)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.shingles = MinHasher(config.num_perm, config.ngram, config.seed)
        self.unigrams = MinHasher(config.num_perm, 1, config.seed + 1)

    def __call__(self, doc: Document) -> Analysis:
        analysis = Analysis(doc)
        if doc.error is not None:
            return analysis
        doc.text = repair(doc.text)
        doc.paragraphs = paragraphs(doc.text)
        if self.config.strip_boilerplate:
            strip_document(doc)
        content_tokens: list[str] = []
        content = set(analysis.content_paragraphs())
        for index in range(len(doc.paragraphs)):
            tokens = words(doc.paragraph_text(index))
            analysis.keys.append(exact_key(doc.paragraph_text(index)))
            analysis.word_counts.append(len(tokens))
            analysis.numbers.append(number_tokens(tokens))
            if index in content:
                content_tokens.extend(tokens)
                if len(tokens) >= self.config.min_paragraph_words:
                    analysis.signatures[index] = self.shingles.signature_of_tokens(tokens)
        analysis.boilerplate_chars = sum(s.end - s.start for s in doc.removed)
        analysis.content_chars = sum(doc.paragraphs[i][1] - doc.paragraphs[i][0] for i in content)
        if content_tokens:
            analysis.doc_signature = self.shingles.signature_of_tokens(content_tokens)
            analysis.doc_numbers = number_tokens(content_tokens)
            analysis.story_signature = self.unigrams.signature_of_tokens(sorted(set(content_tokens)))
        return analysis

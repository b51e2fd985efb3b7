"""The per-document stage: repair, segment, strip boilerplate, fingerprint.

Everything here looks at one document alone, so it can run in any process, on any worker, in
any order. Decisions that need the whole corpus are taken later by `dedup.duplicates.decide`,
which reads only what `Analysis` holds besides the text (keys, counts, flags, signatures).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xxhash

from .boilerplate import strip_document
from .boilerplate.lines import is_sentence_like
from .config import Config
from .document import Document
from .fingerprint import MinHasher, Words
from .fingerprint.minhash import range_keys, range_sets, split_encoded
from .fingerprint.tokens import encode
from .packed import PackedRows, Ragged
from .repair import repair
from .segment import paragraphs

# Empty arrays the defaults of every Analysis share (they have no element to write to); the
# containers around them are new for each.
_NO_INDICES = np.empty(0, dtype=np.int32)
_NO_ROWS = np.empty((0, 0), dtype=np.uint32)
_NO_OFFSETS = np.zeros(1, dtype=np.int64)
_NO_VALUES = np.empty(0, dtype=np.uint32)
_NO_KEYS = np.empty(0, dtype=np.uint64)
_NO_COUNTS = np.empty(0, dtype=np.int32)
_NO_FLAGS = np.empty(0, dtype=np.bool_)
NO_FIGURES: frozenset[int] = frozenset()  # what `Analysis.figures` gives most paragraphs


@dataclass(slots=True)  # no __dict__: the driver holds one per document
class Analysis:
    """A document with its boilerplate spans and the fingerprints the global step needs.

    Plain values and numpy arrays only, so it pickles to any worker. The driver holds one per
    document of the corpus, so per-paragraph values are numpy arrays, not lists of Python ints,
    bools and sets (40-250 bytes a paragraph each): one array per field, or packed
    (`dedup.packed`) a few arrays per document. On the driver of `dedup clean` the cold ones
    (signatures, word sets, figures) are stand-ins reading them back from disk
    (`dedup.duplicates.store`)."""

    doc: Document
    keys: np.ndarray = field(default_factory=lambda: _NO_KEYS)  # uint64 exact key per paragraph
    word_counts: np.ndarray = field(default_factory=lambda: _NO_COUNTS)  # int32
    prose: np.ndarray = field(default_factory=lambda: _NO_FLAGS)  # bool: sentence-like, per paragraph
    # the paragraphs with figures only: xxh64 of their words with a digit (see `figures`)
    numbers: Ragged = field(default_factory=lambda: Ragged(_NO_INDICES, _NO_OFFSETS, _NO_KEYS))
    signatures: PackedRows = field(default_factory=lambda: PackedRows(_NO_INDICES, _NO_ROWS))
    # long content paragraphs only, one row each
    vocabularies: Ragged = field(default_factory=lambda: Ragged(_NO_INDICES, _NO_OFFSETS, _NO_VALUES))  # content paragraphs:
    # sorted distinct uint32 word hashes, to tell an edited copy of a paragraph inside a copied document
    doc_signature: np.ndarray | None = None  # word n-grams of the non-boilerplate text
    doc_numbers: np.ndarray = field(default_factory=lambda: _NO_KEYS)  # sorted distinct figures of the content paragraphs
    story_signature: np.ndarray | None = None  # word unigrams, for the same-story relation
    content_chars: int = 0
    boilerplate_chars: int = 0

    def content_paragraphs(self) -> list[int]:
        """Indices of paragraphs no span removes so far."""
        removed = {(s.start, s.end) for s in self.doc.removed}
        return [i for i, bounds in enumerate(self.doc.paragraph_bounds()) if bounds not in removed]

    def figures(self, index: int) -> frozenset[int]:
        """The figures of paragraph `index`, as `verify.figures_differ` compares them."""
        found = self.numbers.get(index)
        return NO_FIGURES if found is None else frozenset(found.tolist())

    def document_figures(self) -> frozenset[int]:
        return frozenset(np.asarray(self.doc_numbers).tolist())


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
        texts = [doc.paragraph_text(i) for i in range(len(doc.paragraphs))]
        buffer = encode("\n".join(texts))  # "\n" is no word character: words stay in their line
        if self.config.strip_boilerplate:
            strip_document(doc, encoded=buffer, texts=texts)
        split_text = split_encoded(buffer)
        hashes = split_text.hashes()
        lows, highs = _line_bounds(buffer, len(texts), split_text)
        counts = highs - lows
        analysis.keys = _line_keys(texts, hashes, lows, highs)
        analysis.word_counts = counts.astype(np.int32)
        analysis.prose = np.fromiter((is_sentence_like(text, count) for text, count in zip(texts, counts.tolist())),
                                     dtype=np.bool_, count=len(texts))
        analysis.numbers = _line_figures(split_text.digits, hashes, lows, highs)
        doc.paragraphs = np.asarray(doc.paragraphs, dtype=np.int64).reshape(-1, 2)  # see `Document.paragraphs`
        content = analysis.content_paragraphs()
        analysis.boilerplate_chars = sum(s.end - s.start for s in doc.removed)
        chosen = np.asarray(content, dtype=np.int64)
        analysis.content_chars = int((doc.paragraphs[chosen, 1] - doc.paragraphs[chosen, 0]).sum())
        long = chosen[counts[chosen] >= self.config.min_paragraph_words]
        analysis.signatures = PackedRows(long, self.shingles.signatures(split_text, lows[long], highs[long]))
        analysis.vocabularies = Ragged(chosen, *range_sets(hashes, lows[chosen], highs[chosen]))
        if counts[chosen].any():
            # a body printed twice signs as once
            keys = analysis.keys.tolist()
            distinct = np.asarray(sorted({keys[i]: i for i in reversed(content)}.values()), dtype=np.int64)
            # the signatures of "\n".join of those paragraphs, from the words already split
            chosen_words = _word_indices(lows[distinct], highs[distinct])
            analysis.doc_signature = self.shingles.signature_of_words(*_gather(split_text, chosen_words))
            analysis.story_signature = self.unigrams.signature_of_hashes(hashes[chosen_words])
            figures = analysis.numbers
            with_figures = np.intersect1d(figures.indices, chosen).tolist()
            analysis.doc_numbers = np.unique(np.concatenate([_NO_KEYS, *(figures[i] for i in with_figures)]))
        return analysis


def _line_bounds(buffer: bytes, lines: int, words: Words) -> tuple[np.ndarray, np.ndarray]:
    """(first, end) word index of each line of the encoded "\n".join(texts), from the words'
    byte offsets. The lines are cut at the newline bytes (UTF-8 has no other 0x0A byte, and
    lower-casing the whole text or each line apart gives the same byte lengths)."""
    if not lines:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    newlines = np.flatnonzero(np.frombuffer(buffer, dtype=np.uint8) == 10)
    cuts = np.concatenate(([0], newlines + 1, [len(buffer) + 1]))
    bounds = np.searchsorted(words.offsets, cuts)
    return bounds[:-1], bounds[1:]


def _line_keys(texts: list[str], hashes: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """Exact key (uint64) of each line: xxh64 of its words' hashes; a line without words hashes
    its stripped, lower-cased text."""
    keys = range_keys(hashes, lows, highs)
    for i in np.flatnonzero(highs == lows).tolist():
        keys[i] = xxhash.xxh64_intdigest(texts[i].strip().lower().encode("utf-8", "surrogatepass"))
    return keys


def _line_figures(digits: np.ndarray, hashes: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> Ragged:
    """The hashes of each line's words with a digit, for the lines that have some (most have none)."""
    digit_words = np.flatnonzero(digits)
    firsts = np.searchsorted(digit_words, lows)
    ends = np.searchsorted(digit_words, highs)
    lines = np.flatnonzero(ends > firsts)
    offsets = np.concatenate(([0], np.cumsum(ends[lines] - firsts[lines])))
    return Ragged(lines, offsets, hashes[digit_words[_word_indices(firsts[lines], ends[lines])]])


def _word_indices(lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """The word indices of the ranges [lows[i], highs[i]), in order."""
    lengths = highs - lows
    starts = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(lows - starts, lengths)


def _gather(words: Words, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(joined, starts, ends) of the `chosen` words (ascending indices), joined by single spaces:
    what `split_words` gives for the lines holding them joined by newlines."""
    if len(chosen) and chosen[-1] - chosen[0] == len(chosen) - 1:  # one run: a slice of the words
        low, high = int(chosen[0]), int(chosen[-1]) + 1
        return words.joined, words.starts[low:high], words.ends[low:high]
    starts, ends = words.starts[chosen], words.ends[chosen]
    lengths = ends - starts
    new_ends = np.cumsum(lengths + 1) - 1
    new_starts = new_ends - lengths
    size = int(new_ends[-1]) if len(chosen) else 0
    joined = np.full(size, 32, dtype=np.uint8)
    inside = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    joined[np.repeat(new_starts, lengths) + inside] = words.joined[np.repeat(starts, lengths) + inside]
    return joined, new_starts, new_ends

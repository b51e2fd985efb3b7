"""The per-document stage: repair, segment, strip boilerplate, fingerprint.

Everything here looks at one document alone, so it can run in any process, on any worker, in
any order. Decisions that need the whole corpus are taken later by `dedup.duplicates.decide`,
which reads only what `Analysis` holds besides the text (keys, counts, flags, signatures).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import xxhash

from .boilerplate import strip_document
from .boilerplate.lines import is_sentence_like
from .config import Config
from .document import Document
from .fingerprint import MinHasher, Words
from .fingerprint.minhash import split_encoded
from .fingerprint.tokens import encode
from .packed import PackedRows, Ragged
from .repair import repair
from .segment import paragraphs

# Most paragraphs have no figures: they all share this one set (216 bytes each otherwise, on
# the driver, for every paragraph of the corpus).
NO_FIGURES: frozenset[int] = frozenset()
# Empty arrays the defaults of every Analysis share (they have no element to write to); the
# containers around them are new for each.
_NO_INDICES = np.empty(0, dtype=np.int32)
_NO_ROWS = np.empty((0, 0), dtype=np.uint32)
_NO_OFFSETS = np.zeros(1, dtype=np.int64)
_NO_VALUES = np.empty(0, dtype=np.uint32)


@dataclass
class Analysis:
    """A document with its boilerplate spans and the fingerprints the global step needs.

    Plain values and numpy arrays only, so it pickles to any worker; per-paragraph arrays are
    packed (`dedup.packed`), a few arrays per document."""

    doc: Document
    keys: list[int] = field(default_factory=list)  # exact key per paragraph
    word_counts: list[int] = field(default_factory=list)
    prose: list[bool] = field(default_factory=list)  # sentence-like per paragraph
    numbers: list[frozenset[int]] = field(default_factory=list)  # xxh64 of the words with a digit
    signatures: PackedRows = field(default_factory=lambda: PackedRows(_NO_INDICES, _NO_ROWS))
    # long content paragraphs only, one row each
    vocabularies: Ragged = field(default_factory=lambda: Ragged(_NO_INDICES, _NO_OFFSETS, _NO_VALUES))  # content paragraphs:
    # sorted distinct uint32 word hashes, to tell an edited copy of a paragraph inside a copied document
    doc_signature: np.ndarray | None = None  # word n-grams of the non-boilerplate text
    doc_numbers: frozenset[int] = NO_FIGURES
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
        texts = [doc.paragraph_text(i) for i in range(len(doc.paragraphs))]
        buffer = encode("\n".join(texts))  # "\n" is no word character: words stay in their line
        if self.config.strip_boilerplate:
            strip_document(doc, encoded=buffer)
        split_text = split_encoded(buffer)
        hashes = split_text.hashes()
        ranges = _word_ranges(buffer, len(texts), split_text)
        hash_bytes = hashes.tobytes()  # a line's key hashes its words' hashes: 8 bytes each
        digit_words = np.flatnonzero(split_text.digits)
        figures = hashes[digit_words].tolist()  # the words with a digit; each line's are a slice
        firsts = np.searchsorted(digit_words, [low for low, _ in ranges]).tolist()
        ends = np.searchsorted(digit_words, [high for _, high in ranges]).tolist()
        for text, (low, high), first, end in zip(texts, ranges, firsts, ends):
            basis = hash_bytes[8 * low : 8 * high] if high > low else text.strip().lower().encode("utf-8", "surrogatepass")
            analysis.keys.append(xxhash.xxh64_intdigest(basis))
            analysis.word_counts.append(high - low)
            analysis.prose.append(is_sentence_like(text, high - low))
            analysis.numbers.append(frozenset(figures[first:end]) if end > first else NO_FIGURES)
        content = analysis.content_paragraphs()
        analysis.boilerplate_chars = sum(s.end - s.start for s in doc.removed)
        analysis.content_chars = sum(doc.paragraphs[i][1] - doc.paragraphs[i][0] for i in content)
        long = [i for i in content if analysis.word_counts[i] >= self.config.min_paragraph_words]
        rows = self.shingles.signatures(split_text, [ranges[i][0] for i in long], [ranges[i][1] for i in long])
        analysis.signatures = PackedRows(np.asarray(long), rows)
        analysis.vocabularies = _vocabularies(content, ranges, hashes)
        if any(analysis.word_counts[i] for i in content):
            distinct = {analysis.keys[i]: i for i in reversed(content)}  # a body printed twice signs as once
            # the signatures of "\n".join of those paragraphs, from the words already split
            content_words = _gather(split_text, [ranges[i] for i in sorted(distinct.values())])
            analysis.doc_signature = self.shingles.signature_of_words(*content_words)
            analysis.story_signature = self.unigrams.signature_of_words(*content_words)
            analysis.doc_numbers = frozenset().union(*(analysis.numbers[i] for i in content)) or NO_FIGURES
        return analysis


def _word_ranges(buffer: bytes, lines: int, words: Words) -> list[tuple[int, int]]:
    """(first, end) word index of each line of the encoded "\n".join(texts), from the words'
    byte offsets. The lines are cut at the newline bytes (UTF-8 has no other 0x0A byte, and
    lower-casing the whole text or each line apart gives the same byte lengths)."""
    if not lines:
        return []
    newlines = np.flatnonzero(np.frombuffer(buffer, dtype=np.uint8) == 10)
    cuts = np.concatenate(([0], newlines + 1, [len(buffer) + 1]))
    bounds = np.searchsorted(words.offsets, cuts).tolist()
    return list(pairwise(bounds))


def _gather(words: Words, ranges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(joined, starts, ends) of the words of `ranges`, in order, joined by single spaces: what
    `split_words` gives for the lines of those ranges joined by newlines."""
    merged: list[tuple[int, int]] = []
    for low, high in ranges:  # consecutive lines hold consecutive words
        if merged and merged[-1][1] == low:
            merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    ranges = merged
    if len(ranges) == 1:
        low, high = ranges[0]
        return words.joined, words.starts[low:high], words.ends[low:high]
    chosen = np.concatenate([np.arange(low, high) for low, high in ranges]) if ranges else np.empty(0, np.int64)
    starts, ends = words.starts[chosen], words.ends[chosen]
    lengths = ends - starts
    new_ends = np.cumsum(lengths + 1) - 1
    new_starts = new_ends - lengths
    size = int(new_ends[-1]) if len(chosen) else 0
    joined = np.full(size, 32, dtype=np.uint8)
    inside = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    joined[np.repeat(new_starts, lengths) + inside] = words.joined[np.repeat(starts, lengths) + inside]
    return joined, new_starts, new_ends




def _vocabularies(content: list[int], ranges: list[tuple[int, int]], hashes: np.ndarray) -> Ragged:
    """Sorted distinct uint32 word hashes of each content paragraph, in one sort for the whole
    document: the keys (paragraph position << 32 | hash) sort by paragraph, then by hash."""
    count = len(content)
    if not count:
        return Ragged(np.asarray(content), np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.uint32))
    bounds = np.asarray([ranges[i] for i in content], dtype=np.int64).reshape(count, 2)
    lows, lengths = bounds[:, 0], bounds[:, 1] - bounds[:, 0]
    starts = np.cumsum(lengths) - lengths
    total = int(starts[-1] + lengths[-1])
    words = np.arange(total) + np.repeat(lows - starts, lengths)
    keys = np.repeat(np.arange(count, dtype=np.uint64) << np.uint64(32), lengths) | hashes[words].astype(np.uint32)
    keys.sort()
    if total > 1:  # np.unique without its hashing pass: the keys are sorted already
        keep = np.empty(total, dtype=bool)
        keep[0] = True
        np.not_equal(keys[1:], keys[:-1], out=keep[1:])
        keys = keys[keep]
    offsets = np.searchsorted(keys >> np.uint64(32), np.arange(count + 1, dtype=np.uint64))
    return Ragged(np.asarray(content), offsets, (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32))

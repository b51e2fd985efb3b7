"""The per-document stage: repair, segment, strip boilerplate, fingerprint.

Everything here looks at one document alone, so it can run in any process, on any worker, in
any order. The fingerprints of a batch of documents are computed together (`_Batch`), in a few
compiled calls over all their lines, with the same values as one document at a time. Decisions that need the whole corpus are taken later by `dedup.duplicates.decide`,
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
from .fingerprint.minhash import distinct_ranges, range_keys, range_sets, split_encoded
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
_NO_LINES = np.empty(0, dtype=np.int64)
NO_FIGURES: frozenset[int] = frozenset()  # what `Analysis.figures` gives most paragraphs
# A document's per-paragraph values in one array (one numpy header a document, not three: the
# driver holds one per document of the corpus).
LINE = np.dtype([("key", "<u8"), ("words", "<i4"), ("prose", "?")])


def line_table(keys: np.ndarray, word_counts: np.ndarray, prose: np.ndarray) -> np.ndarray:
    """`Analysis.lines` from its three columns."""
    table = np.empty(len(keys), dtype=LINE)
    table["key"], table["words"], table["prose"] = keys, word_counts, prose
    return table


_NO_LINE_TABLE = line_table(_NO_KEYS, _NO_COUNTS, _NO_FLAGS)


@dataclass(slots=True)
class Fingerprints:
    """The cold fingerprints of a document: read by the global step for a few documents, or
    once. On the driver of `dedup clean` they wait on disk (`dedup.duplicates.store`)."""

    # the paragraphs with figures only: xxh64 of their words with a digit (see `Analysis.figures`)
    numbers: Ragged = field(default_factory=lambda: Ragged(_NO_INDICES, _NO_OFFSETS, _NO_KEYS))
    # long content paragraphs only, one row each
    signatures: PackedRows = field(default_factory=lambda: PackedRows(_NO_INDICES, _NO_ROWS))
    # content paragraphs: sorted distinct uint32 word hashes, to tell an edited copy of a
    # paragraph inside a copied document
    vocabularies: Ragged = field(default_factory=lambda: Ragged(_NO_INDICES, _NO_OFFSETS, _NO_VALUES))
    doc_signature: np.ndarray | None = None  # word n-grams of the non-boilerplate text
    doc_numbers: np.ndarray = field(default_factory=lambda: _NO_KEYS)  # sorted distinct figures of the content paragraphs
    story_signature: np.ndarray | None = None  # word unigrams, for the same-story relation


def _cold(name: str) -> property:
    """`Analysis.<name>`: the field of its `Fingerprints`, in memory or on disk."""
    return property(lambda self: getattr(self.cold, name), lambda self, value: setattr(self.cold, name, value),
                    doc=f"`Fingerprints.{name}`")


@dataclass(slots=True)  # no __dict__: the driver holds one per document
class Analysis:
    """A document with its boilerplate spans and the fingerprints the global step needs.

    Plain values and numpy arrays only, so it pickles to any worker. The driver holds one per
    document of the corpus, so per-paragraph values are numpy arrays, not lists of Python ints,
    bools and sets (40-250 bytes a paragraph each): one array per field, or packed
    (`dedup.packed`) a few arrays per document. On the driver of `dedup clean` the cold ones
    (`Fingerprints`: signatures, word sets, figures) are one record of where they are on disk
    (`dedup.duplicates.store.SpilledFingerprints`)."""

    doc: Document
    lines: np.ndarray = field(default_factory=lambda: _NO_LINE_TABLE)  # `line_table`: one row a paragraph
    cold: Fingerprints = field(default_factory=Fingerprints)
    content_chars: int = 0
    boilerplate_chars: int = 0

    @property
    def keys(self) -> np.ndarray:
        """uint64 exact key per paragraph."""
        return self.lines["key"]

    @property
    def word_counts(self) -> np.ndarray:
        """int32 words per paragraph."""
        return self.lines["words"]

    @property
    def prose(self) -> np.ndarray:
        """bool per paragraph: sentence-like."""
        return self.lines["prose"]

    numbers = _cold("numbers")
    signatures = _cold("signatures")
    vocabularies = _cold("vocabularies")
    doc_signature = _cold("doc_signature")
    doc_numbers = _cold("doc_numbers")
    story_signature = _cold("story_signature")

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
        return self.analyze([doc])[0]

    def analyze(self, docs: list[Document]) -> list[Analysis]:
        """Repair, segment and strip each document, then fingerprint the lines of all of them
        together: a few compiled calls over the batch, where a dozen small numpy calls per
        document cost more than the hashing itself."""
        analyses = [Analysis(doc) for doc in docs]
        live = [a for a in analyses if a.doc.error is None]
        if live:
            _Batch([self._prepare(a.doc) for a in live]).fingerprint(live, self)
        return analyses

    def _prepare(self, doc: Document) -> tuple[list[str], bytes]:
        """Repair, segment and strip `doc`; its lines and their encoded text (`tokens.encode` of
        the lines joined by newlines: "\n" is no word character, so words stay in their line)."""
        doc.text = repair(doc.text)
        doc.paragraphs = paragraphs(doc.text)
        texts = [doc.paragraph_text(i) for i in range(len(doc.paragraphs))]
        buffer = encode("\n".join(texts))
        if self.config.strip_boilerplate:
            strip_document(doc, encoded=buffer, texts=texts)
        return texts, buffer


class _Batch:
    """The lines of a batch of documents as one text: the documents' encoded texts joined by
    newlines, split into words once. Line `first[d] + i` is line i of document d."""

    def __init__(self, prepared: list[tuple[list[str], bytes]]) -> None:
        self.texts = [text for texts, _ in prepared for text in texts]
        lines = np.fromiter((len(texts) for texts, _ in prepared), dtype=np.int64, count=len(prepared))
        self.first = np.concatenate(([0], np.cumsum(lines)))
        buffer = b"\n".join(encoded for _, encoded in prepared)
        self.words = split_encoded(buffer)
        self.hashes = self.words.hashes()
        # a document with no line still takes one (empty) line of the joined text: drop it
        bounds = _line_bounds(buffer, self.words)
        real = np.repeat(lines > 0, np.maximum(lines, 1))
        self.lows, self.highs = bounds[0][real], bounds[1][real]

    def fingerprint(self, analyses: list[Analysis], analyzer: Analyzer) -> None:
        """Fill in the fingerprints of `analyses`, the batch's documents in order."""
        min_words = analyzer.config.min_paragraph_words
        first, lows, highs, hashes = self.first.tolist(), self.lows, self.highs, self.hashes
        counts = highs - lows
        prose = np.fromiter((is_sentence_like(text, count) for text, count in zip(self.texts, counts.tolist())),
                            dtype=np.bool_, count=len(self.texts))
        lines = line_table(_line_keys(self.texts, hashes, lows, highs), counts, prose)
        figures = _line_figures(self.words.digits, hashes, lows, highs)
        chosen: list[np.ndarray] = []  # per document: its content lines, batch-wide
        distinct: list[np.ndarray] = []  # per document with content words: one content line per key
        signed: list[int] = []  # those documents
        for number, analysis in enumerate(analyses):
            doc, low, high = analysis.doc, first[number], first[number + 1]
            analysis.lines = lines[low:high]
            doc.paragraphs = np.asarray(doc.paragraphs, dtype=np.int64).reshape(-1, 2)  # see `Document.paragraphs`
            content = analysis.content_paragraphs()
            analysis.boilerplate_chars = sum(s.end - s.start for s in doc.removed)
            mine = np.asarray(content, dtype=np.int64)
            analysis.content_chars = int((doc.paragraphs[mine, 1] - doc.paragraphs[mine, 0]).sum())
            chosen.append(mine + low)
            if counts[mine + low].any():  # a body printed twice signs as once
                line_keys = analysis.keys.tolist()
                distinct.append(np.asarray(sorted({line_keys[i]: i for i in reversed(content)}.values()),
                                           dtype=np.int64) + low)
                signed.append(number)
        every = np.concatenate([_NO_LINES, *chosen])
        long = every[counts[every] >= min_words]
        signatures = analyzer.shingles.signatures(self.words, lows[long], highs[long])
        vocabularies = Ragged(every, *range_sets(hashes, lows[every], highs[every]))
        for number, analysis in enumerate(analyses):
            low, high = first[number], first[number + 1]
            analysis.numbers = _rebased(figures, low, high)
            rows = _cuts(long, low, high)
            analysis.signatures = PackedRows(long[rows] - low, signatures[rows])
            analysis.vocabularies = _rebased(vocabularies, low, high)
        if signed:
            self._sign_documents([analyses[n] for n in signed], distinct, analyzer)

    def _sign_documents(self, analyses: list[Analysis], distinct: list[np.ndarray], analyzer: Analyzer) -> None:
        """Document and story signatures and the document's figures, from the words of its
        distinct content lines (as if they were joined by newlines)."""
        lines = np.concatenate(distinct)
        words = _word_indices(self.lows[lines], self.highs[lines])
        sizes = self.highs[lines] - self.lows[lines]
        bounds = np.concatenate(([0], np.cumsum(sizes)))[np.cumsum([0, *map(len, distinct)])]
        documents = analyzer.shingles.signatures_of_groups(self.words, words, bounds)
        stories = analyzer.unigrams.signatures_of_hash_groups(self.hashes[words], bounds)
        digits = self.words.digits[words]
        cuts = np.concatenate(([0], np.cumsum(digits)))[bounds]
        offsets, figures = distinct_ranges(self.hashes[words[digits]], cuts[:-1], cuts[1:])
        for number, analysis in enumerate(analyses):
            analysis.doc_signature, analysis.story_signature = documents[number], stories[number]
            analysis.doc_numbers = figures[offsets[number] : offsets[number + 1]]


def _line_bounds(buffer: bytes, words: Words) -> tuple[np.ndarray, np.ndarray]:
    """(first, end) word index of each line of `buffer`, from the words' byte offsets (UTF-8
    has no other 0x0A byte than the newline)."""
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


def _cuts(indices: np.ndarray, low: int, high: int) -> slice:
    """The positions of the ascending `indices` in [low, high)."""
    return slice(*np.searchsorted(indices, (low, high)).tolist())


def _rebased(ragged: Ragged, low: int, high: int) -> Ragged:
    """The part of a batch-wide `ragged` on lines [low, high), renumbered from `low`."""
    cut = _cuts(ragged.indices, low, high)
    offsets = ragged.offsets[cut.start : cut.stop + 1]
    return Ragged(ragged.indices[cut] - low, offsets - offsets[0], ragged.data[offsets[0] : offsets[-1]])


def _word_indices(lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """The word indices of the ranges [lows[i], highs[i]), in order."""
    lengths = highs - lows
    starts = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(lows - starts, lengths)

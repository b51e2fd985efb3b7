"""The keep pass: documents in rank order, each paragraph kept unless it repeats kept text.

A paragraph repeats kept text when its exact key matches, or when it is similar (>= threshold,
figures not substituted) to a kept paragraph found through LSH: all permutations of their
signatures agree, or (for candidates estimated at least threshold - SCREEN_BELOW) the Jaccard
of their shingle sets, computed exactly, reaches the threshold.
Short paragraphs have no signature and match exactly only, within their group of near copies.

Inside a copy of a kept document (a verified document-level near copy, or mostly made of its
paragraphs) the two are aligned paragraph by paragraph, anchored on the paragraphs they share.
A paragraph left between the same anchors as a paragraph of the kept copy, and differing from
it in a few words (a headline with "UPDATE: ", a bullet with one word edited, a long paragraph
with three) and no substituted figure, is an edited copy of it and goes. Text outside the
kept copy's span (the longer tail of a trimmed copy kept first) is new and stays. A document is a
copy when the kept one holds at least half of its text, each text counted once (a page printing
its body, or a credit line under every item, twice is no less a copy).

A document that is no copy but shares paragraphs with kept documents is aligned with each of
them too, for word-for-word copies only: a short line the same as theirs in the same place
between shared paragraphs is their line (a heading of the story they share) and goes; so does
an edited copy of a long paragraph they hold only as a copy of a third document's (that text is
kept already). Then it may turn out a copy after all.

A document is dropped when nothing of it is left, or when it is a copy and what is left adds
nothing: non-sentence furniture (a dateline, debris) anywhere but past the end of the kept copy.
It is dropped too when what it keeps is word for word what a kept document keeps (a short line
kept because it matches exactly only within its group of copies): the output never holds one
text twice, so cleaning it again changes nothing. A copy that keeps something names its kept
copy in `duplicate_of` all the same (status `cleaned`).

Removal is greedy in rank order and each removed paragraph is verified directly against one
kept paragraph, so a chain of near matches (A~B, B~C) never removes C for A's sake; cluster
membership for reports is derived afterwards by union-find (`clusters.py`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np

from ..config import Config
from ..document import Span
from ..fingerprint.minhash import similarity
from .bands import band_key_matrix, required_agreement
from .exact import ParagraphVerifier
from .index import KeptIndex, bucket_ids, sharing
from .lsh import optimal_bands
from .verify import figures_differ

if TYPE_CHECKING:
    from ..analyze import Analysis

Ref = tuple[int, int]  # (document rank, paragraph index)

DUPLICATE = "duplicate"
DUPLICATE_DOCUMENT = "duplicate_document"
RELATED = "related"
# An edited copy of an aligned paragraph: each side has at most EDITED_WORDS of their distinct
# words (and at least EDITED_MIN_WORDS) that the other lacks, and they share half the words of
# the shorter one. Both copies may be edited, so their differences add up, and one edited token
# ("up-to-date.") can be several words.
EDITED_WORDS, EDITED_MIN_WORDS = 0.15, 3
# Only paragraphs of the kept copy at most NEARBY places away from this one's place, counted from
# either end of the stretch between the two anchors, are compared with it.
NEARBY = 1
# A re-paragraphed copy: this share of its distinct words found in those nearby paragraphs of
# the kept copy together. Only paragraphs long enough for MinHash (config.min_paragraph_words)
# qualify: a short line is matched exactly, and a bullet's few words ("- See all New York
# movers") are easily all in the paragraph beside it without being a piece of it.
REPARAGRAPHED = 0.9


# LSH candidates whose signatures agree on at least (threshold - SCREEN_BELOW) of their
# permutations are checked exactly (`ParagraphVerifier`): 128 permutations estimate a Jaccard
# of 0.7 within about +-0.04, so a paragraph just above the threshold can be estimated below it
# as easily as one just below can be estimated above.
SCREEN_BELOW = 0.1


@dataclass
class ParagraphRows:
    """The paragraphs of the corpus that can have LSH candidates, as rows in (rank, index) order:
    the paragraph of each row in two integer arrays (a tuple per row and a dict per document
    cost ~150 bytes a row on the driver) and the LSH bucket of each row in each band. A
    paragraph sharing no band key with any other (70% of them in a news corpus) has no row: like
    a short paragraph, it can only match exactly, and nothing can match it but exactly. The
    signatures stay with the documents (on disk, `FingerprintStore`): `block` reads a
    document's."""

    first: np.ndarray  # per rank, and one past the last: its first row
    ranks: np.ndarray  # per row: the document's rank
    indices: np.ndarray  # per row: the paragraph's index in its document
    buckets: np.ndarray  # (rows, bands): see `index.bucket_ids`
    shared: np.ndarray  # per signature of the corpus, in rank order: whether it is a row
    every_first: np.ndarray  # per rank, and one past the last: its first signature

    @classmethod
    def collect(cls, order: list[Analysis], bands: int, rows: int) -> ParagraphRows:
        """Reads each document's signatures twice: once for the band keys of all, once for the
        full band keys of the rows."""
        counts = np.fromiter((len(a.signatures) for a in order), dtype=np.int64, count=len(order))
        every_first = np.concatenate(([0], np.cumsum(counts)))
        shared = sharing((np.asarray(a.signatures.matrix) for a in order if len(a.signatures)),
                         int(every_first[-1]), bands, rows)
        first = np.concatenate(([0], np.cumsum(shared)))[every_first]
        keys = np.empty((int(first[-1]), bands), dtype=np.uint64)
        indices = np.empty(len(keys), dtype=np.int32)
        for rank in np.flatnonzero(first[1:] > first[:-1]).tolist():
            chosen = shared[every_first[rank] : every_first[rank + 1]]
            keys[first[rank] : first[rank + 1]] = band_key_matrix(_chosen_rows(order[rank], chosen), bands, rows)
            indices[first[rank] : first[rank + 1]] = order[rank].signatures.indices[chosen]
        return cls(first, np.repeat(np.arange(len(order), dtype=np.int32), np.diff(first)), indices,
                   bucket_ids(keys), shared, every_first)

    def block(self, order: list[Analysis], rank: int) -> np.ndarray:
        """The signatures of document `rank`'s rows, in row order."""
        return _chosen_rows(order[rank], self.shared[self.every_first[rank] : self.every_first[rank + 1]])

    def of(self, rank: int) -> dict[int, int]:
        """Paragraph index -> row, for the paragraphs of document `rank` that have one."""
        low, high = int(self.first[rank]), int(self.first[rank + 1])
        return dict(zip(self.indices[low:high].tolist(), range(low, high)))

    def ref(self, row: int) -> Ref:
        return int(self.ranks[row]), int(self.indices[row])


def _chosen_rows(analysis: Analysis, chosen: np.ndarray) -> np.ndarray:
    """The signatures of the document's paragraphs where `chosen` (one flag a signature) is set."""
    return np.asarray(analysis.signatures.matrix)[chosen]


class ParagraphLookup:
    """The corpus's paragraph rows, the LSH index of the kept ones, and, for the document the
    keep pass is at, the verified candidates of its paragraphs: queried in one compiled call
    when the document is first matched (kept paragraphs only change between documents)."""

    def __init__(self, order: list[Analysis], config: Config, verifier: ParagraphVerifier) -> None:
        self.order = order
        self.rows = ParagraphRows.collect(order, *optimal_bands(config.threshold, config.num_perm))
        self.index = KeptIndex(self.rows.buckets, config.num_perm,
                               required_agreement(config.threshold - SCREEN_BELOW, config.num_perm))
        self.num_perm = config.num_perm
        self.threshold = config.threshold
        self.verifier = verifier
        self.rank = -1  # the current document
        self.pending: list[int] = []  # rows of the current document kept, added when it is done
        self._rows: dict[int, int] = {}  # paragraph -> row, of the current document
        self._block: np.ndarray | None = None  # the signatures of its rows, once read
        self._found: tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]] | None = None

    def start(self, rank: int) -> None:
        """The keep pass moves on to document `rank`."""
        if self.pending:
            first = int(self.rows.first[self.rank])
            self.index.add(self.pending, self.block()[np.asarray(self.pending) - first])
            self.pending = []
        self.rank = rank
        self._rows = self.rows.of(rank)
        self._block = None
        self._found = None

    def block(self) -> np.ndarray:
        """The signatures of the current document's rows."""
        if self._block is None:
            self._block = self.rows.block(self.order, self.rank)
        return self._block

    def row(self, index: int) -> int | None:
        """The row of paragraph `index` of the current document, if it has one (see `ParagraphRows`)."""
        return self._rows.get(index)

    def found(self) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
        """(kept, earlier): row -> verified (row, agreeing permutations) among kept rows, and
        among earlier rows of the same document, for every row of the current document."""
        if self._found is None:
            self._found = self.index.query(sorted(self._rows.values()), self.block())
        return self._found

    def figures(self, row: int) -> frozenset[int]:
        rank, index = self.rows.ref(row)
        return self.order[rank].figures(index)


class ExactKeys:
    """Each paragraph's exact text as a number, for the whole corpus at once, and the kept
    paragraph of each number so far: one int64 a distinct text, where a dict of Python ints cost
    ~110 bytes a kept paragraph. Short paragraphs ("Budget", "Conclusion") repeat only within
    one group of near copies (the same words under another story are that story's own heading),
    so their number is their text's within their group; a long paragraph's is its text's."""

    def __init__(self, order: list[Analysis], group_of: list[int], min_words: int) -> None:
        counts = np.fromiter((len(a.keys) for a in order), dtype=np.int64, count=len(order))
        self.first = np.concatenate(([0], np.cumsum(counts)))
        keys = np.concatenate([np.empty(0, np.uint64), *(a.keys for a in order)])
        short = np.concatenate([np.empty(0, np.bool_), *(a.word_counts < min_words for a in order)])
        groups = np.where(short, np.repeat(np.asarray(group_of, dtype=np.int64) + 1, counts), 0)
        ordered = np.lexsort((keys, groups))
        new = np.ones(len(ordered), dtype=np.bool_)
        new[1:] = (np.diff(keys[ordered]) != 0) | (np.diff(groups[ordered]) != 0)
        self.numbers = np.empty(len(ordered), dtype=np.int32)
        self.numbers[ordered] = np.cumsum(new) - 1
        self.kept = np.full(int(new.sum()), -1, dtype=np.int64)

    def of(self, rank: int) -> list[int]:
        """The numbers of the paragraphs of document `rank`."""
        return self.numbers[self.first[rank] : self.first[rank + 1]].tolist()

    def get(self, number: int) -> int | None:
        """The kept paragraph (`_packed`) with text `number`, if any."""
        found = int(self.kept[number])
        return None if found < 0 else found

    def setdefault(self, number: int, packed: int) -> None:
        if self.kept[number] < 0:
            self.kept[number] = packed


def _packed(ref: Ref) -> int:
    """`ref` as one int (a tuple of two ints costs 90 bytes, for every paragraph kept)."""
    return ref[0] << 32 | ref[1]


def _unpacked(value: int) -> Ref:
    return value >> 32, value & 0xFFFFFFFF


@dataclass
class KeptParagraphs:
    """Exact keys and signatures of paragraphs kept so far: of earlier documents, or (`local`)
    of the current document. Signatures live in the shared `lookup`."""

    config: Config
    lookup: ParagraphLookup
    local: bool = False
    exact: ExactKeys | dict[int, int] = field(default_factory=dict)  # text number -> the kept paragraph (`_packed`)
    rows: set[int] = field(default_factory=set)  # local only: rows kept in this document

    def add(self, ref: Ref, key: int) -> None:
        """Keep paragraph `ref` of the current document, whose text number is `key`."""
        self.exact.setdefault(key, _packed(ref))
        row = self.lookup.row(ref[1])
        if row is not None:
            (self.rows.add if self.local else self.lookup.pending.append)(row)

    def match(self, analysis: Analysis, index: int, key: int) -> tuple[Ref, float] | None:
        """The kept paragraph that paragraph `index` of the current document repeats (most
        similar, then earliest), if any."""
        found = self.exact.get(key)
        if found is not None:
            return _unpacked(found), 1.0
        row = self.lookup.row(index)
        if row is None:
            return None
        kept, earlier = self.lookup.found()
        candidates = (earlier if self.local else kept).get(row)
        if not candidates:
            return None
        return _best(self.lookup, index, candidates, analysis.figures(index), self.rows if self.local else None)


def _best(lookup: ParagraphLookup, index: int, found: list[tuple[int, int]], numbers: frozenset[int],
          allowed: set[int] | None = None) -> tuple[Ref, float] | None:
    """(kept paragraph, similarity) of the most similar (estimated), then earliest, candidate row
    for paragraph `index` of the current document whose figures are not substituted and whose
    shingle sets are similar enough: checked exactly (`ParagraphVerifier`) unless every
    permutation agrees."""
    for row, same in sorted(found, key=lambda candidate: (-candidate[1], candidate[0])):
        if allowed is not None and row not in allowed:
            continue
        if numbers and figures_differ(lookup.figures(row), numbers):  # no figures here: none substituted
            continue
        ref = lookup.rows.ref(row)
        if same == lookup.num_perm:
            return ref, 1.0
        exact = lookup.verifier.similarity((lookup.rank, index), ref)
        if exact >= lookup.threshold:
            return ref, exact
    return None


def keep_pass(
    order: list[Analysis],
    near_copies: dict[int, list[tuple[int, float]]],
    related: dict[int, list[int]],
    group_of: list[int],
    config: Config,
    text_of: Callable[[int], str],
) -> None:
    """Record duplicate spans and drop decisions on the documents of `order` (rank order).

    `near_copies[later]` lists (earlier, similarity) verified document-level near duplicates;
    `related[later]` lists earlier same-story documents (used with `config.drop_related`);
    `group_of[rank]` is the document's group of near copies; `text_of(rank)` its repaired text.
    """
    lookup = ParagraphLookup(order, config, ParagraphVerifier(order, text_of, config.ngram))
    keys_of = ExactKeys(order, group_of, config.min_paragraph_words)
    kept = KeptParagraphs(config, lookup, exact=keys_of)
    kept_documents: set[int] = set()
    layouts: dict[int, np.ndarray] = {}  # kept rank -> its content paragraphs and their homes (`_layout`)
    outputs: dict[bytes, int] = {}  # the keys of the paragraphs a kept document keeps -> its rank
    output_paragraphs: dict[int, np.ndarray] = {}  # kept rank -> the paragraphs it keeps
    for rank, analysis in enumerate(order):
        doc = analysis.doc
        content = analysis.content_paragraphs()
        if config.drop_related:
            earlier = [e for e in related.get(rank, []) if e in kept_documents]
            if earlier:
                _drop(analysis, content, RELATED, order[earlier[0]].doc.id, None)
                continue
        lookup.start(rank)
        keys = keys_of.of(rank)
        local = KeptParagraphs(config, lookup, local=True)
        matches: dict[int, tuple[Ref, float]] = {}
        survivors: list[int] = []
        home: dict[int, Ref] = {}
        for index in content:
            found = kept.match(analysis, index, keys[index]) or local.match(analysis, index, keys[index])
            if found is None:
                survivors.append(index)
                local.add((rank, index), keys[index])
                home[index] = (rank, index)
            else:
                matches[index] = found
                home[index] = home[found[0][1]] if found[0][0] == rank else found[0]
        bounds = doc.paragraph_bounds()
        holders: Counter[int] = Counter()  # rank -> characters of this document it holds
        for index, (ref, score) in matches.items():
            start, end = bounds[index]
            doc.removed.append(Span(start, end, DUPLICATE, order[ref[0]].doc.id, ref[1], round(score, 4)))
            holders[ref[0]] += end - start
        if not survivors:
            _drop_held(analysis, holders, order)
            continue
        held, total = _held_text(bounds, rank, content, home)
        copy = _copy_of(analysis, held, total, near_copies.get(rank, []), kept_documents, order)
        if copy is None:  # kept documents holding some of its text: their short lines in the same places
            partial = sorted((r for r in held if r in kept_documents), key=lambda r: (-held[r], r))
            found, _ = _align(rank, analysis, content, home, survivors, partial, order, layouts, config, True)
            survivors = _remove_aligned(analysis, found, survivors, home, order)
            if not survivors:
                _drop_held(analysis, holders, order)
                continue
            if found:  # the text they hold grew: it may be a copy now
                held, total = _held_text(bounds, rank, content, home)
                copy = _copy_of(analysis, held, total, near_copies.get(rank, []), kept_documents, order)
        if copy is not None:
            targets = [copy[0]] + sorted({e for e, _ in near_copies.get(rank, []) if e in kept_documents} - {copy[0]})
            edited, furniture = _align(rank, analysis, content, home, survivors, targets, order, layouts, config,
                                       False)
            survivors = _remove_aligned(analysis, edited, survivors, home, order)
            if all(i in furniture for i in survivors):
                _drop(analysis, survivors, DUPLICATE_DOCUMENT, order[copy[0]].doc.id, copy[1])
                continue
        twin = outputs.setdefault(_output_key(analysis, survivors), rank)
        if twin != rank:  # what is left is word for word what a kept document keeps
            _drop_twin(analysis, survivors, holders, rank, twin, output_paragraphs[twin].tolist(), order)
            continue
        if copy is not None:  # a copy keeping text its kept copy lacks (a longer tail, a changed figure)
            doc.duplicate_of = order[copy[0]].doc.id
        output_paragraphs[rank] = np.asarray(survivors, dtype=np.int32)
        for index in survivors:
            kept.add((rank, index), keys[index])
        kept_documents.add(rank)
        layouts[rank] = _layout(content, home)


def _held_text(bounds: list[tuple[int, int]], rank: int, content: list[int],
               home: dict[int, Ref]) -> tuple[Counter[int], int]:
    """(rank -> characters of this document's text that document holds, characters of its text),
    each text counted once: a page that prints its body twice is as much a copy of a document
    holding the body once as a page printing it once."""
    chars: dict[Ref, int] = {}
    for index in content:
        start, end = bounds[index]
        chars.setdefault(home[index], end - start)
    held: Counter[int] = Counter()
    for (holder, _), size in chars.items():
        if holder != rank:
            held[holder] += size
    return held, sum(chars.values())


def _copy_of(
    analysis: Analysis, held: Counter[int], total: int, near_copies: list[tuple[int, float]],
    kept_documents: set[int], order: list[Analysis],
) -> tuple[int, float] | None:
    """(rank, similarity) of the kept document this one copies: the most similar verified
    document-level near copy, else the kept document holding at least half of its text (see
    `_held_text`)."""
    candidates = [(e, s) for e, s in near_copies if e in kept_documents]
    if candidates:
        return min(candidates, key=lambda c: (-c[1], c[0]))
    others = [r for r in held if r in kept_documents]
    if not others or analysis.doc_signature is None:
        return None
    holder = _largest(held, others)
    if 2 * held[holder] < total:
        return None
    return holder, similarity(analysis.doc_signature, order[holder].doc_signature)


def _layout(content: list[int], home: dict[int, Ref]) -> np.ndarray:
    """(paragraph, home rank, home index) per content paragraph of a kept document, as `_align`
    reads it when the document is a target: three int32 a paragraph, where a list entry, a dict
    entry and a tuple would cost ~150 bytes for every paragraph the corpus keeps."""
    return np.array([(index, *home[index]) for index in content], dtype=np.int32).reshape(-1, 3)


def _unpack(layout: np.ndarray) -> tuple[list[int], dict[int, Ref]]:
    """(content paragraphs, home of each) of a `_layout`."""
    rows = layout.tolist()
    return [index for index, _, _ in rows], {index: (rank, other) for index, rank, other in rows}


def _align(
    rank: int, analysis: Analysis, content: list[int], home: dict[int, Ref], survivors: list[int],
    targets: list[int], order: list[Analysis], layouts: dict[int, np.ndarray], config: Config, exact: bool,
) -> tuple[dict[int, tuple[Ref, float]], set[int]]:
    """(survivor -> the kept paragraph it copies, furniture): `_aligned_copies` against each kept
    document of `targets` in turn, for the survivors no earlier target took; furniture is the
    non-sentence survivors inside the first target's span (see `keep_pass`)."""
    edited: dict[int, tuple[Ref, float]] = {}
    furniture: set[int] = set()
    for number, target in enumerate(targets):
        left = [i for i in survivors if i not in edited]
        kept_content, kept_home = _unpack(layouts[target])
        found, outside = _aligned_copies(rank, analysis, content, home, left, target, order[target],
                                         kept_content, kept_home, config.min_paragraph_words, exact)
        edited.update(found)
        if number == 0:
            prose = analysis.prose
            furniture = {i for i in left if not prose[i] and i not in outside}
    return edited, furniture


def _remove_aligned(analysis: Analysis, edited: dict[int, tuple[Ref, float]], survivors: list[int],
                    home: dict[int, Ref], order: list[Analysis]) -> list[int]:
    """Record a duplicate span for each aligned copy, point its home at the kept paragraph, and
    return the survivors left."""
    doc = analysis.doc
    bounds = doc.paragraph_bounds()
    for index, (ref, share) in sorted(edited.items()):
        start, end = bounds[index]
        doc.removed.append(Span(start, end, DUPLICATE, order[ref[0]].doc.id, ref[1], round(share, 4)))
        home[index] = ref
    return [i for i in survivors if i not in edited]


def _aligned_copies(
    rank: int, analysis: Analysis, content: list[int], home: dict[int, Ref], survivors: list[int],
    kept_rank: int, kept: Analysis, kept_content: list[int], kept_home: dict[int, Ref], min_words: int,
    exact: bool = False,
) -> tuple[dict[int, tuple[Ref, float]], set[int]]:
    """Align this document with a kept copy of it, anchored on the paragraphs whose text they
    share, and return (edited copies, outside):

    - edited copies: survivor -> (the kept paragraph it copies, share of its words in it), for
      the survivors that sit between the same anchors as a paragraph of the kept copy and copy
      it with a few words edited, or copy it or the anchors' paragraphs re-paragraphed (a
      sentence of at least `min_words` words the kept copy merged into the next paragraph), no
      figure substituted;
    - outside: the survivors past the last anchor when the kept copy has no sentence of its own
      after it: text the kept copy does not have (the longer tail of a trimmed copy kept first).

    Both sides are taken without their own repeats, so a page printing its body twice aligns
    by its first print. With `exact` (the kept document shares some of this one's text but is
    no copy of it) only word-for-word copies count: a short line ("How We're Qualified") the
    same as the kept one in the same place between shared paragraphs (a short line is matched
    exactly only among copies of one story, and this document tells the story there), or an
    edited copy of a long paragraph the kept document itself holds only as a copy of another's
    (its home is elsewhere: the corpus keeps that text already, and were this document cleaned
    again, alone with that home, it would be its copy and lose the paragraph then)."""
    kept_content = [k for k in kept_content if kept_home[k][0] != kept_rank or kept_home[k][1] == k]
    content = [i for i in content if home[i][0] != rank or home[i][1] == i]
    keys, counts, kept_keys = analysis.keys.tolist(), analysis.word_counts.tolist(), kept.keys.tolist()
    mine = [home[i] if home[i][0] != rank else ("key", keys[i]) for i in content]
    theirs = [kept_home[k] for k in kept_content]
    blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    left = set(survivors)
    found: dict[int, tuple[Ref, float]] = {}
    for tag, i1, i2, j1, j2 in blocks:
        if tag not in ("replace", "delete"):  # "delete": only this document has paragraphs here
            continue
        # the kept paragraphs of the anchors around the stretch: one of them may hold it merged
        around = [kept_content[j] for j in (j1 - 1, j2) if 0 <= j < len(kept_content)]
        for position in range(i1, i2):
            index = content[position]
            if index not in left:
                continue
            there = [kept_content[j] for j in range(j1, j2)
                     if abs((j - j1) - (position - i1)) <= NEARBY or abs((j2 - j) - (i2 - position)) <= NEARBY]
            best = None
            for k in there:
                if exact and (kept_home[k][0] == kept_rank or counts[index] < min_words):
                    share = 1.0 if keys[index] == kept_keys[k] else None
                else:
                    share = _edited_share(analysis, index, kept, k)
                if share is not None and (best is None or share > best[1]):
                    best = (kept_home[k], share)
            if best is None and not exact and counts[index] >= min_words:  # merged into an anchor's
                best = _reparagraphed(analysis, index, kept, there + [k for k in around if k not in there], kept_home)
            if best is not None:
                found[index] = best
    equal = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in blocks if tag == "equal"]
    outside: set[int] = set()
    if equal:
        last_mine, last_theirs = equal[-1][1], equal[-1][3]
        kept_prose = kept.prose
        if not any(kept_prose[k] and kept_home[k] == (kept_rank, k) for k in kept_content[last_theirs:]):
            outside = set(content[last_mine:]) & left
    return found, outside


def _edited_share(analysis: Analysis, index: int, kept: Analysis, other: int) -> float | None:
    """Share of the paragraph's distinct words found in the kept paragraph `other`, when it is an
    edited copy of it: a few words added or dropped (see EDITED_WORDS), half the words of the
    shorter one shared, and no figure substituted. None otherwise."""
    mine, theirs = analysis.vocabularies[index], kept.vocabularies.get(other)
    if theirs is None or not len(mine) or not len(theirs):
        return None
    shared = len(np.intersect1d(mine, theirs, assume_unique=True))
    allowed = max(EDITED_MIN_WORDS, int(EDITED_WORDS * max(len(mine), len(theirs))))
    if 2 * shared < min(len(mine), len(theirs)) or len(mine) - shared > allowed or len(theirs) - shared > allowed:
        return None
    if figures_differ(kept.figures(other), analysis.figures(index)):
        return None
    return shared / len(mine)


def _reparagraphed(analysis: Analysis, index: int, kept: Analysis, others: list[int],
                   kept_home: dict[int, Ref]) -> tuple[Ref, float] | None:
    """(kept paragraph, share) when the paragraph's words are nearly all in the aligned kept
    paragraphs `others` together (paragraphs merged or split) and it brings no new figure."""
    mine = analysis.vocabularies[index]
    if not others:
        return None
    pooled = np.unique(np.concatenate([kept.vocabularies[k] for k in others]))
    share = len(np.intersect1d(mine, pooled, assume_unique=True)) / len(mine)
    numbers = frozenset().union(*(kept.figures(k) for k in others))
    if share < REPARAGRAPHED or figures_differ(numbers, analysis.figures(index)):
        return None
    best = max(others, key=lambda k: (len(np.intersect1d(mine, kept.vocabularies[k], assume_unique=True)), -k))
    return kept_home[best], share


def _largest(chars: Counter[int], among: Iterable[int]) -> int:
    """The rank among `among` holding most characters of `chars`, the earliest on a tie."""
    return min(among, key=lambda r: (-chars[r], r))


def _drop_held(analysis: Analysis, holders: Counter[int], order: list[Analysis]) -> None:
    """Nothing of the document is left: it is a copy of the document holding most of its text
    (dropped only when another holds some: a document of nothing but its own repeats is not)."""
    analysis.doc.dropped = bool(holders)
    if holders:
        analysis.doc.duplicate_of = order[_largest(holders, holders)].doc.id


def _output_key(analysis: Analysis, survivors: list[int]) -> bytes:
    """What a document keeps, word for word: the keys of its kept paragraphs with words (a line
    of symbols alone, "\ufffd", leaves the text and its signature as they are; were it to tell
    two outputs apart, cleaning them again would find one a copy of the other and drop it), or
    of all of them when none has words."""
    return analysis.keys[_worded(analysis, survivors) or survivors].tobytes()


def _worded(analysis: Analysis, indices: list[int]) -> list[int]:
    """The paragraphs of `indices` with words."""
    counts = analysis.word_counts
    return [index for index in indices if counts[index]]


def _drop_twin(analysis: Analysis, survivors: list[int], holders: Counter[int], rank: int, twin: int,
               twin_paragraphs: list[int], order: list[Analysis]) -> None:
    """Drop a document whose kept paragraphs are word for word those `twin` keeps: each is a
    duplicate of the twin's paragraph (its lines without words, of the twin), and the document a
    copy of the one holding most of its text (its story's kept copy; the twin only when no other
    document holds any of it)."""
    doc = analysis.doc
    bounds = doc.paragraph_bounds()
    worded = _worded(analysis, survivors)
    pairs = dict(zip(worded, _worded(order[twin], twin_paragraphs)) if worded else zip(survivors, twin_paragraphs))
    for index in survivors:
        start, end = bounds[index]
        doc.removed.append(Span(start, end, DUPLICATE, order[twin].doc.id, pairs.get(index), 1.0))
    others = [r for r in holders if r != rank]
    doc.dropped = True
    doc.duplicate_of = order[_largest(holders, others) if others else twin].doc.id


def _drop(analysis: Analysis, indices: list[int], reason: str, kept_id: str, score: float | None) -> None:
    doc = analysis.doc
    bounds = doc.paragraph_bounds()
    for index in indices:
        start, end = bounds[index]
        doc.removed.append(Span(start, end, reason, kept_id, None, None if score is None else round(score, 4)))
    doc.dropped = True
    doc.duplicate_of = kept_id

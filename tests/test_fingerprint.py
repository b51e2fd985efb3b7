"""The compiled kernels agree bit for bit with the plain-Python reference definition."""
from __future__ import annotations

import pickle
import re
from itertools import pairwise

import numpy as np
import xxhash
from hypothesis import given
from hypothesis import strategies as st

from dedup import Document
from dedup.analyze import Analysis, Analyzer
from dedup.config import Config
from dedup.fingerprint import MinHasher, reference, split, words
from dedup.fingerprint.minhash import jaccard, range_keys, range_sets, shingle_set, similarity
from dedup.fingerprint.tokens import CLASSIFIED_BELOW, DIGIT, WORD, char_classes

TEXTS = [
    "",
    "   ...  ",
    "One",
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).",
    "Café naïve İstanbul ²³ ٣٤ test_x — “quoted” ΣΟΦΊΑ straße 東京 2024年 😀 emoji\ud800lone",
    "x" * 31 + " " + "y" * 32 + " " + "z" * 33 + " " + "w" * 100 + " " + "é" * 20,
]
HASHER = MinHasher(num_perm=16, ngram=3, seed=7)


def test_char_classes_are_re_word_and_digit_for_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    classes = char_classes()
    assert all(classes[m.start()] & WORD and classes[m.end() - 1] & WORD for m in re.finditer(r"\w+", every))
    assert np.count_nonzero(classes & WORD) == len(re.findall(r"\w", every))
    assert np.count_nonzero(classes & DIGIT) == len(re.findall(r"\d", every))
    assert not re.search(r"\w", every[CLASSIFIED_BELOW:])


def hashes(text: str) -> list[int]:
    return [xxhash.xxh64_intdigest(w.encode("utf-8", "surrogatepass")) for w in words(text)]


def test_words_are_re_words_joined_by_spaces() -> None:
    for text in TEXTS:
        found = split(text)
        assert bytes(found.joined) == " ".join(words(text)).encode("utf-8", "surrogatepass")
        assert found.hashes().tolist() == hashes(text)
        assert found.digits.tolist() == [bool(re.search(r"\d", w)) for w in words(text)]
        for ngram in (1, 2, 5):
            hasher = MinHasher(num_perm=8, ngram=ngram, seed=ngram)
            assert hasher.signature(text).tolist() == reference.signature(text, ngram, hasher.a, hasher.b).tolist()


def test_known_values() -> None:
    assert words("İstanbul ²³ ٣٤") == ["i", "stanbul", "²³", "٣٤"]  # the combining dot is no word character
    assert split("Hello, WORLD").hashes().tolist() == [xxhash.xxh64_intdigest(b"hello"),
                                                       xxhash.xxh64_intdigest(b"world")]
    assert split("² 7 ٣").digits.tolist() == [False, True, True]  # \d: decimal digits only
    assert split("a, b  c").offsets.tolist() == [0, 3, 6]


@given(st.text(alphabet=st.sampled_from("ab Z9_-.\n\tÉéß²٣İ东😀\u0301"), max_size=80), st.integers(1, 6))
def test_signature_matches_reference(text: str, ngram: int) -> None:
    hasher = MinHasher(num_perm=8, ngram=ngram, seed=3)
    expected = reference.signature(text, ngram, hasher.a, hasher.b)
    assert hasher.signature(text).tolist() == expected.tolist()
    assert hasher.signature_of_tokens(words(text)).tolist() == expected.tolist()
    assert split(text).hashes().tolist() == hashes(text)


def test_ranges_sign_each_slice_like_its_own_text() -> None:
    text = TEXTS[3] + "\n" + TEXTS[4] + "\nshort"
    lines = text.split("\n")
    bounds = np.cumsum([0] + [len(words(line)) for line in lines]).tolist()
    rows = HASHER.signatures(split(text), bounds[:-1], bounds[1:])
    assert [row.tolist() for row in rows] == [HASHER.signature(line).tolist() for line in lines]


def test_similarity_of_copies_and_strangers() -> None:
    hasher = MinHasher()
    base = " ".join(f"w{i}" for i in range(400))
    assert similarity(hasher.signature(base), hasher.signature(base.upper() + " !")) == 1.0
    assert similarity(hasher.signature(base), hasher.signature(base.replace("w", "v"))) == 0.0
    trimmed = " ".join(f"w{i}" for i in range(300))  # true Jaccard 296 / 396 = 0.747; seed 1 estimates:
    assert similarity(hasher.signature(base), hasher.signature(trimmed)) == 0.796875


def test_analysis_holds_flags_and_fingerprints_and_pickles() -> None:
    text = ("Skip to main content\nCouncil Votes On Budget\n"
            "The council approved the budget on Tuesday after a long debate about schools.\n"
            "THE COUNCIL approved the budget, on Tuesday, after a long debate about schools!\n"
            "Profits rose 5% to $2bn in 2024.")
    analysis = Analyzer(Config(min_paragraph_words=5))(Document(id="a", text=text, source="a.txt"))
    assert analysis.word_counts.tolist() == [4, 4, 13, 13, 7]
    assert analysis.prose.tolist() == [False, False, True, True, False]
    assert analysis.keys[2] == analysis.keys[3] and len(set(analysis.keys.tolist())) == 4
    figures = frozenset(xxhash.xxh64_intdigest(w.encode()) for w in ("5", "2bn", "2024"))
    assert analysis.figures(4) == figures and analysis.figures(3) == frozenset()
    assert sorted(analysis.numbers) == [4] and analysis.document_figures() == figures
    assert analysis.doc.paragraphs.tolist() == [[0, 20], [21, 44], [45, 122], [123, 202], [203, 235]]
    assert sorted(analysis.signatures) == [2, 3, 4]  # content paragraphs of >= 5 words
    assert analysis.signatures[2].tolist() == analysis.signatures[3].tolist()
    again = pickle.loads(pickle.dumps(analysis))
    assert again.doc_signature.tolist() == analysis.doc_signature.tolist()
    assert again.prose.tolist() == analysis.prose.tolist() and again.figures(4) == figures


def _fields(analysis: Analysis) -> dict[str, object]:
    """Every value an Analysis carries, as plain lists (the driver reads nothing else)."""
    def ragged(value: object) -> list[tuple[int, list[int]]]:
        return [(i, value[i].tolist()) for i in value]  # type: ignore[index, attr-defined]
    doc = analysis.doc
    return {
        "text": doc.text, "paragraphs": np.asarray(doc.paragraphs).tolist(), "removed": doc.removed,
        "metadata": doc.metadata, "keys": analysis.keys.tolist(), "word_counts": analysis.word_counts.tolist(),
        "prose": analysis.prose.tolist(), "numbers": ragged(analysis.numbers),
        "signatures": ragged(analysis.signatures), "vocabularies": ragged(analysis.vocabularies),
        "doc_signature": None if analysis.doc_signature is None else analysis.doc_signature.tolist(),
        "story_signature": None if analysis.story_signature is None else analysis.story_signature.tolist(),
        "doc_numbers": analysis.doc_numbers.tolist(),
        "chars": (analysis.content_chars, analysis.boilerplate_chars),
    }


_LINES = st.sampled_from([
    "", "Skip to main content", "Share this post", "---", "Profits rose 5% to $2bn in 2024 and 2025.",
    "The council approved the budget on Tuesday after a long debate about schools and roads.",
    "THE COUNCIL approved the budget, on Tuesday, after a long debate about schools and roads!",
    "Café naïve İstanbul ²³ ٣٤ — “quoted” ΣΟΦΊΑ straße 東京 2024年 😀", "Home | News | Sport | Weather",
])


@given(st.lists(st.lists(_LINES, max_size=8).map("\n".join), max_size=6), st.lists(st.booleans(), max_size=6))
def test_a_batch_analyses_each_document_as_alone(texts: list[str], failed: list[bool]) -> None:
    """The batch fingerprints every document of it as a batch of its own would: a document's
    lines, words, figures and signatures never mix with its neighbours'."""
    analyzer = Analyzer(Config(min_paragraph_words=5))

    def documents() -> list[Document]:
        return [Document(id=str(i), text=text, source="a.txt", error="unreadable" if i < len(failed) and failed[i]
                         else None) for i, text in enumerate(texts)]

    together = analyzer.analyze(documents())
    alone = [analyzer(doc) for doc in documents()]
    assert [_fields(a) for a in together] == [_fields(a) for a in alone]


@given(st.lists(st.integers(0, 2**64 - 1), max_size=40), st.data())
def test_range_keys_and_sets_match_their_definitions(values: list[int], data: st.DataObject) -> None:
    hashes = np.asarray(values, dtype=np.uint64)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(values)), min_size=2, max_size=8)))
    lows, highs = np.asarray(cuts[:-1], dtype=np.int64), np.asarray(cuts[1:], dtype=np.int64)
    assert range_keys(hashes, lows, highs).tolist() == [
        xxhash.xxh64_intdigest(hashes[low:high].tobytes()) for low, high in pairwise(cuts)]
    offsets, sets = range_sets(hashes, lows, highs)
    assert [sets[offsets[i] : offsets[i + 1]].tolist() for i in range(len(lows))] == [
        sorted({v & 0xFFFFFFFF for v in values[low:high]}) for low, high in pairwise(cuts)]


@given(st.text(max_size=200))
def test_unigram_signature_of_word_hashes_is_the_signature(text: str) -> None:
    hasher = MinHasher(16, 1, 3)
    assert hasher.signature_of_hashes(split(text).hashes()).tolist() == hasher.signature(text).tolist()


@given(st.text(alphabet=st.sampled_from("ab Z9_-.\n\tÉéß²٣İ东😀\u0301"), max_size=80), st.integers(1, 6))
def test_shingle_set_is_the_set_a_signature_estimates(text: str, ngram: int) -> None:
    expected = sorted(set(reference.shingle_hashes(words(text), ngram)))
    assert shingle_set(text, ngram).tolist() == expected


def test_jaccard_of_shingle_sets() -> None:
    one = shingle_set("the council approved a new budget on tuesday", 3)  # 6 trigrams
    other = shingle_set("the council approved a new plan on tuesday", 3)  # 3 of them changed
    assert (jaccard(one, one), jaccard(one, other)) == (1.0, 3 / 9)

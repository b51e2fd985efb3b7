"""The speed-ups of the per-document stage give exactly what the straightforward code gave."""
from __future__ import annotations

import random

from dedup.boilerplate import lexicon as lexicon_module


def _find_reference(lexicon: lexicon_module.Lexicon, tokens: list[str], categories: frozenset[str]) -> str | None:
    """`Lexicon.find` as first written: every n-gram, longest first, earliest first."""
    for size in range(lexicon.longest, 1, -1):
        for index in range(len(tokens) - size + 1):
            found = lexicon.phrases.get(tuple(tokens[index : index + size]))
            if found in categories:
                return found
    return None


def test_lexicon_find_matches_the_reference() -> None:
    lexicon = lexicon_module.load("en")
    vocabulary = sorted({word for phrase in lexicon.phrases for word in phrase}) + ["the", "story", "2024"]
    phrases = list(lexicon.phrases)
    categories = [frozenset({"disclaimer", "copyright"}), frozenset({"share"}), frozenset(set(lexicon.phrases.values()))]
    rng = random.Random(5)
    for _ in range(4000):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        for _ in range(rng.randint(0, 3)):  # plant whole phrases, often overlapping
            at = rng.randint(0, len(tokens))
            tokens[at:at] = list(rng.choice(phrases))
        for wanted in categories:
            assert lexicon.find(tokens, wanted) == _find_reference(lexicon, tokens, wanted)


def test_sentence_end_and_cells_match_the_patterns() -> None:
    from dedup.boilerplate.context import _MENU_SEPARATOR, count_cells
    from dedup.boilerplate.lines import _SENTENCE_END, ends_sentence

    alphabet = ["a", "B", " ", "\t", "\n", ".", "!", "?", "…", '"', "'", "”", "’", ")", "]", "(", "|", "•", "·", "›",
                "»", "/", ">", "é", "\u00a0", "\u3000", "-"]
    rng = random.Random(7)
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert ends_sentence(text) == bool(_SENTENCE_END.search(text)), repr(text)
        assert count_cells(text) == text.count("\t") + len(_MENU_SEPARATOR.findall(text)), repr(text)


def test_word_counts_match_tokenize() -> None:
    from dedup.boilerplate import word_counts
    from dedup.fingerprint.tokens import encode

    alphabet = list("aZ9_ -'’.\t|") + ["é", "İ", "Σ", "ß", "\u0307", "中", "😀", "\ud800", "ǅ", "ﬁ", "Ⅷ", "²", "١", "\u00a0"]
    rng = random.Random(11)
    for _ in range(5000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(rng.randint(1, 5))]
        want = [len(lexicon_module.tokenize(t)) for t in texts]
        assert word_counts(texts) == want, texts
        assert word_counts(texts, encode("\n".join(texts))) == want, texts
    assert word_counts([]) == []


def test_may_find_never_misses() -> None:
    lexicon = lexicon_module.load("en")
    vocabulary = sorted({word for phrase in lexicon.phrases for word in phrase}) + ["The", "STORY", "Edited", "2024"]
    phrases = [" ".join(p) for p in lexicon.phrases]
    categories = [frozenset({"disclaimer", "copyright"}), frozenset({"share"})]
    rng = random.Random(19)
    for _ in range(4000):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 20))]
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randint(0, len(words)), rng.choice(phrases).upper() if rng.random() < 0.3 else rng.choice(phrases))
        text = rng.choice([" ", ", ", " - "]).join(words)
        for wanted in categories:
            if lexicon.find(lexicon_module.tokenize(text), wanted) is not None:
                assert lexicon.may_find(text.lower(), wanted), text


def _cover_reference(lexicon: lexicon_module.Lexicon, tokens: list[str]) -> tuple[int, str | None]:
    """`Lexicon.cover` as first written: every length at every position, longest first."""
    covered, index, category, best_len = 0, 0, None, 0
    while index < len(tokens):
        for size in range(min(lexicon.longest, len(tokens) - index), 0, -1):
            found = lexicon.phrases.get(tuple(tokens[index : index + size]))
            if found is not None:
                covered += size
                if size > best_len:
                    category, best_len = found, size
                index += size
                break
        else:
            index += 1
    return covered, category


def test_lexicon_cover_matches_the_reference() -> None:
    lexicon = lexicon_module.load("en")
    vocabulary = sorted({word for phrase in lexicon.phrases for word in phrase}) + ["the", "story", "2024"]
    phrases = list(lexicon.phrases)
    rng = random.Random(23)
    for _ in range(6000):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        for _ in range(rng.randint(0, 3)):
            at = rng.randint(0, len(tokens))
            tokens[at:at] = list(rng.choice(phrases))
        assert lexicon.cover(tokens) == _cover_reference(lexicon, tokens)

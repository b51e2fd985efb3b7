"""The debris lexicon: short phrases of page furniture, kept as data per language.

`lexicon/<language>.txt` lists phrases under `[category]` headers. A short line (up to 10
words) whose words, figures aside, are at least three quarters covered by such phrases is
furniture; the category names the reason in the manifest ("boilerplate:share"). A line that
starts with a navigation label ("Tags: ...", "Filed under: ...") is furniture too. A sentence
of any length that holds a `[consent]` phrase is a cookie banner. Categories that open other
content (related, comments, subscribe, copyright, cookies, consent, navigation, disclaimer) also
cut the article block where they stand (see `context.py`).

Adding a language:
1. Copy `lexicon/en.txt` to `lexicon/<code>.txt` (ISO 639-1, e.g. `de.txt`), keep the
   `[category]` headers (the names are the manifest reasons and the section set above) and
   translate the phrases: lower case, one per line, whole words; add the phrases the sites of
   that language really print ("Teilen", "Weiterlesen", "Kommentar schreiben").
2. `strip_document(doc, language="de")` then uses it; `load` raises for a language with no file.
3. Add a test like `tests/test_boilerplate.py::test_lexicon_lines_go_anywhere` with lines of
   that language, and check the stop words in `context.py` (prose detection counts English
   function words; extend `_STOP_WORDS` for the language).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).with_name("lexicon")
_WORD = re.compile(r"\w+(?:[-']\w+)*")
_EVERY = None  # `_starts` key of the index of every phrase, one-word phrases included


@dataclass(frozen=True)
class Lexicon:
    """Phrases (as word tuples) by category, and the longest phrase length for matching."""

    phrases: dict[tuple[str, ...], str]
    longest: int
    # per category set: first word -> (length, phrase, category) of its phrases of 2+ words,
    # longest first (built on first use by `find`); under None, every phrase (for `cover`)
    _starts: dict[frozenset[str] | None, dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]] = field(
        default_factory=dict, compare=False, repr=False)
    _signs: dict[frozenset[str], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def cover(self, tokens: list[str]) -> tuple[int, str | None]:
        """How many of `tokens` lexicon phrases cover (greedy, longest first), and the category
        of the longest phrase found."""
        starts = self._starts.get(_EVERY)
        if starts is None:
            starts = self._starts[_EVERY] = self._index(_EVERY, shortest=1)
        covered, index, category, best_len = 0, 0, None, 0
        count = len(tokens)
        while index < count:
            for size, phrase, found in starts.get(tokens[index], ()):  # longest first
                if index + size <= count and (size == 1 or tuple(tokens[index : index + size]) == phrase):
                    covered += size
                    if size > best_len:
                        category, best_len = found, size
                    index += size
                    break
            else:
                index += 1
        return covered, category

    def find(self, tokens: list[str], categories: frozenset[str]) -> str | None:
        """Category of the first phrase of `categories` found anywhere in `tokens`: the longest
        phrase (of two words or more), the earliest of those."""
        starts = self._starts.get(categories)
        if starts is None:
            starts = self._starts[categories] = self._index(categories)
        best_size, best = 1, None
        count = len(tokens)
        for index, token in enumerate(tokens):
            candidates = starts.get(token)
            if candidates is None:
                continue
            for size, phrase, category in candidates:
                if size <= best_size:
                    break  # an earlier position already holds a phrase this long
                if index + size <= count and tuple(tokens[index : index + size]) == phrase:
                    best_size, best = size, category
                    break
        return best

    def may_find(self, lowered: str, categories: frozenset[str]) -> bool:
        """False when `find(tokenize(text), categories)` is None for sure, from `text.lower()`:
        a phrase is found only where its longest word is a substring of the lower-cased text."""
        signs = self._signs.get(categories)
        if signs is None:
            signs = self._signs[categories] = tuple(sorted({
                max(phrase, key=len) for phrase, category in self.phrases.items()
                if category in categories and len(phrase) >= 2}))
        return any(sign in lowered for sign in signs)

    def _index(self, categories: frozenset[str] | None,
               shortest: int = 2) -> dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]:
        """First word -> (length, phrase, category) of the phrases of `categories` (None: all)
        with at least `shortest` words, longest first."""
        starts: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for phrase, category in self.phrases.items():
            if (categories is None or category in categories) and len(phrase) >= shortest:
                starts.setdefault(phrase[0], []).append((len(phrase), phrase, category))
        return {word: tuple(sorted(found, key=lambda item: -item[0])) for word, found in starts.items()}


def tokenize(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=8)
def load(language: str = "en") -> Lexicon:
    path = _DIR / f"{language}.txt"
    if not path.exists():
        raise ValueError(f"no debris lexicon for language {language!r} (looked for {path})")
    phrases: dict[tuple[str, ...], str] = {}
    category = "furniture"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        phrases[tuple(tokenize(line))] = category
    return Lexicon(phrases, max(len(p) for p in phrases))

"""The fast repair path must give exactly what full ftfy gives, on any text."""
from __future__ import annotations

import re

import ftfy
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.repair import _BAD_FROM_ANY_LINE, _FTFY, _bad_leads, _bad_starts, _fix_text, _is_bad, _marks, repair

# Pieces that exercise every ftfy step: mojibake of several codecs, HTML entities and tags,
# C1 and other control characters, ANSI escapes, ligatures, line breaks, lone surrogates,
# decomposed accents, and plain prose around them.
_WORDS = ["café", "naïve", "Zürich", "€20", "“quoted”", "—", "日本語", "ﬁnal", "Ĳssel"]
_MOJIBAKE = [w.encode("utf-8").decode(codec, errors="replace") for w in _WORDS for codec in ("latin-1", "cp1252")]
_PIECES = st.sampled_from(
    _WORDS + _MOJIBAKE + [
        "&amp;", "&lt;b&gt;", "&eacute;", "&#233;", "&nbsp;", "<p>", "a < b", "AT&T",
        "\x80", "\x85", "\x96", "\x00", "\x07", "\x0b", "\x0c", "\x7f", "\ufeff", "\u206a",
        "\x1b[31m", "\r\n", "\r", "\u2028", "\u2029", "\ud83d", "\ud83d\ude00", "e\u0301",
        "\u00a0", "\t", "\n", "\n\n\n", "  ", "The council approved the plan. ", "Hello, world",
    ]
)
_TEXTS = st.one_of(
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=30).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_fast_path_matches_full_ftfy(text: str) -> None:
    assert _fix_text(text) == ftfy.fix_text(text, _FTFY)


def test_fast_path_on_known_cases() -> None:
    cases = {
        "plain ASCII\nline two\n": "plain ASCII\nline two\n",
        "Caf\u00c3\u00a9 au lait": "Café au lait",
        "Fish &amp; chips": "Fish & chips",
        "<b>Fish &amp; chips</b>": "<b>Fish &amp; chips</b>",
        "<p>\nFish &amp; chips": "<p>\nFish &amp; chips",  # no unescaping once a line held '<'
        "bell\x07 and \x1b[31mred": "bell and red",
        "ﬁnal e\u0301": "final é",
    }
    for text, expected in cases.items():
        assert _fix_text(text) == expected == ftfy.fix_text(text, _FTFY)


def test_fast_path_fixes_lines_alone() -> None:
    """ftfy judges each line alone: a pattern anchored at a line start ('^Ã '), a match that
    would cross a newline, entities before and after the first '<', decomposed accents."""
    texts = ["plain.\n\u00c3 dans\nok", "ab\n\u00c3 x", "AT&amp;T\n<p>\nAT&amp;T", "caf\u00e9\ncafe\u0301\n",
             "one\r\ntwo\n\u00c3\u00a9t\u00c3\u00a9\nthree\u2028four"]
    for text in texts:
        assert _fix_text(text) == ftfy.fix_text(text, _FTFY), text


def test_repair_normalizes_layout() -> None:
    assert repair("  \r\nTitle  \r\n\r\n\r\n\r\nBody\u2028end\t\n") == "Title\n\nBody\nend"


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_badness_check_matches_ftfy(text: str) -> None:
    assert _is_bad(text) == is_bad(text)


def _reference_repair(text: str) -> str:
    """Repair as it was before the fast paths: full ftfy, then the layout patterns."""
    text = ftfy.fix_text(text, _FTFY)
    text = re.sub(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", text)
    text = re.sub(r"[ \t\u00a0\u3000]+$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_repair_matches_reference(text: str) -> None:
    assert repair(text) == _reference_repair(text)


def test_badness_check_on_patterns_with_ascii_leads() -> None:
    texts = ["plain a \u00c3 x", "ab\u00c2 ", "x \u00c3\u00a9t\u00c3\u00a9", "\u00c3 at start", "it\u00e2\u20ac\u2122s",
             "ok. \u00c2\u00bb", "price \u00c2\u00a3 5", "caf\u00e9 and na\u00efve"]
    assert [_is_bad(t) for t in texts] == [is_bad(t) for t in texts] == [True] * 7 + [False]


def test_badness_leads_cover_every_lone_character() -> None:
    """A badness match needs two non-ASCII characters in a row or one of `_BAD_ALONE`: every
    character of the Basic Multilingual Plane, alone among the ASCII its patterns ask for, is
    matched where the full pattern matches."""
    alone = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000]
    for left in ("", "a", " ", "."):
        for right in (" ", "a", "1"):
            text = "\n".join(f"{left}{c}{right}" for c in alone)
            starts = {found.start() for found in _BAD_FROM_ANY_LINE.finditer(text)}
            assert starts  # the lone mojibake characters match
            assert starts <= set(_bad_starts(text, _bad_leads(_marks(text)).tolist(), _BAD_FROM_ANY_LINE))

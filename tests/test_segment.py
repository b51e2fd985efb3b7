"""Segmentation: every non-blank line is a paragraph, its leading white space excluded."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.segment import paragraphs

_SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]  # \n, \t, \x1c, \x85, \xa0, \u2028 ...


def _reference(text: str) -> list[tuple[int, int]]:
    """Lines split at '\\n', `str.lstrip` of each, the blank ones dropped."""
    spans, start = [], 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped:
            spans.append((start + len(line) - len(stripped), start + len(line)))
        start += len(line) + 1
    return spans


def test_paragraphs_skip_indentation_and_blank_lines() -> None:
    text = "Title\n\n  \t Body one\n\u00a0\u2003\n\x1cx \nlast"
    assert paragraphs(text) == [(0, 5), (11, 19), (24, 26), (27, 31)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SPACES + ["a", "b c", "é"]), st.text(max_size=4)), max_size=40).map("".join))
def test_paragraphs_match_lines_stripped(text: str) -> None:
    assert paragraphs(text) == _reference(text)

"""Paragraph segmentation with character offsets.

Scraped text separates paragraphs by blank lines in some places and by single newlines in
others, so every non-empty line is a paragraph. Offsets exclude the newline.
"""
from __future__ import annotations

import re

# From a line start, past leading white space (`\s` is `str.isspace`, as `str.lstrip` strips),
# to the line end, when the line holds anything else: one match per paragraph.
_PARAGRAPH = re.compile(r"^[^\S\n]*(\S[^\n]*)", re.MULTILINE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of `text`, leading indentation excluded."""
    return [match.span(1) for match in _PARAGRAPH.finditer(text)]

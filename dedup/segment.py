"""Paragraph segmentation with character offsets.

Scraped text separates paragraphs by blank lines in some places and by single newlines in
others, so every non-empty line is a paragraph. Offsets exclude the newline.
"""
from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of `text`, leading indentation excluded."""
    spans = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.lstrip()
        if stripped:
            spans.append((match.start() + len(line) - len(stripped), match.end()))
    return spans

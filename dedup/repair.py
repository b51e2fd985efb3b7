"""Text repair: mojibake and Unicode (ftfy), line endings, trailing and surplus whitespace.

Words are left as they are: quotes stay curly and full-width characters stay full-width, since
both carry meaning in some languages. Repair is idempotent, which the idempotence of the whole
pipeline rests on.
"""
from __future__ import annotations

import re

import ftfy

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
_TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_OTHER_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def repair(text: str) -> str:
    """The repaired text that all span offsets refer to."""
    text = ftfy.fix_text(text, _FTFY)
    text = _OTHER_NEWLINES.sub("\n", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()

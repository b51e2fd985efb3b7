"""Text repair: mojibake and Unicode (ftfy), line endings, trailing and surplus whitespace.

Words are left as they are: quotes stay curly and full-width characters stay full-width, since
both carry meaning in some languages. Repair is idempotent, which the idempotence of the whole
pipeline rests on, and deterministic, so the writer can repeat it instead of keeping texts.

`ftfy.fix_text` costs about 3 MB/s, while almost every line of real text is one it cannot
change. `_fix_text` walks the text in the segments `ftfy.fix_text` uses and hands ftfy only the
segments that one of its steps could change, so the result is byte-identical to
`ftfy.fix_text(text, _FTFY)` (tests/test_repair.py checks it) at a fraction of the cost.
"""
from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, LIGATURES
from ftfy.fixes import unescape_html

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
_TRAILING_SPACE = " \t\u00a0\u3000"  # stripped from line ends (str.rstrip: linear, C speed)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_OTHER_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_OTHER_NEWLINE = re.compile(r"[\r\u2028\u2029\x85\x0b\x0c]")


def _char_class(codepoints: set[int]) -> str:
    return "".join(re.escape(chr(c)) for c in sorted(codepoints))


# Characters one of ftfy's fixers acts on besides the encoding fix: HTML entities start with '&',
# C1 controls, ligatures, line breaks, surrogates, control characters (ANSI escapes among them).
_FIXER_CHARS = (set(CONTROL_CHARS) | set(LIGATURES) | set(range(0x80, 0xA0))
                | {ord("\r"), 0x2028, 0x2029})
_NEEDS_FIXER = re.compile(f"[{_char_class(_FIXER_CHARS)}\ud800-\udfff]")
_AMPERSAND = "&"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every pattern of ftfy's badness check has a non-ASCII character within its first three
# (the longest ASCII lead is `[a-z]\s?` before 'Ã'), so it can only match from there.
_LONGEST_ASCII_LEAD = 2


def _unchanged_but_for_entities(segment: str) -> bool:
    """True when no ftfy step other than HTML unescaping can change `segment`."""
    if _NEEDS_FIXER.search(segment):
        return False
    if segment.isascii():
        return True  # ASCII is NFC, and ftfy's encoding fix returns ASCII unchanged
    return unicodedata.is_normalized("NFC", segment) and not _is_bad(segment)


def _fix_segment(segment: str, config: ftfy.TextFixerConfig) -> str:
    """ftfy's fix-point loop on one segment, run by ftfy itself only when a costly step acts.

    While nothing but HTML entities needs fixing, a round of ftfy's loop is exactly one
    unescape; as soon as another step could act, ftfy redoes the segment from the start.
    """
    text = segment
    while _unchanged_but_for_entities(text):
        if not config.unescape_html or _AMPERSAND not in text:
            return text
        unescaped = unescape_html(text)
        if unescaped == text:
            return text
        text = unescaped
    return ftfy.fix_and_explain(segment, config).text


def _is_bad(segment: str) -> bool:
    """`ftfy.badness.is_bad`, trying the pattern only where a match can start.

    The full scan runs at about 3 MB/s; English prose has a non-ASCII character every few
    hundred, so matching just before each one is far cheaper and gives the same answer.
    """
    tried = -1
    for found in _NON_ASCII.finditer(segment):
        at = found.start()
        for start in range(max(at - _LONGEST_ASCII_LEAD, tried + 1), at + 1):
            if BADNESS_RE.match(segment, start):
                return True
        tried = at
    return False


def _fix_text(text: str) -> str:
    """`ftfy.fix_text(text, _FTFY)`, calling ftfy only on segments it could change.

    Same segmentation as ftfy: lines, cut every `max_decode_length` characters; after the first
    segment holding '<', HTML is no longer unescaped (ftfy's 'auto' rule), here too.
    """
    if text.isascii() and not _NEEDS_FIXER.search(text) and _AMPERSAND not in text:
        return text
    config = _FTFY
    out = []
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos) + 1 or len(text)
        cut = min(cut, pos + config.max_decode_length)
        segment = text[pos:cut]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        out.append(_fix_segment(segment, config))
        pos = cut
    return "".join(out)


def repair(text: str) -> str:
    """The repaired text that all span offsets refer to."""
    text = _fix_text(text)
    if _OTHER_NEWLINE.search(text):  # the search is a fast scan; the substitution is not
        text = _OTHER_NEWLINES.sub("\n", text)
    text = "\n".join(line.rstrip(_TRAILING_SPACE) for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()

"""Text repair: mojibake and Unicode (ftfy), line endings, trailing and surplus whitespace.

Words are left as they are: quotes stay curly and full-width characters stay full-width, since
both carry meaning in some languages. Repair is idempotent, which the idempotence of the whole
pipeline rests on, and deterministic, so the writer can repeat it instead of keeping texts.

`ftfy.fix_text` costs about 3 MB/s, while almost every line of real text is one it cannot
change. `_fix_text` finds, in one pass over the whole text (a numpy table lookup per code point,
then ftfy's badness pattern tried only next to non-ASCII characters), the few lines one of
ftfy's steps could change, and hands ftfy only those, in the segments `ftfy.fix_text` uses; the
result is byte-identical to `ftfy.fix_text(text, _FTFY)` (tests/test_repair.py checks it) at a
fraction of the cost.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import ftfy
import numpy as np
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, LIGATURES
from ftfy.fixes import unescape_html

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
_NO_UNESCAPE = _FTFY._replace(unescape_html=False)
_TRAILING_SPACE = " \t\u00a0\u3000"  # stripped from line ends (str.rstrip: linear, C speed)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_BREAKS = "\r\u2028\u2029\x85\x0b\x0c"
_OTHER_NEWLINES = re.compile(f"\r\n?|[{_LINE_BREAKS}]")


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
# (the longest ASCII lead is `[a-z]\s?` before 'Ã'), so it can only match from there. Its first
# non-ASCII character is also followed by another one, except in the patterns of one mojibake
# character among ASCII: C1 controls, 'Œ' and 'œ' ('[Œœ][^A-Za-z]'), 'Ã' and 'Â' ('^[ÃÂ][ ]').
# English text has lone curly quotes and dashes only: a match can start just before a
# non-ASCII character next to another, or one of these.
_LONGEST_ASCII_LEAD = 2
_BAD_ALONE = "ŒœÃÂ" + "".join(map(chr, range(0x80, 0xA0)))
_BAD_FROM_ANY_LINE = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)


# Bits of `_MARKS`, one byte per code point: scanning a text is one table lookup in numpy,
# ten times faster than a regular expression's character class.
_SUSPECT = 1  # a character one of ftfy's fixers acts on (`_NEEDS_FIXER`), or '&'
_LINE_BREAK = 2  # a line break `repair` turns into '\n'
_NOT_ASCII = 4
_TRAILING = 8  # white space `repair` strips from line ends
_NEWLINE = 16
_ALONE = 32  # a character of `_BAD_ALONE`


def _mark_table() -> np.ndarray:
    table = np.zeros(0x110000, dtype=np.uint8)
    table[sorted(_FIXER_CHARS)] |= _SUSPECT
    table[0xD800:0xE000] |= _SUSPECT
    table[ord(_AMPERSAND)] |= _SUSPECT
    table[[ord(c) for c in _LINE_BREAKS]] |= _LINE_BREAK
    table[0x80:] |= _NOT_ASCII
    table[[ord(c) for c in _TRAILING_SPACE]] |= _TRAILING
    table[ord("\n")] |= _NEWLINE
    table[[ord(c) for c in _BAD_ALONE]] |= _ALONE
    table.flags.writeable = False
    return table


_MARKS = _mark_table()


def _marks(text: str) -> np.ndarray:
    """The `_MARKS` bits of each code point of `text`."""
    return _MARKS[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]


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


def _bad_starts(text: str, non_ascii: Iterable[int], pattern: re.Pattern[str] = BADNESS_RE) -> Iterator[int]:
    """Where ftfy's badness `pattern` matches in `text`, trying only where a match can start:
    just before each of the `non_ascii` positions (ascending).

    A full `search` runs at about 3 MB/s; English prose has a non-ASCII character every few
    hundred, so matching just before each one is far cheaper and finds the same starts.
    """
    tried = -1
    for at in non_ascii:
        for start in range(max(at - _LONGEST_ASCII_LEAD, tried + 1), at + 1):
            if pattern.match(text, start):
                yield start
        tried = at


def _is_bad(segment: str) -> bool:
    """`ftfy.badness.is_bad`."""
    non_ascii = (found.start() for found in _NON_ASCII.finditer(segment))
    return next(_bad_starts(segment, non_ascii), None) is not None


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of the segments ftfy fixes one by one: lines (with their newline), cut
    every `max_decode_length` characters."""
    pos = 0
    while pos < len(text):
        cut = min(text.find("\n", pos) + 1 or len(text), pos + _FTFY.max_decode_length)
        yield pos, cut
        pos = cut


def _suspects(text: str, marks: np.ndarray) -> Iterator[int]:
    """Positions that may make ftfy change their line: fixer characters, '&', badness.

    Every segment ftfy could change holds one. The badness pattern runs on the whole text with
    `^` at every line start, so any match inside a line alone is a match here too (a match
    crossing a newline only adds a line to look at)."""
    yield from np.flatnonzero(marks & _SUSPECT).tolist()
    yield from _bad_starts(text, _bad_leads(marks).tolist(), _BAD_FROM_ANY_LINE)


def _bad_leads(marks: np.ndarray) -> np.ndarray:
    """Where a badness match may have its first non-ASCII character (ascending): a non-ASCII
    character followed by another, or one of `_BAD_ALONE`."""
    non_ascii = (marks & _NOT_ASCII) != 0
    lead = (marks & _ALONE) != 0
    lead[:-1] |= non_ascii[:-1] & non_ascii[1:]
    return np.flatnonzero(lead)


def _segments_to_fix(text: str, marks: np.ndarray) -> list[tuple[int, int]]:
    """The segments of `text` one of ftfy's steps could change (a superset), in order.

    A text in NFC has every line in NFC (lines end at a newline, which composes with nothing);
    otherwise, or when a line is longer than one segment, every segment is looked at."""
    if len(text) > _FTFY.max_decode_length or not unicodedata.is_normalized("NFC", text):
        return list(_segments(text))
    starts = sorted({text.rfind("\n", 0, at) + 1 for at in _suspects(text, marks)})
    return [(start, text.find("\n", start) + 1 or len(text)) for start in starts]


def _fix_text(text: str, marks: np.ndarray | None = None) -> str:
    """`ftfy.fix_text(text, _FTFY)`, calling ftfy only on segments it could change (`marks`:
    `_marks(text)` if the caller has it).

    Same segmentation as ftfy; from the first segment holding '<' on, HTML is no longer
    unescaped (ftfy's 'auto' rule), here too.
    """
    marks = _marks(text) if marks is None else marks
    if text.isascii() and not (marks & _SUSPECT).any():
        return text
    segments = _segments_to_fix(text, marks)
    if not segments:
        return text
    html_from = text.find("<")
    out = []
    pos = 0
    for start, end in segments:
        config = _FTFY if html_from == -1 or html_from >= end else _NO_UNESCAPE
        out += (text[pos:start], _fix_segment(text[start:end], config))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _has_trailing_space(marks: np.ndarray) -> bool:
    """Whether a line of the text of `marks` but the last ends in white space to strip."""
    return bool(np.logical_and(marks[:-1] & _TRAILING, marks[1:] & _NEWLINE).any())


def repair(text: str) -> str:
    """The repaired text that all span offsets refer to."""
    marks = _marks(text)
    fixed = _fix_text(text, marks)
    if fixed is not text:
        marks = _marks(fixed)
    if (marks & _LINE_BREAK).any():  # the check is a fast scan; the substitution is not
        fixed = _OTHER_NEWLINES.sub("\n", fixed)
        marks = _marks(fixed)
    text = fixed
    if _has_trailing_space(marks):  # the last line's goes with the final strip
        text = "\n".join(line.rstrip(_TRAILING_SPACE) for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()

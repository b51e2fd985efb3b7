"""Signals that need a line's neighbours: the article is one dense block of prose, debris comes
in runs before and after it.

A naive scrape prints the page top to bottom: menus, the headline, the article, then related
links, comments and the footer. Each line gets a score: prose earns its words, a short or
menu-shaped line costs a little, a lexicon line ("Share", "Related articles", "Leave a comment")
costs a lot. The article is the stretch of lines with the largest total score (a maximum
subarray, as in jusText's context-sensitive pass), so a short line between two paragraphs (a
subheading, a list item, a caption) stays with the body, and a run of menu lines, teasers or
comments beyond a marker is cut off. Table rows and list items cost nothing: scrapers do not
print menus as tables or bulleted lists, and articles often end in one.

The block's edges then run on over lines that do not look like a menu (a caption, the last rows
of a table). Before the block the headline (the last title-shaped line) stays, and a lone line
between it and the block (a kicker, a first subheading); a few short lines right after the block
(a sign-off) stay when only the end of the page or a marker follows. What stands
further out goes if a section marker ("Related articles", "Comments", a footer's links) stands
between it and the block, or if it shows furniture: at least HEAD_EVIDENCE (before) or
TAIL_EVIDENCE (after) of its lines are markers or menu-shaped; after the block a short line that
holds a figure (an address, a phone number, a price) is data, not a menu entry. A page that is
all article (a syndicated copy, a price list below a short introduction, a directory of clinics)
keeps its listings; a scraped page's menus and footer are made of such lines.

A scrape that opens with the page's title ("Headline | Site") names its headline: when a later
line repeats it, the block is sought after that line, and what stands before it (menus, teaser
boxes, a promotion longer than the article) is head.

The fixed point (cleaning the output again removes nothing) holds by construction: the caller
repeats the pass on the remaining lines until it removes nothing. It also holds in shape: every
prefix and suffix of a maximum block has a score >= 0, removing debris inside it only raises
them, and ties go to the widest block.
"""
from __future__ import annotations

import re

from .lexicon import tokenize
from .lines import ends_sentence

_STOP_WORDS = frozenset(
    "a an the and or but of to in on at for with from by as is are was were be been has have had "
    "it its this that these those he she they we you i his her their our your not no will would "
    "can could should may might said says who which what when where there than then also into about".split()
)
_COMMON_WORDS = (" the ", " of ", " and ", " to ", " a ", " in ", " is ")  # whole words: spaces around
_ALPHA_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_MENU_SEPARATOR = re.compile(r"\s[|•·›»/>]\s")
HEADLINE_WORDS = 4  # the headline has at least this many words
HEADLINE_MAX_WORDS = 30
MENU_COST = 4.0  # a menu-shaped line (a few words, or capitalized like a menu entry)
LINE_COST = 2.5  # any other line that is not prose
SENTENCE_WORDS = 8  # a line that ends like a sentence is prose from this many words
UNPUNCTUATED_PROSE_WORDS = 12  # one that does not, from this many words and with enough function words:
UNPUNCTUATED_PROSE_RATIO = 0.25  # this share of them,
LONG_LINE_WORDS = 25  # or, from this many words,
WORD_LIST_RATIO = 0.1  # this share (fewer: a word list)
PROSE_OFFSET = 0.0  # a prose line earns its words less this
HEAD_EVIDENCE = 0.5  # share of marker or menu-shaped lines before the block that makes it furniture
TAIL_EVIDENCE = 0.4  # the same after the block
SECTION_COST = 80.0  # a marker this costly opens other content: what lies beyond it goes whatever it shows
OPENING_SECTION_COST = 25.0  # what a section marker / another marker costs before the article's start
OPENING_ITEM_COST = 4.0
TAIL_KEEP = 3  # short lines kept after the block's last paragraph when no marker stands there
DECK_LINES = 1  # lines kept between the headline and the block's first paragraph


def stop_word_ratio(tokens: list[str]) -> float:
    """Share of function words: prose has many (about 0.4), menus and headlines few."""
    return sum(1 for t in tokens if t in _STOP_WORDS) / len(tokens) if tokens else 0.0


def is_prose(text: str, count: int) -> bool:
    """A body line (`count`: its words): a sentence of a few words, or a long unpunctuated line
    with enough function words. A long line with almost none is a word list: a language picker,
    an archive of months, a tag cloud or a form's options printed as one line."""
    if ends_sentence(text):
        return count >= SENTENCE_WORDS
    if count < UNPUNCTUATED_PROSE_WORDS:
        return False
    return has_function_words(text, count, WORD_LIST_RATIO if count >= LONG_LINE_WORDS else UNPUNCTUATED_PROSE_RATIO)


def has_function_words(text: str, count: int, share: float) -> bool:
    """`stop_word_ratio(tokenize(text)) >= share` for a line of `count` words. Most prose
    passes on its commonest function words alone, counted as substrings (a quarter of the
    cost); only the rest is tokenized."""
    padded = f" {text.lower()} "
    if sum(padded.count(word) for word in _COMMON_WORDS) >= share * count:
        return True
    return stop_word_ratio(tokenize(text)) >= share


def is_menu_shaped(text: str, tokens: list[str]) -> bool:
    """Looks like a menu entry, tag or widget label on its own: one to three words, a list split
    by separators, or a short line with most words capitalized (stop words aside)."""
    return menu_shaped(text, len(tokens))


def menu_shaped(text: str, count: int) -> bool:
    """`is_menu_shaped` from the line's word count (`len(tokens)`), all it needs of the words."""
    if not count or count > 12:
        return False
    if count <= 3 or menu_separators(text) >= 2:
        return True
    alpha = _ALPHA_WORD.findall(text)
    words = [w for w in alpha if w.lower() not in _STOP_WORDS]
    capitalized = sum(1 for w in words if w[0].isupper())
    share = capitalized / len(alpha) if words else 0.0
    return capitalized >= 2 and capitalized >= 0.75 * len(words) and share > 0.5 and count <= 8


def has_separator_mark(text: str) -> bool:
    """One of `_MENU_SEPARATOR`'s marks is in `text`: substring tests, 3x cheaper than a
    character-class pattern or `any` over the marks (most lines have none)."""
    return "|" in text or "/" in text or ">" in text or "•" in text or "·" in text or "›" in text or "»" in text


def menu_separators(text: str) -> int:
    """`len(_MENU_SEPARATOR.findall(text))`, the pattern tried only where a mark stands."""
    return len(_MENU_SEPARATOR.findall(text)) if has_separator_mark(text) else 0


def count_cells(text: str) -> int:
    """Cell separators in a line (tabs, ' | '): rows of one table have as many."""
    return text.count("\t") + menu_separators(text)


def is_menu_list(text: str) -> bool:
    """Three or more items split by ' | ', ' • ', ' › ' ...: a breadcrumb or menu anywhere."""
    stripped = text.strip()
    return (menu_separators(stripped) >= 2 and not stripped.endswith((".", "!", "?"))
            and not stripped.startswith("|") and not stripped[:1].isdigit())  # '| a | b |', '3 | Ohio | 4.1': table rows


def line_score(words: int, prose: bool, menu: bool, marker: float, formatted: bool = False) -> float:
    """What a line adds to the block that holds it; `marker` is the cost of a line removed
    wherever it stands (0 for the others). A table row or list item (`formatted`) costs nothing:
    a page's menus do not come out of a scraper as tables or bulleted lists."""
    if marker:
        return -marker
    if formatted and not prose:
        return 0.0
    if prose:
        return words - PROSE_OFFSET
    return -MENU_COST if menu else -LINE_COST


def best_block(scores: list[float]) -> tuple[int, int] | None:
    """[first, last] of the contiguous run with the largest total (ties: the widest, then the
    first), or None when no line scores above zero."""
    best: tuple[float, int, int] | None = None
    start, running = 0, 0.0
    for i, score in enumerate(scores):
        if running < 0:
            start, running = i, 0.0
        running += score
        if running > 0 and (best is None or running > best[0] or (running == best[0] and start == best[1])):
            best = (running, start, i)
    return None if best is None else (best[1], best[2])


def find_headline(counts: list[int], prose: list[bool], skip: set[int], before: int) -> int | None:
    """The headline: the nearest line of a few words (`counts`), not prose, before the block."""
    for i in range(before - 1, -1, -1):
        if i in skip or prose[i]:
            continue
        if HEADLINE_WORDS <= counts[i] <= HEADLINE_MAX_WORDS:
            return i
    return None


def _lenient(cost: float) -> float:
    return 0.0 if not cost else OPENING_SECTION_COST if cost >= SECTION_COST else OPENING_ITEM_COST


def _furniture_share(lines: range, marker: list[float], menu: list[bool], data: list[bool] | None = None) -> float:
    """Share of `lines` that are markers or menu-shaped; a line marked in `data` is not menu-shaped."""
    return sum(1 for i in lines if marker[i] or (menu[i] and not (data and data[i]))) / len(lines)


def _deck(headline: int, first: int, marker: list[float]) -> set[int]:
    """The line between the headline and the block's first line when it is the only one (markers
    aside): a kicker or the article's first subheading ("In short", "Quick summary")."""
    between = [i for i in range(headline + 1, first) if not marker[i]]
    return set(between) if len(between) <= DECK_LINES else set()


def outside_block(prose: list[bool], menu: list[bool], tokens: list[list[str]], marker: list[float],
                  formatted: list[bool] | None = None) -> dict[int, str]:
    """Positions (in the given lists) that stand outside the article block, with the reason.
    Marker lines are removed by the caller whatever their place, and never counted here."""
    return outside_block_counts(prose, menu, [len(t) for t in tokens], marker, formatted)


def outside_block_counts(prose: list[bool], menu: list[bool], counts: list[int], marker: list[float],
                         formatted: list[bool] | None = None, floor: int = 0,
                         figures: list[bool] | None = None) -> dict[int, str]:
    """`outside_block` from each line's word count, all it needs of the words. `floor`, when
    not 0, is the headline the page's title names (`boilerplate.title_repeat`): the block is
    sought after it, and what stands before it is head. `figures` marks the lines that hold a
    digit: after the block they are data (an address, a phone number, a price), not furniture."""
    formatted = formatted or [False] * len(prose)
    scores = [line_score(n, p, m, k, f) for n, p, m, k, f in zip(counts, prose, menu, marker, formatted)]
    after = best_block(scores[floor:]) if floor else None
    block = (after[0] + floor, after[1] + floor) if after else best_block(scores)
    floor = floor if after else 0
    if block is None:
        return {}
    first, last = block
    # The start is chosen more leniently than the end: an article opens with short paragraphs and
    # a share or newsletter prompt often stands among them, while what follows its end (teasers,
    # comments) is prose too and must pay the markers' full cost to join.
    lenient = [line_score(counts[i], prose[i], menu[i], _lenient(marker[i]), formatted[i]) for i in range(first)]
    total, best = 0.0, 0.0
    low = floor + 1 if floor else 0  # the block starts after the headline its page's title names
    for i in range(first - 1, low - 1, -1):
        total += lenient[i]
        if total > best:
            best, first = total, i
    while first > low and not marker[first - 1] and (formatted[first - 1] or not menu[first - 1]):
        first -= 1  # the block's edges run on over lines that look like content, not like a menu
    while last + 1 < len(prose) and not marker[last + 1] and (formatted[last + 1] or not menu[last + 1]):
        last += 1
    skip = {i for i, k in enumerate(marker) if k}
    headline = find_headline(counts, prose, skip, first)
    sections = [i for i, cost in enumerate(marker) if cost >= SECTION_COST]
    opening = max((i for i in sections if i < first), default=-1)  # what stands before it is other content
    found: dict[int, str] = {i: "boilerplate:head" for i in range(max(opening, floor)) if i != headline and not marker[i]}
    head = range(opening + 1, first)
    if head and _furniture_share(head, marker, menu) >= HEAD_EVIDENCE:
        deck = _deck(headline, first, marker) if headline is not None and headline > opening else set()
        found.update({i: "boilerplate:head" for i in head if i != headline and not marker[i] and i not in deck})
    end = last + 1
    while end < len(prose) and end - last <= TAIL_KEEP and not marker[end] and not prose[end]:
        end += 1
    if end < len(prose) and not marker[end]:
        end = last + 1  # the short lines run on into more debris: they are debris too
    closing = min((i for i in sections if i >= end), default=len(prose))
    found.update({i: "boilerplate:tail" for i in range(closing + 1, len(prose)) if not marker[i]})
    tail = range(end, closing)
    if tail and _furniture_share(tail, marker, menu, figures) >= TAIL_EVIDENCE:  # figures: a directory, a price list
        found.update({i: "boilerplate:tail" for i in tail if not marker[i]})
    return found

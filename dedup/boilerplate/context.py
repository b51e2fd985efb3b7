"""Signals that need a line's neighbours: debris comes in runs before and after the body.

A naive scrape prints the page top to bottom: menus, the headline, the article, then related
links and the footer. The body is the stretch between the first and last prose line. Outside it,
short menu-shaped lines (a few words, or most words capitalized) are furniture, except the
headline: the last title-shaped line before the body. Inside it, a lone short line between two
prose paragraphs is a subheading and stays; a run of menu-shaped lines is a widget and goes.

Lexicon lines that open or close an article ("Share", "Related articles", "Leave a comment") are
markers: what stands before the last opening marker or after the first closing one goes too.

The fixed point (cleaning the output again removes nothing): markers are always furniture, so a
second run finds none to cut at; the run rules touch only menu-shaped lines, never a sentence.
One limit remains: if the dedup stage removes the prose around a menu-shaped subheading, a second
run sees it at the edge and takes it.
"""
from __future__ import annotations

import re

_STOP_WORDS = frozenset(
    "a an the and or but of to in on at for with from by as is are was were be been has have had "
    "it its this that these those he she they we you i his her their our your not no will would "
    "can could should may might said says who which what when where there than then also into about".split()
)
_ALPHA_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_MENU_SEPARATOR = re.compile(r"\s[|•·›»/>]\s")
MIDDLE_RUN = 8  # menu-shaped lines in a row inside the body that make a widget, not subheadings
HEADLINE_WORDS = 4  # the headline has at least this many words


def stop_word_ratio(tokens: list[str]) -> float:
    """Share of function words: prose has many (about 0.4), menus and headlines few."""
    return sum(1 for t in tokens if t in _STOP_WORDS) / len(tokens) if tokens else 0.0


def is_prose(text: str, tokens: list[str], sentence: bool) -> bool:
    """A body line: sentence-like, or long and full of function words though unpunctuated."""
    return sentence or (len(tokens) >= 12 and stop_word_ratio(tokens) >= 0.25)


def is_menu_shaped(text: str, tokens: list[str]) -> bool:
    """Looks like a menu entry, tag or widget label on its own: one to three words, a list split
    by separators, or a short line with most words capitalized (stop words aside)."""
    if not tokens or len(tokens) > 12:
        return False
    if len(tokens) <= 3 or len(_MENU_SEPARATOR.findall(text)) >= 2:
        return True
    words = [w for w in _ALPHA_WORD.findall(text) if w.lower() not in _STOP_WORDS]
    capitalized = sum(1 for w in words if w[0].isupper())
    share = capitalized / len(_ALPHA_WORD.findall(text)) if words else 0.0
    return capitalized >= 2 and capitalized >= 0.75 * len(words) and share > 0.5 and len(tokens) <= 8


def is_menu_list(text: str) -> bool:
    """Three or more items split by ' | ', ' • ', ' › ' ...: a breadcrumb or menu anywhere."""
    stripped = text.strip()
    return (len(_MENU_SEPARATOR.findall(stripped)) >= 2 and not stripped.endswith((".", "!", "?"))
            and not stripped.startswith("|"))  # '| a | b |' is a table row


def find_headline(prose: list[bool], tokens: list[list[str]], skip: frozenset[int] = frozenset()) -> int | None:
    """The headline: the nearest line of a few words before the first prose line."""
    first = prose.index(True) if any(prose) else 0
    return next((i for i in range(first - 1, -1, -1) if i not in skip and len(tokens[i]) >= HEADLINE_WORDS), None)


def outside_body(prose: list[bool], menu: list[bool], tokens: list[list[str]]) -> dict[int, str]:
    """Positions (in the given list) removed for where they stand, with the reason."""
    if not any(prose):
        return {}
    first = prose.index(True)
    last = len(prose) - 1 - prose[::-1].index(True)
    headline = find_headline(prose, tokens)
    found: dict[int, str] = {}
    for i in range(first):
        if menu[i] and i != headline:
            found[i] = "boilerplate:head"
    for i in range(last + 1, len(prose)):
        if menu[i]:
            found[i] = "boilerplate:tail"
    run: list[int] = []
    for i in range(first, last + 2):
        if i <= last and menu[i] and not prose[i]:
            run.append(i)
            continue
        if len(run) >= MIDDLE_RUN:
            found.update({j: "boilerplate:widget" for j in run})
        run = []
    return found


END_MARKERS = frozenset({"boilerplate:related", "boilerplate:comments", "boilerplate:share",  # lexicon reasons
                         "boilerplate:subscribe", "boilerplate:copyright", "boilerplate:cookies",
                         "boilerplate:navigation"})
START_SHARE = 0.2  # prose words that may stand before a marker that opens the article
END_SHARE = 0.6  # prose words that must stand before an end marker for it to close the article


def beyond_markers(reasons: list[str | None], prose_words: list[int], headline: int | None) -> list[int]:
    """Positions before the last marker that opens the article or after the first one that closes
    it ("Share", "Related articles", "Leave a comment"): the menus and teasers of other pages.
    A marker opens the article when nearly all prose follows it, closes it when most precedes it.

    Markers are always furniture themselves, so a second run finds none and cuts nothing more.
    """
    total = sum(prose_words)
    if not total:
        return []
    before = [sum(prose_words[:i]) for i in range(len(reasons) + 1)]
    markers = [i for i, reason in enumerate(reasons) if reason in END_MARKERS]
    opening = [i for i in markers if before[i] <= START_SHARE * total]
    closing = [i for i in markers if before[i] >= END_SHARE * total]
    start = opening[-1] if opening else -1
    end = closing[0] if closing else len(reasons)
    return [i for i in range(len(reasons)) if reasons[i] is None and not start < i < end and i != headline]

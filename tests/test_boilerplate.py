"""Each boilerplate signal on small real-looking lines, and whole pages stripped end to end."""
from __future__ import annotations

import pytest

from dedup import Document, Pipeline
from dedup.boilerplate import strip_document
from dedup.boilerplate.context import (beyond_markers, find_headline, is_menu_list, is_menu_shaped, is_prose,
                                       outside_body, stop_word_ratio)
from dedup.boilerplate.lexicon import tokenize
from dedup.repair import repair
from dedup.segment import paragraphs

BODY = [
    "The city council voted on Tuesday to approve a budget of 4.2 million dollars for the restoration of the "
    "river park, ending a debate that had lasted more than two years.",
    "Supporters said the plan would restore the wetlands along the east bank and reopen the walking trail "
    "that was closed after the floods of 2021.",
    "Work on the first phase is expected to begin in the spring, and the council said it would publish a "
    "schedule for the remaining phases by the end of the year.",
]
PAGE = ["Skip to main content", "Home | News | Business | Sport", "Search", "Subscribe",
        "City Council Approves New Budget for River Park Restoration", "By Maria Lopez", BODY[0], BODY[1],
        "What happens next", BODY[2], "Related articles", "Council Delays Vote on Library Hours",
        "Mayor Names New Parks Director", "© 2025 Riverside Courier. All rights reserved."]


def stripped(lines: list[str]) -> Document:
    text = repair("\n".join(lines))
    doc = Document(id="page", text=text, source="page.txt", paragraphs=paragraphs(text))
    strip_document(doc)
    return doc


def removed(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[s.start : s.end], s.reason) for s in doc.removed]


def test_stop_word_density_tells_prose_from_headlines() -> None:
    assert stop_word_ratio(tokenize("the plan would cut costs for the schools")) == 0.5  # the, would, for, the
    assert stop_word_ratio(tokenize("Council Approves New Budget")) == 0.0
    unpunctuated = "supporters said the plan would restore the wetlands along the east bank of the river"
    assert is_prose(unpunctuated, tokenize(unpunctuated), sentence=False)
    menu = "Business Sport Culture Travel Weather Podcasts Newsletters Video Live Events Shop Jobs"
    assert not is_prose(menu, tokenize(menu), sentence=False)


@pytest.mark.parametrize(("line", "expected"), [
    ("Privacy Policy", True),  # a few words
    ("Cloud Computing Training Courses", True),  # capitalized like a menu entry
    ("Home | News | World", True),  # separators
    ("What happens next", True),  # short: a subheading is kept for its place, not its shape
    ("The council met on Tuesday", False),  # a sentence's capitalization
    ("Council Delays Vote on Library Hours in the Old Town Hall Building", False),  # too long for a menu
])
def test_menu_shape(line: str, expected: bool) -> None:
    assert is_menu_shaped(line, tokenize(line)) is expected


def test_menu_lists_but_not_table_rows() -> None:
    assert is_menu_list("Home › News › Business")
    assert not is_menu_list("| Studio | $465 | 2 movers |")
    assert not is_menu_list("Prices rose | fell | held steady in the quarter.")


def test_runs_outside_the_body_go_but_headline_and_subheading_stay() -> None:
    prose = [False, False, False, True, False, True, False, False]
    menu = [True, True, False, False, True, False, True, True]
    tokens = [["w"] * n for n in (1, 2, 9, 30, 3, 30, 2, 1)]
    assert find_headline(prose, tokens) == 2
    assert outside_body(prose, menu, tokens) == {0: "boilerplate:head", 1: "boilerplate:head",
                                                 6: "boilerplate:tail", 7: "boilerplate:tail"}


def test_a_run_of_menu_lines_inside_the_body_is_a_widget() -> None:
    prose = [True] + [False] * 8 + [True]
    tokens = [["w"] * 30] + [["w"] * 2] * 8 + [["w"] * 30]
    widget = {i: "boilerplate:widget" for i in range(1, 9)}
    assert outside_body(prose, [False] + [True] * 8 + [False], tokens) == widget
    assert outside_body(prose[:2] + prose[-1:], [False, True, False], tokens[:2] + tokens[-1:]) == {}


def test_markers_close_and_open_the_article() -> None:
    reasons = [None, "boilerplate:navigation", None, None, None, "boilerplate:related", None]
    words = [0, 0, 0, 40, 40, 0, 0]
    assert beyond_markers(reasons, words, headline=None) == [0, 6]
    assert beyond_markers(reasons, words, headline=0) == [6]
    middle = [None, None, "boilerplate:related", None, None]
    assert beyond_markers(middle, [0, 30, 0, 40, 10], headline=None) == []  # neither before nor after the prose


def test_a_scraped_page_keeps_its_headline_and_body() -> None:
    doc = stripped(PAGE)
    assert removed(doc) == [
        ("Skip to main content", "boilerplate:navigation"),
        ("Home | News | Business | Sport", "boilerplate:navigation"),
        ("Search", "boilerplate:navigation"), ("Subscribe", "boilerplate:subscribe"),
        ("By Maria Lopez", "boilerplate:byline"), ("Related articles", "boilerplate:related"),
        ("Council Delays Vote on Library Hours", "boilerplate:outside-markers"),
        ("Mayor Names New Parks Director", "boilerplate:outside-markers"),
        ("© 2025 Riverside Courier. All rights reserved.", "boilerplate:disclaimer")]
    assert doc.metadata == {"byline": "By Maria Lopez",
                            "title": "City Council Approves New Budget for River Park Restoration"}


def test_stripping_the_kept_lines_again_removes_nothing() -> None:
    doc = stripped(PAGE)
    gone = {(s.start, s.end) for s in doc.removed}
    kept = [doc.text[a:b] for a, b in doc.paragraphs if (a, b) not in gone]
    assert kept == [PAGE[4], BODY[0], BODY[1], "What happens next", BODY[2]]
    assert stripped(kept).removed == []


@pytest.mark.parametrize(("line", "reason"), [
    ("We use cookies", "boilerplate:cookies"),
    ("Share on Facebook", "boilerplate:share"),
    ("Leave a comment", "boilerplate:comments"),
    ("Sign up for our newsletter", "boilerplate:subscribe"),
    ("Updated: 06-03-2025 01:54 IST", "boilerplate:dateline"),
])
def test_lexicon_lines_go_anywhere(line: str, reason: str) -> None:
    doc = stripped([BODY[0], line, BODY[1], BODY[2]])
    assert removed(doc) == [(line, reason)]


def test_a_line_repeated_on_unrelated_pages_is_template() -> None:
    topics = [("The harbour authority said the ferry would run twice a day from the first of June next year.",
               "Tickets will go on sale in April, and residents of the island will pay half the usual fare."),
              ("Farmers in the valley reported a strong apple harvest despite a dry summer and late frost.",
               "Prices at the market fell by a fifth as the growers tried to sell the surplus before winter."),
              ("A new exhibition of early photographs opened at the museum and will stay until the winter.",
               "Most of the prints were donated by the family of a local doctor who took them as a hobby.")]
    docs = [Document(id=f"d{i}", text=f"{first}\nWeekend Edition Desk\n{second}\n", source=f"d{i}.txt")
            for i, (first, second) in enumerate(topics)]
    results = Pipeline().process(docs)
    assert [c.text for c in results] == [f"{first}\n{second}" for first, second in topics]
    assert [[s.reason for s in c.doc.removed] for c in results] == [["boilerplate:template"]] * 3

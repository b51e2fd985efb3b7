"""Each boilerplate signal on small real-looking lines, and whole pages stripped end to end."""
from __future__ import annotations

import random

import pytest
from helpers import ARTICLE_PARAGRAPHS
from hypothesis import given
from hypothesis import strategies as st
from test_properties import sentence

from dedup import Document, Pipeline
from dedup.boilerplate import article_words, strip_document, title_repeat
from dedup.boilerplate.context import (
    _MENU_SEPARATOR,
    best_block,
    count_cells,
    is_menu_list,
    is_menu_shaped,
    is_prose,
    line_score,
    menu_separators,
    outside_block,
    stop_word_ratio,
)
from dedup.boilerplate.lexicon import tokenize
from dedup.boilerplate.lines import _DATE, _FIELD_SEPARATOR, field_separators, has_date, is_date_line
from dedup.fingerprint.tokens import encode
from dedup.repair import repair
from dedup.segment import paragraphs

BODY = ARTICLE_PARAGRAPHS
PAGE = ["Skip to main content", "Home | News | Business | Sport", "Search", "Subscribe",
        "City Council Approves New Budget for River Park Restoration", "By Maria Lopez", BODY[0], BODY[1],
        "What happens next", BODY[2], "Related articles", "Council Delays Vote on Library Hours",
        "Mayor Names New Parks Director", "© 2025 Riverside Courier. All rights reserved."]


TOPICS = [("The harbour authority said the ferry would run twice a day from the first of June next year.",
           "Tickets will go on sale in April, and residents of the island will pay half the usual fare."),
          ("Farmers in the valley reported a strong apple harvest despite a dry summer and late frost.",
           "Prices at the market fell by a fifth as the growers tried to sell the surplus before winter."),
          ("A new exhibition of early photographs opened at the museum and will stay until the winter.",
           "Most of the prints were donated by the family of a local doctor who took them as a hobby.")]


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
    assert is_prose(unpunctuated, len(tokenize(unpunctuated)))
    menu = "Business Sport Culture Travel Weather Podcasts Newsletters Video Live Events Shop Jobs"
    assert not is_prose(menu, len(tokenize(menu)))


def test_a_long_line_without_function_words_is_a_word_list_not_prose() -> None:
    """A language picker or a month archive printed as one line is long but holds almost no
    function words and ends like no sentence; a line of the same length that reads as prose
    holds many. A line that ends like a sentence is prose from eight words, whatever it holds."""
    languages = ("Select Language English Afrikaans Albanian Amharic Arabic Armenian Azerbaijani Basque "
                 "Belarusian Bengali Bosnian Bulgarian Catalan Cebuano Chichewa Chinese")
    assert not is_prose(languages, len(tokenize(languages)))
    unpunctuated = "The council said on Tuesday that the new library would open in the spring of next year"
    assert is_prose(unpunctuated, len(tokenize(unpunctuated)))
    short = "Residents welcomed the decision at the meeting on Monday."  # under 12 words: its punctuation decides
    assert is_prose(short, len(tokenize(short)))
    assert not is_prose(short.rstrip("."), len(tokenize(short)))


def test_a_word_list_does_not_outweigh_the_article() -> None:
    """Before: the 60-word archive line scored as 60 words of prose and the block model chose it
    over the two article paragraphs below the menu, removing the article as page head."""
    months = " ".join(f"{month} {year}" for year in (2025, 2024) for month in (
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Jan", "Feb", "Mar"))
    menu = ["Home", "About", "Contact", "Press", "Advertise", "Podcast", "Gallery", "Travel", "Photography",
            "Recipes", "Shop", "Events", "Archive", "Newsletter", "Videos"]
    article = [("Every month a group of local builders shares a project made with simple tools, and this "
                "time the theme was furniture for small homes."),
               ("My project is a planter built from scrap wood, and the steps below show how to make one "
                "in an afternoon with a drill and a saw.")]
    doc = stripped([f"Archives {months}", *menu, *article])
    removed_spans = {(span.start, span.end) for span in doc.removed}
    kept = [doc.text[start:end] for start, end in doc.paragraphs if (start, end) not in removed_spans]
    assert kept == article


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


def test_line_scores_reward_prose_and_charge_furniture() -> None:
    assert line_score(30, prose=True, menu=False, marker=0.0) == 30.0
    assert line_score(2, prose=False, menu=True, marker=0.0) == -4.0
    assert line_score(6, prose=False, menu=False, marker=0.0) == -2.5
    assert line_score(2, prose=False, menu=True, marker=25.0) == -25.0
    assert line_score(3, prose=False, menu=False, marker=0.0, formatted=True) == 0.0  # a table row, a list item


def test_the_block_is_the_run_with_the_largest_score() -> None:
    assert best_block([-4, 30, -2.5, 30, -25, 5, -4]) == (1, 3)  # the marker is not worth the teaser after it
    assert best_block([-4, 30, 0, 0, -4]) == (1, 3)  # ties: the widest block
    assert best_block([-4, -2.5]) is None
    assert best_block([]) is None


def test_outside_the_block_only_the_headline_stays() -> None:
    prose = [False, False, False, True, False, True, False, False, False, False]
    menu = [True, True, False, False, True, False, True, True, True, True]
    tokens = [["w"] * n for n in (1, 2, 9, 30, 3, 30, 2, 1, 2, 2)]
    assert outside_block(prose, menu, tokens, [0.0] * 10) == {0: "boilerplate:head", 1: "boilerplate:head",
                                                            6: "boilerplate:tail", 7: "boilerplate:tail",
                                                            8: "boilerplate:tail", 9: "boilerplate:tail"}


def test_a_short_subheading_between_paragraphs_stays_and_a_marker_cuts_the_teasers() -> None:
    prose = [True, False, True, False, True, True]
    menu = [False, True, False, False, False, False]
    tokens = [["w"] * n for n in (40, 2, 40, 2, 12, 12)]
    assert outside_block(prose, menu, tokens, [0.0] * 6) == {}
    assert outside_block(prose, menu, tokens, [0.0, 0.0, 0.0, 80.0, 0.0, 0.0]) == {4: "boilerplate:tail",
                                                                                 5: "boilerplate:tail"}


def test_a_few_short_lines_after_the_last_paragraph_stay_when_only_a_marker_follows() -> None:
    prose = [True, True, False, False, False, False, False]
    menu = [False, False, True, True, True, True, True]
    tokens = [["w"] * n for n in (40, 40, 3, 2, 2, 1, 1)]
    assert outside_block(prose[:5], menu[:5], tokens[:5], [0.0, 0.0, 0.0, 0.0, 80.0]) == {}  # a sign-off, "Share"
    assert outside_block(prose, menu, tokens, [0.0] * 7) == {i: "boilerplate:tail" for i in range(2, 7)}  # a footer


def test_a_long_table_inside_the_article_does_not_split_it() -> None:
    rows = [f"{month}/1/2019\t+{month}.5%" for month in range(1, 13)]
    doc = stripped([BODY[0], "Median sale price by month", *rows, BODY[1], BODY[2], "Share this post"])
    assert removed(doc) == [("Share this post", "boilerplate:share")]
    assert count_cells(rows[0]) == 1 and count_cells("Home | News | World") == 2


def test_a_listing_after_the_last_paragraph_stays_when_nothing_there_looks_like_furniture() -> None:
    listing = ["Harbour Street Clinic, 12 Harbour Street, second floor", "Counselling and medication, fees based on income",
               "Call (555) 014-2231 to book a first visit", "Northside Family Centre, 40 Mill Road",
               "Free for residents under 18, no referral needed", "Call (555) 018-7730 on weekdays"]
    doc = stripped([BODY[0], BODY[1], *listing])
    assert removed(doc) == []
    footer = ["Home", "About Us", "Contact Us", "Privacy Policy", "Careers", "Advertise", "Site Map", "Jobs"]
    doc = stripped([BODY[0], BODY[1], *footer])
    assert [reason for _, reason in removed(doc)] == ["boilerplate:navigation", "boilerplate:navigation",
                                                      "boilerplate:navigation", "boilerplate:cookies",
                                                      "boilerplate:tail", "boilerplate:tail", "boilerplate:tail",
                                                      "boilerplate:tail"]  # a footer with no lexicon line


def test_a_directory_of_short_entries_with_figures_stays_after_the_article() -> None:
    """Name, address, phone and fee lines are short and capitalized like menu entries; their
    figures tell them from a footer's links."""
    entries = [["Harbour Street Clinic", "12 Harbour Street, Suite 300", "(555) 014-2231",
                "Psychotherapy and medication, fees based on income"],
               ["Northside Family Centre", "40 Mill Road", "(555) 018-7730", "Counselling for families, free for residents"],
               ["Open Door Counselling", "9 Quay Lane", "(555) 011-4512", "Group sessions every weekday evening"]]
    listing = [line for entry in entries for line in entry]
    doc = stripped([BODY[0], BODY[1], *listing])
    assert removed(doc) == []
    without_figures = [line for line in listing if not any(c.isdigit() for c in line)]
    doc = stripped([BODY[0], BODY[1], *without_figures])  # names and services alone read as a menu
    assert [text for text, _ in removed(doc)] == without_figures


def test_a_lone_line_between_the_headline_and_the_body_stays() -> None:
    menu = ["Home", "News", "Business", "Sport", "Weather"]
    headline = "City Council Approves New Budget for River Park Restoration"
    doc = stripped([*menu, headline, "In short", BODY[0], BODY[1], BODY[2]])
    assert {text for text, _ in removed(doc)} == set(menu)
    doc = stripped([*menu, headline, "Opinion", "Politics", BODY[0], BODY[1], BODY[2]])  # two lines: a menu's end
    assert {text for text, _ in removed(doc)} == {*menu, "Opinion", "Politics"}


def test_a_prompt_between_the_first_paragraphs_does_not_cut_the_article_start() -> None:
    doc = stripped(["Sign up for our newsletter", BODY[0], "Sign up for our newsletter", BODY[1], BODY[2],
                    "Related articles", "Council Delays Vote on Library Hours Until the Autumn, Officials Say",
                    "Officials said the library would keep its winter hours for now while the council waits for a report."])
    assert [text for text, _ in removed(doc)] == ["Sign up for our newsletter", "Sign up for our newsletter",
                                                  "Related articles",
                                                  "Council Delays Vote on Library Hours Until the Autumn, Officials Say",
                                                  ("Officials said the library would keep its winter hours for now while "
                                                   "the council waits for a report.")]


def test_comment_sections_are_cut_at_their_markers() -> None:
    comments = ["2 Comments", "Dana Whitfield says", "March 3, 2024 at 9:15 am",
                "Thanks for writing this up, we tried the same route last summer and it was just as lovely as you say.",
                "Reply"]
    doc = stripped(["Walking the Old Canal Path", BODY[0], BODY[1], BODY[2], *comments])
    assert [reason for _, reason in removed(doc)] == ["boilerplate:comments", "boilerplate:comments",
                                                      "boilerplate:dateline", "boilerplate:tail",
                                                      "boilerplate:comments"]


@pytest.mark.parametrize(("line", "expected"), [
    ("July 14, 2015 at 3:53 pm", True), ("2024-03-01", True), ("12/19/2025", True),
    ("9/1/2015 +11.8%", False),  # a row of figures
    ("The vote on 12/19/2025", False),
])
def test_date_lines(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


def test_list_items_and_figures_are_not_lexicon_debris() -> None:
    lines = ["Market share: 4.37%", "8. LinkedIn", "- Share of voice"]
    doc = stripped([BODY[0], *lines, BODY[1], BODY[2]])
    assert removed(doc) == []


def test_a_scraped_page_keeps_its_headline_and_body() -> None:
    doc = stripped(PAGE)
    assert removed(doc) == [
        ("Skip to main content", "boilerplate:navigation"),
        ("Home | News | Business | Sport", "boilerplate:navigation"),
        ("Search", "boilerplate:navigation"), ("Subscribe", "boilerplate:subscribe"),
        ("By Maria Lopez", "boilerplate:byline"), ("Related articles", "boilerplate:related"),
        ("Council Delays Vote on Library Hours", "boilerplate:tail"),
        ("Mayor Names New Parks Director", "boilerplate:tail"),
        ("© 2025 Riverside Courier. All rights reserved.", "boilerplate:disclaimer")]
    assert doc.metadata == {"byline": "By Maria Lopez",
                            "title": "City Council Approves New Budget for River Park Restoration"}


def test_title_repeat_finds_the_headline_the_page_title_names() -> None:
    headline = "City Council Approves New Budget for River Park Restoration"
    assert title_repeat([f"{headline} | Riverside Courier", "Home", "Riverside Courier", headline, BODY[0]]) == 3
    assert title_repeat([f"{headline} - Riverside Courier", "Home", headline.upper()]) == 2  # case aside
    assert title_repeat([headline, "Home", headline]) is None  # no site part: not a page title
    assert title_repeat(["Budget | Riverside Courier", "Budget"]) is None  # too short to be a headline
    assert title_repeat([f"{headline} | Riverside Courier", "Riverside Courier"]) is None  # the site part


def test_what_stands_before_the_headline_the_title_names_is_not_the_article() -> None:
    teasers = ["The Old Mill Bakery Reopens", ("The bakery on Mill Lane reopened this week after a long renovation, and "
                                               "the owners said the queue reached the corner of the street by seven."),
               "Storm Warning for the Coast", ("Forecasters warned that the storm would reach the coast on Friday night "
                                               "and told residents of the low streets to move their cars inland.")]
    headline = "City Council Approves New Budget for River Park Restoration"
    page = [f"{headline} | Riverside Courier", "Home | News | Business | Sport", *teasers, headline, BODY[0]]
    assert [text for text, _ in removed(stripped(page))] == [page[0], page[1], *teasers]
    untitled = [headline, *page[1:]]  # the same page without its title: the teasers pass for the article's start
    assert [text for text, _ in removed(stripped(untitled))] == [headline, page[1]]


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


def test_a_cookie_banner_goes_in_sentences_and_an_article_about_cookies_stays() -> None:
    banner = ["This website uses cookies to improve your experience while you navigate through the website.",
              "Necessary cookies are absolutely essential for the website to function properly."]
    doc = stripped([BODY[0], BODY[1], BODY[2], "Privacy Overview", *banner])
    assert [(text, reason) for text, reason in removed(doc) if text in banner] == [
        (banner[0], "boilerplate:consent"), (banner[1], "boilerplate:consent")]
    about = ["Browsers will block third-party cookies by default from next year, the company said on Monday.",
             "Advertisers that use cookies to follow readers across sites will have to ask for permission."]
    assert removed(stripped([BODY[0], *about, BODY[1]])) == []


def test_a_line_repeated_on_unrelated_pages_is_template() -> None:
    docs = [Document(id=f"d{i}", text=f"{first}\n{second}\nWeekend Edition Desk\n", source=f"d{i}.txt")
            for i, (first, second) in enumerate(TOPICS)]
    results = Pipeline().process(docs)
    assert [c.text for c in results] == [f"{first}\n{second}" for first, second in TOPICS]
    assert [[s.reason for s in c.doc.removed] for c in results] == [["boilerplate:template"]] * 3


def test_a_page_with_no_prose_does_not_count_towards_a_template() -> None:
    # What deduplication leaves of a copy (a line of its own) must not turn a line two pages
    # share into a template the next time the output is cleaned.
    docs = [Document(id=f"d{i}", text=f"{first}\n{second}\nWeekend Edition Desk\n", source=f"d{i}.txt")
            for i, (first, second) in enumerate(TOPICS[:2])]
    docs.append(Document(id="d2", text="Weekend Edition Desk\nRiver Park\n", source="d2.txt"))
    results = Pipeline().process(docs)
    assert [c.doc.removed for c in results] == [[], [], []]


def test_a_subheading_many_articles_share_stays_inside_the_body() -> None:
    docs = [Document(id=f"d{i}", text=f"{first}\nConclusion\n{second}\n", source=f"d{i}.txt")
            for i, (first, second) in enumerate(TOPICS)]
    results = Pipeline().process(docs)
    assert [c.text for c in results] == [f"{first}\nConclusion\n{second}" for first, second in TOPICS]
    assert [c.doc.removed for c in results] == [[], [], []]


def test_article_words_counts_what_the_block_model_keeps_of_a_scrape() -> None:
    # The HTML reader weighs trafilatura's text against this: menu, related links and footer
    # do not count, the headline and the three paragraphs do.
    headline = "Council Approves River Park Budget"
    scrape = "\n".join(["Home | News | Sport | Weather", "Search", headline, *ARTICLE_PARAGRAPHS,
                        "Related articles", "Council Delays Vote on Library Hours", "Mayor Names New Parks Director",
                        "Contact us", "Privacy policy"])
    expected = sum(len(line.split()) for line in [headline, *ARTICLE_PARAGRAPHS])
    assert expected == 92
    assert article_words(scrape) == expected
    assert article_words("") == 0


@pytest.mark.parametrize("text", ["Home | News | World", " | a", "a/b / c", "2025-01-02 · 10:30 | Ohio", "plain words",
                                  "x › y » z • w", "\ta\tb", ""])
def test_prefilters_agree_with_the_patterns(text: str) -> None:
    """The substring and digit checks only skip patterns that cannot match."""
    assert menu_separators(text) == len(_MENU_SEPARATOR.findall(text))
    assert field_separators(text) == len(_FIELD_SEPARATOR.findall(text))
    assert has_date(text) == bool(_DATE.search(text))


def test_analyzer_texts_give_the_same_spans() -> None:
    """strip_document with the analyzer's texts and buffer finds what it finds on its own."""
    text = "\n\n".join(PAGE)
    given, alone = (Document(id="d", text=text, source="") for _ in range(2))
    for doc in (given, alone):
        doc.paragraphs = paragraphs(text)
    texts = [given.paragraph_text(i) for i in range(len(given.paragraphs))]
    strip_document(given, encoded=encode("\n".join(texts)), texts=texts)
    strip_document(alone)
    assert given.removed == alone.removed and given.removed and given.metadata == alone.metadata


def test_a_menu_printed_twice_is_no_table_even_with_a_stray_character() -> None:
    """Two adjacent lines with as many cells are table rows only if their words differ. A menu
    printed twice, one copy behind a replacement character, used to pass as a table (rows are
    kept) and only one copy went, as a duplicate; cleaning the output again then removed the
    other as navigation (found by tests/test_fuzz.py)."""
    doc = stripped([BODY[0], "\ufffdHome | News | World", "Home | News | World"])
    assert [reason for _, reason in removed(doc)] == ["boilerplate:navigation", "boilerplate:navigation"]
    rows = stripped([BODY[0], "Ohio | 4.1 | 12", "Texas | 3.9 | 15"])  # other words: table rows, kept
    assert removed(rows) == []


HEADLINES = ["Council Approves New Budget for River Park", "Storm Warning Issued for the Coast This Weekend"]
SHAPES = ["Home", "About Us", "Contact Us", "Privacy Policy", "12 Harbour Street, Suite 300", "(555) 014-2231",
          "Related articles", "Share this post", "By Jane Smith", "© 2025 Riverside Courier",
          "This website uses cookies to improve your experience while you navigate through the website.",
          "Scale: $30-60 per session", "Psychotherapy", "The Old Mill Bakery Reopens", *HEADLINES]


@st.composite
def titled_pages(draw: st.DrawFn) -> list[str]:
    """A scrape that opens with its <title>, its headline repeated anywhere (or twice, or not
    at all), among prose, menus, markers, listings and banners."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    headline = rng.choice(HEADLINES)
    lines = [rng.choice(SHAPES) if rng.random() < 0.5 else sentence(rng) for _ in range(rng.randint(0, 14))]
    for _ in range(rng.choice([0, 1, 1, 2])):
        lines.insert(rng.randint(0, len(lines)), headline)
    title = f"{headline}{rng.choice([' | ', ' - ', ' – ', ' : '])}Riverside Courier"
    return [title, *lines] if rng.random() < 0.9 else lines


@given(titled_pages())
def test_stripping_a_titled_page_again_removes_nothing(lines: list[str]) -> None:
    doc = stripped(lines)
    gone = {(s.start, s.end) for s in doc.removed}
    kept = [doc.text[a:b] for a, b in doc.paragraphs if (a, b) not in gone]
    assert removed(stripped(kept)) == []

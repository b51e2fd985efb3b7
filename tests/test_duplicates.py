"""The duplicate stage on small real-looking cases: copies, repeats, templated figures, short
lines, keep policies, LSH calibration and clusters."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dedup import Document, Pipeline
from dedup.config import Config
from dedup.duplicates.clusters import copy_links, document_clusters
from dedup.duplicates.lsh import collision_probability, optimal_bands
from dedup.fingerprint import MinHasher, similarity
from dedup.fingerprint.minhash import jaccard, shingle_set
from dedup.pipeline import Cleaned
from dedup.segment import paragraphs

TITLE = "Council approves new budget for city schools"
BODY = [
    "The city council approved a new budget on Tuesday evening after a long debate that ran past midnight.",
    "Members voted nine to four in favour of the plan, which moves money from road repairs to local schools.",
    "Supporters said the change was overdue because several school buildings have leaking roofs and broken heating.",
    "Critics warned that the roads would suffer and that the council had not explained how repairs would be paid for.",
    "The mayor said the council would review the road budget again in the spring once the winter damage is known.",
    "Parents who attended the meeting applauded when the final vote was read out by the council clerk.",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def run(pages: dict[str, str], **options: Any) -> dict[str, Cleaned]:
    """The duplicate stage alone (boilerplate stripping off), so these cases pin only it."""
    docs = [Document(id=doc_id, text=text, source=f"{doc_id}.txt") for doc_id, text in pages.items()]
    return {c.doc.id: c for c in Pipeline(**{"strip_boilerplate": False, **options}).process(docs)}


def test_syndicated_copy_with_trimmed_tail_headline_dateline_and_an_edit_is_dropped() -> None:
    edited = [BODY[0], BODY[1].replace("in favour of", "for"), *BODY[2:4]]
    copy = page("UPDATE: " + TITLE, "PTI | New York | Updated: Mar 6, 2025 10:32 IST", *edited)
    out = run({"a": page(TITLE, *BODY), "b": copy})
    assert (out["a"].doc.status, out["b"].doc.status, out["b"].doc.duplicate_of) == ("kept", "dropped", "a")
    reasons = [(s.reason, s.paragraph) for s in out["b"].doc.removed]
    assert ("duplicate", 1) in reasons and ("duplicate", 3) in reasons  # verified paragraph by paragraph
    assert document_clusters(copy_links(c.doc for c in out.values())) == {"a": ["a", "b"]}


def test_a_longer_copy_kept_second_keeps_only_its_new_tail() -> None:
    out = run({"a": page(TITLE, *BODY[:4]), "b": page(TITLE, *BODY)})
    assert out["a"].doc.status == "kept"
    assert out["b"].text.splitlines() == [BODY[4], "", BODY[5]]
    assert copy_links([out["b"].doc]) == {"b": "a"}  # mostly a copy: one cluster in reports
    assert run({"a": page(TITLE, *BODY[:4]), "b": page(TITLE, *BODY)}, keep="longest")["a"].doc.duplicate_of == "b"


def test_a_page_that_prints_its_body_twice_keeps_it_once() -> None:
    out = run({"a": page(TITLE, *BODY, *BODY)})["a"]
    assert out.text == page(TITLE, *BODY).strip()
    duplicates = [s for s in out.doc.removed if s.reason == "duplicate"]
    assert [(s.duplicate_of, s.paragraph, s.similarity) for s in duplicates] == [("a", i, 1.0) for i in range(1, 7)]


def test_records_that_differ_only_in_their_figures_are_all_kept() -> None:
    line = ("Acme Corp reported quarterly revenue of {0} million dollars, up {1} percent from a year earlier, "
            "and raised its dividend to {2} cents a share payable on {3} March.")
    pages = {f"n{i}": page(f"Acme results {i}", line.format(*figures))
             for i, figures in enumerate([(120, 5, 30, 1), (135, 7, 32, 8), (150, 9, 35, 15)])}
    out = run(pages)
    assert {doc_id: c.doc.status for doc_id, c in out.items()} == {"n0": "kept", "n1": "kept", "n2": "kept"}


def test_short_paragraphs_match_exactly_and_only_within_their_story() -> None:
    other = ["Budget", "Schools across the region will see new funding under a separate state programme announced today."]
    out = run({"a": page(TITLE, "Budget", *BODY[:3], "Budget"), "b": page("State news", *other)})
    assert [(s.reason, s.paragraph) for s in out["a"].doc.removed] == [("duplicate", 1)]  # its own repeat
    assert out["b"].doc.status == "kept"  # the same heading under an unrelated story stays
    near = run({"a": page(TITLE, "Budget vote tonight", *BODY[:3], "Budget vote tomorrow")})["a"]
    assert near.doc.status == "kept"  # a few words: exact matching only, not MinHash


@pytest.mark.parametrize(("keep", "kept"), [("first", "a"), ("longest", "c"), ("earliest", "b"), ("cleanest", "c")])
def test_keep_policy_chooses_the_copy(keep: str, kept: str) -> None:
    pages = {"a": page("Skip to main content", "Share this post", TITLE, *BODY),
             "b": page("Skip to main content", TITLE, *BODY),
             "c": page(TITLE, BODY[0] + " Officials confirmed the result.", *BODY[1:])}  # the longest
    docs = [Document(id=i, text=t, source=f"{i}.txt", fields={"date": date})
            for (i, t), date in zip(pages.items(), ["2025-03-07", "2025-03-05", None])]
    for order in (docs, docs[::-1]):
        fresh = [Document(id=d.id, text=d.text, source=d.source, fields=dict(d.fields)) for d in order]
        out = {c.doc.id: c.doc for c in Pipeline(keep=keep).process(fresh)}  # cleanest needs the debris stripped
        assert sorted(i for i, d in out.items() if not d.dropped) == [kept]


def test_drop_related_keeps_only_the_canonical_retelling(seeds: Path) -> None:
    docs = [Document(id=p.stem, text=p.read_text("utf-8"), source=p.name) for p in sorted(seeds.glob("*.txt"))]
    out = {c.doc.id: c.doc for c in Pipeline(drop_related=True).process(docs)}
    assert out["004_59524076cc088d3e"].duplicate_of == "001_4a9ba82fc4cce741"
    assert not out["001_4a9ba82fc4cce741"].dropped


def test_bands_minimize_the_weighted_error_areas() -> None:
    assert optimal_bands(0.7, 128) == (20, 6)  # misses weigh 9x: every candidate is verified anyway
    assert optimal_bands(0.3, 128) == (32, 2)
    assert optimal_bands(0.7, 128, 0.5, 0.5) == (14, 9)
    assert [round(float(collision_probability(s, 20, 6)), 3) for s in (0.5, 0.7, 0.8)] == [0.27, 0.918, 0.998]


def test_clusters_join_chains_under_the_smallest_id() -> None:
    assert document_clusters({"c": "b", "b": "a", "e": "d"}) == {"a": ["a", "b", "c"], "d": ["d", "e"]}


def test_the_answer_does_not_depend_on_worker_count_or_input_order() -> None:
    pages = {}
    for i in range(300):  # more than one batch, so two workers really share the work
        body = BODY[i % 3 : 3 + i % 4] if i % 5 else [f"Item {i}: the council met on day {i} to discuss the budget."]
        pages[f"p{i:03d}"] = page(TITLE if i % 2 else "UPDATE: " + TITLE, *body)

    def outcome(workers: int, ids: list[str]) -> dict[str, tuple]:
        docs = [Document(id=i, text=pages[i], source=f"{i}.txt") for i in ids]
        return {c.doc.id: (c.doc.status, c.doc.duplicate_of, c.text, tuple(c.spans))
                for c in Pipeline(workers=workers, strip_boilerplate=False).process(docs)}

    one = outcome(1, sorted(pages))
    assert outcome(2, sorted(pages, reverse=True)) == one
    assert sum(status == "dropped" for status, *_ in one.values()) == 237


LIST = [
    "What the new budget pays for",
    "- Roof repairs at Hillside Primary",
    "- New boilers for three secondary schools",
    "- Two extra reading teachers",
]


def test_no_boilerplate_keeps_article_headings_repeated_across_unrelated_pages() -> None:
    """Site templates are boilerplate: with stripping off, a heading every story has stays."""
    stories = {f"s{i}": page(f"Story number {i}", "Conclusion", f"Paragraph {i} says something only story {i} says "
                                                               f"about topic {i} and nothing else at all today.")
               for i in range(4)}
    out = run(stories)
    assert all(c.text.splitlines()[2] == "Conclusion" for c in out.values())


def test_a_copy_with_a_short_line_edited_keeps_that_line_once() -> None:
    edited = [LIST[0], LIST[1].replace("Hillside", "local"), *LIST[2:]]
    out = run({"a": page(TITLE, *BODY[:3], *LIST, *BODY[3:]), "b": page("UPDATE: " + TITLE, *BODY[:3], *edited)})
    assert (out["b"].doc.status, out["b"].doc.duplicate_of) == ("dropped", "a")
    removed = {out["b"].doc.text[s.start : s.end]: (s.reason, s.paragraph, s.similarity) for s in out["b"].doc.removed}
    assert removed["- Roof repairs at local Primary"] == ("duplicate", 5, 0.8)  # aligned with a's paragraph 5


def test_the_longer_copy_kept_second_keeps_its_tail_when_the_first_is_trimmed_and_edited() -> None:
    tail = ["Council officers will publish the detailed spending plan next week on the city website.",
            "2025\t$4.1m", "2026\t$4.6m"]  # the tail ends with table rows: not sentences, still the article
    edited = [BODY[0], BODY[1].replace("nine to four", "ten to three"), *BODY[2:]]
    out = run({"a": page(TITLE, *edited, *tail[:1]), "b": page(TITLE, *BODY, *tail)})
    assert out["b"].doc.status == "cleaned"
    assert out["b"].text.splitlines() == ["2025\t$4.1m", "", "2026\t$4.6m"]  # only what a lacks


def test_a_tail_made_only_of_common_words_is_not_taken_for_an_edited_copy() -> None:
    """Every word of the tail's last line is somewhere in the kept copy: it is still new text."""
    last = "The council said the budget for the schools was approved after the vote."
    out = run({"a": page(TITLE, *BODY), "b": page(TITLE, *BODY, last)})
    assert out["b"].text == last


def test_a_copy_that_prints_its_body_twice_does_not_hide_the_longer_tail() -> None:
    rows = ["2025\t$4.1m", "2026\t$4.6m"]
    out = run({"a": page(TITLE, *BODY[:4], *BODY[:4]), "b": page(TITLE, *BODY, *rows)})
    assert out["a"].text == page(TITLE, *BODY[:4]).strip()
    assert out["b"].text.splitlines() == [BODY[4], "", BODY[5], "", *"\n\n".join(rows).splitlines()]


def test_a_dateline_and_edited_headline_alone_do_not_keep_a_copy() -> None:
    copy = page("Watch: " + TITLE, "AP | London | Updated: Mar 9, 2025 11:20 IST", *BODY)
    out = run({"a": page(TITLE, *BODY), "b": copy})
    assert (out["b"].doc.status, out["b"].doc.duplicate_of) == ("dropped", "a")
    spans = {out["b"].doc.text[s.start : s.end]: (s.reason, s.duplicate_of, s.paragraph, s.similarity)
             for s in out["b"].doc.removed}
    assert spans["Watch: " + TITLE] == ("duplicate", "a", 0, 0.875)  # the headline: 7 of its 8 words
    assert spans["AP | London | Updated: Mar 9, 2025 11:20 IST"] == ("duplicate_document", "a", None, 0.8438)


def test_an_edited_copy_needs_its_aligned_place_and_few_changed_words() -> None:
    """A heading replaced by an unrelated one is not an edit of it; nor is a far-away line."""
    out = run({"a": page(TITLE, "Budget", *BODY), "b": page(TITLE, "Timeline", *BODY, "Budget plans")})
    assert out["b"].text.splitlines() == ["Timeline", "", "Budget plans"]


def test_a_sentence_the_kept_copy_merged_into_the_next_paragraph_is_a_copy_of_it() -> None:
    merged = BODY[0] + " " + BODY[1]
    out = run({"a": page(TITLE, merged, *BODY[2:]), "b": page(TITLE, *BODY)})
    assert (out["b"].doc.status, out["b"].doc.duplicate_of) == ("dropped", "a")
    spans = {out["b"].doc.text[s.start : s.end]: (s.reason, s.paragraph, s.similarity) for s in out["b"].doc.removed}
    assert spans[BODY[0]] == ("duplicate", 1, 1.0)  # all its words are in a's merged paragraph 1


def test_a_short_line_past_the_kept_copys_end_is_not_taken_for_a_piece_of_its_last_paragraph() -> None:
    """A related-links bullet whose few words all occur in the paragraph before it is new text
    of the longer copy: a line too short for MinHash is matched exactly, not re-paragraphed."""
    bullet = "- When the council clerk read the final vote"  # every word is in BODY[5]
    out = run({"a": page(TITLE, *BODY), "b": page(TITLE, *BODY, bullet)})
    assert (out["b"].doc.status, out["b"].text) == ("cleaned", bullet)


def test_short_lines_between_paragraphs_shared_with_a_kept_page_are_its_lines() -> None:
    """A roundup quoting two paragraphs of a kept story is no copy of it, but the story's heading
    between them is the story's heading: kept once. A heading elsewhere in the roundup stays."""
    other = ["Three new primary schools will open in the north of the city next September, the education office said.",
             "Head teachers welcomed the plan but asked for more support staff to cope with larger classes.",
             "The education office will hold public meetings in each district before the end of the month.",
             "Parents can comment on the plans online until the end of the month."]
    story = page(TITLE, *BODY[:2], "How the vote went", *BODY[2:4], "Key facts", *BODY[4:])
    roundup = page("Schools news roundup", "Key facts", *other[:3], BODY[1], "How the vote went", BODY[2], other[3])
    out = run({"a": story, "b": roundup})
    assert out["b"].text == page("Schools news roundup", "Key facts", *other).strip()
    spans = {out["b"].doc.text[s.start : s.end]: (s.reason, s.duplicate_of, s.paragraph) for s in out["b"].doc.removed}
    assert spans["How the vote went"] == ("duplicate", "a", 3)


def test_a_copy_repeating_an_edited_line_under_every_item_is_still_a_copy() -> None:
    """A webcam page prints one credit line under each camera; its copy edits two words of it.
    Counted once, that line leaves the copy mostly the kept page's text, though the document
    signatures agree on less than the threshold: the copy keeps only its debris."""
    credit = ("This webcam image is provided courtesy of the park conservancy. For permission to feature the webcam "
              "images, please contact the conservancy office.")
    cameras = {"Valley view": "This view of the valley from just east of the village gives a sense of conditions on "
                              "the valley floor today.",
               "Tunnel view": "Located on a dome near the tunnel, this webcam provides a nice view of the granite walls "
                              "and the river below.",
               "High country": "This camera at about eight thousand feet shows the high country peaks and the lakes "
                               "beneath them in summer."}
    edited = credit.replace("provided courtesy", "provided free courtesy").replace("feature the", "feature all")
    kept = page("Park webcams", *(x for name, text in cameras.items() for x in (name, text, credit)))
    copy = page("Watch: Park webcams", "Home | News | World", *(x for name, text in cameras.items()
                for x in (name, text, edited)), "Sign up for our newsletter", "Share this post")
    out = run({"a": kept, "b": copy})
    assert out["b"].text == page("Home | News | World", "Sign up for our newsletter", "Share this post").strip()
    spans = [(s.reason, s.duplicate_of, s.paragraph, s.similarity) for s in out["b"].doc.removed
             if out["b"].doc.text[s.start : s.end] == edited]
    assert spans == [("duplicate", "b", 4, 1.0), ("duplicate", "b", 4, 1.0), ("duplicate", "a", 3, 0.9)]


def test_a_document_left_with_what_another_keeps_is_dropped_so_cleaning_again_changes_nothing() -> None:
    cheer = "Residents cheered the decision."  # short: matched exactly, only among copies of one story
    pages = {"a": page(TITLE, *BODY), "b": page(cheer), "c": page(TITLE, *BODY, cheer)}
    out = run(pages)
    assert {doc_id: (c.doc.status, c.doc.duplicate_of) for doc_id, c in out.items()} == {
        "a": ("kept", None), "b": ("kept", None), "c": ("dropped", "a")}  # a copy of a, its story
    last = out["c"].doc.removed[-1]
    assert (last.reason, last.duplicate_of, last.paragraph, last.similarity) == ("duplicate", "b", 0, 1.0)
    again = run({doc_id: c.text for doc_id, c in out.items() if c.doc.status != "dropped"})
    assert {doc_id: c.doc.status for doc_id, c in again.items()} == {"a": "kept", "b": "kept"}


def test_a_paragraph_its_signature_overrates_is_checked_exactly_and_kept(seeds: Path) -> None:
    text = (seeds / "001_4a9ba82fc4cce741.txt").read_text("utf-8")
    paragraph = next(p for p in (text[s:e] for s, e in paragraphs(text)) if len(p.split()) >= 40)
    words = paragraph.split()
    for position in (7, 45, 61):  # three words edited: 5-gram Jaccard 0.686, estimated 0.734
        words[position] = "zebra"
    edited = " ".join(words)
    config = Config()
    hasher = MinHasher(config.num_perm, config.ngram, config.seed)
    exact = jaccard(shingle_set(paragraph, config.ngram), shingle_set(edited, config.ngram))
    assert similarity(hasher.signature(paragraph), hasher.signature(edited)) >= config.threshold > exact
    other = page(BODY[3], BODY[4], BODY[5], edited)
    out = run({"a": page(paragraph, *BODY[:3]), "b": other})
    assert (out["b"].doc.status, out["b"].text) == ("kept", other.strip())


def test_a_paragraph_its_signature_underrates_is_checked_exactly_and_removed() -> None:
    kept = "- Post-Event Assets: Repurpose event content into case studies, testimonials, and thought leadership pieces."
    edited = kept.replace("Post-Event", "recent")  # 5-gram Jaccard 8/11, estimated 0.6875
    config = Config()
    hasher = MinHasher(config.num_perm, config.ngram, config.seed)
    exact = jaccard(shingle_set(kept, config.ngram), shingle_set(edited, config.ngram))
    assert similarity(hasher.signature(kept), hasher.signature(edited)) < config.threshold <= exact
    out = run({"a": page(*BODY[:3], kept), "b": page(*BODY[3:], edited)})
    span = out["b"].doc.removed[-1]
    assert (out["b"].text, span.duplicate_of, span.paragraph, span.similarity) == (
        "\n\n".join(BODY[3:]), "a", 3, round(8 / 11, 4))


def test_a_line_of_symbols_does_not_make_an_output_new() -> None:
    """A later document keeping word for word what an earlier one keeps is dropped even when the
    earlier one also keeps a line without words ("\ufffd", left of a lone surrogate). Before, the
    symbol line told the two outputs apart and both were written (the earlier one, signed with a
    paragraph the duplicate stage then took for an older page, was no near copy of the later);
    cleaning the output again, the two signed alike, the later was found a copy and dropped: no
    fixed point (found by tests/test_fuzz.py)."""
    headline = "Officials grow costs for city shares water"
    first = run({"p1": page(BODY[0]), "p2": page(headline, BODY[0], "\ufffd"), "p3": page(headline)})
    assert [first[k].text for k in ("p1", "p2")] == [BODY[0], f"{headline}\n\n\ufffd"]
    assert first["p3"].doc.dropped and first["p3"].doc.duplicate_of == "p2"
    assert [(s.reason, s.duplicate_of, s.paragraph) for s in first["p3"].doc.removed] == [("duplicate", "p2", 0)]
    again = run({k: first[k].text for k in ("p1", "p2")})
    assert all(not again[k].doc.dropped and again[k].doc.removed == [] for k in ("p1", "p2"))


def test_an_edited_copy_of_a_paragraph_another_page_holds_only_as_a_copy_goes() -> None:
    """Three prints of one paragraph: p2's and p4's each with a different word broken by a
    U+FFFD, p3's intact. p3's goes as a near copy of p2's. p4's is too far from p2's to match on
    its own (two broken words), and p4 is no copy of p3 or p1 (each holds one short paragraph of
    it), but it stands where p3 printed the paragraph: it goes as an edited copy of the kept one,
    p2's. Before, it stayed. In the corpus tests/test_fuzz.py found, that broke the fixed point:
    cleaned again, the page keeping only that paragraph signed close enough to p2's to be its
    near copy, and lost it then (here the two sign further apart, so this pins the first pass)."""
    text = " ".join([BODY[0], BODY[1], BODY[3]])
    first = run({"p1": page(BODY[4]), "p2": page(text.replace("budget", "bud\ufffdget")), "p3": page(text, BODY[2]),
                 "p4": page(text.replace("schools", "sch\ufffdools"), BODY[2], BODY[4])})
    assert [s.reason for s in first["p3"].doc.removed] == ["duplicate"] and first["p3"].text == BODY[2]
    assert first["p4"].doc.dropped
    assert sorted((s.duplicate_of, s.paragraph) for s in first["p4"].doc.removed) == [("p1", 0), ("p2", 0), ("p3", 1)]

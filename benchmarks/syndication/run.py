"""Syndication benchmark: copies of real articles with debris, datelines, trimmed tails, changed
headlines, 1% word edits and repeated bodies, with known truth. Writes RESULTS.md here.

    python benchmarks/syndication/run.py [--stories 300]

Document level: a predicted pair is two pages in one duplicate cluster (union-find over each
dropped page's duplicate_of, and over pages that kept something new but are at least half
made of another page's paragraphs); the truth pairs are pages of one story. Paragraph level: every
line of each article body must come out exactly once among its story's pages (in any copy,
edited or not: the generator records which article line each page line publishes). A line none
of its pages keeps still counts as kept once when its text is kept elsewhere: the same words
anywhere in the corpus (two articles of one site share a sentence: it is kept once, in the
first), or a line of its story, the headline included, that it repeats by the generator's
definition (`corpus.repeats`: 5-gram Jaccard >= 0.7 for lines of 10 words or more).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "signatures"))  # machine.py: RESULTS.md header, corpora paths
sys.path.insert(0, str(HERE))

from corpus import Page, Story, build, normalized, repeats, shingles
from machine import WCXB, header

from dedup import Document, Pipeline
from dedup.config import KEEP_POLICIES
from dedup.duplicates.clusters import copy_links, document_clusters
from dedup.pipeline import Cleaned


def kept_origins(page: Page, kept_text: str) -> list[int]:
    """The article lines a page still publishes: its kept lines, aligned back to its own lines
    in order (the pipeline removes whole lines; repair may touch punctuation, so compare words)."""
    kept = [normalized(line) for line in kept_text.splitlines() if line.strip()]
    found, position = [], 0
    for line, origin in zip(page.lines, page.origins):
        if position < len(kept) and normalized(line) == kept[position]:
            position += 1
            if origin is not None:
                found.append(origin)
    return found


def _stage(reason: str) -> str:
    return "boilerplate" if reason.startswith("boilerplate") else "duplicates"


def evaluate(pages: list[Page], stories: list[Story], results: list[Cleaned]) -> dict:
    story_of = {p.id: p.story for p in pages}
    truth = {frozenset(pair) for pair in combinations(sorted(story_of), 2) if story_of[pair[0]] == story_of[pair[1]]}
    predicted = {frozenset(pair) for members in document_clusters(copy_links(c.doc for c in results)).values()
                 for pair in combinations(members, 2)}
    hits = len(truth & predicted)
    outcomes = {c.doc.id: c for c in results}
    copies: dict[int, Counter[int]] = defaultdict(Counter)
    by_story: dict[int, list[Page]] = defaultdict(list)
    for page in pages:
        copies[page.story].update(kept_origins(page, outcomes[page.id].text))
        by_story[page.story].append(page)
    counts: Counter[str] = Counter()
    lost_to: Counter[str] = Counter()  # stage that removed a lost line (in some page)
    perfect = 0
    kept_anywhere = {normalized(line) for c in results for line in c.text.splitlines()}
    for number, story in enumerate(stories):
        origins = sorted(set(story.origins))
        kept_lines = [line for page in by_story[number] for line in outcomes[page.id].text.splitlines() if line.strip()]
        found = [copies[number][origin] or int(_kept_elsewhere(story.paragraphs[origin], kept_anywhere, kept_lines))
                 for origin in origins]
        counts.update("lost" if n == 0 else "once" if n == 1 else "repeated" for n in found)
        perfect += all(n == 1 for n in found)
        for origin, n in zip(origins, found):
            if n == 0:
                key = normalized(story.paragraphs[origin])
                lost_to.update({_stage(span.reason) for page in by_story[number] for span in outcomes[page.id].doc.removed
                                if normalized(outcomes[page.id].doc.text[span.start : span.end]) == key})
    return {"pages": len(pages), "stories": len(stories), "truth_pairs": len(truth), "predicted_pairs": len(predicted),
            "precision": hits / len(predicted) if predicted else 1.0, "recall": hits / len(truth) if truth else 1.0,
            "lines": counts, "perfect_stories": perfect, "lost_to": lost_to,
            "dropped": sum(1 for c in results if c.doc.status == "dropped")}


def _kept_elsewhere(line: str, kept_anywhere: set[str], kept_lines: list[str]) -> bool:
    """The line's words are kept somewhere in the corpus, or a kept line of its story repeats it."""
    if normalized(line) in kept_anywhere:
        return True
    grams = shingles(line)
    return any(repeats(other, line, shingles(other), grams) for other in kept_lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()
    pages, stories = build(WCXB, args.stories)
    sections = []
    runs = [(f"--keep {keep}", {"keep": keep}) for keep in KEEP_POLICIES]
    runs += [(f"--keep {keep} --no-boilerplate (the duplicate stage alone)", {"keep": keep, "strip_boilerplate": False})
             for keep in KEEP_POLICIES]
    for title, options in runs:
        started = time.perf_counter()
        results = Pipeline(**options).process([Document(id=p.id, text=p.text, source=f"{p.id}.txt") for p in pages])
        sections.append(_section(evaluate(pages, stories, results), title, time.perf_counter() - started))
    note = ("Pages carry no date field: `--keep earliest` ranks the pages whose dateline the boilerplate stage reads "
            "(\"Updated: Mar 8, 2025\") first and falls back to id order for the rest, so without boilerplate "
            "stripping it gives the answer of `first`; so does `--keep cleanest`, every page being equally clean "
            "then.\n")
    report = header("Syndication benchmark") + "\n" + note + "\n" + "\n\n".join(sections) + "\n"
    (HERE / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


def _section(m: dict, title: str, seconds: float) -> str:
    lines = m["lines"]
    total = sum(lines.values())
    verdict = m["precision"] >= 0.99 and m["recall"] >= 0.98 and lines["lost"] == 0
    return "\n".join([
        f"## {title}\n",
        (f"{m['stories']} real article bodies (wcxb gold texts) published as {m['pages']} pages; "
        f"other options default; {seconds:.1f} s for the whole pipeline.\n"),
        "| measure | value |", "| --- | ---: |",
        f"| document pairs: truth / predicted | {m['truth_pairs']} / {m['predicted_pairs']} |",
        f"| pair precision | {m['precision']:.4f} |",
        f"| pair recall | {m['recall']:.4f} |",
        f"| pages dropped | {m['dropped']} |",
        f"| article lines kept exactly once | {lines['once']} of {total} |",
        f"| article lines lost | {lines['lost']} |",
        (f"| ... removed by the boilerplate stage / the duplicate stage | {m['lost_to']['boilerplate']} / "
        f"{m['lost_to']['duplicates']} |"),
        f"| article lines kept more than once | {lines['repeated']} |",
        f"| stories kept exactly once (every line once) | {m['perfect_stories']} of {m['stories']} |",
        f"\nTargets (precision >= 0.99, recall >= 0.98, no article line lost): {'met' if verdict else 'NOT met'}.",
    ])


if __name__ == "__main__":
    main()

"""A syndication corpus with known truth, built from real article bodies (the wcxb gold texts).

Each story is published as 1 to 4 copies. Every copy but the first gets some of: page debris,
an agency dateline, a trimmed tail, a changed headline, ~1% of its words edited; any page may
print its body twice. Ids are random, so id order says nothing about which copy came first.

Truth: each page line records the article line it publishes. An edit that replaces every word of
a line ("- Shampoo" -> "- recent", a one-word address -> "the") leaves a line that publishes no
article line: until 2026-11-24 it still counted as a copy, so keeping it beside an unedited copy
of the line counted that line twice (stories 201 and 241).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

DEBRIS = ["Skip to main content", "Share this post", "Advertisement", "Read more", "Thumbnail",
          "Sign up for our newsletter", "Follow us on Twitter", "Home | News | World", "Comment this post"]
AGENCIES = ["PTI", "AP", "Reuters", "AFP", "IANS"]
CITIES = ["Washington DC", "New York", "London", "Mumbai", "Sydney"]
SWAPS = ["the", "a", "new", "said", "also", "more", "some", "local", "major", "recent"]


@dataclass
class Page:
    id: str
    story: int
    lines: list[str]
    origins: list[int | None]  # per line: the article line it publishes (None: headline, dateline, debris)

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines) + "\n"


@dataclass
class Story:
    title: str
    paragraphs: list[str]

    @property
    def origins(self) -> list[int]:
        """Per line, the first line it repeats within the article: a page rightly keeps such a
        line once. A repeat has the same words (the same text when it has no words), or, for
        lines of at least 10 words, 5-gram Jaccard >= 0.7 (counted exactly) without substituted
        figures: the definitions of `dedup clean` at its defaults (shorter lines are matched
        exactly; "9 Tax Foundation ..." and "10 Tax Foundation ..." are two footnotes)."""
        grams = [shingles(line) for line in self.paragraphs]
        result: list[int] = []
        for i, mine in enumerate(grams):
            result.append(next((j for j in range(i) if result[j] == j and repeats(
                self.paragraphs[j], self.paragraphs[i], grams[j], mine)), i))
        return result


def repeats(first: str, second: str, first_grams: set[str], second_grams: set[str]) -> bool:
    words = normalized(first), normalized(second)
    if not words[0] or not words[1]:
        return first.strip() == second.strip()
    if words[0] == words[1]:
        return True
    if min(len(w.split()) for w in words) < 10:
        return False
    figures = [{w for w in text.split() if any(c.isdigit() for c in w)} for text in words]
    if figures[0] - figures[1] and figures[1] - figures[0]:
        return False
    return len(first_grams & second_grams) / len(first_grams | second_grams) >= 0.7


def stories(folder: Path, limit: int) -> list[Story]:
    """Articles with at least 4 non-blank lines and 200 words, in file order."""
    found = []
    for path in sorted((folder / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))["ground_truth"]
        lines = [line.strip() for line in (truth.get("main_content") or "").splitlines() if line.strip()]
        if len(lines) >= 4 and sum(len(line.split()) for line in lines) >= 200 and truth.get("title"):
            found.append(Story(truth["title"].strip(), lines))
        if len(found) == limit:
            break
    return found


def _edit(line: str, rng: random.Random, rate: float) -> str:
    """Replace ~`rate` of the line's whitespace-separated words (tabs separate words too: a
    table row is several words, not one)."""
    words = re.split(r"(\s+)", line)
    for i in range(0, len(words), 2):
        if words[i] and rng.random() < rate:
            words[i] = rng.choice(SWAPS)
    return "".join(words)


def _edited(origin: int, line: str, rng: random.Random) -> tuple[int | None, str]:
    """(origin, line) with ~1% of its words edited. A line left with none of its words ("- Shampoo"
    edited to "- recent") no longer publishes its article line: nothing could tell it is one."""
    edited = _edit(line, rng, 0.01)
    words = set(normalized(line).split())
    return (origin if not words or words & set(normalized(edited).split()) else None), edited


def _copy(story: Story, rng: random.Random, first: bool) -> list[tuple[str, int | None]]:
    """(line, origin) of one published copy."""
    title, body = story.title, list(zip(story.origins, story.paragraphs))
    dateline = []
    if not first:
        if rng.random() < 0.5 and len(body) >= 5:  # trimmed tail
            del body[len(body) - rng.randint(1, 2) :]
        if rng.random() < 0.5:
            title = rng.choice(["UPDATE: ", "Watch: ", "Explained: "]) + title
        if rng.random() < 0.5:
            dateline = [(f"{rng.choice(AGENCIES)} | {rng.choice(CITIES)} | Updated: Mar {rng.randint(1, 28)}, "
                        f"2025 {rng.randint(10, 23)}:{rng.randint(10, 59)} IST")]
        if rng.random() < 0.7:  # an edit of a line the article repeats is the same in each repeat
            salt = rng.random()
            body = [_edited(origin, line, random.Random(f"{salt}/{origin}")) for origin, line in body]
    if rng.random() < 0.15:  # the page prints its body twice
        body = body + body
    lines = [(title, None)] + [(line, None) for line in dateline] + [(line, origin) for origin, line in body]
    for _ in range(rng.randint(0, 3)):
        lines.insert(rng.choice([0, len(lines)]), (rng.choice(DEBRIS), None))
    return lines


def build(folder: Path, limit: int, seed: int = 7) -> tuple[list[Page], list[Story]]:
    rng = random.Random(seed)
    pages = []
    chosen = stories(folder, limit)
    for number, story in enumerate(chosen):
        for copy in range(rng.choice([1, 1, 2, 3, 4])):
            page_id = hashlib.sha1(f"{seed}/{number}/{copy}".encode()).hexdigest()[:12]
            lines = _copy(story, rng, copy == 0)
            pages.append(Page(page_id, number, [line for line, _ in lines], [origin for _, origin in lines]))
    return pages, chosen


def normalized(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.lower()))


def shingles(line: str) -> set[str]:
    words = normalized(line).split()
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}

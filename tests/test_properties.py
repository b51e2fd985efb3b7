"""Properties of the whole pipeline over generated corpora with duplicates and debris."""
from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from dedup import Document, Pipeline
from dedup.repair import repair
from dedup.writers.spans import rebuild

WORDS = ["the", "a", "of", "to", "and", "in", "council", "said", "on", "Tuesday", "that", "new", "plan", "would", "cut", "costs", "for", "local", "schools", "while", "critics", "warned", "budget", "shortfall", "could", "grow", "next", "year", "minister", "announced", "2024", "15", "percent", "police", "report", "storm", "river", "city", "officials", "water", "prices", "market", "shares", "rose", "fell"]
DEBRIS = ["Skip to main content", "Share this post", "Thumbnail", "Read more", "Advertisement",
          "By Jane Smith", "Home | News | World", "Follow us on Twitter", "Sign up for our newsletter"]


def sentence(rng: random.Random, low: int = 4, high: int = 40) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", "!", "", "?"])


@st.composite
def corpora(draw: st.DrawFn) -> list[Document]:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    pool = [sentence(rng) for _ in range(draw(st.integers(3, 25)))]
    docs = []
    for index in range(draw(st.integers(1, 8))):
        paragraphs = [rng.choice(pool) if rng.random() < 0.5 else sentence(rng) for _ in range(rng.randint(0, 8))]
        if docs and rng.random() < 0.3:  # a copy of an earlier document, perhaps trimmed
            paragraphs = docs[rng.randrange(len(docs))][:]
            del paragraphs[rng.randint(0, len(paragraphs)) :]
        if rng.random() < 0.3:  # the body printed twice
            paragraphs = paragraphs + paragraphs
        for _ in range(rng.randint(0, 3)):
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(DEBRIS))
        docs.append(paragraphs)
    separators = ["\n", "\n\n", "\n\n\n", " \n", "\r\n"]
    return [
        Document(id=f"doc{i:02d}", text="".join(p + rng.choice(separators) for p in paragraphs), source=f"doc{i:02d}.txt")
        for i, paragraphs in enumerate(docs)
    ]


def copy(docs: list[Document]) -> list[Document]:
    return [Document(id=d.id, text=d.text, source=d.source) for d in docs]


def outcome_by_id(docs: list[Document]) -> dict[str, tuple]:
    return {
        c.doc.id: (c.doc.status, c.text, c.doc.duplicate_of, tuple(c.spans), tuple(c.doc.related))
        for c in Pipeline().process(copy(docs))
    }


@given(corpora())
def test_every_document_accounted_for_and_rebuilt(docs: list[Document]) -> None:
    outcomes = Pipeline().process(copy(docs))
    assert [c.doc.id for c in outcomes] == [d.id for d in docs]
    status = {c.doc.id: c.doc.status for c in outcomes}
    for original, outcome in zip(docs, outcomes):
        spans = outcome.spans
        assert all(a.end <= b.start for a, b in pairwise(spans))
        pieces = [(s.start, outcome.doc.text[s.start : s.end]) for s in spans]
        assert rebuild(outcome.text, pieces) == repair(original.text)
        assert outcome.text == outcome.text.strip()
        if outcome.doc.status == "kept":
            assert not spans
        if outcome.doc.duplicate_of is not None:  # a copy names a written document, never itself
            assert outcome.doc.status in ("dropped", "cleaned")
            assert outcome.doc.duplicate_of != outcome.doc.id
            assert status[outcome.doc.duplicate_of] in ("kept", "cleaned")


@given(corpora())
def test_cleaning_cleaned_output_changes_nothing(docs: list[Document]) -> None:
    first = [c for c in Pipeline().process(copy(docs)) if c.doc.status in ("kept", "cleaned")]
    again = Pipeline().process([Document(id=c.doc.id, text=c.text, source=c.doc.source) for c in first])
    assert [(c.doc.id, c.doc.status, c.text) for c in again] == [(c.doc.id, "kept", c.text) for c in first]


@given(corpora(), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_input_order(docs: list[Document], rng: random.Random) -> None:
    shuffled = docs[:]
    rng.shuffle(shuffled)
    assert outcome_by_id(shuffled) == outcome_by_id(docs)

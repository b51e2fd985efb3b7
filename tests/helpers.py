"""Shared test helpers: run a clean and read its outputs."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dedup import Pipeline
from dedup.writers.spans import rebuild


def run_clean(input_dir: Path, out: Path, **options: Any) -> dict[str, dict[str, Any]]:
    """Clean input_dir into out and return the manifest by document id."""
    Pipeline(**options).run(input_dir, out)
    return read_manifest(out)


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records), "manifest ids are not unique"
    return by_id


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def rebuilt(kept: str, record: dict[str, Any]) -> str:
    """The repaired input, rebuilt from the kept text and the manifest's removed spans."""
    return rebuild(kept, [(span["start"], span["text"]) for span in record["removed"]])


# Three paragraphs of a plain local-news article, shared by the boilerplate and HTML tests.
ARTICLE_PARAGRAPHS = [
    ("The city council voted on Tuesday to approve a budget of 4.2 million dollars for the restoration of the "
     "river park, ending a debate that had lasted more than two years."),
    ("Supporters said the plan would restore the wetlands along the east bank and reopen the walking trail "
     "that was closed after the floods of 2021."),
    ("Work on the first phase is expected to begin in the spring, and the council said it would publish a "
     "schedule for the remaining phases by the end of the year."),
]

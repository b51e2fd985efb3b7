"""Shared by the benchmark runners: where and when a run happened (the RESULTS.md header), the
hand-written notes a rerun keeps, and where the evaluation corpora live. Importing it puts this checkout first on sys.path, so every
runner measures the code beside it, never an older installed copy of dedup."""
from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(CHECKOUT))

BBC = Path(__file__).resolve().parents[3] / "shared" / "eval" / "bbc-news"
WCXB = Path(__file__).resolve().parents[3] / "shared" / "eval" / "wcxb-dev-articles"


def header(title: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"# {title}\n\n- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n"
            f"- machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}\n"
            f"- load average at the end (1, 5, 15 min): {load} (the cores are shared with other jobs)\n")


NOTES = "## Notes (by hand"  # RESULTS.md from this heading on is hand analysis: a rerun keeps it


def hand_notes(results: Path) -> str:
    """The hand-written analysis at the end of `results` (from its NOTES heading on), to keep."""
    text = results.read_text("utf-8") if results.exists() else ""
    return "\n" + text[text.index(NOTES):] if NOTES in text else ""


def bbc_texts() -> list[tuple[str, str]]:
    """(id, text) of the 2,225 BBC articles, in path order."""
    return [(f"{p.parent.name}/{p.stem}", p.read_text("utf-8", errors="replace"))
            for p in sorted(BBC.glob("*/*.txt"))]

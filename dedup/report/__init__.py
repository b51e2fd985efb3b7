"""The HTML report of a finished run, built only from what the run wrote to OUT.

`write_report(OUT)` writes OUT/report.html: summary figures, plots, the largest duplicate
clusters, pairs around the threshold for calibration, and a per-document drill-down.
"""
from __future__ import annotations

from pathlib import Path

from ..progress import Progress
from .data import RunError, load_run
from .pairs import clusters, kept_pairs, removed_pairs

REPORT = "report.html"


def write_report(out: Path, progress: Progress | None = None) -> Path:
    """Write OUT/report.html and return its path; raises RunError if OUT is not a finished run."""
    from .render import render  # matplotlib loads here, not for `dedup clean --no-report` or `explain`

    run = load_run(out, progress)
    kept = kept_pairs(run, progress)
    if progress:
        progress.stage("render", total=1)
    path = out / REPORT
    path.write_text(render(run, clusters(run), removed_pairs(run), kept), encoding="utf-8")
    if progress:
        progress.advance("render")
        progress.close()
    return path


__all__ = ["REPORT", "RunError", "write_report"]

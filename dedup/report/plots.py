"""The report's plots, drawn with matplotlib and returned as inline SVG markup.

Figures are built with `matplotlib.figure.Figure` (no pyplot, so no GUI backend and no global
state). SVG output is made reproducible (fixed hash salt, no date) and every id is prefixed per
plot, so several plots can live in one HTML page without their ids clashing.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..duplicates.lsh import collision_probability, optimal_bands

REMOVED_COLOR, KEPT_COLOR, LINE_COLOR = "#c0392b", "#2e86c1", "#333333"
_STYLE: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "dedup-report", "font.size": 9,
          "axes.spines.top": False, "axes.spines.right": False}
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(\bid="|#)([\w.-]+)')


def _figure() -> tuple[Figure, Axes]:
    """A figure with one axes; call inside `matplotlib.rc_context(_STYLE)` so the style applies."""
    figure = Figure(figsize=(5.2, 3.2), layout="constrained")
    return figure, figure.subplots()


def _inline(name: str, figure: Figure) -> str:
    """`figure` as an <svg> element whose ids are prefixed with `name`."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    ids = set(_ID.findall(svg))
    svg = _REFERENCE.sub(lambda m: f"{m[1]}{name}-{m[2]}" if m[2] in ids else m[0], svg)
    return svg.replace("<svg ", f'<svg class="plot" data-plot="{name}" role="img" ', 1)


def removed_chars(chars_by_reason: dict[str, int]) -> str:
    """Horizontal bars: characters removed per reason."""
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure()
        reasons = sorted(chars_by_reason, key=lambda r: (chars_by_reason[r], r))
        values = [chars_by_reason[r] for r in reasons]
        colors = [REMOVED_COLOR if r.startswith("duplicate") else "#e67e22" for r in reasons]
        bars = axes.barh(reasons, values, color=colors)
        axes.bar_label(bars, labels=[f"{v:,}" for v in values], padding=3, fontsize=8)
        axes.set_xlabel("characters removed")
        axes.set_title("Removed characters by reason")
        if not reasons:
            axes.text(0.5, 0.5, "nothing removed", ha="center", va="center", transform=axes.transAxes)
        return _inline("removed-chars", figure)


def cluster_sizes(paragraph_sizes: Counter[int], document_sizes: Counter[int]) -> str:
    """Stacked bars: how many clusters have each size (kept copy included)."""
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure()
        sizes = sorted(set(paragraph_sizes) | set(document_sizes))
        labels = [str(s) for s in sizes]
        paragraphs = [paragraph_sizes.get(s, 0) for s in sizes]
        documents = [document_sizes.get(s, 0) for s in sizes]
        axes.bar(labels, paragraphs, color=REMOVED_COLOR, label="paragraph clusters")
        axes.bar(labels, documents, bottom=paragraphs, color="#8e44ad", label="document clusters")
        axes.set_xlabel("copies in the cluster (kept one included)")
        axes.set_ylabel("clusters")
        axes.set_title("Duplicate-cluster sizes")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if sizes:
            axes.legend(frameon=False)
        else:
            axes.text(0.5, 0.5, "no duplicates", ha="center", va="center", transform=axes.transAxes)
        return _inline("cluster-sizes", figure)


def similarity_distribution(removed: list[float], kept: list[float], threshold: float, low: float) -> str:
    """Histogram of pair similarities from `low` to 1: removed duplicates and similar kept pairs."""
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure()
        bins = np.linspace(low, 1.0, 21).tolist()
        axes.hist([removed, kept], bins=bins, stacked=True, color=[REMOVED_COLOR, KEPT_COLOR],
                  label=[f"removed duplicates ({len(removed):,})", f"kept pairs ({len(kept):,})"])
        axes.axvline(threshold, color=LINE_COLOR, linestyle="--", linewidth=1)
        axes.annotate(f"threshold {threshold:g}", (threshold, 0.5), xycoords=("data", "axes fraction"),
                      xytext=(-3, 0), textcoords="offset points", rotation=90, ha="right", va="center", fontsize=8)
        axes.set_xlim(low, 1.0)
        axes.set_xlabel("Jaccard similarity of word shingles")
        axes.set_ylabel("paragraph pairs")
        axes.set_title("Similarity of verified pairs around the threshold")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(loc="upper left", facecolor="white", edgecolor="none", framealpha=1)  # over the line
        return _inline("similarity", figure)


def s_curve(threshold: float, num_perm: int) -> str:
    """The LSH S-curve of the bands x rows the run used for its threshold."""
    bands, rows = optimal_bands(threshold, num_perm)
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure()
        similarities = np.linspace(0.0, 1.0, 201)
        axes.plot(similarities, collision_probability(similarities, bands, rows), color=KEPT_COLOR)
        at_threshold = float(collision_probability(threshold, bands, rows))
        axes.axvline(threshold, color=LINE_COLOR, linestyle="--", linewidth=1)
        axes.plot([threshold], [at_threshold], "o", color=REMOVED_COLOR)
        axes.annotate(f"P = {at_threshold:.2f} at {threshold:g}", (threshold, at_threshold),
                      xytext=(6, -12), textcoords="offset points", fontsize=8)
        axes.set_xlabel("Jaccard similarity of a pair")
        axes.set_ylabel("chance of becoming a candidate")
        axes.set_title(f"LSH S-curve: {bands} bands x {rows} rows of {num_perm} permutations")
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.02)
        return _inline("s-curve", figure)

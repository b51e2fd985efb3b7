"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network."""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from ..duplicates.lsh import optimal_bands
from . import plots
from .data import Doc, Run
from .diff import highlight
from .pairs import LOWER_BY, Cluster, Pair, lower_threshold

MAX_CLUSTERS = 10  # largest clusters shown side by side
MAX_CALIBRATION = 8  # pairs shown on each side of the threshold
MAX_DOCUMENTS = 200  # documents in the drill-down; `dedup explain` shows any one

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 2rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.muted{color:#666}.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1rem}
figure{margin:0;border:1px solid #eee;border-radius:6px;padding:.5rem}
figure svg{width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;margin:.4rem 0 1.2rem}
.pair>div{border:1px solid #ddd;border-radius:6px;padding:.5rem;white-space:pre-wrap;max-height:16rem;overflow:auto}
.pair h4{margin:0 0 .3rem;font-size:.85rem;color:#555;white-space:normal}
del{background:#fadbd8;text-decoration:line-through}ins{background:#d5f5e3;text-decoration:none}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
details{border:1px solid #eee;border-radius:6px;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer}.doc{white-space:pre-wrap;font-size:.9rem}
.doc del{background:#fdebd0}.doc del.duplicate{background:#fadbd8}
.why{font-size:.75rem;color:#fff;background:#7f8c8d;border-radius:3px;padding:0 .3rem;margin:0 .2rem}
"""


def render(run: Run, clusters: list[Cluster], removed: list[Pair], kept: list[Pair]) -> str:
    """The whole page. `removed`: verified duplicate pairs; `kept`: similar pairs among kept text."""
    title = "dedup report"
    body = "\n".join([
        f"<h1>{title}</h1>",
        f'<p class="muted">{escape(_settings(run.config))}</p>',
        _summary(run, clusters, kept),
        _plots(run, clusters, removed, kept),
        _clusters(clusters),
        _calibration(run, removed, kept),
        _drilldown(run),
    ])
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<link rel="icon" href="data:,"><title>{title}</title><style>{_CSS}</style></head>\n'
            f"<body>\n{body}\n</body></html>\n")


def _settings(config: dict[str, Any]) -> str:
    bands, rows = optimal_bands(config["threshold"], config["num_perm"])
    return (f"threshold {config['threshold']:g} on word {config['ngram']}-grams, {config['num_perm']} "
            f"permutations ({bands} bands x {rows} rows), seed {config['seed']}, keep {config['keep']}, "
            f"paragraphs under {config['min_paragraph_words']} words matched exactly only")


def _summary(run: Run, clusters: list[Cluster], kept: list[Pair]) -> str:
    summary = run.summary
    removed_chars = summary["chars_in"] - summary["chars_out"]
    share = removed_chars / summary["chars_in"] if summary["chars_in"] else 0.0
    below = sum(p.similarity < run.config["threshold"] for p in kept)
    cards = [("documents in", f"{summary['documents']:,}"),
             *((status, f"{count:,}") for status, count in summary["status"].items()),
             ("characters in", f"{summary['chars_in']:,}"), ("characters out", f"{summary['chars_out']:,}"),
             ("characters removed", f"{share:.1%}"), ("spans removed", f"{sum(summary['paragraphs_removed'].values()):,}"),
             ("duplicate clusters", f"{len(clusters):,}"), ("near misses kept", f"{below:,}")]
    items = "".join(f'<div class="card"><b>{value}</b>{escape(label)}</div>' for label, value in cards)
    return f'<h2>Summary</h2><div class="cards" id="summary">{items}</div>'


def _plots(run: Run, clusters: list[Cluster], removed: list[Pair], kept: list[Pair]) -> str:
    config = run.config
    paragraph_sizes = Counter(c.size for c in clusters if c.paragraph is not None)
    document_sizes = Counter(c.size for c in clusters if c.paragraph is None)
    low = lower_threshold(config["threshold"])
    figures = [
        (plots.removed_chars(run.summary["chars_removed"]), "Characters removed, by the reason in the manifest."),
        (plots.cluster_sizes(paragraph_sizes, document_sizes),
         "A cluster is a kept paragraph (or a kept document) and the copies removed for it."),
        (plots.similarity_distribution([p.similarity for p in removed], [p.similarity for p in kept],
                                       config["threshold"], low),
         (f"Removed: verified duplicate paragraphs from the manifest. Kept: pairs of kept paragraphs "
          f"found for this report at similarity {low:g} or more (see calibration).")),
        (plots.s_curve(config["threshold"], config["num_perm"]),
         "Chance that a pair of a given similarity is compared at all; every candidate is then verified."),
    ]
    items = "".join(f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>" for svg, caption in figures)
    return f'<h2>Plots</h2><div class="plots">{items}</div>'


def _side_by_side(pair: Pair, kept_label: str, copy_label: str) -> str:
    kept_html, copy_html = highlight(pair.left, pair.right)
    return (f'<div class="pair"><div><h4>{escape(kept_label)}</h4>{kept_html}</div>'
            f"<div><h4>{escape(copy_label)}</h4>{copy_html}</div></div>")


def _clusters(clusters: list[Cluster]) -> str:
    if not clusters:
        return "<h2>Largest clusters</h2><p>No duplicates were removed.</p>"
    parts = [(f'<h2>Largest clusters</h2><p class="muted">{min(len(clusters), MAX_CLUSTERS)} of '
              f"{len(clusters):,}, largest first; each shows the kept copy beside its least similar removed "
              f"copy, with words only one of them has highlighted.</p>")]
    for cluster in clusters[:MAX_CLUSTERS]:
        where = "document" if cluster.paragraph is None else f"paragraph {cluster.paragraph}"
        copy = min(cluster.copies, key=lambda p: (p.similarity, p.right_id))
        others = sorted({p.right_id for p in cluster.copies})
        parts.append(f"<h3>{cluster.size} copies of {where} of {escape(cluster.kept_id)}</h3>"
                     f'<p class="muted">removed from: {escape(", ".join(others))}</p>')
        parts.append(_side_by_side(copy, f"kept: {cluster.kept_id}",
                                   f"removed: {copy.right_id} (similarity {copy.similarity:.2f})"))
    return "\n".join(parts)


def _calibration(run: Run, removed: list[Pair], kept: list[Pair]) -> str:
    threshold = run.config["threshold"]
    low = lower_threshold(threshold)
    above = [p for p in removed if p.similarity >= threshold][:MAX_CALIBRATION]
    below = [p for p in kept if p.similarity < threshold][:MAX_CALIBRATION]
    parts = [
        "<h2>Calibration: pairs around the threshold</h2>",
        f"<h3>Just above {threshold:g}: removed</h3>",
        f'<p class="muted">The least similar verified duplicates of the manifest ({len(removed):,} in all).</p>',
        *(_side_by_side(p, f"kept: {p.left_id}", f"removed: {p.right_id} (similarity {p.similarity:.2f})")
          for p in above),
        f"<h3>Just below {threshold:g}: kept</h3>",
        (f'<p class="muted">These pairs are not in the manifest: they were computed for this report from the '
         f"kept paragraphs, with the run's MinHash settings and an LSH index at {low:g} (threshold - "
         f"{LOWER_BY:g}), and measured exactly on the shingle sets. {len(below):,} pairs between {low:g} and "
         f"{threshold:g}; the most similar are shown.</p>"),
        *(_side_by_side(p, f"kept: {p.left_id}", f"also kept: {p.right_id} (similarity {p.similarity:.2f})")
          for p in below),
    ]
    if not above or not below:
        parts.append('<p class="muted">Sides without pairs have none in this run.</p>')
    return "\n".join(parts)


def _drilldown(run: Run) -> str:
    docs = [doc for doc in run.docs.values() if doc.removed or doc.error]
    shown = docs[:MAX_DOCUMENTS]
    parts = [(f'<h2>Documents</h2><p class="muted">{len(shown):,} of the {len(docs):,} documents with '
              f"removed spans or errors, in manifest order; <code>dedup explain OUT DOC_ID</code> shows any "
              f"document in the terminal.</p>")]
    parts.extend(_document(doc) for doc in shown)
    return "\n".join(parts)


def _document(doc: Doc) -> str:
    removed = sum(span.end - span.start for span in doc.removed)
    reasons = Counter(span.reason for span in doc.removed)
    label = (f"{doc.id} ({doc.source}): {doc.status}"
             + (f", duplicate of {doc.duplicate_of}" if doc.duplicate_of else "")
             + (f", {doc.error}" if doc.error else f", {removed:,} of {doc.chars_in:,} characters removed: "
                + ", ".join(f"{reason} x{count}" for reason, count in sorted(reasons.items()))))
    return f'<details><summary>{escape(label)}</summary><div class="doc">{_marked_text(doc)}</div></details>'


def _marked_text(doc: Doc) -> str:
    """The repaired text with each removed span struck through and labelled with its reason."""
    pieces, cursor = [], 0
    for span in doc.removed:
        why = span.reason
        if span.duplicate_of is not None:
            why += f" of {span.duplicate_of} paragraph {span.paragraph} ({span.similarity:.2f})"
        pieces.append(escape(doc.text[cursor : span.start]))
        pieces.append(f'<del class="{span.kind}" title="{escape(why)}">{escape(span.text)}</del>'
                      f'<span class="why">{escape(why)}</span>')
        cursor = span.end
    pieces.append(escape(doc.text[cursor:]))
    return "".join(pieces)

"""The global step: every decision that needs the whole corpus, taken in one place.

1. Document-level near duplicates and same-story relations (LSH over document signatures).
2. Site templates, counting each group of copies/retellings once.
3. The keep pass over paragraphs in keep-policy order; short paragraphs match exactly within
   a group of near copies only (a retelling has its own headings).
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..boilerplate.templates import strip_templates
from ..config import Config
from .keep import rank_key
from .paragraphs import keep_pass
from .unionfind import smallest_roots
from .verify import figures_differ, similar_pairs

if TYPE_CHECKING:
    from ..analyze import Analysis

DOCUMENT_FIGURES_TOLERANCE = 0.5  # share of a document's figures a copy may change (a dateline)
# Same-story LSH (0.3, 32 bands x 2 rows) buckets larger than this are skipped: a key of two
# very common words is shared by up to a third of a news corpus, so verifying its pairs is
# quadratic and tells nothing. Measured on the 50 MB benchmark corpus: all 2,049 near-copy pairs
# and 92% of the 824 same-story-only pairs stay; the step is linear in the corpus.
STORY_MAX_BUCKET = 500


def decide(analyses: list[Analysis], config: Config, text_of: Callable[[int], str] | None = None) -> None:
    """Record template and duplicate spans, drops and relations on the documents.

    `text_of(i)` is the repaired text of `analyses[i]` (default: its `doc.text`), read only for
    the paragraphs whose similarity is checked exactly."""
    ranked = sorted((i for i, a in enumerate(analyses) if a.doc.error is None),
                    key=lambda i: rank_key(analyses[i], config.keep))
    order = [analyses[i] for i in ranked]
    text_of = text_of or (lambda i: analyses[i].doc.text)
    threads = config.workers or os.cpu_count() or 1  # the workers are done: their cores are free
    copies = similar_pairs(
        [a.doc_signature for a in order], config.threshold, config.num_perm,
        accept=lambda e, l: not figures_differ(order[e].document_figures(), order[l].document_figures(),
                                               DOCUMENT_FIGURES_TOLERANCE),
        threads=threads,
    )
    copy_pairs = {(e, l) for e, l, _ in copies}
    stories = [
        (e, l, s)
        for e, l, s in similar_pairs([a.story_signature for a in order], config.related_threshold, config.num_perm,
                                     max_bucket=STORY_MAX_BUCKET, threads=threads)
        if (e, l) not in copy_pairs
    ]
    if config.strip_boilerplate:  # site templates are boilerplate: --no-boilerplate only deduplicates
        strip_templates(order, _groups(len(order), copies + stories), config.template_min_docs)

    near_copies: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for e, l, s in copies:
        near_copies[l].append((e, s))
    related: dict[int, list[int]] = defaultdict(list)
    for e, l, _ in stories:
        related[l].append(e)
    keep_pass(order, near_copies, related, _groups(len(order), copies), config, lambda rank: text_of(ranked[rank]))

    both_stay = [(e, l, s) for e, l, s in copies if not order[e].doc.dropped and not order[l].doc.dropped]
    for e, l, _ in stories + both_stay:  # a near copy that kept new text still tells the same story
        order[e].doc.related.append(order[l].doc.id)
        order[l].doc.related.append(order[e].doc.id)
    for analysis in order:
        analysis.doc.related.sort()


def _groups(count: int, pairs: list[tuple[int, int, float]]) -> list[int]:
    """Per position, the root (smallest position) of its union-find group under `pairs`."""
    low = np.fromiter((e for e, _, _ in pairs), dtype=np.int64, count=len(pairs))
    high = np.fromiter((l for _, l, _ in pairs), dtype=np.int64, count=len(pairs))
    return smallest_roots(count, low, high).tolist()

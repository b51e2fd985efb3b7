"""Natural duplicates in the BBC news corpus (2,225 articles, 2004-2005): the groups the
pipeline finds, and document pairs just above and below the threshold for a hand check.
Writes RESULTS.md beside this file.

    python benchmarks/bbc/run.py
"""
from __future__ import annotations

import re
import sys
import time
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "signatures"))  # machine.py: RESULTS.md header, corpora paths

from machine import bbc_texts, header

from dedup import Document, Pipeline
from dedup.duplicates.clusters import copy_links, document_clusters
from dedup.duplicates.verify import similar_pairs
from dedup.fingerprint import MinHasher

LOW = 0.5  # pairs from here up are listed around the threshold
SAMPLE = 8


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def jaccard(left: str, right: str) -> float:
    a, b = shingles(left), shingles(right)
    return len(a & b) / len(a | b)


def main() -> None:
    articles = bbc_texts()
    texts = dict(articles)
    started = time.perf_counter()
    results = Pipeline().process([Document(id=i, text=t, source=f"{i}.txt") for i, t in articles])
    seconds = time.perf_counter() - started
    groups = document_clusters(copy_links(c.doc for c in results))
    statuses = {s: sum(1 for c in results if c.doc.status == s) for s in ("kept", "cleaned", "dropped")}
    hasher = MinHasher()
    ids = [i for i, _ in articles]
    found = similar_pairs([hasher.signature(texts[i]) for i in ids], LOW, hasher.num_perm)
    pairs = sorted(((jaccard(texts[ids[e]], texts[ids[l]]), ids[e], ids[l]) for e, l, _ in found), reverse=True)
    grouped = {frozenset(p) for members in groups.values() for p in combinations(members, 2)}
    related = {frozenset((c.doc.id, other)) for c in results for other in c.doc.related}
    above = [p for p in pairs if p[0] >= 0.7]
    below = [p for p in pairs if p[0] < 0.7]
    lines = [header("BBC news: natural duplicates"),
             f"{len(articles):,} articles, default options, {seconds:.1f} s. Status: "
             + ", ".join(f"{k} {v}" for k, v in statuses.items()) + ".\n",
             f"## Duplicate groups found ({len(groups)}, {sum(len(g) for g in groups.values())} documents)\n",
             "| kept (root) | members |", "| --- | --- |"]
    lines += [f"| {root} | {', '.join(members[1:])} |" for root, members in sorted(groups.items())]
    lines += ["", f"## Document pairs with MinHash estimate >= {LOW}: exact 5-gram Jaccard, grouped or not\n",
              (f"{len(above)} pairs at exact Jaccard >= 0.7, of which {sum(frozenset(p[1:]) in grouped for p in above)} "
              f"in one duplicate group; {len(below)} between {LOW} (estimate) and 0.7, of which "
              f"{sum(frozenset(p[1:]) in grouped for p in below)} in one group. "
              f"Lowest {SAMPLE} above and highest {SAMPLE} below the threshold:\n"),
              "| Jaccard | pair | found as | title |", "| ---: | --- | --- | --- |"]
    for score, left, right in above[-SAMPLE:] + below[:SAMPLE]:
        title = texts[left].strip().splitlines()[0][:70]
        pair = frozenset((left, right))
        verdict = "duplicate group" if pair in grouped else "related (both kept)" if pair in related else "-"
        lines.append(f"| {score:.3f} | {left} ~ {right} | {verdict} | {title} |")
    report = "\n".join(lines) + "\n"
    (HERE / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()

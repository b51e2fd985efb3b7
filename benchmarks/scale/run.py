"""Time `dedup clean` on generated corpora of growing size: wall time, MB/s, peak RSS, quality.

Peak RSS is the largest sum, over the process tree (the CLI and its pool workers), of resident
memory, sampled every 0.2 s from /proc. Pair precision and recall compare the duplicate
clusters the manifest reports (documents linked by `duplicate_of`) with the planted clusters.
The load average is recorded beside each number: the machine is shared.

    python benchmarks/scale/run.py 250M 500M --workers 2 --root /tmp/dedup-scale
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from build_corpus import build

from dedup.config import parse_size

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = int(statm[1]) * PAGE
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in members]
        members.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in members)


CHECKOUT = Path(__file__).resolve().parents[2]


def dedup_clean(corpus: Path, out: Path, workers: int) -> list[str]:
    """The measured command: this checkout's dedup (see `measure`), never an installed copy."""
    return [sys.executable, "-m", "dedup", "clean", str(corpus), str(out), "--force", "--quiet", "--no-report",
            "--workers", str(workers)]


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of `command`, run with this checkout first on PYTHONPATH."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise RuntimeError(process.stderr.read().decode())
    return seconds, peak


def clusters(links: dict[str, str]) -> dict[str, str]:
    """Document -> cluster root, following links to their end."""
    def root(doc: str) -> str:
        while doc in links:
            doc = links[doc]
        return doc
    return {doc: root(doc) for doc in set(links) | set(links.values())}


def pairs(cluster_of: dict[str, str]) -> set[tuple[str, str]]:
    members = defaultdict(list)
    for doc, cluster in cluster_of.items():
        members[cluster].append(doc)
    return {tuple(sorted(p)) for docs in members.values() for p in combinations(sorted(docs), 2)}


def jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def scores(found: dict[str, str], truth: Path) -> tuple[float, float]:
    """Pair precision and recall of `found` (document -> cluster) against the planted clusters."""
    planted = {r["id"]: r["cluster"] for r in jsonl(truth) if r["id"] != r["cluster"]}
    predicted, expected = pairs(found), pairs(clusters(planted))
    hits = len(predicted & expected)
    return hits / max(len(predicted), 1), hits / max(len(expected), 1)


def quality(manifest: Path, truth: Path) -> tuple[float, float]:
    """Scores of the duplicate clusters the manifest reports (`duplicate_of` of dropped documents)."""
    links = {r["id"]: r["duplicate_of"] for r in jsonl(manifest) if r["status"] == "dropped" and r.get("duplicate_of")}
    return scores(clusters(links), truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="+", help="corpus sizes, e.g. 250M 500M 1G")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--root", type=Path, default=Path("/tmp/dedup-scale"))
    args = parser.parse_args()
    for size in args.sizes:
        corpus = args.root / f"corpus-{size}"
        if not corpus.exists():
            build(corpus, parse_size(size))
        megabytes = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        out = args.root / f"out-{size}"
        load = os.getloadavg()[0]
        seconds, peak = measure(dedup_clean(corpus, out, args.workers))
        precision, recall = quality(out / "manifest.jsonl", corpus.with_name(corpus.name + ".truth.jsonl"))
        print(json.dumps({"size": size, "mb": round(megabytes, 1), "workers": args.workers,
                          "seconds": round(seconds, 1), "mb_per_s": round(megabytes / seconds, 2),
                          "peak_rss_mb": round(peak / 2**20), "precision": round(precision, 4),
                          "recall": round(recall, 4), "load_before": round(load, 2),
                          "load_after": round(os.getloadavg()[0], 2)}), flush=True)


if __name__ == "__main__":
    main()

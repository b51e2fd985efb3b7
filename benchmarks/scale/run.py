"""Time `dedup clean` on generated corpora of growing size: wall time, MB/s, peak RSS, quality.

Peak RSS is the largest sum, over the process tree (the CLI, its pool workers and their fork
server), of resident memory, sampled every 0.2 s from /proc; peak PSS the same for proportional
memory, which counts a page the fork server shares with its workers once. Pair precision and
recall compare the duplicate clusters the manifest reports (documents linked by `duplicate_of`)
with the planted clusters.
The load average is recorded beside each number: the machine is shared.

    python benchmarks/scale/run.py 250M 500M --workers 2 --root /tmp/dedup-scale
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from build_corpus import build

from dedup.config import parse_size

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_memory(root: int) -> tuple[int, int]:
    """Resident bytes (RSS) and proportional bytes (PSS) of `root` and all its descendants.

    RSS counts a page shared by several processes (a fork server's and its forked workers')
    once per process; PSS divides it among them, so the tree's PSS is the memory it really holds.
    """
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in members]
        members.update(children)
        frontier.extend(children)
    rss = pss = 0
    for pid in members:
        try:
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            pss += _smaps_field(Path(f"/proc/{pid}/smaps_rollup").read_text(), "Pss")
        except OSError:
            continue
    return rss, pss


def _smaps_field(rollup: str, name: str) -> int:
    """Bytes of the `name:` line of /proc/PID/smaps_rollup (given in kB)."""
    for line in rollup.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    return 0


CHECKOUT = Path(__file__).resolve().parents[2]


def dedup_clean(corpus: Path, out: Path, workers: int) -> list[str]:
    """The measured command: this checkout's dedup (see `measure`), never an installed copy."""
    return [sys.executable, "-m", "dedup", "clean", str(corpus), str(out), "--force", "--quiet", "--no-report",
            "--workers", str(workers)]


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of `command`, run with this checkout first on PYTHONPATH."""
    seconds, rss, _ = measure_memory(command)
    return seconds, rss


def measure_memory(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak tree RSS and peak tree PSS of `command` (see `measure`)."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    # stderr to a file, not a pipe: a tool printing progress bars would fill an unread pipe and stall
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak_rss = peak_pss = 0
        while process.poll() is None:
            rss, pss = tree_memory(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        if process.returncode not in (0, 1):
            errors.seek(0)
            raise RuntimeError(errors.read().decode(errors="replace")[-4000:])
    return seconds, peak_rss, peak_pss


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
    """Scores of the duplicate clusters the manifest reports: `duplicate_of` links of dropped copies
    and of copies that kept text of their own."""
    links = {r["id"]: r["duplicate_of"] for r in jsonl(manifest) if r.get("duplicate_of")}
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
        seconds, peak, peak_pss = measure_memory(dedup_clean(corpus, out, args.workers))
        precision, recall = quality(out / "manifest.jsonl", corpus.with_name(corpus.name + ".truth.jsonl"))
        print(json.dumps({"size": size, "mb": round(megabytes, 1), "workers": args.workers,
                          "seconds": round(seconds, 1), "mb_per_s": round(megabytes / seconds, 2),
                          "peak_rss_mb": round(peak / 2**20), "peak_pss_mb": round(peak_pss / 2**20), "precision": round(precision, 4),
                          "recall": round(recall, 4), "load_before": round(load, 2),
                          "load_after": round(os.getloadavg()[0], 2)}), flush=True)


if __name__ == "__main__":
    main()

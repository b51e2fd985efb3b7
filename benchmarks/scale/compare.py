"""dedup against datatrove's and text-dedup's MinHash dedup on one corpus: time, peak RSS, pair
precision/recall against the planted truth. Each competitor runs in its own venv at dedup's
settings (word 5-grams, 128 permutations or 120 hashes, 20 bands x 6 rows, threshold 0.7).

    python benchmarks/scale/compare.py /tmp/dedup-scale2/corpus-1G --workers 2
    python benchmarks/scale/compare.py CORPUS --tools datatrove     # one tool only

Prints one JSON line per tool, with the 1-minute load average before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from run import dedup_clean, jsonl, measure, quality, scores

HERE = Path(__file__).resolve().parent
TOOLS = ("dedup", "text-dedup", "datatrove")


def datatrove_quality(work: Path, truth: Path) -> tuple[float, float]:
    """Scores of datatrove's clusters (documents sharing `minhash_cluster_id`)."""
    found = {}
    for path in sorted(work.glob("removed/*.jsonl")) + sorted(work.glob("output/*.jsonl")):
        for record in jsonl(path):
            cluster = record.get("metadata", {}).get("minhash_cluster_id")
            if cluster is not None and cluster != -1:
                found[record["id"]] = f"c{cluster}"
    return scores(found, truth)


def textdedup_quality(work: Path, truth: Path) -> tuple[float, float]:
    """Scores of text-dedup's union-find clusters, as textdedup_minhash.py writes them."""
    return scores({r["id"]: r["cluster"] for r in jsonl(work / "clusters.jsonl")}, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument("--datatrove-python", default="/tmp/venv-datatrove/bin/python")
    parser.add_argument("--textdedup-python", default="/tmp/venv-textdedup/bin/python")
    args = parser.parse_args()
    truth = args.corpus.with_name(args.corpus.name + ".truth.jsonl")
    megabytes = sum(p.stat().st_size for p in args.corpus.iterdir()) / 1e6
    work = {tool: args.corpus.with_name(f"{args.corpus.name}-{tool}-work") for tool in TOOLS}
    runs: dict[str, tuple[list[str], Callable[[], tuple[float, float]]]] = {
        "dedup": (dedup_clean(args.corpus, work["dedup"], args.workers),
                  lambda: quality(work["dedup"] / "manifest.jsonl", truth)),
        "text-dedup": ([args.textdedup_python, str(HERE / "textdedup_minhash.py"), str(args.corpus),
                        str(work["text-dedup"]), str(args.workers)],
                       lambda: textdedup_quality(work["text-dedup"], truth)),
        "datatrove": ([args.datatrove_python, str(HERE / "datatrove_minhash.py"), str(args.corpus),
                       str(work["datatrove"]), str(args.workers)],
                      lambda: datatrove_quality(work["datatrove"], truth)),
    }
    for tool in args.tools:
        command, score = runs[tool]
        if tool != "dedup":  # dedup clean --force replaces its own output
            shutil.rmtree(work[tool], ignore_errors=True)
        load = os.getloadavg()[0]
        seconds, peak = measure(command)
        precision, recall = score()
        print(json.dumps({"tool": tool, "mb": round(megabytes, 1), "seconds": round(seconds, 1),
                          "mb_per_s": round(megabytes / seconds, 2), "peak_rss_mb": round(peak / 2**20),
                          "precision": round(precision, 4), "recall": round(recall, 4),
                          "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}), flush=True)


if __name__ == "__main__":
    main()

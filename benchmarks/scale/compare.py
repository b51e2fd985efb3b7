"""dedup against datatrove's MinHash dedup on one corpus: time, peak RSS, pair precision/recall.

    python benchmarks/scale/compare.py /tmp/dedup-scale/corpus-50M --workers 2
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

from run import dedup_clean, jsonl, measure, quality, scores

HERE = Path(__file__).resolve().parent


def datatrove_quality(work: Path, truth: Path) -> tuple[float, float]:
    """Scores of datatrove's clusters (documents sharing `minhash_cluster_id`)."""
    found = {}
    for path in sorted(work.glob("removed/*.jsonl")) + sorted(work.glob("output/*.jsonl")):
        for record in jsonl(path):
            cluster = record.get("metadata", {}).get("minhash_cluster_id")
            if cluster is not None and cluster != -1:
                found[record["id"]] = f"c{cluster}"
    return scores(found, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--datatrove-python", default="/tmp/venv-datatrove/bin/python")
    args = parser.parse_args()
    truth = args.corpus.with_name(args.corpus.name + ".truth.jsonl")
    megabytes = sum(p.stat().st_size for p in args.corpus.iterdir()) / 1e6
    out = args.corpus.with_name(args.corpus.name + "-dedup-out")
    work = args.corpus.with_name(args.corpus.name + "-datatrove-work")
    shutil.rmtree(work, ignore_errors=True)
    runs = {
        "dedup": dedup_clean(args.corpus, out, args.workers),
        "datatrove": [args.datatrove_python, str(HERE / "datatrove_minhash.py"), str(args.corpus), str(work),
                      str(args.workers)],
    }
    for tool, command in runs.items():
        load = os.getloadavg()[0]
        seconds, peak = measure(command)
        scores = quality(out / "manifest.jsonl", truth) if tool == "dedup" else datatrove_quality(work, truth)
        print(json.dumps({"tool": tool, "mb": round(megabytes, 1), "seconds": round(seconds, 1),
                          "mb_per_s": round(megabytes / seconds, 2), "peak_rss_mb": round(peak / 2**20),
                          "precision": round(scores[0], 4), "recall": round(scores[1], 4),
                          "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}), flush=True)


if __name__ == "__main__":
    main()

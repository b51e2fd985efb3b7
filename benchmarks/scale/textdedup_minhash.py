"""text-dedup's MinHash dedup on a corpus folder, at dedup's settings (word 5-grams, 128
permutations, 20 bands x 6 rows, threshold 0.7, xxh3: its faster hash). Runs in its own venv
(see RESULTS.md). text-dedup clusters on a band collision alone, without verifying candidates.
Writes WORK/clusters.jsonl: one {"id", "cluster"} line per document in a cluster of two or more.

    /tmp/venv-textdedup/bin/python textdedup_minhash.py CORPUS WORK WORKERS
"""
import json
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path


def main() -> None:
    corpus, work, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    subprocess.run([sys.executable, "-m", "text_dedup.minhash", "--path", "json",
                    "--data_files", str(corpus / "*.jsonl"), "--split", "train", "--cache_dir", str(work / "cache"),
                    "--output", str(work / "output"), "--column", "text", "--idx_column", "id", "--debug",
                    "--ngram", "5", "--num_perm", "128", "--b", "20", "--r", "6", "--threshold", "0.7",
                    "--hash_func", "xxh3", "--num_proc", workers], check=True, stdout=subprocess.DEVNULL)
    with open(work / "output" / "uf.pkl", "rb") as stream:
        union_find = pickle.load(stream)  # text_dedup's UnionFind keyed by our document ids
    roots = {member: union_find.find(member) for member in list(union_find.parent)}
    sizes = Counter(roots.values())
    with open(work / "clusters.jsonl", "w") as out:
        for member, root in sorted(roots.items()):
            if sizes[root] > 1:
                out.write(json.dumps({"id": member, "cluster": root}) + "\n")


if __name__ == "__main__":
    main()

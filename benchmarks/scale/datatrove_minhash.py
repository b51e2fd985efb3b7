"""datatrove's MinHash dedup on a corpus folder, at dedup's settings (word 5-grams, 20 bands
x 6 rows = 120 hashes: the split dedup derives for threshold 0.7 and 128 permutations). Runs in
its own venv (see RESULTS.md); writes the documents that are in a duplicate cluster, with their
cluster id, to WORK/removed and WORK/output.

    /tmp/venv-datatrove/bin/python datatrove_minhash.py CORPUS WORK WORKERS
"""
import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter


def main() -> None:
    corpus, work, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    config = MinhashConfig(n_grams=5, num_buckets=20, hashes_per_bucket=6)
    shards = len([name for name in __import__("os").listdir(corpus) if name.endswith(".jsonl")])

    def run(step: str, pipeline: list, tasks: int) -> None:
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=workers,
                              logging_dir=f"{work}/logs/{step}").run()

    run("signatures", [JsonlReader(corpus, glob_pattern="*.jsonl"),
                       MinhashDedupSignature(output_folder=f"{work}/signatures", config=config)], shards)
    run("buckets", [MinhashDedupBuckets(input_folder=f"{work}/signatures", output_folder=f"{work}/buckets",
                                        config=config)], config.num_buckets)
    run("clusters", [MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids",
                                         config=config, save_cluster_id=True)], 1)
    run("filter", [JsonlReader(corpus, glob_pattern="*.jsonl"),
                   MinhashDedupFilter(input_folder=f"{work}/remove_ids", load_cluster_ids=True,
                                      exclusion_writer=JsonlWriter(f"{work}/removed", compression=None)),
                   JsonlWriter(f"{work}/output", compression=None)], shards)


if __name__ == "__main__":
    main()

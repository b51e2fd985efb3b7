"""Engines change where the per-document stages run, never the output: byte-identical results
whatever the worker count, in a local process pool and on a local Ray with 2 CPUs."""
from __future__ import annotations

import gc
import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from dedup import Pipeline
from dedup.engines import tasks
from dedup.readers import units

SMALL_BATCH = 8  # documents per batch or files per unit, so even a small corpus spreads over several
SMALL_UNIT_BYTES = 4096


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def generated_corpus(root: Path, seeds: Path) -> Path:
    """~150 documents from the seeds' paragraphs: new mixes, exact and near copies, furniture,
    entities and mojibake, an unreadable record; as .txt files, JSONL and gzipped JSONL."""
    rng = random.Random(5)
    paragraphs = [p for f in sorted(seeds.glob("*.txt")) for p in f.read_text("utf-8").split("\n") if p.strip()]
    docs: list[str] = []
    for _ in range(150):
        roll = rng.random()
        if docs and roll < 0.1:
            docs.append(rng.choice(docs))
        elif docs and roll < 0.2:
            words = rng.choice(docs).split(" ")
            words[rng.randrange(len(words))] = "changed"
            docs.append(" ".join(words))
        else:
            text = "\n\n".join(rng.sample(paragraphs, rng.randint(1, 6)))
            docs.append(rng.choice(["Skip to main content\n", "Caf\u00c3\u00a9 &amp; more\n", ""]) + text)
    src = root / "in"
    (src / "pages").mkdir(parents=True)
    for number, text in enumerate(docs[:30]):
        (src / "pages" / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    records = [json.dumps({"id": f"r{n}", "text": t}) for n, t in enumerate(docs[30:], start=30)]
    (src / "a.jsonl").write_text("\n".join(records[:60] + ["{not json"]) + "\n", encoding="utf-8")
    with gzip.open(src / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(records[60:]) + "\n")
    return src


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches and work units (a.jsonl in line ranges), planned on the driver."""
    monkeypatch.setattr(tasks, "BATCH_DOCUMENTS", SMALL_BATCH)
    monkeypatch.setattr(units, "UNIT_FILES", SMALL_BATCH)
    monkeypatch.setattr(units, "UNIT_BYTES", SMALL_UNIT_BYTES)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import ray
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def inputs(tmp_path: Path, seeds: Path) -> list[Path]:
    return [seeds, generated_corpus(tmp_path, seeds)]


def test_local_pool_output_does_not_depend_on_worker_count(tmp_path: Path, seeds: Path, small_batches: None) -> None:
    for number, src in enumerate(inputs(tmp_path, seeds)):
        one = Pipeline(workers=1).run(src, tmp_path / f"one{number}")
        two = Pipeline(workers=2).run(src, tmp_path / f"two{number}")
        assert one.to_json() == two.to_json()
        assert tree(tmp_path / f"one{number}") == tree(tmp_path / f"two{number}")
    manifest = (tmp_path / "one1" / "manifest.jsonl").read_text("utf-8").splitlines()
    statuses = sorted(json.loads(line)["status"] for line in manifest)
    assert len(statuses) == 151 and statuses.count("error") == 1 and "dropped" in statuses
    assert gc.get_freeze_count() == 0  # the collector sees the caller's objects again (`_collector_skips_analyses`)


def test_in_memory_api_matches_with_a_pool(small_batches: None) -> None:
    records = [{"id": str(n), "text": f"Story {n % 7} about the council vote on the budget plan."} for n in range(40)]
    one = list(Pipeline(workers=1).clean(records, include_dropped=True))
    two = list(Pipeline(workers=2).clean(records, include_dropped=True))
    assert one == two
    assert [r["dedup"]["status"] for r in one].count("dropped") == 33
    assert gc.get_freeze_count() == 0


def test_ray_output_is_byte_identical_to_local(tmp_path: Path, seeds: Path, small_batches: None,
                                               local_ray: None) -> None:
    for number, src in enumerate(inputs(tmp_path, seeds)):
        Pipeline(workers=1).run(src, tmp_path / f"local{number}")
        on_ray = Pipeline(engine="ray", workers=2)
        assert on_ray.engine.shares_files  # a local Ray: its tasks read the files and write the spill
        on_ray.run(src, tmp_path / f"ray{number}")
        on_ray.engine.shares_files = False  # as on a cluster of other machines: the driver reads
        on_ray.run(src, tmp_path / f"ray-driver{number}")
        assert tree(tmp_path / f"local{number}") == tree(tmp_path / f"ray{number}") == tree(
            tmp_path / f"ray-driver{number}")

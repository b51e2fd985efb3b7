"""Readers and writers: every input format round-trips, bad records become error entries."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from helpers import read_manifest, run_clean

from dedup.cli import main

ARTICLE = ("The council approved the new budget on Tuesday after a long debate about school funding.\n\n"
           "Critics said the plan would not cover the shortfall expected next year in the district.")
RECORDS = [
    {"id": "a", "text": "Skip to main content\n" + ARTICLE, "url": "http://example.org/a"},
    {"id": "b", "text": ARTICLE + "\nShare this post", "url": "http://example.org/b"},
    {"id": "c", "text": "A completely different story about river levels rising after a week of heavy rain.",
     "url": "http://example.org/c"},
]


def write_jsonl(path: Path, records: list[object]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)


def read_jsonl(path: Path) -> list[dict]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [json.loads(line) for line in data.decode().splitlines()]


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "news.jsonl.zst"])
def test_jsonl_round_trip(tmp_path: Path, name: str) -> None:
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / name, RECORDS)
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert {k: v["status"] for k, v in manifest.items()} == {"a": "cleaned", "b": "dropped", "c": "kept"}
    assert manifest["b"]["duplicate_of"] == "a"
    assert read_jsonl(tmp_path / "out" / name) == [
        {"id": "a", "text": ARTICLE, "url": "http://example.org/a"}, RECORDS[2]]


def test_parquet_round_trip_keeps_schema(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_pylist(RECORDS), tmp_path / "in" / "news.parquet")
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert manifest["b"]["status"] == "dropped"
    table = pq.read_table(tmp_path / "out" / "news.parquet")
    assert table.schema == pa.Table.from_pylist(RECORDS).schema
    assert table.to_pylist() == [{"id": "a", "text": ARTICLE, "url": "http://example.org/a"}, RECORDS[2]]


def test_custom_fields_and_bad_records(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    lines = [json.dumps({"key": "x", "body": ARTICLE}), "{not json", json.dumps({"key": "y", "body": 7}),
             json.dumps({"key": "z"}), json.dumps(["a list"])]
    (tmp_path / "in" / "part.jsonl").write_text("\n".join(lines) + "\n")
    code = main(["clean", str(tmp_path / "in"), str(tmp_path / "out"), "--text-field", "body", "--id-field", "key",
                 "--quiet"])
    assert code == 1  # finished, with documents that could not be read
    manifest = read_manifest(tmp_path / "out")
    assert {k: (v["status"], v.get("error")) for k, v in manifest.items()} == {
        "x": ("kept", None),
        "part/2": ("error", "malformed JSON: Expecting property name enclosed in double quotes at column 2"),
        "y": ("error", "text field 'body' not a string (int)"),
        "z": ("error", "text field 'body' missing"),
        "part/5": ("error", "record is not a JSON object"),
    }
    assert read_jsonl(tmp_path / "out" / "part.jsonl") == [{"key": "x", "body": ARTICLE}]


def test_stdin_jsonl(tmp_path: Path) -> None:
    data = "".join(json.dumps(r) + "\n" for r in RECORDS)
    result = subprocess.run([sys.executable, "-m", "dedup", "clean", "-", str(tmp_path / "out"), "--quiet"],
                            input=data, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "stdin.jsonl")] == ["a", "c"]


def test_text_folder_recursive_ids(tmp_path: Path) -> None:
    (tmp_path / "in" / "site" / "2024").mkdir(parents=True)
    (tmp_path / "in" / "site" / "2024" / "story.txt").write_text(ARTICLE)
    (tmp_path / "in" / "top.txt").write_text("Other text entirely, about the weather in the mountains this week.")
    manifest = run_clean(tmp_path / "in", tmp_path / "out")
    assert sorted(manifest) == ["site/2024/story", "top"]
    assert (tmp_path / "out" / "site" / "2024" / "story.txt").read_text() == ARTICLE + "\n"


def test_refuses_non_empty_output_without_force(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    assert main(["clean", str(seeds), str(out), "--quiet"]) == 2
    assert (out / "precious.txt").read_text() == "keep me"
    assert main(["clean", str(seeds), str(out), "--quiet", "--force"]) == 0
    assert not (out / "precious.txt").exists()
    assert len(read_manifest(out)) == 5


def test_refuses_output_inside_input(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    assert main(["clean", str(tmp_path / "in"), str(tmp_path / "in" / "out"), "--quiet"]) == 2


def test_checkout_shim_and_help(tmp_path: Path, seeds: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    help_text = subprocess.run([sys.executable, str(root / "cli.py"), "clean", "--help"], capture_output=True,
                               text=True, check=True).stdout
    for option in ("--threshold", "--ngram", "--num-perm", "--text-field", "--id-field", "--force", "--keep",
                   "--drop-related", "exit codes"):
        assert option in help_text
    result = subprocess.run([sys.executable, str(root / "cli.py"), "clean", str(seeds), str(tmp_path / "out")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "documents in" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        *(p.with_suffix(".txt").name for p in sorted(seeds.iterdir())),
        "_SUCCESS", "manifest.jsonl", "report.html", "stats.json"]


def test_python_api() -> None:
    import dedup

    cleaned = list(dedup.clean(RECORDS))
    assert [r["id"] for r in cleaned] == ["a", "c"]
    assert cleaned[0]["text"] == ARTICLE
    assert cleaned[0]["dedup"]["status"] == "cleaned"
    assert [s["reason"] for s in cleaned[0]["dedup"]["removed"]] == ["boilerplate:navigation"]
    assert list(dedup.clean(["same text here", "same text here"], include_dropped=True))[1]["dedup"]["status"] == "dropped"

"""The seed corpus comes out exactly as the foundation issue specifies."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lines, read_manifest, rebuilt, run_clean

from dedup.repair import repair

IDS = {
    "000": "000_e4e87a6441ad4561",
    "001": "001_4a9ba82fc4cce741",
    "002": "002_8f3e413f6ae2009f",
    "003": "003_216f1c435a64fa5c",
    "004": "004_59524076cc088d3e",
}


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    run_clean(Path(__file__).resolve().parent.parent / "seeds", out)
    return out


def seed_lines(seeds: Path, key: str) -> list[str]:
    return lines(repair((seeds / f"{IDS[key]}.txt").read_text("utf-8")))


def out_lines(out: Path, key: str) -> list[str]:
    return lines((out / f"{IDS[key]}.txt").read_text("utf-8"))


def test_every_seed_is_in_the_manifest_once(cleaned: Path) -> None:
    manifest = read_manifest(cleaned)
    assert sorted(manifest) == sorted(IDS.values())
    assert {k: manifest[v]["status"] for k, v in IDS.items()} == {
        "000": "kept", "001": "kept", "002": "cleaned", "003": "cleaned", "004": "cleaned"}


@pytest.mark.parametrize("key", ["000", "001"])
def test_clean_articles_keep_every_sentence(cleaned: Path, seeds: Path, key: str) -> None:
    assert (cleaned / f"{IDS[key]}.txt").read_text("utf-8") == repair((seeds / f"{IDS[key]}.txt").read_text("utf-8")) + "\n"


def test_002_loses_debris_and_second_copy(cleaned: Path, seeds: Path) -> None:
    source = seed_lines(seeds, "002")
    assert source[:3] == ["Skip to main content", "Latest news", "Thumbnail"]
    body = source[3:20]  # title and the first copy of the body
    assert out_lines(cleaned, "002") == body
    reasons = {(span["text"].strip(), span["reason"]) for span in read_manifest(cleaned)[IDS["002"]]["removed"]}
    assert {("Skip to main content", "boilerplate:navigation"), ("Latest news", "boilerplate:navigation"),
            ("Thumbnail", "boilerplate:media"), ("Share this post", "boilerplate:share"),
            ("Comment this post", "boilerplate:comments")} <= reasons
    duplicates = [s for s in read_manifest(cleaned)[IDS["002"]]["removed"] if s["reason"] == "duplicate"]
    assert len(duplicates) == 18  # the repeated title and the second copy of the body (16 + 2)
    assert {s["duplicate_of"] for s in duplicates} == {IDS["002"]}
    assert all(s["similarity"] == 1.0 for s in duplicates)


def test_003_keeps_each_distinct_paragraph_once(cleaned: Path, seeds: Path) -> None:
    source = seed_lines(seeds, "003")
    assert out_lines(cleaned, "003") == source[:2] + source[3:8]
    removed = read_manifest(cleaned)[IDS["003"]]["removed"]
    assert [(s["reason"], s["paragraph"], s["text"].strip()) for s in removed] == [
        ("duplicate", 1, source[2]), ("duplicate", 5, source[8]), ("duplicate", 6, source[9]),
        ("duplicate", 7, source[10])]


def test_004_loses_menu_dateline_and_disclaimer(cleaned: Path, seeds: Path) -> None:
    source = seed_lines(seeds, "004")
    assert source[0] == "date 2025-03-06 Left Menu"
    assert source[2].startswith("PTI | Washington DC | Updated:")
    assert source[-1].startswith("(This story has not been edited")
    assert out_lines(cleaned, "004") == [source[1]] + source[3:-1]
    record = read_manifest(cleaned)[IDS["004"]]
    assert [s["reason"] for s in record["removed"]] == [
        "boilerplate:navigation", "boilerplate:dateline", "boilerplate:disclaimer"]
    assert record["metadata"]["dateline"] == source[2]
    assert record["metadata"]["title"] == source[1]


def test_001_and_004_are_related_and_both_kept(cleaned: Path) -> None:
    manifest = read_manifest(cleaned)
    assert {k: manifest[v]["related"] for k, v in IDS.items()} == {
        "000": [], "001": [IDS["004"]], "002": [], "003": [], "004": [IDS["001"]]}


@pytest.mark.parametrize("key", sorted(IDS))
def test_repaired_input_is_rebuilt_from_output_and_manifest(cleaned: Path, seeds: Path, key: str) -> None:
    record = read_manifest(cleaned)[IDS[key]]
    kept = (cleaned / f"{IDS[key]}.txt").read_text("utf-8").removesuffix("\n")
    assert rebuilt(kept, record) == repair((seeds / f"{IDS[key]}.txt").read_text("utf-8"))


def test_cleaning_the_output_again_changes_nothing(cleaned: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for key in IDS.values():
        (corpus / f"{key}.txt").write_bytes((cleaned / f"{key}.txt").read_bytes())
    manifest = run_clean(corpus, tmp_path / "again")
    assert {r["status"] for r in manifest.values()} == {"kept"}
    for key in IDS.values():
        assert (tmp_path / "again" / f"{key}.txt").read_bytes() == (cleaned / f"{key}.txt").read_bytes()

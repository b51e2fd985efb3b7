"""Work units: line ranges start on line starts, and reading the units one after another gives the
documents, ids and line numbers of reading the sources in order, and the same output files."""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_engines import tree

from dedup import Pipeline
from dedup.config import Config
from dedup.document import Document
from dedup.engines.local import LocalEngine
from dedup.readers import discover, read_source, units
from dedup.readers.jsonl import LineRange, line_ranges
from dedup.readers.units import Ledger, Unit, UnitReader, plan

STORY = "The council met on day {} to talk about roads, schools and the budget for the coming year."
# Blank lines, a byte-order mark, bad JSON, a non-object, records without an id or a text, CRLF,
# a copy, and a last line without its newline: every way the line numbers or the ids can move.
LINES = ["\ufeff" + json.dumps({"id": "first", "text": STORY.format(0)}), "", "   ",
         *(json.dumps({"text": STORY.format(n), "n": n}) for n in range(1, 9)),
         "{not json", "[1, 2]", json.dumps({"id": "no-text"}), "", json.dumps({"id": "crlf", "text": "x y z."}) + "\r",
         json.dumps({"text": STORY.format(1), "n": 1}), *(json.dumps({"text": STORY.format(n)}) for n in range(9, 14))]


def write_corpus(root: Path) -> Path:
    src = root / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORY.format(20) + "\n\nShare this post")
    (src / "b.jsonl").write_text("\n".join(LINES), encoding="utf-8")
    with gzip.open(src / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(LINES) + "\n")
    (src / "d.jsonl").write_bytes(gzip.compress("\n".join(LINES).encode()))  # compressed, whatever its name
    (src / "e.jsonl").write_text("\n" * 60 + "  \n")  # nothing but blank lines
    (src / "f.txt").write_text(STORY.format(21))
    for name in "ghi":
        (src / f"{name}.txt").write_text(f"Short note {name}.")
    return src


@pytest.fixture
def small_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Units of 40 bytes or 2 files, so every plain JSONL file above splits into several line ranges."""
    monkeypatch.setattr(units, "UNIT_BYTES", 40)
    monkeypatch.setattr(units, "UNIT_FILES", 2)


def through_units(sources: list, config: Config) -> Iterator[tuple[int, Document]]:
    """(source number, document) read unit by unit and accounted for as the pipeline does."""
    ledger = Ledger()
    for unit in plan(sources, config):
        reader = UnitReader(unit, config)
        docs = list(reader)
        keep, extra = ledger.take(unit, len(docs), reader.failed)
        owners = [n for n, count in zip(unit.numbers, reader.counts) for _ in range(count)]
        if keep:
            yield from zip(owners, docs)
        if extra is not None:
            yield unit.numbers[0], extra


def sequential(sources: list, config: Config) -> list[tuple[int, Document]]:
    return [(number, doc) for number, source in enumerate(sources) for doc in read_source(source, config)]


def test_line_ranges_start_on_line_starts_and_count_lines(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"a\n\nbcdefghij\nk\n\n\nlmnopqrstuvwxyz\nend")
    assert line_ranges(str(path), 4) == [LineRange(0, 13, 1, False), LineRange(13, 17, 4, False),
                                         LineRange(17, 33, 7, False), LineRange(33, 36, 8, True)]
    path.write_bytes(b"abc\ndef\n")  # a chunk ending on a newline is not stretched to the next
    assert line_ranges(str(path), 4) == [LineRange(0, 4, 1, False), LineRange(4, 8, 2, True)]
    path.write_bytes(b"")
    assert line_ranges(str(path), 4) == []


@given(lines=st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=40),
       ending=st.booleans(), size=st.integers(1, 64))
def test_line_ranges_cover_the_file_from_line_starts(tmp_path_factory: pytest.TempPathFactory, lines: list[bytes],
                                                     ending: bool, size: int) -> None:
    data = b"\n".join(lines) + (b"\n" if ending and lines else b"")
    path = tmp_path_factory.mktemp("ranges") / "f.jsonl"
    path.write_bytes(data)
    ranges = line_ranges(str(path), size)
    assert [r.start for r in ranges] == [0, *(r.end for r in ranges)][:len(ranges)]
    assert (ranges[-1].end if ranges else 0) == len(data)
    for r in ranges:
        assert r.start == 0 or data[r.start - 1:r.start] == b"\n"
        assert r.first_line == data[:r.start].count(b"\n") + 1
        assert r.end - r.start >= size or r.end == len(data)
    assert [r.last for r in ranges] == [False] * (len(ranges) - 1) + [True] * bool(ranges)


def test_units_read_as_a_sequential_read(tmp_path: Path, small_units: None) -> None:
    sources = discover(write_corpus(tmp_path))
    config = Config()
    planned = list(plan(sources, config))
    split = {s.relpath: sum(1 for u in planned if u.lines and u.sources == (s,)) for s in sources}
    assert split == {"a.txt": 0, "b.jsonl": 16, "c.jsonl.gz": 0, "d.jsonl": 0, "e.jsonl": 2, "f.txt": 0, "g.txt": 0,
                     "h.txt": 0, "i.txt": 0}
    assert [[s.relpath for s in u.sources] for u in planned if u.lines is None] == [
        ["a.txt"], ["c.jsonl.gz"], ["d.jsonl"], ["f.txt"], ["g.txt", "h.txt"], ["i.txt"]]
    assert sum(u.size for u in planned) == sum(units.input_bytes(s) for s in sources)

    expected = sequential(sources, config)
    assert list(through_units(sources, config)) == expected
    ids = [doc.id for number, doc in expected if number == 1]
    assert ids[:4] == ["first", "b/4", "b/5", "b/6"]
    assert [doc.source for number, doc in expected if number == 1][-7:] == [
        "b.jsonl:16", "b.jsonl:17", "b.jsonl:18", "b.jsonl:19", "b.jsonl:20", "b.jsonl:21", "b.jsonl:22"]
    errors = [(doc.id, doc.error) for number, doc in expected if doc.error and number in (1, 4)]
    assert errors == [("b/12", "malformed JSON: Expecting property name enclosed in double quotes at column 2"),
                      ("b/13", "record is not a JSON object"), ("no-text", "text field 'text' missing"),
                      ("e", "no documents")]


def test_files_over_the_size_cap_are_read_whole(tmp_path: Path, small_units: None) -> None:
    sources = discover(write_corpus(tmp_path))
    config = Config(max_input_bytes=500)
    assert [u.lines for u in plan(sources, config) if u.sources[0].relpath == "b.jsonl"] == [None]
    assert list(through_units(sources, config)) == sequential(sources, config)


def test_ledger_stops_a_file_at_its_first_failed_range(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text("x\n" * 10)
    source = discover(tmp_path / "b.jsonl")[0]
    ranges = [Unit((source,), (0,), 4, LineRange(4 * n, 4 * n + 4, 2 * n + 1, n == 4)) for n in range(5)]
    ledger = Ledger()
    assert [ledger.take(unit, count, failed) for unit, count, failed in zip(
        ranges, [0, 2, 1, 2, 2], [False, False, True, False, True])] == [
        (True, None), (True, None), (True, None), (False, None), (False, None)]
    ledger = Ledger()
    assert ledger.take(ranges[3], 0, False) == (True, None)
    assert ledger.take(ranges[4], 0, False) == (True, Document(id="b", text="", source="b.jsonl",
                                                               error="no documents"))


def test_a_range_that_fails_ends_in_the_files_error_document(tmp_path: Path, small_units: None,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = discover(write_corpus(tmp_path) / "b.jsonl")[0]
    unit = next(u for u in plan([source], Config()) if u.lines and u.lines.first_line > 1)

    def broken(*args: object) -> Iterator[Document]:
        raise OSError(5, "Input/output error")
        yield

    monkeypatch.setattr(units, "read_range", broken)
    reader = UnitReader(unit, Config())
    assert list(reader) == [Document(id="b", text="", source="b.jsonl", error="unreadable: Input/output error")]
    assert (reader.failed, reader.counts) == (True, [1])


@pytest.mark.parametrize("workers", [1, 2])
def test_run_through_units_matches_the_driver_reading(tmp_path: Path, small_units: None, workers: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_corpus(tmp_path)
    Pipeline(workers=workers).run(src, tmp_path / "units")
    monkeypatch.setattr(LocalEngine, "shares_files", False)
    Pipeline(workers=workers).run(src, tmp_path / "driver")
    assert tree(tmp_path / "units") == tree(tmp_path / "driver")
    manifest = [json.loads(line) for line in (tmp_path / "units" / "manifest.jsonl").read_text().splitlines()]
    assert len(manifest) == 3 * 19 + 6 and [r["status"] for r in manifest].count("error") == 3 * 3 + 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["driver", "in", "units"]  # no spill folder left


def test_an_empty_folder_plans_no_unit_and_gives_an_empty_manifest(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    assert list(plan(discover(tmp_path / "in"), Config())) == []
    assert Pipeline(workers=2).run(tmp_path / "in", tmp_path / "out").documents == 0
    assert (tmp_path / "out" / "manifest.jsonl").read_text() == ""

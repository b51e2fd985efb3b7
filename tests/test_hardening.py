"""Hardening (issue 6): bad input becomes error records, names stay inside OUT, runs survive kill -9."""
from __future__ import annotations

import ast
import ctypes
import gzip
import importlib
import json
import os
import pkgutil
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from helpers import read_manifest
from hypothesis import example, given
from hypothesis import strategies as st

import dedup
from dedup import Pipeline
from dedup.cli import main
from dedup.config import Config, parse_size
from dedup.repair import repair
from dedup.writers.folder import remove_tree
from dedup.writers.names import safe_relpath

ROOT = Path(__file__).resolve().parent.parent
STORY = "The council approved the new budget on Tuesday after a long debate about school funding."
OTHER = "Heavy rain pushed the river above its banks and the city closed two bridges on Friday night."
DEPTH = 1100  # deeper than Python's recursion limit


def statuses(out: Path) -> dict[str, tuple[str, str | None]]:
    return {k: (v["status"], v.get("error")) for k, v in read_manifest(out).items()}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bad_input_becomes_error_records_and_the_rest_is_cleaned(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text(STORY)
    (src / "latin1.txt").write_bytes(b"Caf\xe9 owners said the new rules on terraces would start in May.")
    (src / "utf16.txt").write_bytes("Utf-16 text with a byte-order mark reads fine here.".encode("utf-16"))
    (src / "blob.txt").write_bytes(b"PK\x03\x04\x00\x00binary zip data")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.jsonl").write_bytes(b"\n  \n")
    (src / os.fsdecode(b"caf\xe9-name.txt")).write_text(OTHER)
    (src / "self.txt").symlink_to("self.txt")  # a link loop
    (src / "sub" / "up").symlink_to("..")  # a folder loop
    (src / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(src / "pipe.txt")  # reading it would block forever
    (src / "truncated.jsonl.gz").write_bytes(gzip.compress(b'{"id": "t", "text": "x"}\n' * 50)[:-12])
    (src / "garbage.jsonl.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"not a frame" * 5)
    lines = [json.dumps({"id": "ok", "text": "A record that reads fine, between records that do not."}).encode(), b"{not json",
             b'{"id": "num", "text": 7}', b'{"id": "none"}',
             b'{"id": "lone", "text": "half a pair \\ud800 here and a long sentence."}',
             b'{"id": "bytes", "text": "bad byte \xff in the middle of it all."}']
    (src / "records.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    deep = src
    for _ in range(DEPTH):
        deep = deep / "d"
        deep.mkdir()
    (deep / "bottom.txt").write_text("A sentence at the bottom of a very deep folder tree, kept as it is.")

    try:
        check_bad_input_run(src, tmp_path / "out")
    finally:  # pytest's own clean-up recurses, and this tree is deeper than the recursion limit
        remove_tree(src)
        remove_tree(tmp_path / "out")


def check_bad_input_run(src: Path, out: Path) -> None:
    assert main(["clean", str(src), str(out), "--quiet", "--no-report"]) == 1
    found = statuses(out)
    assert found == {
        "good": ("kept", None),
        "latin1": ("kept", None),
        "utf16": ("kept", None),
        "blob": ("error", "unreadable: binary data (NUL bytes), not text"),
        "image.png": ("error", "unreadable: binary data (NUL bytes), not text"),
        "empty": ("error", "empty file"),
        "blank": ("error", "no documents"),
        "caf\\xe9-name": ("kept", None),
        "self": ("error", "unreadable: symlink loop"),
        "sub/up": ("error", "unreadable: symlink loop: links to a folder that contains it"),
        "gone": ("error", "unreadable: broken symlink"),
        "pipe": ("error", "unreadable: not a regular file (fifo, socket or device)"),
        "truncated": ("error", "unreadable: Compressed file ended before the end-of-stream marker was reached"),
        "garbage": ("error", "unreadable: zstd decompress error: Unsupported frame parameter"),
        "ok": ("kept", None),
        "records/2": ("error", "malformed JSON: Expecting property name enclosed in double quotes at column 2"),
        "num": ("error", "text field 'text' not a string (int)"),
        "none": ("error", "text field 'text' missing"),
        "lone": ("kept", None),
        "bytes": ("kept", None),
        "d/" * DEPTH + "bottom": ("kept", None),
    }
    manifest = read_manifest(out)
    assert manifest["latin1"]["metadata"]["decoding"] == "invalid UTF-8 replaced with U+FFFD"
    assert manifest["utf16"]["metadata"]["decoding"] == "utf-16 (byte-order mark)"
    assert manifest["lone"]["metadata"]["decoding"] == "lone surrogates replaced with U+FFFD"
    assert manifest["bytes"]["metadata"]["decoding"] == "invalid UTF-8 replaced with U+FFFD"
    assert (out / "caf\\xe9-name.txt").read_text() == OTHER + "\n"
    assert (out / manifest["d/" * DEPTH + "bottom"]["output"]).is_file()
    stats = json.loads((out / "stats.json").read_text())["summary"]
    assert stats["documents"] == 21 and stats["status"]["error"] == 13


def without_root_override() -> None:
    """In the child before exec: drop the capabilities that let root read any file, so a file with
    mode 000 is as unreadable to it as to anyone (prctl PR_CAPBSET_DROP)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if os.geteuid() == 0 and libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_is_an_error_record(tmp_path: Path) -> None:
    """Permission denied for real: a file with mode 000, read by a process that cannot override it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "open.txt").write_text(STORY)
    (tmp_path / "in" / "locked.txt").write_text(OTHER)
    (tmp_path / "in" / "locked.txt").chmod(0)
    result = subprocess.run([sys.executable, "-m", "dedup", "clean", "in", "out", "--quiet", "--no-report"],
                            check=False, cwd=tmp_path, capture_output=True, text=True, preexec_fn=without_root_override,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert statuses(tmp_path / "out") == {"open": ("kept", None), "locked": ("error", "unreadable: Permission denied")}


def test_decompression_bomb_is_an_error_record(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    first = json.dumps({"id": "first", "text": STORY}).encode() + b"\n"
    padding = b" " * (8 << 20) + b"\n"  # 8 MB of blank line: kilobytes once compressed
    (src / "bomb.jsonl.gz").write_bytes(gzip.compress(first + padding))
    (src / "bomb2.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(padding + first))
    (src / "big.txt").write_bytes(OTHER.encode() + padding)
    pq.write_table(pa.Table.from_pylist([{"id": "p", "text": "x" * (2 << 20)}]), src / "wide.parquet")
    (src / "small.txt").write_text(OTHER)
    assert main(["clean", str(src), str(tmp_path / "out"), "--quiet", "--no-report", "--max-input-bytes", "1M"]) == 1
    too_big = "unreadable: more than 1,048,576 bytes after decompression (max_input_bytes)"
    found = statuses(tmp_path / "out")
    assert found == {"first": ("kept", None), "bomb": ("error", too_big), "bomb2": ("error", too_big),
                     "big": ("error", too_big), "small": ("kept", None), "wide": found["wide"]}
    assert found["wide"][1].endswith("bytes uncompressed, more than 1,048,576 (max_input_bytes)")
    assert main(["clean", str(src), str(tmp_path / "all"), "--quiet", "--no-report"]) == 0  # no cap by default


def test_size_option_parsing() -> None:
    assert [parse_size(s) for s in ("500000", "64K", "500M", "2G", "1.5g", "2GiB")] == [
        500000, 65536, 524288000, 2147483648, 1610612736, 2147483648]
    for bad in ("", "lots", "inf"):
        with pytest.raises(ValueError):
            parse_size(bad)
    with pytest.raises(ValueError):
        Config(max_input_bytes=0)


def test_colliding_and_reserved_output_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "b.txt").mkdir(parents=True)
    texts = {"a.txt": STORY, "a.text": OTHER, "a": "Third text, with no suffix at all, sniffed as plain text.",
             "b.text": "A file whose output name is taken by a folder of the same name here.",
             "b.txt/inner.txt": "The folder's own file keeps its path under the folder it lives in.",
             "x" * 255: "A name that would be too long once the output adds .txt to it, so it is cut."}
    for name, body in texts.items():
        (src / name).write_text(body)
    for name in ("manifest.jsonl", "stats.json"):  # JSONL by name or by content: their output names are ours
        (src / name).write_text(json.dumps({"id": name, "text": f"A record that came in a file named {name}."}) + "\n")
    Pipeline().run(src, tmp_path / "out")
    manifest = read_manifest(tmp_path / "out")
    outputs = {record["source"].split(":")[0]: record["output"] for record in manifest.values()}
    long_output = outputs["x" * 255]
    assert outputs == {"a.txt": "a.txt", "a": "a~2.txt", "a.text": "a~3.txt", "b.text": "b~2.txt",
                       "b.txt/inner.txt": "b.txt/inner.txt", "manifest.jsonl": "manifest~2.jsonl",
                       "stats.json": "stats~2.json", "x" * 255: long_output}
    assert len(long_output.encode()) == 255 and long_output.endswith(".txt") and long_output.startswith("xxx")
    for source, output in outputs.items():
        written = (tmp_path / "out" / output).read_text()
        assert texts.get(source, "came in a file named") in written
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["summary"]["documents"] == 8


def test_hostile_ids_never_become_paths(tmp_path: Path) -> None:
    hostile = ["../../escaped", "/etc/passwd", "nul\x00byte", "CON", "manifest.jsonl", "a/../../b", "~", ""]
    records = [{"id": name, "text": " ".join(f"word{i}x{j}" for j in range(12)) + "."} for i, name in enumerate(hostile)]
    src = tmp_path / "work" / "in"
    src.mkdir(parents=True)
    (src / "ids.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:4]))
    pq.write_table(pa.Table.from_pylist(records[4:]), src / "ids.parquet")
    before = sorted(p.name for p in tmp_path.iterdir())
    Pipeline().run(src, tmp_path / "work" / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert sorted(tree(tmp_path / "work" / "out")) == ["_SUCCESS", "ids.jsonl", "ids.parquet", "manifest.jsonl",
                                                        "stats.json"]
    manifest = [json.loads(line) for line in (tmp_path / "work" / "out" / "manifest.jsonl").read_text().splitlines()]
    assert [r["id"] for r in manifest] == hostile[:7] + ["ids/4"]
    assert {r["output"] for r in manifest} == {"ids.jsonl", "ids.parquet"}


def test_safe_relpath_stays_inside() -> None:
    assert [safe_relpath(p) for p in ("../../etc/passwd", "/abs/x.txt", "a/./b//c", "nul\x00.txt", "..", "")] == [
        "etc/passwd", "abs/x.txt", "a/b/c", "nul\\x00.txt", "_", "_"]


def test_output_folder_rules(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORY)
    assert main(["clean", str(src), str(src / "out"), "--quiet", "--no-report"]) == 2  # OUT inside IN
    assert main(["clean", str(src), str(tmp_path), "--quiet", "--no-report", "--force"]) == 2  # IN inside OUT
    assert not (src / "out").exists() and (src / "a.txt").exists()
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("not ours")
    (tmp_path / "link").symlink_to(target)
    assert main(["clean", str(src), str(tmp_path / "link"), "--quiet", "--no-report"]) == 2  # non-empty OUT
    assert main(["clean", str(src), str(tmp_path / "link"), "--quiet", "--no-report", "--force"]) == 0
    assert (target / "keep.txt").read_text() == "not ours"  # --force replaced the link, not what it points to
    assert sorted(tree(tmp_path / "link")) == ["_SUCCESS", "a.txt", "manifest.jsonl", "stats.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "link", "target"]  # no staging left behind


def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORY)
    (tmp_path / "file").write_text("a file where OUT's folder should be")
    assert main(["clean", str(src), str(tmp_path / "file" / "out"), "--no-report"]) == 2
    err = capsys.readouterr().err
    assert "dedup: error:" in err and "Not a directory" in err and "Traceback" not in err


CORPUS_FILES = 60


def make_corpus(folder: Path, order: list[int] | None = None) -> None:
    """A corpus with duplicates, debris and errors, its files created in `order`."""
    folder.mkdir(parents=True)
    for i in order or range(CORPUS_FILES):
        body = [f"Story {i % 25} tells how the council met on day {i % 25} to talk about roads and schools.",
                "Share this post", f"Paragraph {i} is unique to this file and says something about number {i}."]
        (folder / f"f{i:03d}.txt").write_text("\n\n".join(body))
    (folder / "bad.jsonl").write_text('{"id": "x", "text": 1}\n{oops\n')


def run_cli(src: Path, out: Path) -> int:
    """Exit code of `python -m dedup clean src out` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "dedup", "clean", str(src), str(out), "--quiet", "--no-report"],
                          check=False, env={**os.environ, "PYTHONPATH": str(ROOT)}).returncode


SLOW_WRITER = """
import runpy, time
import dedup.writers.corpus as corpus
write = corpus.write_source
def slow(*args, **options):
    time.sleep(0.03)
    return write(*args, **options)
corpus.write_source = slow
runpy.run_module("dedup", run_name="__main__")
"""


def test_kill_mid_run_leaves_no_complete_output_and_rerun_is_identical(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src)
    out, staging = tmp_path / "out", tmp_path / ".out.partial"
    # A real SIGKILL from outside; each output file takes 30 ms more, so the kill lands mid-write.
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, "clean", str(src), str(out), "--quiet",
                                "--no-report"], env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not (staging.is_dir() and any(staging.glob("f0*.txt"))) and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert staging.is_dir() and not (staging / "_SUCCESS").exists()
    assert not out.exists()
    assert run_cli(src, out) == 1  # 1: bad.jsonl holds records that cannot be read
    assert run_cli(src, tmp_path / "whole") == 1
    assert (out / "_SUCCESS").exists() and not staging.exists()
    assert tree(out) == tree(tmp_path / "whole")


def test_output_is_byte_identical_across_runs_and_input_order(tmp_path: Path) -> None:
    order = list(range(CORPUS_FILES))
    make_corpus(tmp_path / "in1", order)
    make_corpus(tmp_path / "in2", order[::-1])
    runs = [("in1", "a"), ("in1", "b"), ("in2", "c")]
    for src, out in runs:
        Pipeline().run(tmp_path / src, tmp_path / out)
    first, again, reordered = (tree(tmp_path / out) for _, out in runs)
    assert first == again == reordered


MEMORY_PROBE = ("import resource, sys; from dedup.cli import main; code = main(sys.argv[1:]); "
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024); sys.exit(code)")
LINE_BYTES = 20 << 20


def peak_rss(src: Path, out: Path) -> int:
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, "clean", str(src), str(out), "--quiet", "--no-report"],
                            check=False, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_one_huge_line_runs_in_memory_bounded_by_its_size(tmp_path: Path) -> None:
    """A 20 MB single-line record (200 MB takes minutes in a test) of 60-letter words."""
    words = ["".join(chr(97 + (i * 7 + j * 3) % 26) for j in range(60)) for i in range(500)]
    text = " ".join(words[i % 500] for i in range(LINE_BYTES // 61))
    (tmp_path / "big").mkdir()
    with open(tmp_path / "big" / "line.jsonl", "w") as handle:
        handle.write(json.dumps({"id": "line", "text": text}) + "\n")
    (tmp_path / "small").mkdir()
    (tmp_path / "small" / "line.jsonl").write_text(json.dumps({"id": "line", "text": STORY}) + "\n")
    peak_rss(tmp_path / "small", tmp_path / "warm-up")  # compiles and caches the kernels, which peaks too
    baseline = peak_rss(tmp_path / "small", tmp_path / "out-small")
    peak = peak_rss(tmp_path / "big", tmp_path / "out-big")
    print(f"peak RSS {peak / 2**20:.0f} MiB, baseline {baseline / 2**20:.0f} MiB, line {LINE_BYTES / 2**20:.0f} MiB")
    assert peak - baseline < 12 * LINE_BYTES  # 4-7x measured; 340x when signatures permuted all shingles at once
    assert statuses(tmp_path / "out-big") == {"line": ("kept", None)}


# Every regular expression in dedup/ runs in linear time on adversarial text. The patterns are
# found, not listed (compiled patterns held by modules, literal ones passed to `re` in code), so a
# new one is tested as soon as it exists. Adversarial text repeats a short unit to 100 kB, where backtracking turns
# quadratic: a run of spaces not at the end of a line took 45 s before the trailing-space pattern
# was anchored at the run's start. The time bound is only a generous net against catastrophic
# backtracking.

PACKAGE = Path(__file__).resolve().parent.parent / "dedup"
FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
SIZE = 100_000
BOUND = 2.0  # seconds for 100 kB: linear patterns take milliseconds
# Characters these patterns treat specially; a long run of one class, then one character that
# breaks the match, is the shape that makes a backtracking pattern quadratic.
ALPHABET = " \t\u00a0\n.!)|-:1aJ"


def patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern in dedup/, by its place: compiled ones held by a module (however the pattern
    string was built) and literal ones passed to any `re` function inside code."""
    found: dict[tuple[str, int], str] = {}
    for info in pkgutil.walk_packages(dedup.__path__, "dedup."):
        if not info.name.endswith("__main__"):  # importing it would run the CLI
            for name, value in vars(importlib.import_module(info.name)).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    found.setdefault((value.pattern, value.flags), f"{info.name}.{name}")
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FUNCTIONS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                flag_nodes = node.args[1:2] if node.func.attr == "compile" else [
                    k.value for k in node.keywords if k.arg == "flags"]
                flags = eval(compile(ast.Expression(flag_nodes[0]), "", "eval"), {"re": re}) if flag_nodes else 0
                compiled = re.compile(node.args[0].value, flags)
                found.setdefault((compiled.pattern, compiled.flags), f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return {place: re.compile(pattern, flags) for (pattern, flags), place in found.items()}


PATTERNS = patterns()


def test_the_patterns_are_found() -> None:
    assert len(PATTERNS) >= 15


@st.composite
def adversarial(draw: st.DrawFn) -> str:
    """About 100 kB: a short unit repeated, between any short head and one breaking character."""
    unit = draw(st.text(st.sampled_from(ALPHABET), min_size=1, max_size=3))
    head, tail = draw(st.text(max_size=20)), draw(st.sampled_from(ALPHABET + "x\u2028é"))
    return head + unit * (SIZE // len(unit)) + tail


@given(adversarial())
@example(" " * SIZE + "x")
def test_every_pattern_is_linear_on_adversarial_text(text: str) -> None:
    for place, pattern in PATTERNS.items():
        started = time.perf_counter()
        pattern.sub("", text)  # tries a match at every position, as search, findall and sub do
        pattern.match(text)
        assert time.perf_counter() - started < BOUND, f"{place} {pattern.pattern!r} on {text[:40]!r}..."


@given(adversarial())
@example(" " * SIZE + "x")
def test_repair_is_linear_on_adversarial_text(text: str) -> None:
    """repair() runs ftfy's patterns too."""
    started = time.perf_counter()
    repair(text)
    assert time.perf_counter() - started < BOUND, f"repair on {text[:40]!r}..."

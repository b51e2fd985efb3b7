"""`dedup clean --config dedup.toml`, and the pipeline-friendly output: --json and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def clean(tmp_path: Path, toml: str, *flags: str) -> int:
    (tmp_path / "dedup.toml").write_text(toml, "utf-8")
    return main(["clean", str(SEEDS), str(tmp_path / "out"), "--config", str(tmp_path / "dedup.toml"), *flags])


def used(tmp_path: Path) -> dict[str, object]:
    return json.loads((tmp_path / "out" / "stats.json").read_text("utf-8"))["config"]


def test_options_come_from_the_file_with_dashes_or_underscores(tmp_path: Path) -> None:
    toml = 'threshold = 0.8\nnum_perm = 64\nkeep = "longest"\nno-boilerplate = true\nquiet = true\nno-report = true\n'
    assert clean(tmp_path, toml) == 0
    config = used(tmp_path)
    assert (config["threshold"], config["num_perm"], config["keep"], config["strip_boilerplate"]) == (
        0.8, 64, "longest", False)
    assert not (tmp_path / "out" / "report.html").exists()


def test_command_line_flags_override_the_file(tmp_path: Path) -> None:
    assert clean(tmp_path, 'threshold = 0.8\nkeep = "longest"\nquiet = true\n', "--threshold", "0.9") == 0
    assert (used(tmp_path)["threshold"], used(tmp_path)["keep"]) == (0.9, "longest")


@pytest.mark.parametrize(("toml", "message"), [
    ("treshold = 0.8\n", "unknown option 'treshold'; known options: "),
    ("ngram = 2.5\n", "ngram: invalid value 2.5 (invalid literal for int() with base 10: '2.5')"),
    ('keep = "random"\n', "keep must be one of first, longest, earliest, cleanest, got 'random'"),
    ('force = "yes"\n', "force must be true or false, got 'yes'"),
    ("text-field = 3\n", "text-field must be a string, got 3"),
    ("threshold = [0.8]\n", "threshold must be a single value, got [0.8]"),
    ("threshold = \n", "is not valid TOML: "),
])
def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    toml: str, message: str) -> None:
    assert clean(tmp_path, toml, "--quiet") == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEEDS), str(tmp_path / "out"), "--config", str(tmp_path / "none.toml")]) == 2
    assert f"cannot read config file {tmp_path / 'none.toml'}: No such file or directory" in capsys.readouterr().err


def test_json_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(SEEDS), str(out), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert isinstance(summary.pop("seconds"), float)
    assert summary == {
        "documents": 5, "status": {"kept": 2, "cleaned": 3, "dropped": 0, "error": 0},
        "paragraphs_removed": {"boilerplate:comments": 1, "boilerplate:dateline": 1, "boilerplate:disclaimer": 1,
                               "boilerplate:media": 2, "boilerplate:navigation": 3, "boilerplate:share": 1,
                               "duplicate": 22},
        "chars_removed": {"boilerplate:comments": 19, "boilerplate:dateline": 84, "boilerplate:disclaimer": 102,
                          "boilerplate:media": 22, "boilerplate:navigation": 60, "boilerplate:share": 17,
                          "duplicate": 4358},
        "chars_in": 18808, "chars_out": 14146, "output": str(out), "report": str(out / "report.html"), "exit_code": 0}


def test_json_reports_failures_and_partial_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text('{"id": "a", "text": "One line of text."}\n{"id": "b"}\n', "utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "in"), str(out), "--json", "--no-report"]) == 1
    partial = json.loads(capsys.readouterr().out)
    assert (partial["status"], partial["report"], partial["exit_code"]) == (
        {"kept": 1, "cleaned": 0, "dropped": 0, "error": 1}, None, 1)
    assert main(["clean", str(tmp_path / "in"), str(out), "--json"]) == 2
    assert json.loads(capsys.readouterr().out) == {
        "output": str(out), "error": f"output {out} exists and is not empty; pass --force to replace it",
        "exit_code": 2}

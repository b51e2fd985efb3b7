"""`dedup explain OUT DOC_ID`: a document with its removed spans marked, why, and the kept copy."""
from __future__ import annotations

from pathlib import Path

import pytest

from dedup.cli import main

BUDGET = "The council approved the new budget for the city parks on Monday evening after a long debate."


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explain")
    (root / "in").mkdir()
    (root / "in" / "a.txt").write_text(f"Skip to main content\n{BUDGET}\nResidents welcomed the plan.\n", "utf-8")
    (root / "in" / "b.txt").write_text(f"{BUDGET}\nA closing line written only for this second page.\n", "utf-8")
    (root / "in" / "c.jsonl").write_text('{"id": "c", "body": "no text"}\n', "utf-8")
    assert main(["clean", str(root / "in"), str(root / "out"), "--quiet", "--no-report"]) == 1
    return root / "out"


def explain(out: Path, doc_id: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["explain", str(out), doc_id])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_duplicate_is_marked_with_the_kept_copy(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert explain(out, "b", capsys) == (0, (
        "b  b.txt  cleaned  duplicate of a  94 of 143 characters removed\n"
        "\n"
        f"[1 {BUDGET}]\n"
        "A closing line written only for this second page.\n"
        "\n"
        "[1] duplicate of a paragraph 1 (similarity 1.00); kept copy:\n"
        f"    {BUDGET}\n"), "")


def test_boilerplate_is_marked_with_its_reason(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert explain(out, "a", capsys) == (0, (
        "a  a.txt  cleaned  21 of 143 characters removed\n"
        "\n"
        "[1 Skip to main content]\n"
        f"{BUDGET}\n"
        "Residents welcomed the plan.\n"
        "\n"
        "[1] boilerplate:navigation\n"), "")


def test_unreadable_document_shows_its_error(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert explain(out, "c", capsys) == (0, "c  c.jsonl:1  error\nerror: text field 'text' missing\n", "")


def test_unknown_document_suggests_close_ids(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = explain(out, "bb", capsys)
    assert (code, stdout) == (2, "")
    assert stderr == f"dedup: error: no document 'bb' in {out}; did you mean b?\n"

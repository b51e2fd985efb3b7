"""The texts set aside between the analysis and the writer come back exactly, in order."""
from __future__ import annotations

from pathlib import Path

from dedup.writers.spill import TextSpill


def test_texts_come_back_in_order(tmp_path: Path) -> None:
    texts = ["first", "", "caf\u00e9 \u201cquoted\u201d", "lone \ud800 surrogate", "last\nline"]
    with TextSpill(tmp_path / "out") as spill:
        for text in texts:
            spill.add(text)
        assert list(spill.texts()) == texts
    assert list(tmp_path.iterdir()) == []  # nothing left beside OUT


def test_any_text_can_be_read_back_by_number_before_the_stream(tmp_path: Path) -> None:
    texts = ["first", "", "caf\u00e9 \u201cquoted\u201d", "lone \ud800 surrogate"]
    with TextSpill(tmp_path / "out") as spill:
        for text in texts:
            spill.add(text)
        assert [spill.text(i) for i in (3, 0, 2, 1)] == [texts[3], texts[0], texts[2], texts[1]]
        assert list(spill.texts()) == texts

"""The texts set aside between the analysis and the writer come back exactly, in order."""
from __future__ import annotations

import errno
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from dedup.analyze import Analysis
from dedup.document import Document
from dedup.duplicates import store as store_module
from dedup.duplicates.store import FingerprintStore, SpilledArray, SpilledRagged, SpilledRows, pack_into
from dedup.fingerprint.minhash import similarity
from dedup.packed import PackedRows, Ragged
from dedup.writers.spill import TextSpill, write_part


def test_texts_come_back_in_order(tmp_path: Path) -> None:
    texts = ["first", "", "caf\u00e9 \u201cquoted\u201d", "lone \ud800 surrogate", "last\nline"]
    docs = [Document(id=str(n), text=text, source="s") for n, text in enumerate(texts)]
    with TextSpill(tmp_path / "out") as spill:
        later = spill.new_part()  # named first, as a worker's part is, but recorded after
        spill.write(docs[:2])
        spill.add(later, write_part(later, docs[2:]))
        assert [doc.text for doc in docs] == [""] * 5  # blanked once written
        assert list(spill.texts()) == texts
    assert list(tmp_path.iterdir()) == []  # nothing left beside OUT


def test_what_a_killed_run_left_is_removed(tmp_path: Path) -> None:
    leftover = tmp_path / ".out.texts"
    leftover.mkdir()
    (leftover / "stale").write_bytes(b"from a killed run")
    with TextSpill(tmp_path / "out") as spill:
        spill.write([Document(id="a", text="fresh", source="s")])
        assert [p.name for p in leftover.iterdir()] == ["00000000"]
        assert list(spill.texts()) == ["fresh"]
    assert list(tmp_path.iterdir()) == []


def test_any_text_can_be_read_back_by_number_before_the_stream(tmp_path: Path) -> None:
    texts = ["first", "", "caf\u00e9 \u201cquoted\u201d", "lone \ud800 surrogate", "last"]
    with TextSpill(tmp_path / "out") as spill:
        spill.write([Document(id=str(i), text=text, source="s") for i, text in enumerate(texts[:3])])
        spill.write([])  # a unit with no documents
        spill.write([Document(id=str(i), text=text, source="s") for i, text in enumerate(texts[3:])])
        assert [spill.text(i) for i in (4, 0, 3, 2, 1)] == [texts[4], texts[0], texts[3], texts[2], texts[1]]
        assert list(spill.texts()) == texts


def test_fingerprints_set_aside_come_back_as_they_were(tmp_path: Path) -> None:
    rows = np.arange(2 * 8, dtype=np.uint32).reshape(2, 8) * np.uint32(2654435761)
    analysis = Analysis(Document(id="a", text="", source="s"))
    analysis.signatures = PackedRows(np.array([1, 4]), rows.copy())
    analysis.vocabularies = Ragged.pack({0: np.array([3, 9], np.uint32), 4: np.array([7], np.uint32)}, np.uint32)
    analysis.doc_signature, analysis.story_signature = rows[0].copy(), rows[1].copy()
    analysis.doc_numbers = np.array([11, 2**63], dtype=np.uint64)
    analysis.numbers = Ragged.pack({2: np.array([11], np.uint64), 3: np.array([11, 2**63], np.uint64)}, np.uint64)
    empty = Analysis(Document(id="b", text="", source="s"))
    before = Analysis(Document(id="c", text="", source="s"))
    before.doc_signature = rows[1].copy()
    with FingerprintStore(tmp_path / "out") as store:
        store.set_aside([empty, before])  # nothing to write for `empty`
        assert empty.doc_signature is None and not len(empty.doc_numbers)
        pack_into(str(tmp_path / "part"), [analysis])  # in a worker: the stand-ins travel to the driver,
        analysis = pickle.loads(pickle.dumps(analysis))  # which copies the part into the store
        store.adopt_file(str(tmp_path / "part"), [analysis])
        assert not (tmp_path / "part").exists()
        assert np.asarray(before.doc_signature).tolist() == rows[1].tolist()
        assert isinstance(analysis.signatures, SpilledRows)
        assert isinstance(analysis.vocabularies, SpilledRagged) and isinstance(analysis.numbers, SpilledRagged)
        for spilled in (analysis.doc_signature, analysis.story_signature, analysis.doc_numbers):
            assert isinstance(spilled, SpilledArray)
        matrix = np.empty((3, 8), dtype=np.uint32)
        matrix[1:3] = analysis.signatures.matrix  # as the keep pass collects it
        assert (matrix[1:3] == rows).all() and (analysis.signatures[4] == rows[1]).all()
        assert list(analysis.signatures) == [1, 4]
        assert analysis.vocabularies[0].tolist() == [3, 9] and analysis.vocabularies[4].tolist() == [7]
        assert similarity(analysis.doc_signature, rows[0]) == 1.0
        assert np.stack([analysis.story_signature]).tolist() == [rows[1].tolist()]
        assert analysis.document_figures() == frozenset({11, 2**63})
        assert [analysis.figures(i) for i in range(4)] == [frozenset(), frozenset(), {11}, {11, 2**63}]
        assert dict(analysis.vocabularies.items()).keys() == {0, 4} and len(analysis.numbers) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_fingerprint_part_is_copied_where_the_kernel_cannot_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(*args: object) -> int:
        raise OSError(errno.EXDEV, "cross-device")

    monkeypatch.setattr(os, "copy_file_range", unsupported, raising=False)
    monkeypatch.setattr(store_module, "_CHUNK", 5)  # several chunks
    analyses = [Analysis(Document(id=str(i), text="", source="s")) for i in range(3)]
    for number, analysis in enumerate(analyses):
        analysis.doc_signature = np.arange(number, number + 7, dtype=np.uint32)
    with FingerprintStore(tmp_path / "out") as store:
        store.set_aside(analyses[:1])
        pack_into(str(tmp_path / "part"), analyses[1:])
        store.adopt_file(str(tmp_path / "part"), analyses[1:])
        assert [np.asarray(a.doc_signature).tolist() for a in analyses] == [list(range(n, n + 7)) for n in range(3)]

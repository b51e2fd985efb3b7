"""Fuzzing the whole run, files in and folder out: random documents, duplicates and debris.

Each example writes a corpus of text files and JSONL files (plain and gzip) with copies of earlier
documents, page furniture, invalid UTF-8, lone surrogates, binary and empty files, malformed and
text-less records, and colliding output names; cleans it; and checks that nothing raised, that the
manifest accounts for every document once, that the repaired input rebuilds from the kept text
plus the removed spans, and that cleaning the cleaned corpus again changes nothing.
"""
from __future__ import annotations

import gzip
import json
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from helpers import read_manifest, rebuilt
from hypothesis import given
from hypothesis import strategies as st
from test_properties import DEBRIS, sentence

from dedup import Pipeline
from dedup.repair import repair
from dedup.writers.names import RESERVED


@dataclass
class Corpus:
    """Files to write, and what the manifest must say: the text of each readable document, the
    ids that must be errors."""

    files: dict[str, bytes] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    errors: set[str] = field(default_factory=set)


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    pool = [sentence(rng) for _ in range(rng.randint(3, 15))]
    bodies: list[list[str]] = []
    for _ in range(rng.randint(1, 12)):
        paragraphs = [rng.choice(pool) if rng.random() < 0.5 else sentence(rng) for _ in range(rng.randint(0, 6))]
        if bodies and rng.random() < 0.3:  # a copy of an earlier document, perhaps trimmed
            paragraphs = rng.choice(bodies)[: rng.randint(0, 6)]
        for _ in range(rng.randint(0, 3)):
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(DEBRIS))
        bodies.append(paragraphs)
    corpus = Corpus()
    texts: dict[str, str] = {}  # text files by name
    records: dict[str, list[bytes]] = {"a.jsonl": [], "b.jsonl.gz": []}
    for index, paragraphs in enumerate(bodies):
        text = "".join(p + rng.choice(["\n", "\n\n", " \n", "\r\n"]) for p in paragraphs)
        data = text.encode()
        if data and rng.random() < 0.15:  # a byte that is not UTF-8
            cut = rng.randrange(len(data))
            data = data[:cut] + b"\xff" + data[cut:]
        if rng.random() < 0.5:  # a text file; 't0.txt', 't0.text' and 't0' all want the output t0.txt
            name = f"t{index % 4}{rng.choice(['.txt', '.text', ''])}"
            if name not in corpus.files and data:
                corpus.files[name] = data
                texts[name] = data.decode("utf-8", "replace")
        else:
            doc_id = f"r{index}"
            lone = rng.random() < 0.1  # a lone surrogate escape
            value = json.dumps(data.decode("utf-8", "replace") + ("\ud800" if lone else ""))
            records[rng.choice(list(records))].append(f'{{"id": "{doc_id}", "text": {value}}}'.encode())
            corpus.texts[doc_id] = data.decode("utf-8", "replace") + ("\ufffd" if lone else "")
    for name, text in sorted(texts.items()):  # a repeated id takes '#2', '#3' in input order
        stem, copy = name.split(".")[0], 1
        while (f"{stem}#{copy}" if copy > 1 else stem) in corpus.texts:
            copy += 1
        corpus.texts[f"{stem}#{copy}" if copy > 1 else stem] = text
    debris = {"binary.bin": b"\x00\x01\x02" * rng.randint(1, 100), "empty.txt": b""}
    for name, data in debris.items():
        if rng.random() < 0.5:
            corpus.files[name] = data
            corpus.errors.add(name.removesuffix(".txt"))
    for position, line in enumerate([b"{oops", b'{"id": "bad", "text": 3}']):
        if rng.random() < 0.5:
            records["a.jsonl"].insert(position, line)
    for name, lines in records.items():
        for number, line in enumerate(lines, start=1):
            if line == b"{oops":
                corpus.errors.add(f"{name.split('.')[0]}/{number}")
            elif b'"bad"' in line:
                corpus.errors.add("bad")
        data = b"".join(line + b"\n" for line in lines)
        if lines:
            corpus.files[name] = gzip.compress(data, mtime=0) if name.endswith(".gz") else data
    return corpus


def write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def kept_texts(out: Path, manifest: dict[str, dict]) -> dict[str, str]:
    """The kept text of every written document, read back from the output files."""
    texts = {}
    for doc_id, record in manifest.items():
        output = record.get("output")
        if output is None:
            texts[doc_id] = ""
        elif output.endswith(".txt"):
            texts[doc_id] = (out / output).read_text("utf-8").removesuffix("\n")
        else:
            data = (out / output).read_bytes()
            lines = (gzip.decompress(data) if output.endswith(".gz") else data).decode().splitlines()
            texts[doc_id] = next(r["text"] for r in map(json.loads, lines) if r["id"] == doc_id)
    return texts


def corpus_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name not in RESERVED}


@given(corpora())
def test_fuzzed_corpus_is_accounted_rebuilt_and_idempotent(corpus: Corpus) -> None:
    work = Path(tempfile.mkdtemp())
    try:
        write(work / "in", corpus.files)
        Pipeline().run(work / "in", work / "out")
        manifest = read_manifest(work / "out")
        assert set(manifest) == set(corpus.texts) | corpus.errors
        assert {k for k, v in manifest.items() if v["status"] == "error"} == corpus.errors
        kept = kept_texts(work / "out", manifest)
        for doc_id, text in corpus.texts.items():
            assert rebuilt(kept[doc_id], manifest[doc_id]) == repair(text), doc_id
        stats = json.loads((work / "out" / "stats.json").read_text())["summary"]
        assert stats["documents"] == len(manifest) and stats["status"]["error"] == len(corpus.errors)

        write(work / "again", corpus_files(work / "out"))
        Pipeline().run(work / "again", work / "out2")
        assert {v["status"] for v in read_manifest(work / "out2").values()} <= {"kept"}
        assert corpus_files(work / "out2") == corpus_files(work / "out")
    finally:
        shutil.rmtree(work)

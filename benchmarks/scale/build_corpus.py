"""Build a news-like JSONL corpus of a given size from the real text in ../shared/eval.

How: the sentences of the BBC news articles and the WCXB ground-truth articles train a word
trigram model, which writes a pool of new sentences (about one per eight the corpus needs, so a
sentence recurs about eight times, each time with a probability of one word swapped). A
document is a title plus paragraphs of 1-6 sentences, with the paragraph and document lengths
of the real articles, page furniture lines (navigation, share prompts) on some, HTML entities
on some and cp1252 mojibake on a few. Planted duplicates: 4% of documents are exact copies and
8% near copies (about 1% of words swapped, furniture changed) of an earlier document; their
cluster ids go to OUT.truth.jsonl beside OUT ({"id", "cluster"}), for pair precision and recall.

Why 1%: one swapped word changes up to five word 5-grams, so at 3% a copy kept only about 0.74
Jaccard on average and a fifth of the planted pairs fell below the 0.7 threshold every tool runs
at. Recall then measured how often unverified band collisions catch pairs below the threshold,
not how well a tool finds duplicates. At 1% a copy keeps about 0.9 (the 1% edits of issue 4).

    python benchmarks/scale/build_corpus.py /tmp/corpus-250M --size 250M
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import TextIO

from dedup.config import parse_size

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
SHARD_BYTES = 32 << 20
NEAR_COPY_EDIT_RATE = 0.01  # share of words a near copy swaps (see the module docstring)
FURNITURE_TOP = ["Skip to main content", "Home | News | Business | Sport | Tech", "Menu", "Advertisement"]
FURNITURE_END = ["Share this article", "Subscribe to our newsletter", "Related stories",
                 "Comments are closed.", "Read more:"]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def real_articles() -> list[list[str]]:
    """Paragraphs of each real article (BBC files, WCXB main content)."""
    articles = []
    for path in sorted((EVAL / "bbc-news").glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        articles.append([p.strip() for p in text.split("\n") if p.strip()])
    for path in sorted((EVAL / "wcxb-dev-articles" / "ground-truth").glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or ""
        paras = [p.strip() for p in text.split("\n") if len(p.split()) > 3]
        if paras:
            articles.append(paras)
    return articles


class Trigrams:
    """Word trigram model: (w1, w2) -> next words seen in the real text."""

    def __init__(self, sentences: list[str]) -> None:
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        for sentence in sentences:
            tokens = ["", ""] + sentence.split() + [""]
            for a, b, c in zip(tokens, tokens[1:], tokens[2:]):
                self.next[(a, b)].append(c)
        self.vocab = sorted({w for s in sentences for w in s.split()})

    def sentence(self, rng: random.Random, max_words: int = 40) -> str:
        a, b, out = "", "", []
        while len(out) < max_words:
            c = rng.choice(self.next[(a, b)])
            if not c:
                break
            out.append(c)
            a, b = b, c
        return " ".join(out)


def build(out: Path, size: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    articles = real_articles()
    sentences = [s for paras in articles for p in paras for s in _SENTENCE.split(p) if len(s.split()) >= 4]
    model = Trigrams(sentences)
    mean = sum(map(len, sentences)) / len(sentences)
    pool = [model.sentence(rng) for _ in range(max(20_000, int(size / mean / 8)))]
    pool = [s for s in pool if len(s.split()) >= 4]
    out.mkdir(parents=True, exist_ok=False)
    with open(out.with_name(out.name + ".truth.jsonl"), "w", encoding="utf-8") as truth:
        write_shards(out, size, articles, pool, model.vocab, truth, rng)


def write_shards(out: Path, size: int, articles: list[list[str]], pool: list[str], vocab: list[str],
                 truth: TextIO, rng: random.Random) -> None:
    """Documents into 32 MB JSONL shards until `size` bytes, their clusters into `truth`."""
    written, shard_no, shard_bytes, doc_no = 0, 0, 0, 0
    shard = open(out / "shard-00000.jsonl", "w", encoding="utf-8")  # noqa: SIM115 -- rotated below
    history: list[tuple[int, str]] = []  # (cluster, text) of recent documents, for copies
    while written < size:
        roll = rng.random()
        if history and roll < 0.04:
            cluster, text = rng.choice(history)
        elif history and roll < 0.12:
            cluster, text = rng.choice(history)
            text = near_copy(text, vocab, rng)
        else:
            cluster, text = doc_no, new_document(rng.choice(articles), pool, vocab, rng)
        history = (history + [(cluster, text)])[-2000:]
        doc_id = f"d{doc_no:09d}"
        line = json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n"
        shard.write(line)
        truth.write(json.dumps({"id": doc_id, "cluster": f"d{cluster:09d}"}) + "\n")
        nbytes = len(line.encode("utf-8"))
        written, shard_bytes, doc_no = written + nbytes, shard_bytes + nbytes, doc_no + 1
        if shard_bytes >= SHARD_BYTES:
            shard.close()
            shard_no, shard_bytes = shard_no + 1, 0
            shard = open(out / f"shard-{shard_no:05d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
    shard.close()


def new_document(shape: list[str], pool: list[str], vocab: list[str], rng: random.Random) -> str:
    """A new article with the paragraph count of a real one, sentences drawn from the pool."""
    paras = [" ".join(perturb(rng.choice(pool), vocab, rng) for _ in range(rng.randint(1, 6)))
             for _ in shape[: rng.randint(4, 30)]]
    title = " ".join(rng.choice(pool).split()[:9])
    lines = [title, ""] + [p for para in paras for p in (para, "")]
    if rng.random() < 0.3:
        lines = [rng.choice(FURNITURE_TOP)] + lines
    if rng.random() < 0.3:
        lines.append(rng.choice(FURNITURE_END))
    text = "\n".join(lines)
    if rng.random() < 0.05:
        text = text.replace(" and ", " &amp; ", 3)
    if rng.random() < 0.01:
        text = text.replace("'", "\u2019").encode("utf-8").decode("cp1252", errors="replace")
    return text


def perturb(sentence: str, vocab: list[str], rng: random.Random) -> str:
    if rng.random() < 0.5:
        return sentence
    words = sentence.split()
    words[rng.randrange(len(words))] = rng.choice(vocab)
    return " ".join(words)


def near_copy(text: str, vocab: list[str], rng: random.Random) -> str:
    """The same story lightly edited: ~1% of words swapped, furniture added or removed."""
    lines = text.split("\n")
    if lines and lines[0] in FURNITURE_TOP:
        lines = lines[1:]
    else:
        lines = [rng.choice(FURNITURE_TOP)] + lines
    edited = []
    for line in lines:
        if not line:  # a paragraph break stays one: an edit never writes a word into it
            edited.append(line)
            continue
        words = line.split(" ")
        for _ in range(sum(rng.random() < NEAR_COPY_EDIT_RATE for _ in words)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        edited.append(" ".join(words))
    return "\n".join(edited)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="250M", help="bytes of JSONL, e.g. 50M, 250M, 1G")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    build(args.out, parse_size(args.size), args.seed)


if __name__ == "__main__":
    main()

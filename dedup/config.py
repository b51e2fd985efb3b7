"""Every option of a cleaning run, in one place, shared by the CLI and the Python API."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

KeepPolicy = Literal["first", "longest", "earliest", "cleanest"]
KEEP_POLICIES: tuple[str, ...] = ("first", "longest", "earliest", "cleanest")
EngineName = Literal["local", "ray"]
ENGINES: tuple[str, ...] = ("local", "ray")
# Options that choose how a run executes, not what it outputs: left out of stats.json.
EXECUTION_OPTIONS: tuple[str, ...] = ("workers", "engine", "ray_address")


@dataclass(frozen=True)
class Config:
    """Options of a cleaning run. Defaults suit English news-like text."""

    threshold: float = 0.7  # Jaccard of word shingles at which two texts are near duplicates
    ngram: int = 5  # words per shingle
    num_perm: int = 128  # MinHash permutations
    seed: int = 1  # MinHash seed: signatures are comparable only under one seed
    min_paragraph_words: int = 10  # shorter paragraphs are matched exactly, not by MinHash
    related_threshold: float = 0.3  # word-unigram Jaccard above which two stories are related
    drop_related: bool = False  # keep only the canonical document of each related group
    keep: KeepPolicy = "first"
    text_field: str = "text"
    id_field: str = "id"
    strip_boilerplate: bool = True
    template_min_docs: int = 3  # a non-sentence line on this many documents is site template
    max_input_bytes: int | None = None  # per file, after decompression (decompression bombs); None: no cap
    # Where the per-document stages run; they change the wall time, never the output.
    workers: int | None = None  # processes (or Ray CPUs) for per-document stages, threads for band joins; None: all cores
    engine: EngineName = "local"  # local (process pool) or ray
    ray_address: str | None = None  # an existing Ray cluster; None: start a local Ray

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 < self.related_threshold <= 1.0:
            raise ValueError(f"related_threshold must be in (0, 1], got {self.related_threshold}")
        if self.ngram < 1:
            raise ValueError(f"ngram must be at least 1, got {self.ngram}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be at least 2, got {self.num_perm}")
        if self.keep not in KEEP_POLICIES:
            raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}, got {self.keep!r}")
        if self.template_min_docs < 2:
            raise ValueError(f"template_min_docs must be at least 2, got {self.template_min_docs}")
        if self.max_input_bytes is not None and self.max_input_bytes < 1:
            raise ValueError(f"max_input_bytes must be at least 1, got {self.max_input_bytes}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")

    @classmethod
    def option_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_size(text: str) -> int:
    """Bytes from '500000', '64K', '500M', '2G' or '1T' (binary units), for size options."""
    number, unit = text.strip().upper().removesuffix("B").rstrip("I"), ""
    if number and number[-1] in _UNITS:
        number, unit = number[:-1], number[-1]
    try:
        return int(float(number) * _UNITS[unit])
    except (ValueError, OverflowError):
        raise ValueError(f"not a size: {text!r} (examples: 500000, 64K, 500M, 2G)") from None

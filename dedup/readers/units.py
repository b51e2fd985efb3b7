"""Work units: the input cut into pieces that a worker reads by itself.

The driver plans the units (file sizes, and one pass counting the newlines of each large plain
JSONL file) and ships only their description, so reading, JSON parsing and building documents
happen in the workers. Small files go whole, several to a unit; a plain JSONL file larger than
UNIT_BYTES is cut into line ranges; compressed JSONL, Parquet, HTML and WARC files go whole (they
cannot be entered part way cheaply). Read in order, the units give the documents, ids and line
numbers of reading the sources one after another (`read_source`), once `Ledger` has done the two
things a line range cannot know alone.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..config import Config
from ..document import Document
from . import STDIN, Source, no_documents, read_source, unreadable
from .jsonl import LineRange, line_ranges, read_range
from .streams import compression

# Input bytes per unit, about. Small units balance the workers to the end of the run, and their
# analyses (about 2.6x the text) pickle and unpickle faster: on the 50 MB benchmark corpus 0.7 s
# each way at 256-512 kB, 1.0-1.5 s at 1-4 MB; a unit costs a task and a spill file more.
UNIT_BYTES = 512 << 10
UNIT_FILES = 256  # whole files per unit, at most (an HTML page costs far more than its bytes)


@dataclass(frozen=True)
class Unit:
    """Whole files, or one line range of a single plain JSONL file."""

    sources: tuple[Source, ...]
    numbers: tuple[int, ...]  # the sources' places in the run's list of sources
    size: int  # input bytes, for the progress bar
    lines: LineRange | None = None


def input_bytes(source: Source) -> int:
    """Size of a source's file (0 for stdin and for a source that cannot be read)."""
    return 0 if source.path == STDIN or source.error is not None else os.path.getsize(source.path)


def plan(sources: list[Source], config: Config) -> Iterator[Unit]:
    """The units of `sources`, in reading order."""
    group: list[int] = []
    group_bytes = 0
    for number, source in enumerate(sources):
        size = input_bytes(source)
        ranges = _ranges(source, size, config)
        if ranges and group:
            yield _whole(sources, group, group_bytes)
            group, group_bytes = [], 0
        for lines in ranges:
            yield Unit((source,), (number,), lines.end - lines.start, lines)
        if not ranges:
            group.append(number)
            group_bytes += size
            if len(group) >= UNIT_FILES or group_bytes >= UNIT_BYTES:
                yield _whole(sources, group, group_bytes)
                group, group_bytes = [], 0
    if group:
        yield _whole(sources, group, group_bytes)


def _whole(sources: list[Source], numbers: list[int], size: int) -> Unit:
    return Unit(tuple(sources[n] for n in numbers), tuple(numbers), size)


def _ranges(source: Source, size: int, config: Config) -> list[LineRange]:
    """The line ranges of a plain JSONL file over UNIT_BYTES; none for any other file, for one over
    `max_input_bytes` (read whole, it fails at the cap as a whole read does) or one the driver
    cannot read (the worker reading it whole gives the error document)."""
    if source.format != "jsonl" or size <= UNIT_BYTES or source.error is not None:
        return []
    if config.max_input_bytes is not None and size > config.max_input_bytes:
        return []
    try:
        with open(source.path, "rb") as handle:
            if compression(handle.read(4)) is not None:
                return []
        return line_ranges(source.path, UNIT_BYTES)
    except OSError:
        return []


class UnitReader:
    """The documents of a unit, counted per source; `failed` once a line range stops on an error."""

    def __init__(self, unit: Unit, config: Config) -> None:
        self.unit = unit
        self.config = config
        self.counts = [0] * len(unit.sources)
        self.failed = False

    def __iter__(self) -> Iterator[Document]:
        for position, source in enumerate(self.unit.sources):
            for doc in self._read(source):
                self.counts[position] += 1
                yield doc

    def _read(self, source: Source) -> Iterator[Document]:
        if self.unit.lines is None:
            yield from read_source(source, self.config)
            return
        try:
            yield from read_range(source, self.config, self.unit.lines)
        except Exception as exc:  # noqa: BLE001 -- as in read_source: the file's error record, never the run's end
            self.failed = True
            yield unreadable(source, exc)


class Ledger:
    """The driver's account of the units' outcomes, in order, so that they add up to a whole read.

    A sequential read stops at a file's first read error, so the documents of the line ranges
    after a failed one are left out; and a file with no document at all gives one error document,
    which only the account of all its ranges can tell."""

    def __init__(self) -> None:
        self._documents: Counter[int] = Counter()  # per source number
        self._stopped: set[int] = set()

    def take(self, unit: Unit, documents: int, failed: bool) -> tuple[bool, Document | None]:
        """Whether to keep the unit's documents, and a document to add after them, if any."""
        if unit.lines is None:
            return True, None
        number = unit.numbers[0]
        if number in self._stopped:
            return False, None
        if failed:
            self._stopped.add(number)
        self._documents[number] += documents
        if unit.lines.last and self._documents[number] == 0:
            return True, no_documents(unit.sources[0])
        return True, None

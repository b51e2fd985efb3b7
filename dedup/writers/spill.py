"""The repaired texts, set aside on disk between the analysis and the writer.

The global step needs only fingerprints, so the driver does not hold the texts while it runs;
repeating the read and the repair in the write pass instead costs as much as a third of the
per-document stage. Each worker writes the texts of its work unit into a part file of its own
(`write_part`), so the texts never pass through the driver; the driver records the parts in
reading order and reads them back in that order, deleting each once read. Before that, the
keep pass reads a few texts back by number (`text`) to verify paragraphs exactly.

The parts live in the folder `.OUT.texts` beside OUT, removed when the run ends, however it
ends short of kill -9; the next run to the same OUT removes what a killed one left.
"""
from __future__ import annotations

import bisect
import itertools
import os
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..document import Document
from .folder import remove_tree

_ENCODING = ("utf-8", "surrogatepass")  # lone surrogates round-trip


def write_part(path: str, docs: Iterable[Document]) -> array[int]:
    """Write the texts of `docs` into a new file at `path`, blanking each once written; returns
    the size of each in bytes."""
    sizes = array("q")
    with open(path, "wb") as part:
        for doc in docs:
            data = doc.text.encode(*_ENCODING)
            part.write(data)
            sizes.append(len(data))
            doc.text = ""
    return sizes


class TextSpill:
    """Parts of texts recorded in order, then read back once, in that order."""

    def __init__(self, beside: Path) -> None:
        out = Path(os.path.abspath(beside))
        self.folder = out.with_name(f".{out.name}.texts")
        self._names = itertools.count()
        self._parts: list[tuple[str, array[int]]] = []  # path, offset of each text and the end of the last
        self._firsts: list[int] = [0]  # number of the first text of each part, and one past the last

    def __enter__(self) -> TextSpill:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        remove_tree(self.folder)  # what a killed run left behind
        self.folder.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        remove_tree(self.folder)

    def new_part(self) -> str:
        """A path for one more part (written by whoever is given it: a worker, or `write`)."""
        return str(self.folder / f"{next(self._names):08d}")

    def add(self, path: str, sizes: array[int]) -> None:
        """Record the part at `path` (texts of `sizes` bytes) as the next in reading order."""
        self._parts.append((path, array("q", itertools.accumulate(sizes, initial=0))))
        self._firsts.append(self._firsts[-1] + len(sizes))

    def write(self, docs: Iterable[Document]) -> None:
        """Write the texts of `docs` as the next part (blanking them)."""
        path = self.new_part()
        self.add(path, write_part(path, docs))

    def text(self, number: int) -> str:
        """The `number`-th text recorded (before `texts` deletes the parts)."""
        part = bisect.bisect_right(self._firsts, number) - 1
        path, starts = self._parts[part]
        which = number - self._firsts[part]
        descriptor = os.open(path, os.O_RDONLY)  # no file object: the keep pass reads thousands
        try:
            return os.pread(descriptor, starts[which + 1] - starts[which], starts[which]).decode(*_ENCODING)
        finally:
            os.close(descriptor)

    def texts(self) -> Iterator[str]:
        """Every text recorded, in order."""
        for path, starts in self._parts:
            with open(path, "rb") as part:
                for start, end in itertools.pairwise(starts):
                    yield part.read(end - start).decode(*_ENCODING)
            os.unlink(path)

"""The repaired texts, set aside on disk between the analysis and the writer.

The global step needs only fingerprints, so the driver does not hold the texts while it runs;
repeating the read and the repair in the write pass instead costs as much as a third of the
per-document stage. The texts go, in reading order, into one unnamed temporary file beside OUT
(removed by the system however the run ends) and are read back in the same order.
"""
from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_ENCODING = ("utf-8", "surrogatepass")  # lone surrogates round-trip


class TextSpill:
    """Append texts, then read them back once, in order (and any one by number before that)."""

    def __init__(self, beside: Path) -> None:
        folder = Path(os.path.abspath(beside)).parent
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=f".{beside.name}.texts-")  # noqa: SIM115 -- closed in __exit__
        self._starts = array("q", [0])  # offset of each text, and the end of the last

    def __enter__(self) -> TextSpill:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, text: str) -> None:
        data = text.encode(*_ENCODING)
        self._file.write(data)
        self._starts.append(self._starts[-1] + len(data))

    def text(self, number: int) -> str:
        """The `number`-th text added (the keep pass reads a few paragraphs back to verify them)."""
        self._file.flush()
        start = self._starts[number]
        return os.pread(self._file.fileno(), self._starts[number + 1] - start, start).decode(*_ENCODING)

    def texts(self) -> Iterator[str]:
        """Every text added, in order."""
        self._file.flush()
        self._file.seek(0)
        for start, end in zip(self._starts, self._starts[1:]):
            yield self._file.read(end - start).decode(*_ENCODING)

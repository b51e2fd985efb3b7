"""Paragraph signatures set aside on disk between the analysis and the keep pass.

The keep pass copies the paragraph signatures that can have LSH candidates into one matrix in
rank order (`paragraphs.ParagraphRows`). Held in memory until then, each document's block would be there
twice at that moment, and the freed blocks, scattered among small objects, never go back to
the system: about 450 bytes per paragraph of peak memory. So `Pipeline.run` writes each block
to an unnamed temporary file as the analyses arrive and leaves the document a `SpilledRows`
in its place; the keep pass reads the rows back, in rank order, into its matrix.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..packed import PackedRows

if TYPE_CHECKING:
    from ..analyze import Analysis


class SignatureStore:
    """An append-only file of uint32 signature rows beside `beside` (removed however the run ends)."""

    def __init__(self, beside: Path) -> None:
        folder = Path(os.path.abspath(beside)).parent
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=f".{beside.name}.signatures-")  # noqa: SIM115 -- closed in __exit__
        self._bytes = 0

    def __enter__(self) -> SignatureStore:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def set_aside(self, analysis: Analysis) -> None:
        """Write the document's signature rows to the file and point the document at them."""
        packed = analysis.signatures
        if not len(packed):
            return
        matrix = np.ascontiguousarray(packed.matrix, dtype=np.uint32)
        self._file.write(matrix.data)
        analysis.signatures = PackedRows(packed.indices, SpilledRows(self, self._bytes, matrix.shape))
        self._bytes += matrix.nbytes

    def read(self, offset: int, shape: tuple[int, int]) -> np.ndarray:
        self._file.flush()
        data = os.pread(self._file.fileno(), shape[0] * shape[1] * 4, offset)
        return np.frombuffer(data, dtype=np.uint32).reshape(shape)


class SpilledRows:
    """A document's signature matrix in a `SignatureStore`: read back whenever numpy asks for it."""

    __slots__ = ("offset", "shape", "store")

    def __init__(self, store: SignatureStore, offset: int, shape: tuple[int, int]) -> None:
        self.store, self.offset, self.shape = store, offset, shape

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        rows = self.store.read(self.offset, self.shape)
        return rows if dtype is None else rows.astype(dtype)

    def __getitem__(self, key: Any) -> np.ndarray:
        return np.asarray(self)[key]

    def __len__(self) -> int:
        return self.shape[0]

"""Fingerprints set aside on disk between the analysis and the global step.

The driver holds one `Analysis` per document of the corpus until the keep pass, but most of its
bytes are read only for a few documents, or once: the paragraph signatures (512 bytes a
paragraph; the keep pass copies the third of them that can have LSH candidates into its matrix,
`paragraphs.ParagraphRows`), the paragraph word sets (read only to align a copy with its kept
document), the two document signatures (stacked once into the matrices of the document-level
LSH) and the document's figures (compared for its verified document-level pairs). Held in memory, they were 80% of the driver's bytes per paragraph, and a block freed
among small objects never goes back to the system. So `Pipeline.run` writes them to an unnamed
temporary file as the analyses arrive and leaves each document a `SpilledArray` in their place,
read back whenever numpy asks for it.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..packed import PackedRows, Ragged

if TYPE_CHECKING:
    from ..analyze import Analysis


class FingerprintStore:
    """An append-only file of arrays beside `beside` (removed however the run ends)."""

    def __init__(self, beside: Path) -> None:
        folder = Path(os.path.abspath(beside)).parent
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=f".{beside.name}.fingerprints-")  # noqa: SIM115 -- closed in __exit__
        self._bytes = 0

    def __enter__(self) -> FingerprintStore:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def set_aside(self, analysis: Analysis) -> None:
        """Write the document's paragraph signatures and word sets, its document signatures and
        its figures to the file, and point the document at them."""
        signatures, vocabularies = analysis.signatures, analysis.vocabularies
        if len(signatures):
            analysis.signatures = PackedRows(signatures.indices, self._spilled(signatures.matrix))
        if len(vocabularies):
            analysis.vocabularies = Ragged(vocabularies.indices, vocabularies.offsets, self._spilled(vocabularies.data))
        if analysis.doc_signature is not None:
            analysis.doc_signature = self._spilled(analysis.doc_signature)
        if analysis.story_signature is not None:
            analysis.story_signature = self._spilled(analysis.story_signature)
        if len(analysis.doc_numbers):
            analysis.doc_numbers = self._spilled(analysis.doc_numbers)

    def read(self, offset: int, dtype: np.dtype[Any], shape: tuple[int, ...]) -> np.ndarray:
        self._file.flush()
        data = os.pread(self._file.fileno(), int(np.prod(shape)) * dtype.itemsize, offset)
        return np.frombuffer(data, dtype=dtype).reshape(shape)

    def _spilled(self, array: np.ndarray) -> SpilledArray:
        array = np.ascontiguousarray(array)
        self._file.write(array.data)
        spilled = SpilledArray(self, self._bytes, array.dtype, array.shape)
        self._bytes += array.nbytes
        return spilled


class SpilledArray:
    """An array in a `FingerprintStore`: read back (whole) whenever numpy asks for it."""

    __slots__ = ("dtype", "offset", "shape", "store")

    def __init__(self, store: FingerprintStore, offset: int, dtype: np.dtype[Any], shape: tuple[int, ...]) -> None:
        self.store, self.offset, self.dtype, self.shape = store, offset, dtype, shape

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        array = self.store.read(self.offset, self.dtype, self.shape)
        return array if dtype is None else array.astype(dtype)

    def __getitem__(self, key: Any) -> np.ndarray:
        return np.asarray(self)[key]

    def __len__(self) -> int:
        return self.shape[0]

"""Fingerprints set aside on disk between the analysis and the global step.

The driver holds one `Analysis` per document of the corpus until the keep pass, but most of its
bytes are read only for a few documents, or once: the paragraph signatures (512 bytes a
paragraph; the keep pass copies the third of them that can have LSH candidates into its matrix,
`paragraphs.ParagraphRows`), the paragraph word sets (read only to align a copy with its kept
document), the paragraphs' figures (read only for LSH candidates and aligned copies), the two
document signatures (stacked once into the matrices of the document-level LSH) and the
document's figures (compared for its verified document-level pairs). Held in memory, with their
numpy headers and index arrays, they were most of the driver's bytes per document, and a block
freed among small objects never goes back to the system. So `Pipeline.run` writes them to an
unnamed temporary file as the analyses arrive and leaves the document stand-ins that read them
back when asked: `SpilledArray` for an array, `SpilledRows` for a `PackedRows`, `SpilledRagged`
for a `Ragged`. A worker packs its unit's into one buffer (`pack`) that the driver writes in one
call (`FingerprintStore.adopt`): written array by array, they cost the driver more CPU than
receiving them, CPU taken from the workers when there are as many of them as cores.
"""
from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..packed import PackedRows, Ragged

if TYPE_CHECKING:
    from ..analyze import Analysis

_INDEX = np.dtype(np.int32)
_OFFSET = np.dtype(np.int64)
# Ragged sets read back and kept (the keep pass asks for the figures of one document's
# paragraphs several times in a row, and for a kept copy's word sets paragraph by paragraph).
RECENT_RAGGED = 256


def pack(analyses: list[Analysis]) -> bytes:
    """Move the cold fingerprints of `analyses` into one buffer, leaving stand-ins that point
    into it (by offsets from its start, with no store until `FingerprintStore.adopt` places it)."""
    packer = _Packer()
    for analysis in analyses:
        packer.set_aside(analysis)
    return b"".join(packer.arrays)


class _Packer:
    """The arrays of a buffer being packed, in order, and its size so far."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self.size = 0

    def set_aside(self, analysis: Analysis) -> None:
        """Append the document's cold fingerprints, and point the document at them."""
        signatures, vocabularies, numbers = analysis.signatures, analysis.vocabularies, analysis.numbers
        if len(signatures):
            analysis.signatures = SpilledRows(None, self._write(signatures.indices, signatures.matrix),
                                              *signatures.matrix.shape)
        if len(vocabularies):
            analysis.vocabularies = self._spilled_ragged(vocabularies)
        if len(numbers):
            analysis.numbers = self._spilled_ragged(numbers)
        if analysis.doc_signature is not None:
            analysis.doc_signature = self._spilled(analysis.doc_signature)
        if analysis.story_signature is not None:
            analysis.story_signature = self._spilled(analysis.story_signature)
        if len(analysis.doc_numbers):
            analysis.doc_numbers = self._spilled(analysis.doc_numbers)

    def _write(self, *arrays: np.ndarray) -> int:
        """Append `arrays` one after the other; their offset in the buffer."""
        offset = self.size
        for array in arrays:
            array = np.ascontiguousarray(array)
            self.arrays.append(array)
            self.size += array.nbytes
        return offset

    def _spilled(self, array: np.ndarray) -> SpilledArray:
        return SpilledArray(None, self._write(array), array.dtype, array.shape)

    def _spilled_ragged(self, ragged: Ragged) -> SpilledRagged:
        offset = self._write(ragged.indices, ragged.offsets, ragged.data)  # int32, int64 (`Ragged`)
        return SpilledRagged(None, offset, len(ragged.indices), len(ragged.data), ragged.data.dtype)


class FingerprintStore:
    """An append-only file of arrays beside `beside` (removed however the run ends)."""

    def __init__(self, beside: Path) -> None:
        folder = Path(os.path.abspath(beside)).parent
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=f".{beside.name}.fingerprints-")  # noqa: SIM115 -- closed in __exit__
        self._bytes = 0
        self._unflushed = False
        self.ragged = lru_cache(maxsize=RECENT_RAGGED)(self._ragged)

    def __enter__(self) -> FingerprintStore:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def set_aside(self, analyses: list[Analysis]) -> None:
        """Write the documents' cold fingerprints to the file, and point the documents at them."""
        self.adopt(pack(analyses), analyses)

    def adopt(self, packed: bytes, analyses: list[Analysis]) -> None:
        """Write the buffer `pack` made of `analyses` to the file, and point their stand-ins at it."""
        base = self._bytes
        self._file.write(packed)
        self._bytes += len(packed)
        self._unflushed = True
        for analysis in analyses:
            for stand_in in (analysis.signatures, analysis.vocabularies, analysis.numbers, analysis.doc_signature,
                             analysis.story_signature, analysis.doc_numbers):
                if isinstance(stand_in, _STAND_INS):
                    stand_in.store = self
                    stand_in.offset += base

    def read(self, offset: int, dtype: np.dtype[Any], shape: tuple[int, ...]) -> np.ndarray:
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        data = os.pread(self._file.fileno(), math.prod(shape) * dtype.itemsize, offset)
        return np.frombuffer(data, dtype=dtype).reshape(shape)

    def _ragged(self, offset: int, count: int, size: int, dtype: np.dtype[Any]) -> Ragged:
        indices = self.read(offset, _INDEX, (count,))
        offset += indices.nbytes
        offsets = self.read(offset, _OFFSET, (count + 1,))
        return Ragged(indices, offsets, self.read(offset + offsets.nbytes, dtype, (size,)))


class SpilledArray:
    """An array in a `FingerprintStore`: read back (whole) whenever numpy asks for it."""

    __slots__ = ("dtype", "offset", "shape", "store")

    def __init__(self, store: FingerprintStore | None, offset: int, dtype: np.dtype[Any], shape: tuple[int, ...]) -> None:
        self.store, self.offset, self.dtype, self.shape = store, offset, dtype, shape

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        array = self.store.read(self.offset, self.dtype, self.shape)
        return array if dtype is None else array.astype(dtype)

    def __getitem__(self, key: Any) -> np.ndarray:
        return np.asarray(self)[key]

    def __len__(self) -> int:
        return self.shape[0]


class SpilledRows(Mapping[int, np.ndarray]):
    """A `PackedRows` in a `FingerprintStore` (its paragraph indices, then its matrix)."""

    __slots__ = ("count", "offset", "store", "width")

    def __init__(self, store: FingerprintStore | None, offset: int, count: int, width: int) -> None:
        self.store, self.offset, self.count, self.width = store, offset, count, width

    @property
    def indices(self) -> np.ndarray:
        return self.store.read(self.offset, _INDEX, (self.count,))

    @property
    def matrix(self) -> np.ndarray:
        return self.store.read(self.offset + self.count * _INDEX.itemsize, np.dtype(np.uint32), (self.count, self.width))

    def __getitem__(self, index: int) -> np.ndarray:
        return PackedRows(self.indices, self.matrix)[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices.tolist())

    def __len__(self) -> int:
        return self.count


class SpilledRagged(Mapping[int, np.ndarray]):
    """A `Ragged` in a `FingerprintStore` (indices, offsets, data), read back on access."""

    __slots__ = ("count", "dtype", "offset", "size", "store")

    def __init__(self, store: FingerprintStore | None, offset: int, count: int, size: int, dtype: np.dtype[Any]) -> None:
        self.store, self.offset, self.count, self.size, self.dtype = store, offset, count, size, dtype

    def load(self) -> Ragged:
        return self.store.ragged(self.offset, self.count, self.size, self.dtype)

    def get(self, index: int, default: np.ndarray | None = None) -> np.ndarray | None:  # type: ignore[override]
        return self.load().get(index, default)

    def __getitem__(self, index: int) -> np.ndarray:
        return self.load()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self.load())

    def __len__(self) -> int:
        return self.count


_STAND_INS = (SpilledArray, SpilledRows, SpilledRagged)

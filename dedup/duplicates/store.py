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
unnamed temporary file as the analyses arrive and leaves each document one small record of where
they are (`SpilledFingerprints`), which hands out stand-ins reading them back when asked:
`SpilledArray` for an array, `SpilledRows` for a `PackedRows`, `SpilledRagged` for a `Ragged`.
A worker packs its unit's into a file of their own (`pack_into`), which the driver copies into
the store in the kernel (`FingerprintStore.adopt_file`): written array by array on the driver,
or sent back through the pool's pipe (6-7 kB a news document), they cost the driver more CPU
than the rest of the analyses, CPU taken from the workers when there are as many of them as
cores.
"""
from __future__ import annotations

import math
import os
import struct
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


def pack_into(path: str, analyses: list[Analysis]) -> None:
    """Move the cold fingerprints of `analyses` into a new file at `path`, leaving each document a
    record of where they are in it (with no store until `FingerprintStore.adopt_file` places it)."""
    with open(path, "wb") as file:
        file.writelines(array.data for array in _packed(analyses))


def _packed(analyses: list[Analysis]) -> list[np.ndarray]:
    """The cold fingerprints of `analyses`, in the order they are packed (the documents point
    at their offsets in that order)."""
    packer = _Packer()
    for analysis in analyses:
        packer.set_aside(analysis)
    return packer.arrays


class _Packer:
    """The arrays of a buffer being packed, in order, and its size so far."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self.size = 0

    def set_aside(self, analysis: Analysis) -> None:
        """Append the document's cold fingerprints, and point the document at them."""
        cold = analysis.cold
        signatures, vocabularies, numbers = cold.signatures, cold.vocabularies, cold.numbers
        layout = (
            self._write(signatures.indices, signatures.matrix), len(signatures), signatures.matrix.shape[1],
            self._write(vocabularies.indices, vocabularies.offsets, vocabularies.data),  # int32, int64 (`Ragged`)
            len(vocabularies), len(vocabularies.data),
            self._write(numbers.indices, numbers.offsets, numbers.data), len(numbers), len(numbers.data),
            *self._optional(cold.doc_signature), *self._optional(cold.story_signature),
            self._write(cold.doc_numbers), len(cold.doc_numbers),
        )
        analysis.cold = SpilledFingerprints(None, 0, _LAYOUT.pack(*layout))

    def _optional(self, array: np.ndarray | None) -> tuple[int, int]:
        """(offset, length) of an array that may be missing (length -1)."""
        return (self.size, -1) if array is None else (self._write(array), len(array))

    def _write(self, *arrays: np.ndarray) -> int:
        """Append `arrays` one after the other; their offset in the buffer."""
        offset = self.size
        for array in arrays:
            array = np.ascontiguousarray(array)
            self.arrays.append(array)
            self.size += array.nbytes
        return offset


class FingerprintStore:
    """An append-only file of arrays beside `beside` (removed however the run ends)."""

    def __init__(self, beside: Path) -> None:
        folder = Path(os.path.abspath(beside)).parent
        # unbuffered, written and read at explicit offsets
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=f".{beside.name}.fingerprints-", buffering=0)  # noqa: SIM115 -- closed in __exit__
        self._bytes = 0
        self.ragged = lru_cache(maxsize=RECENT_RAGGED)(self._ragged)

    def __enter__(self) -> FingerprintStore:  # noqa: PYI034 -- Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def set_aside(self, analyses: list[Analysis]) -> None:
        """Write the documents' cold fingerprints to the file, and point the documents at them."""
        base = self._bytes
        view = memoryview(b"".join(_packed(analyses)))
        while view:
            written = os.pwrite(self._file.fileno(), view, self._bytes)
            self._bytes += written
            view = view[written:]
        self._place(analyses, base)

    def adopt_file(self, path: str, analyses: list[Analysis]) -> None:
        """`set_aside` of the documents `pack_into` packed into the file at `path`: the file is
        copied in the kernel where it can be (`os.copy_file_range`), then removed."""
        base = self._bytes
        with open(path, "rb") as part:
            size = os.fstat(part.fileno()).st_size
            _copy(part.fileno(), size, self._file.fileno(), base)
        self._bytes += size
        os.unlink(path)
        self._place(analyses, base)

    def _place(self, analyses: list[Analysis], base: int) -> None:
        """Point the fingerprint records of `analyses`, packed at `base` of the file, at the file."""
        for analysis in analyses:
            analysis.cold.store, analysis.cold.base = self, base  # type: ignore[union-attr]

    def read(self, offset: int, dtype: np.dtype[Any], shape: tuple[int, ...]) -> np.ndarray:
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


# Where a document's fingerprints are in its packed buffer: signatures (offset, rows, width),
# word sets and figures (offset, paragraphs, values), the two document signatures (offset,
# length or -1 when missing), the document's figures (offset, length).
_LAYOUT = struct.Struct("<15q")
_UINT32, _UINT64 = np.dtype(np.uint32), np.dtype(np.uint64)


class SpilledFingerprints:
    """A document's `Fingerprints` in a `FingerprintStore`: one small record a document (six
    stand-ins holding their offsets and shapes cost ~550 bytes more, for every document of the
    corpus), handing out stand-ins that read them back."""

    __slots__ = ("base", "layout", "store")

    def __init__(self, store: FingerprintStore | None, base: int, layout: bytes) -> None:
        self.store, self.base, self.layout = store, base, layout

    @property
    def signatures(self) -> SpilledRows | PackedRows:
        offset, rows, width = _LAYOUT.unpack(self.layout)[0:3]
        if not rows:
            return PackedRows(np.empty(0, _INDEX), np.empty((0, width), _UINT32))
        return SpilledRows(self.store, self.base + offset, rows, width)

    @property
    def vocabularies(self) -> SpilledRagged | Ragged:
        return self._ragged(*_LAYOUT.unpack(self.layout)[3:6], _UINT32)

    @property
    def numbers(self) -> SpilledRagged | Ragged:
        return self._ragged(*_LAYOUT.unpack(self.layout)[6:9], _UINT64)

    @property
    def doc_signature(self) -> SpilledArray | None:
        return self._array(*_LAYOUT.unpack(self.layout)[9:11], _UINT32)

    @property
    def story_signature(self) -> SpilledArray | None:
        return self._array(*_LAYOUT.unpack(self.layout)[11:13], _UINT32)

    @property
    def doc_numbers(self) -> SpilledArray | np.ndarray:
        offset, length = _LAYOUT.unpack(self.layout)[13:15]
        return self._array(offset, length, _UINT64) if length else np.empty(0, _UINT64)

    def _ragged(self, offset: int, count: int, size: int, dtype: np.dtype[Any]) -> SpilledRagged | Ragged:
        if not count:
            return Ragged(np.empty(0, _INDEX), np.zeros(1, _OFFSET), np.empty(0, dtype))
        return SpilledRagged(self.store, self.base + offset, count, size, dtype)

    def _array(self, offset: int, length: int, dtype: np.dtype[Any]) -> SpilledArray | None:
        return None if length < 0 else SpilledArray(self.store, self.base + offset, dtype, (length,))
_CHUNK = 1 << 20  # bytes a copy moves at a time where the kernel cannot copy by itself


def _copy(source: int, size: int, target: int, offset: int) -> None:
    """Copy the `size` bytes of file `source` into file `target` at `offset`."""
    done = 0
    kernel = hasattr(os, "copy_file_range")
    while done < size:
        if kernel:
            try:
                moved = os.copy_file_range(source, target, size - done, done, offset + done)
            except OSError:  # not on this kernel or filesystem: through a buffer
                kernel = False
                continue
        else:
            moved = os.pwrite(target, os.pread(source, min(_CHUNK, size - done), done), offset + done)
        if moved <= 0:
            raise OSError(f"fingerprint part ended after {done} of {size} bytes")
        done += moved

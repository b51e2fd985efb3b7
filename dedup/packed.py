"""Per-paragraph arrays of one document packed into a few numpy arrays.

A document has dozens of paragraph signatures and word sets. As one small numpy array each,
inside a dict, they cost an object header and a dict entry apiece, pickle one by one between
processes and stay as hundreds of thousands of Python objects on the driver. Packed, a document
ships two or three arrays; reading one paragraph is a slice.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np


class PackedRows(Mapping[int, np.ndarray]):
    """Paragraph index -> row of `matrix` (fixed-width arrays, e.g. signatures)."""

    __slots__ = ("indices", "matrix")

    def __init__(self, indices: np.ndarray, matrix: np.ndarray) -> None:
        self.indices = np.asarray(indices, dtype=np.int32)  # ascending
        self.matrix = matrix

    def __reduce__(self) -> tuple[type, tuple[np.ndarray, np.ndarray]]:
        return PackedRows, (self.indices, self.matrix)

    def __getitem__(self, index: int) -> np.ndarray:
        return self.matrix[_position(self.indices, index)]

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices.tolist())

    def __len__(self) -> int:
        return len(self.indices)


class Ragged(Mapping[int, np.ndarray]):
    """Paragraph index -> variable-length array, stored as one `data` array cut at `offsets`."""

    __slots__ = ("data", "indices", "offsets")

    def __init__(self, indices: np.ndarray, offsets: np.ndarray, data: np.ndarray) -> None:
        self.indices = np.asarray(indices, dtype=np.int32)  # ascending
        self.offsets = np.asarray(offsets, dtype=np.int64)  # len(indices) + 1
        self.data = data

    @classmethod
    def pack(cls, arrays: dict[int, np.ndarray], dtype: type) -> Ragged:
        indices = sorted(arrays)
        lengths = [len(arrays[i]) for i in indices]
        values = np.concatenate([np.empty(0, dtype), *(arrays[i] for i in indices)]).astype(dtype, copy=False)
        return cls(np.asarray(indices), np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]), values)

    def __reduce__(self) -> tuple[type, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return Ragged, (self.indices, self.offsets, self.data)

    def __getitem__(self, index: int) -> np.ndarray:
        found = self.get(index)
        if found is None:
            raise KeyError(index)
        return found

    def get(self, index: int, default: np.ndarray | None = None) -> np.ndarray | None:  # type: ignore[override]
        """`self[index]`, or `default` when the paragraph has no array (no exception raised)."""
        position = int(np.searchsorted(self.indices, index))
        if position == len(self.indices) or self.indices[position] != index:
            return default
        return self.data[self.offsets[position] : self.offsets[position + 1]]

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices.tolist())

    def __len__(self) -> int:
        return len(self.indices)


def _position(indices: np.ndarray, index: int) -> int:
    position = int(np.searchsorted(indices, index))
    if position == len(indices) or indices[position] != index:
        raise KeyError(index)
    return position

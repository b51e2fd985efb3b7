"""Union-find whose roots are deterministic: the smallest member of each set.

`UnionFind` takes any sortable items (document ids, for reports); `smallest_roots` is the same
on integer positions and arrays of edges, for the global step's million-edge graphs.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
from numba import njit


class UnionFind:
    def __init__(self) -> None:
        self._parent: dict[Any, Any] = {}

    def find(self, item: Hashable) -> Any:
        parent = self._parent.setdefault(item, item)
        if parent != item:
            parent = self._parent[item] = self.find(parent)
        return parent

    def union(self, left: Hashable, right: Hashable) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            low, high = (a, b) if a < b else (b, a)  # type: ignore[operator]
            self._parent[high] = low

    def groups(self, items: Iterable[Hashable]) -> dict[Any, list[Any]]:
        """Root -> members (sorted) for the given items."""
        result: dict[Any, list[Any]] = {}
        for item in sorted(items):  # type: ignore[type-var]
            result.setdefault(self.find(item), []).append(item)
        return result


@njit(cache=True, nogil=True)
def _smallest_roots(count: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    parent = np.arange(count)
    for k in range(low.shape[0]):
        a, b = low[k], high[k]
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    for i in range(count):  # parents are always smaller, so one pass in order resolves them
        parent[i] = parent[parent[i]]
    return parent


def smallest_roots(count: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Per item 0..count-1, the smallest member of its connected component under the edges
    (low[k], high[k]): union-find on integer arrays, compiled, with deterministic roots."""
    return _smallest_roots(count, np.asarray(low, dtype=np.int64), np.asarray(high, dtype=np.int64))

"""Union-find whose roots are deterministic: the smallest member of each set."""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any


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

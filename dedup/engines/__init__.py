"""Where the per-document stages run: in this process, in a local process pool, or on Ray.

An engine is an ordered parallel map over batches of documents, or over work units that the
workers read themselves when they share the driver's files (`Engine.shares_files`). Every per-document stage is
deterministic and sees one document alone, so the output does not depend on the engine or on
the number of workers; only the wall time does.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from ..config import Config

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    # Whether the workers see the driver's files: then they read the input and write the
    # repaired texts beside OUT themselves; else the driver reads and the texts come back.
    shares_files: bool

    def map(self, function: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        """`function` applied to each batch, results in batch order. `function` must pickle."""
        ...


def make_engine(config: Config) -> Engine:
    """The engine `config` asks for (Ray is imported only when asked for: it is an extra)."""
    if config.engine == "ray":
        from .ray import RayEngine

        return RayEngine(config.ray_address, config.workers)
    from .local import LocalEngine

    return LocalEngine(config.workers)

"""The local engine: a process pool over batches, sized by `--workers` (default: all cores)."""
from __future__ import annotations

import multiprocessing
import os
import site
import sys
from importlib.machinery import PathFinder
from multiprocessing.context import BaseContext
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: keeps workers busy, bounds memory


class LocalEngine:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1

    def map(self, function: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        """Runs in this process when there is one worker or one batch (no start-up cost)."""
        batches = iter(batches)
        first = next(batches, None)
        second = next(batches, None)
        if first is None:
            return
        if second is None or self.workers == 1:
            yield from map(function, chain([first], [] if second is None else [second], batches))
            return
        with ProcessPoolExecutor(self.workers, mp_context=_context()) as pool:
            pending: deque[Future[R]] = deque()
            for batch in chain([first, second], batches):
                pending.append(pool.submit(function, batch))
                if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def _context() -> BaseContext:
    """A fork server that loads dedup once (`warm.py`) and forks the workers from it, or spawn
    where that cannot work. Never plain fork: the parent runs a progress thread, and fork
    copies its locks."""
    if "forkserver" not in multiprocessing.get_all_start_methods() or not _fresh_interpreter_finds_dedup():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([f"{__package__}.warm"])
    return context


def _fresh_interpreter_finds_dedup() -> bool:
    """Whether `python -c` here imports this same dedup: the fork server starts that way, and
    Python before 3.13 does not hand it this process's sys.path."""
    package = sys.modules[__package__.partition(".")[0]]
    path = [os.getcwd(), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)), *site.getsitepackages()]
    spec = PathFinder.find_spec(package.__name__, path)
    return spec is not None and spec.origin is not None and os.path.samefile(spec.origin, package.__file__)

"""The local engine: a process pool over batches, sized by `--workers` (default: all cores)."""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: keeps workers busy, bounds memory


class LocalEngine:
    shares_files = True  # processes of this machine

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
        # spawn, not fork: the parent runs a progress thread, and fork copies its locks
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            pending: deque[Future[R]] = deque()
            for batch in chain([first, second], batches):
                pending.append(pool.submit(function, batch))
                if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

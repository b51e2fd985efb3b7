"""The Ray engine: each batch is a Ray task, on the cluster at `--ray-address` or a local Ray.

Results come back in batch order, with a bounded number of tasks in flight, so the driver
holds a few batches at a time whatever the corpus size. Ray is an optional extra
(`pip install 'dedup[ray]'`), imported only when this engine is built.

Tasks read the input files and write the spill folder beside OUT themselves only when every
Ray node is this machine (a local Ray, or a cluster started here), so they surely see the
driver's files. On any other cluster the driver reads the input and ships documents, and the
repaired texts come back with the fingerprints: no shared filesystem is assumed. The output is
the same bytes either way.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_CPU = 2


def _apply(function: Callable[[Any], Any], batch: Any) -> Any:
    return function(batch)


class RayEngine:
    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise RuntimeError("the ray engine needs Ray: pip install 'dedup[ray]'") from None
        self._ray = ray
        if not ray.is_initialized():
            # address None starts a local Ray sized by `workers` (default: all cores)
            ray.init(address=address, num_cpus=None if address else workers,
                     include_dashboard=False, log_to_driver=False)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.in_flight = max(1, (workers or cpus) * IN_FLIGHT_PER_CPU)
        self._task = ray.remote(num_cpus=1)(_apply)
        here = ray.util.get_node_ip_address()
        self.shares_files = all(node["NodeManagerAddress"] == here for node in ray.nodes() if node["Alive"])

    def map(self, function: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        ray = self._ray
        function_ref = ray.put(function)
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(self._task.remote(function_ref, batch))
            if len(pending) >= self.in_flight:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

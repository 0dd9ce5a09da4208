"""Spreading per-record work over the CPU cores, for large registers.

Loading, checking and rendering a record does not depend on any other
record, so with hundreds of records the work is split between worker
processes. Workers are forked, so they share the parent's loaded schemas and
compiled templates without copying them. Small registers, single-core
machines, systems without ``fork`` and processes that already run other
threads (such as ``mkdocs serve``) do the work in the calling process.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, TypeVar

T = TypeVar("T")
PARALLEL_FROM = 20  # items; below this, starting workers costs more than it saves
_shared: Any = None


def _run(task: tuple[int, Callable[[Any, int], Any], int, int]) -> list[Any]:
    job, function, start, stop = task
    return [function(_shared[job], index) for index in range(start, stop)]


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def workers_for(count: int, leave_free: int = 0, worth_from: int = PARALLEL_FROM) -> int:
    """How many worker processes to start for ``count`` items; 0 means: do the work in this process.

    ``leave_free`` keeps cores for the calling process, when it has its own work to do meanwhile;
    ``worth_from`` is the smallest count for which workers pay for their start.
    The environment variable ``AIREGISTER_WORKERS`` overrides the choice: 0 or 1 for none, or a
    number of workers to use whatever the size (used by the tests).
    """
    forced = os.environ.get("AIREGISTER_WORKERS", "")
    if forced.isdigit() and int(forced) >= 2 and "fork" in multiprocessing.get_all_start_methods():
        return int(forced)
    available = min(cores(), 8) - leave_free
    if (count < worth_from or available < 1 or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1 or os.environ.get("AIREGISTER_WORKERS") in ("0", "1")):
        return 0
    return available


class Pending:
    """Lists of work computed ahead in worker processes, fetched by (list, index).

    Each job is ``(function, shared, count)``: ``function(shared, i)`` for ``i`` in
    ``range(count)``. With one or more ``workers``, all jobs start at once, in
    order, in small chunks, so the first results are ready early while the caller
    does other work; one pool serves every job, so the machine is never asked for
    more processes than ``workers``. With no workers, each result is computed in
    this process when it is asked for.
    """

    def __init__(self, jobs: list[tuple[Callable[[Any, int], Any], Any, int]], workers: int, chunk: int = 16):
        self._jobs, self._chunk = jobs, chunk
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[tuple[int, int], Future] = {}
        self._done: dict[tuple[int, int], list[Any]] = {}
        self._left: dict[tuple[int, int], set[int]] = {}  # the results of a block not yet forgotten (see ``forget``)
        if workers > 0 and any(count for _, _, count in jobs):
            global _shared
            # With fork, the pool starts all its workers at the first submit: they copy _shared then.
            _shared = [shared for _, shared, _ in jobs]
            try:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                for job, (function, _, count) in enumerate(jobs):
                    for start in range(0, count, chunk):
                        self._futures[(job, start // chunk)] = self._pool.submit(
                            _run, (job, function, start, min(start + chunk, count)))
            finally:
                _shared = None

    def get(self, job: int, index: int) -> Any:
        block = (job, index // self._chunk)
        if block not in self._done:
            future = self._futures.get(block) if self._pool is not None else None
            if future is None:  # no workers, already stopped, or forgotten: compute it here
                function, shared, _ = self._jobs[job]
                return function(shared, index)
            self._done[block] = future.result()
            del self._futures[block]  # the results are kept once, here
            start = block[1] * self._chunk
            self._left[block] = set(range(start, start + len(self._done[block])))
        return self._done[block][index - block[1] * self._chunk]

    def forget(self, job: int, index: int) -> None:
        """Let go of a result the caller has taken for good: when every result of its block is forgotten, the block
        is freed, so a long build does not hold every page in memory. Asked for again, it is computed anew here."""
        block = (job, index // self._chunk)
        left = self._left.get(block)
        if left is not None:
            left.discard(index)
            if not left:
                del self._left[block], self._done[block]

    def close(self) -> None:
        """Stop the workers (waiting for them, so no helper thread or process outlives the call)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def map_indexed(function: Callable[[Any, int], T], shared: Any, count: int) -> list[T]:
    """``[function(shared, i) for i in range(count)]``, in order, spread over worker processes when worth it.

    ``function`` must be a module-level function; ``shared`` reaches the
    workers through fork, so it is never pickled. Results are pickled back.
    """
    workers = workers_for(count)
    chunk = max(1, -(-count // (max(workers, 1) * 4)))
    pending = Pending([(function, shared, count)], workers, chunk)
    try:
        return [pending.get(0, index) for index in range(count)]
    finally:
        pending.close()

"""Where tasks (lists of jobs) run: in this process, on worker processes here, or on a Dask cluster.

A pool has `submit(fn, task)` (a future), `alone(fn, task)` (run on a worker of its own), `depth` (tasks
to keep in flight), `died` (what a dead worker raises) and `close(abort)`. `ordered` gives the results in
input order with at most `depth` tasks in flight, so memory stays bounded whatever the corpus size. No
result is lost: when a worker dies (killed, out of memory, a crash in native code), its task is run again
one job at a time, each alone, and only a job that kills its worker again fails, as that job's failure.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .outputs import discard_unfinished, hold_sigterm

Work = Callable[[list[Any]], list[Any]]
DIED = "the worker process died while cleaning it (killed, out of memory, or a crash in native code)"


class PoolError(Exception):
    """The pool cannot start (Dask not installed, scheduler unreachable); the message says what to do."""


def ordered(pool: Any, fn: Work, tasks: Iterable[list[Any]], split: Callable[[list[Any]], list[Any]],
            crashed: Callable[[Any, str], Any]) -> Iterator[list[Any]]:
    """fn of each task, in order; the jobs of a task that failed are run alone, and `crashed(job, why)` is
    the result of one that fails alone too."""
    it, window = iter(tasks), deque[tuple[list[Any], Any]]()
    while True:
        while len(window) < pool.depth and (task := next(it, None)) is not None:
            window.append((task, pool.submit(fn, task)))
        if not window:
            return
        task, future = window.popleft()
        try:
            out = future.result()
        except Exception:  # noqa: BLE001 - a dead worker, a lost connection: find the job that did it
            out = []
            for job in split(task):
                try:
                    out += pool.alone(fn, [job])
                except Exception as e:  # noqa: BLE001 - reported as this job's failure
                    out.append(crashed(job, DIED if isinstance(e, pool.died) else f"{type(e).__name__}: {e}"))
        yield out


class Serial:
    """In this process: a single input, or --jobs 1."""

    depth, died = 1, ()

    class _Done(tuple):
        def result(self) -> Any:
            return self[0]

    def submit(self, fn: Work, task: list[Any]) -> Any:
        return self._Done([fn(task)])

    def alone(self, fn: Work, task: list[Any]) -> list[Any]:
        return fn(task)

    def close(self, abort: bool = False) -> None:
        pass


def _worker_init() -> None:
    """Ctrl-C is the main process's to handle. SIGTERM, by which it stops the workers, ends a worker only
    while it runs a job: not while it sends a result back (which would leave the pool waiting for the
    rest), nor while it writes a file (see outputs.signals_held)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stopped)
    hold_sigterm(True)


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM in a worker: the output it was writing (a corpus's, written as it goes) is removed, then it exits."""
    discard_unfinished()
    os._exit(128 + signum)


def _in_worker(fn: Work, task: list[Any]) -> list[Any]:
    hold_sigterm(False)
    try:
        return fn(task)
    finally:
        hold_sigterm(True)


class Processes:
    """Worker processes here (forked on Linux, so they start with the text path imported). A pool in which a
    worker died takes no more work: a new one replaces it."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures.process import BrokenProcessPool

        self.workers, self.depth, self.died = workers, 2 * workers, (BrokenProcessPool,)
        self.pool = self._new(workers)

    @staticmethod
    def _new(workers: int) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import tablefix.detect.css  # noqa: F401 - what every text job needs, imported once before forking
        import tablefix.readers.text  # noqa: F401
        import tablefix.writers  # noqa: F401

        context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)

    def submit(self, fn: Work, task: list[Any]) -> Any:
        try:
            return self.pool.submit(_in_worker, fn, task)
        except self.died:
            self.pool = self._new(self.workers)
            return self.pool.submit(_in_worker, fn, task)

    def alone(self, fn: Work, task: list[Any]) -> list[Any]:
        with self._new(1) as solo:
            return solo.submit(_in_worker, fn, task).result()

    def close(self, abort: bool = False) -> None:
        """Stop the workers; when interrupted, without waiting for the jobs they are on."""
        if abort:
            import multiprocessing

            for worker in multiprocessing.active_children():
                worker.terminate()
        self.pool.shutdown(wait=not abort, cancel_futures=True)


class Dask:
    """A Dask cluster: the scheduler at `scheduler`, or a LocalCluster of worker processes (one thread each,
    loopback only, no dashboard). Dask schedules the tasks and retries one whose worker died until it has
    killed several (KilledWorker). Its workers read the inputs and write under --out-dir themselves."""

    LOCAL_ONLY: dict[str, Any] = {"dashboard_address": "127.0.0.1:0", "scheduler_kwargs": {"dashboard": False}}
    CONNECT_TIMEOUT = "10s"

    def __init__(self, workers: int, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError:
            raise PoolError("--engine dask needs Dask distributed: pip install 'tablefix[dask]'") from None
        import logging

        self.cluster, self.died = None, (distributed.KilledWorker,)
        try:
            if not scheduler:
                self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        host="127.0.0.1", silence_logs=logging.ERROR,
                                                        **self.LOCAL_ONLY)
            self.client = distributed.Client(scheduler or self.cluster, timeout=self.CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise PoolError(f"cannot reach the Dask scheduler at {scheduler} ({e}); check the address "
                            "(tcp://HOST:8786) and that it is running") from None
        self.depth = 2 * (sum(self.client.nthreads().values()) or workers)

    def submit(self, fn: Work, task: list[Any]) -> Any:
        return self.client.submit(fn, task, pure=False)

    def alone(self, fn: Work, task: list[Any]) -> list[Any]:
        return self.submit(fn, task).result()

    def close(self, abort: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_pool(engine: str, jobs: int | None, scheduler: str | None, batch: bool) -> Any:
    """Dask when asked; worker processes for a batch on several cores; else this process."""
    workers = jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if engine == "dask":
        return Dask(workers, scheduler)
    return Processes(workers) if batch and workers > 1 else Serial()

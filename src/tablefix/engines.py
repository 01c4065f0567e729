"""Ordered, bounded maps of chunks of work: in this process, on worker processes, or on Dask.

Every engine yields results in input order and keeps at most `depth` chunks in flight, so memory
stays bounded whatever the corpus size. No result is thrown away: when a worker dies (killed, out of
memory, a crash in native code), the chunk it was on is run again one job at a time in a fresh
process, and only the job that kills that process too is reported, as that job's failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

Chunk = list[Any]
Work = Callable[[Chunk], list[Any]]
Crashed = Callable[[Any, str], Any]

DIED = "the worker process died while cleaning it (killed, out of memory, or a crash in native code)"


class Engine(Protocol):
    def map(self, fn: Work, chunks: Iterable[Chunk], crashed: Crashed) -> Iterator[list[Any]]: ...

    def close(self, abort: bool = False) -> None: ...


class EngineError(Exception):
    """The engine cannot start (Dask not installed, scheduler unreachable); the message says what to do."""


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Serial:
    """In this process: a single input, or --jobs 1."""

    def map(self, fn: Work, chunks: Iterable[Chunk], crashed: Crashed) -> Iterator[list[Any]]:
        for chunk in chunks:
            yield fn(chunk)

    def close(self, abort: bool = False) -> None:
        pass


def _warm_up() -> None:
    """Import what every text job needs before the workers fork, so each starts with it loaded instead
    of importing it again (the heavy HTML modules stay lazy: most corpora are text)."""
    import tablefix.detect.css  # noqa: F401
    import tablefix.readers.text  # noqa: F401
    import tablefix.writers  # noqa: F401


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them; SIGTERM just ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def one_by_one(chunk: Chunk) -> Iterator[Any]:
    """The jobs of a chunk, a job that stands for several (a slice of a file) split into them."""
    for job in chunk:
        split = getattr(job, "split", None)
        try:
            parts = split() if callable(split) else [job]
        except OSError:  # cannot be split here (the file changed): run whole, to report that
            parts = [job]
        yield from parts


class Processes:
    """A pool of worker processes (forked on Linux, so they start warm)."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing

        self.jobs = jobs
        self.depth = 2 * jobs
        method = "fork" if sys.platform == "linux" else None
        self._context = multiprocessing.get_context(method)
        self._pool: Any = None

    def _new_pool(self, workers: int) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        _warm_up()

        return ProcessPoolExecutor(workers, mp_context=self._context, initializer=_worker_init)

    def map(self, fn: Work, chunks: Iterable[Chunk], crashed: Crashed) -> Iterator[list[Any]]:
        from concurrent.futures.process import BrokenProcessPool

        it = iter(chunks)
        window: deque[tuple[Chunk, Any]] = deque()
        self._pool = self._pool or self._new_pool(self.jobs)

        def fill() -> None:
            while len(window) < self.depth:
                chunk = next(it, None)
                if chunk is None:
                    return
                window.append((chunk, self._pool.submit(fn, chunk)))

        fill()
        while window:
            chunk, future = window.popleft()
            try:
                out = future.result()
            except BrokenProcessPool:
                out = self._isolate(fn, chunk, crashed)
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._new_pool(self.jobs)
                window = deque((c, f if _succeeded(f) else self._pool.submit(fn, c)) for c, f in window)
            except Exception:  # noqa: BLE001 - e.g. a result that cannot be pickled: retry job by job
                out = self._isolate(fn, chunk, crashed)
            yield out
            fill()

    def _isolate(self, fn: Work, chunk: Chunk, crashed: Crashed) -> list[Any]:
        """Each job of a chunk in a fresh single-worker pool: only the jobs that kill it again fail."""
        from concurrent.futures.process import BrokenProcessPool

        out: list[Any] = []
        for job in one_by_one(chunk):
            with self._new_pool(1) as solo:
                try:
                    out.extend(solo.submit(fn, [job]).result())
                except BrokenProcessPool:
                    out.append(crashed(job, DIED))
                except Exception as e:  # noqa: BLE001 - reported as this job's failure
                    out.append(crashed(job, f"{type(e).__name__}: {e}"))
        return out

    def close(self, abort: bool = False) -> None:
        """Stop the workers; on an interruption, without waiting for the jobs they are on."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            # A worker killed while sending a result leaves the pool's reader thread waiting for the rest,
            # and this process holds the pipe's other end: close it, so the thread sees the end and stops.
            writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
            if writer is not None:
                with contextlib.suppress(OSError):
                    writer.close()
        pool.shutdown(wait=not abort, cancel_futures=True)


def _succeeded(future: Any) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def make_engine(name: str, jobs: int, scheduler: str | None, batch: bool) -> Engine:
    """The engine for a run: Dask when asked; worker processes for a batch on several cores; else serial."""
    if name == "dask":
        from .engine_dask import Dask

        return Dask(jobs, scheduler)
    if batch and jobs > 1:
        return Processes(jobs)
    return Serial()

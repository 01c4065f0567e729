"""The Dask engine: the same chunks, the same worker function, on a Dask distributed cluster.

Imported only for `--engine dask`. Without `--scheduler` it starts a LocalCluster of worker
processes (one thread each, loopback only, no dashboard). Outputs are written by this process, as
with the local engine, so they are byte-for-byte the same. Workers must be able to read the
inputs: on a remote cluster, give paths on a shared file system or fsspec URLs (s3://, gs://, ...).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .engines import DIED, Chunk, Crashed, EngineError, Work

CONNECT_TIMEOUT = "10s"
LOCAL_ONLY: dict[str, Any] = {"dashboard_address": "127.0.0.1:0", "scheduler_kwargs": {"dashboard": False}}
"""The scheduler's HTTP endpoint on a free loopback port, and no dashboard (no bokeh, no port 8787)."""


class Dask:
    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError:
            raise EngineError("--engine dask needs Dask distributed: pip install 'tablefix[dask]'") from None
        self._distributed = distributed
        self.cluster: Any = None
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as e:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({e}); check the "
                                  "address (tcp://HOST:8786) and that it is running") from None
            workers = sum(self.client.nthreads().values()) or jobs
        else:
            self.cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                    host="127.0.0.1", silence_logs=logging.ERROR,
                                                    **LOCAL_ONLY)
            self.client = distributed.Client(self.cluster)
            workers = jobs
        self.depth = 2 * workers

    def map(self, fn: Work, chunks: Iterable[Chunk], crashed: Crashed) -> Iterator[list[Any]]:
        it = iter(chunks)
        window: deque[tuple[Chunk, Any]] = deque()

        def fill() -> None:
            while len(window) < self.depth:
                chunk = next(it, None)
                if chunk is None:
                    return
                window.append((chunk, self.client.submit(fn, chunk, pure=False)))

        fill()
        while window:
            chunk, future = window.popleft()
            try:
                out = future.result()
            except Exception:  # noqa: BLE001 - KilledWorker, a lost connection: retry job by job
                out = self._isolate(fn, chunk, crashed)
            future.release()
            yield out
            fill()

    def _isolate(self, fn: Work, chunk: Chunk, crashed: Crashed) -> list[Any]:
        out: list[Any] = []
        for job in chunk:
            try:
                out.extend(self.client.submit(fn, [job], pure=False).result())
            except self._distributed.KilledWorker:
                out.append(crashed(job, DIED))
            except Exception as e:  # noqa: BLE001 - reported as this job's failure
                out.append(crashed(job, f"{type(e).__name__}: {e}"))
        return out

    def close(self, abort: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

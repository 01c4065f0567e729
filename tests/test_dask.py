"""`--engine dask` on a real LocalCluster with worker processes: the same output as the local engine.

Marked `dask` (deselect with `-m "not dask"`); skipped, saying why, when Dask distributed is not installed.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tablefix.options import Options
from tablefix.pools import Dask
from tablefix.run import run

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed; "
                                                        "pip install 'tablefix[dask]' to run these tests")
pytestmark = pytest.mark.dask

TABLE = "Intro.\n\nA | B\n---|---\n{0} | {1}\n\nOutro.\n"


def cli(*files: str | Path, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Options(files=tuple(map(str, files)), **kw), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  silence_logs=logging.ERROR, **Dask.LOCAL_ONLY) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for k in range(30):
        (root / ("sub" if k % 3 else "") / f"d{k:02d}.txt").write_text(TABLE.format(k, k * k))
    (root / "sub" / "broken.txt").write_bytes(b"\x00\x01" * 200)
    with open(root / "corpus.jsonl", "w") as f:
        for k in range(200):
            f.write(json.dumps({"id": k, "text": TABLE.format(k, -k)}) + "\n")
        f.write("not json\n")
    return root


def test_same_output_as_the_local_engine(inputs: Path, scheduler: str, tmp_path: Path) -> None:
    local = cli(inputs, glob="*.txt", to="csv", jobs=1)
    remote = cli(inputs, glob="*.txt", to="csv", engine="dask", scheduler=scheduler)
    assert local[0] == remote[0] == 1  # broken.txt failed, the rest went on
    assert local[1] == remote[1] and local[1].count("A,B") == 30
    assert "broken.txt is not text" in remote[2]
    local = cli(inputs / "corpus.jsonl", field="text", jobs=1)
    remote = cli(inputs / "corpus.jsonl", field="text", engine="dask", scheduler=scheduler)
    assert local[1] == remote[1] and len(remote[1].splitlines()) == 201


def test_fsspec_urls_and_out_dir(inputs: Path, scheduler: str, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert cli(inputs, glob="*.txt", to="md", out_dir=local, jobs=1)[0] == 1
    code, _, stderr = cli(f"file://{inputs}", glob="*.txt", to="md", out_dir=remote, engine="dask",
                          scheduler=scheduler)
    assert code == 1, stderr
    made = sorted(p.relative_to(remote).as_posix() for p in remote.rglob("*.md"))
    assert made == sorted(p.relative_to(local).as_posix() for p in local.rglob("*.md")) and len(made) == 30
    assert all((remote / m).read_text() == (local / m).read_text() for m in made)


def test_without_a_scheduler_it_starts_a_local_cluster(inputs: Path) -> None:
    code, stdout, stderr = cli(inputs / "corpus.jsonl", field="text", engine="dask", jobs=1)
    assert code == 1 and len(stdout.splitlines()) == 201, stderr


def test_an_unreachable_scheduler_is_a_clear_error(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Dask, "CONNECT_TIMEOUT", "1s")
    code, _, stderr = cli(inputs, engine="dask", scheduler="tcp://127.0.0.1:9")
    assert code == 2 and stderr.startswith("tablefix: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_relative_paths_are_found_by_workers_in_another_directory(inputs: Path, scheduler: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(inputs)  # the cluster's workers started elsewhere
    local = cli("d00.txt", "sub/d01.txt", to="json", jobs=1)
    remote = cli("d00.txt", "sub/d01.txt", to="json", engine="dask", scheduler=scheduler)
    assert local[0] == remote[0] == 0, remote[2]
    assert local[1] == remote[1] and '"source": "sub/d01.txt"' in remote[1]


def test_workers_write_their_own_shards_and_resume_skips_them(inputs: Path, scheduler: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Each shard is read and written by a worker: the client receives no record (Result.text stays None)."""
    import tablefix.run

    for k in range(3):
        (inputs / f"shard{k}.jsonl").write_text((inputs / "corpus.jsonl").read_text())
    local = cli(inputs, glob="*.jsonl", field="text", out_dir=tmp_path / "local", jobs=1)
    taken = []
    real = tablefix.run.Taker.take
    monkeypatch.setattr(tablefix.run.Taker, "take", lambda self, r: (taken.append(r.text), real(self, r))[1])
    remote = cli(inputs, glob="*.jsonl", field="text", out_dir=tmp_path / "remote", engine="dask",
                 scheduler=scheduler)
    assert local[0] == remote[0] == 1 and taken == [None] * 4
    for name in ("corpus.jsonl", "shard0.jsonl", "shard2.jsonl"):
        assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    again = cli(inputs, glob="*.jsonl", field="text", out_dir=tmp_path / "remote", engine="dask",
                scheduler=scheduler, resume=True)
    assert "4 inputs skipped" in again[2]


def test_a_worker_killed_mid_shard_loses_nothing(tmp_path: Path) -> None:
    """A real LocalCluster: one worker is SIGKILLed while it cleans a shard; Dask runs the shard again on
    another worker and every output is as the local engine writes it."""
    import os
    import signal
    import threading
    import time

    root = tmp_path / "in"
    root.mkdir()
    article = (Path(__file__).parent.parent / "examples" / "putin-trump-ukraine.txt").read_text()
    for k in range(4):
        with open(root / f"s{k}.jsonl", "w") as f:
            for n in range(150):
                f.write(json.dumps({"id": n, "text": article.replace("Putin", f"Putin {k}.{n}")}) + "\n")
    local = cli(root, field="text", out_dir=tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  silence_logs=logging.ERROR, **Dask.LOCAL_ONLY) as cluster, \
            distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        result: list[tuple[int, str, str]] = []
        runner = threading.Thread(target=lambda: result.append(
            cli(root, field="text", out_dir=tmp_path / "remote", engine="dask", scheduler=cluster.scheduler_address)))
        runner.start()
        killed = None
        deadline = time.monotonic() + 60
        while killed is None and time.monotonic() < deadline:
            busy = [worker for worker, tasks in client.processing().items() if tasks]
            if busy:
                killed = pids[busy[0]]
                time.sleep(0.2)  # well inside the shard
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        runner.join(120)
    assert killed is not None and result, "no worker was seen cleaning a shard"
    assert result[0][0] == local[0] == 0, result[0][2]
    for k in range(4):
        assert (tmp_path / "remote" / f"s{k}.jsonl").read_bytes() == (tmp_path / "local" / f"s{k}.jsonl").read_bytes()

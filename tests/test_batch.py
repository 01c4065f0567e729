"""Batch runs: directories, JSON Lines corpora, worker processes, order, resume, crashes, interruptions."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tablefix.corpora.records
import tablefix.jobs
from tablefix.inputs import InputRef
from tablefix.jobs import Job, Result, run_task
from tablefix.options import Options
from tablefix.pools import Processes, ordered
from tablefix.run import run, tasks

TABLE = "Intro.\n\nA | B\n---|---\n{0} | {1}\n\nOutro.\n"
CRASH = "CRASH-THIS-WORKER"


def doc(k: int) -> str:
    return TABLE.format(k, k * k)


def cli(*files: str | Path, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Options(files=tuple(map(str, files)), **kw), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/ with 12 articles over three levels, a note that --glob leaves out, and hidden files."""
    root = tmp_path / "in"
    for k in range(12):
        p = root / ("" if k < 4 else "b" if k < 8 else "b/c") / f"n{k:02d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(doc(k))
    (root / "notes.md").write_text("no table here\n")
    (root / ".hidden.txt").write_text(doc(99))
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    lines = [json.dumps({"id": k, "text": doc(k), "keep": [k]}) for k in range(150)]
    lines[3] = "not json at all"
    lines[7] = json.dumps({"id": 7, "body": "no text field"})
    lines.insert(10, "")
    p = tmp_path / "corpus.jsonl"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_directory_is_walked_in_order_with_glob_and_jobs(tree: Path) -> None:
    serial = cli(tree, to="csv", glob="*.txt", jobs=1)
    parallel = cli(tree, to="csv", glob="*.txt", jobs=2)
    assert serial[0] == parallel[0] == 0
    assert serial[1] == parallel[1]
    firsts = [block.splitlines()[1] for block in serial[1].split("\n\n")]
    order = [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]  # sorted paths: b/c/n08.., b/n04.., n00..; no hidden, no .md
    assert firsts == [f"{k},{k * k}" for k in order]
    assert "tablefix: 12 documents, 12 tables, 0 failed" in serial[2]


def test_stdin_among_files_is_read_once_by_this_process(tree: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tablefix", str(tree / "n01.txt"), "-", str(tree / "n02.txt"),
                        "--to", "json", "-j", "2"], input=doc(7), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    sources = [json.loads(line)["source"] for line in r.stdout.splitlines()]
    assert sources == [str(tree / "n01.txt"), "-", str(tree / "n02.txt")]
    assert json.loads(r.stdout.splitlines()[1])["tables"][0]["rows"] == [["7", "49"]]


def test_out_dir_mirrors_the_input_tree(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = cli(tree, to="md", glob="*.txt", out_dir=out, jobs=2)
    assert code == 0 and stdout == ""
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    assert made[:2] == ["b/c/n08.1.md", "b/c/n09.1.md"] and len(made) == 12
    assert (out / "b" / "n05.1.md").read_text() == "| A | B |\n|---|---|\n| 5 | 25 |\n"
    assert not list(out.rglob("*.part"))


def test_out_dir_inside_the_input_tree_is_not_read_back(tree: Path) -> None:
    out = tree / "out"
    assert cli(tree, to="csv", glob="*.txt", out_dir=out, jobs=1)[0] == 0
    code, _, stderr = cli(tree, to="csv", glob="*.csv", out_dir=out, jobs=1)
    assert code == 1 and "has no files matching '*.csv'" in stderr


def test_resume_skips_finished_inputs_and_redoes_changed_ones(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli(tree, to="csv", glob="*.txt", out_dir=out, jobs=1)[0] == 0
    (out / "n00.1.csv").write_text("sentinel")  # a finished output is not rewritten on resume
    changed = tree / "b" / "n05.txt"
    changed.write_text(doc(500))
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 10**9))
    code, _, stderr = cli(tree, to="csv", glob="*.txt", out_dir=out, jobs=1, resume=True)
    assert code == 0
    assert "1 document," in stderr and "11 inputs skipped" in stderr
    assert (out / "n00.1.csv").read_text() == "sentinel"
    assert (out / "b" / "n05.1.csv").read_text() == "A,B\n500,250000\n"
    code, _, stderr = cli(tree, to="tsv", glob="*.txt", out_dir=out, jobs=1, resume=True)  # other options
    assert "12 documents" in stderr


def test_two_inputs_with_one_output_name_do_not_overwrite(tmp_path: Path) -> None:
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(doc(1 if d == "x" else 2))
    out = tmp_path / "out"
    code, _, stderr = cli(tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", to="csv", out_dir=out, jobs=1)
    assert code == 1 and "would overwrite that of" in stderr
    assert (out / "a.1.csv").read_text() == "A,B\n1,1\n"


def records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_keeps_every_record_in_order(corpus: Path, tmp_path: Path) -> None:
    code, stdout, stderr = cli(corpus, field="text", id_field="id", jobs=2)
    assert code == 1  # two records failed
    out = records(stdout)
    assert len(out) == 150
    assert [r.get("id") for r in out if "id" in r] == [k for k in range(150) if k != 3]
    good = out[5]
    assert good["text"] == TABLE.format(5, 25) and good["keep"] == [5]
    assert good["tables"][0]["columns"] == ["A", "B"] and good["tables"][0]["rows"] == [["5", "25"]]
    assert isinstance(good["fixes"], list) and "error" not in good
    assert out[3] == {"line": 4, "raw": "not json at all", "error": out[3]["error"]}
    assert out[7] == {"id": 7, "body": "no text field", "error": "no field 'text'"}
    assert "corpus.jsonl#7: no field 'text'" in stderr and "150 documents" in stderr


def test_jsonl_out_dir_writes_the_mirrored_corpus_same_as_stdout(corpus: Path, tmp_path: Path) -> None:
    gz = tmp_path / "packed.jsonl.gz"
    gz.write_bytes(gzip.compress(corpus.read_bytes()))
    out = tmp_path / "out"
    code, stdout, _ = cli(corpus, gz, field="text", out_dir=out, jobs=2)
    assert code == 1 and stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [".tablefix-done.jsonl", "corpus.jsonl", "packed.jsonl"]
    expected = cli(corpus, field="text", jobs=1)[1]
    assert (out / "corpus.jsonl").read_text() == (out / "packed.jsonl").read_text() == expected


def test_an_empty_corpus_gives_an_empty_output(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    out = tmp_path / "out"
    assert cli(tmp_path / "empty.jsonl", field="text", out_dir=out)[0] == 0
    assert (out / "empty.jsonl").read_text() == ""


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """`clean` that kills its worker process on a marker (workers are forked, so they get the patch)."""
    real = tablefix.jobs.clean

    def clean(text: str, name: str = "-", skip: tuple[str, ...] = (), keep_markup: bool = False,
              tables_only: bool = False) -> object:
        if CRASH in text:
            os._exit(3)
        return real(text, name, skip, keep_markup, tables_only)

    monkeypatch.setattr(tablefix.jobs, "clean", clean)  # documents
    monkeypatch.setattr(tablefix.corpora.records, "clean", clean)  # records


@pytest.mark.skipif(sys.platform != "linux", reason="the patch reaches workers only when they are forked")
def test_a_worker_crash_is_that_inputs_failure_and_nothing_is_lost(crashing: None, tmp_path: Path) -> None:
    files = []
    for k in range(6):
        p = tmp_path / f"d{k}.txt"
        p.write_text(doc(k) + (CRASH if k == 2 else ""))
        files.append(p)
    code, stdout, stderr = cli(*files, to="csv", jobs=2)
    assert code == 1
    assert [b.splitlines()[1] for b in stdout.split("\n\n")] == [f"{k},{k * k}" for k in range(6) if k != 2]
    assert "d2.txt: the worker process died while cleaning it" in stderr and "1 failed" in stderr


@pytest.mark.skipif(sys.platform != "linux", reason="the patch reaches workers only when they are forked")
def test_a_record_that_kills_its_worker_is_kept_with_an_error(crashing: None, tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text("".join(json.dumps({"text": doc(k) + (CRASH if k == 5 else "")}) + "\n" for k in range(40)))
    code, stdout, _ = cli(p, field="text", jobs=2)
    out = records(stdout)
    assert code == 1 and len(out) == 40
    assert out[5]["text"].endswith(CRASH) and "worker process died" in out[5]["error"]
    assert all("error" not in r for k, r in enumerate(out) if k != 5)


def test_the_pool_keeps_a_bounded_number_of_chunks_in_flight() -> None:
    pulled = 0

    def chunks():  # noqa: ANN202
        nonlocal pulled
        for k in range(100):
            pulled += 1
            yield [k]

    pool = Processes(2)
    try:
        results = ordered(pool, _double, chunks(), list, lambda job, why: None)
        assert next(results) == [0]
        assert pulled <= pool.depth + 1
        assert [r[0] for r in results] == [2 * k for k in range(1, 100)]
    finally:
        pool.close()


def _double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def test_tasks_are_bounded_by_count_and_bytes() -> None:
    src = InputRef("c.jsonl", "c.jsonl")
    jobs = [Job(src, k, data=b"x" * (600_000 if k % 50 == 5 else 10)) for k in range(200)]
    sizes = [sum(len(j.data or b"") for j in task) for task in tasks(iter(jobs))]
    counts = [len(task) for task in tasks(iter(jobs))]
    assert sum(counts) == 200 and max(counts) <= 64 and max(sizes) <= 1 << 20
    assert run_task([], Options(), None) == []


def test_usage_errors_are_exit_2() -> None:
    for kw, words in ((dict(resume=True), "--resume works with --out-dir"),
                      (dict(field="text", to="json"), "--field writes records"),
                      (dict(tables_out="t.jsonl", out_dir="o", resume=True), "--tables-out collects the tables"),
                      (dict(field="text", out_field="tables"), "--out-field tables: that field holds"),
                      (dict(scheduler="tcp://x:1"), "--scheduler works with --engine dask"),
                      (dict(id_field="id"), "--id-field works with --field")):
        code, _, stderr = cli("x.txt", **kw)
        assert code == 2 and words in stderr, kw


def test_no_progress_bar_on_a_pipe(tree: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tablefix", str(tree), "--glob", "*.txt", "--to", "csv", "-j", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert r.stderr.startswith("tablefix: 12 documents") and "\x1b" not in r.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="uses a pseudo-terminal")
def test_progress_bar_on_a_terminal(tree: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    r = subprocess.run([sys.executable, "-m", "tablefix", str(tree), "--glob", "*.txt", "--to", "csv", "-j", "1"],
                       stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "COLUMNS": "100"})
    os.close(follower)
    seen = b""
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    os.close(leader)
    assert r.returncode == 0
    assert b"documents" in seen and b"\x1b[" in seen  # drawn with terminal controls
    assert b"tablefix: 12 documents" in seen


def _start(args: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tablefix", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_leaves_no_partial_output(tmp_path: Path, sig: int, status: int) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"text": doc(k) * 40}) + "\n" for k in range(20_000)))
    out = tmp_path / "out"
    proc = _start([str(big), "--field", "text", "--out-dir", str(out), "--jobs", "1"], tmp_path)
    deadline = time.monotonic() + 60
    while not list(out.glob(".big.jsonl.*.part")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "finished before it could be interrupted"
    time.sleep(0.2)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == []  # no half-written output, no temporary file left
    assert big.stat().st_size > 0


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("".join(doc(k) for k in range(3000)))
    with subprocess.Popen([sys.executable, "-m", "tablefix", str(big), "--to", "csv"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline() == b"A,B\n"
        proc.stdout.close()  # as `| head -1` does
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) in (0, 141)
    assert stderr == b""


@pytest.mark.skipif(sys.platform != "linux", reason="the patch reaches workers only when they are forked")
@pytest.mark.parametrize("kw", [{"field": "text", "id_field": "id"}, {"to": "csv"}])
def test_worker_outputs_joined_in_order_match_one_process(corpus: Path, tree: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, kw: dict) -> None:
    """Worker processes leave their outputs (here: every one) in part files the main process joins in order:
    the output is byte for byte that of one process, and no temporary file stays."""
    import tempfile

    import tablefix.outputs

    monkeypatch.setattr(tablefix.jobs, "PART_BYTES", 1)  # the workers are forked: they see it too
    parts = []
    real = tablefix.outputs.Joined.add
    monkeypatch.setattr(tablefix.outputs.Joined, "add", lambda self, r: parts.append(r.part) or real(self, r))
    ours = lambda: {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("tablefix-")}  # noqa: E731
    before = ours()  # (other programs may come and go in the temporary directory meanwhile)
    inputs = [corpus] if "field" in kw else [tree]
    one, two = tmp_path / "one.out", tmp_path / "two.out"
    assert cli(*inputs, output=one, jobs=1, **kw)[0] == cli(*inputs, output=two, jobs=2, **kw)[0]
    assert any(parts) and two.read_bytes() == one.read_bytes()
    assert ours() == before


def test_parts_and_texts_are_joined_with_separators(tmp_path: Path) -> None:
    from tablefix.outputs import Joined

    part = tmp_path / "1.part"
    part.write_bytes("a,1\n\néé,2\n".encode())
    out = Joined(None, tmp_path / "out.csv", "\n")
    for result in (Result(InputRef("x", "x"), part=str(part)), Result(InputRef("y", "y"), text=""),
                   Result(InputRef("z", "z"), text="text,piece\n")):
        out.add(result)
    out.close(commit=True)
    assert (tmp_path / "out.csv").read_text() == "a,1\n\néé,2\n\ntext,piece\n"
    assert not part.exists()  # removed once joined


def test_json_lines_are_read_in_blocks_of_whole_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The main process reads a JSON Lines input in blocks cut at line ends; a worker numbers the lines of a
    block as reading the file line by line would, and an empty corpus is one (empty) job."""
    import itertools

    import tablefix.run

    p = tmp_path / "c.jsonl"
    p.write_bytes(b'{"text": "a"}\n\n   \n{"text": "b"}\r\n{"text": "\xc3\xa9"}\n \t\n{"text": "last"}')
    monkeypatch.setattr(tablefix.run, "BLOCK_BYTES", 5)  # a block per line or two
    blocks = list(tablefix.run.read_jobs(InputRef(str(p), "c.jsonl"), itertools.count(), Options(field="text")))
    assert len(blocks) > 2 and b"".join(j.data or b"" for j in blocks) == p.read_bytes()
    numbered = [(k, raw) for j in blocks for k, raw in enumerate((j.data or b"").split(b"\n"), j.line)]
    assert [(k, raw) for k, raw in numbered if raw.strip()] == [
        (k, raw) for k, raw in enumerate(p.read_bytes().split(b"\n"), 1) if raw.strip()]
    out = [json.loads(line) for r in run_task(blocks, Options(field="text"), None) for line in r.text.splitlines()]
    assert [r["text"] for r in out] == ["a", "b", "é", "last"]
    (tmp_path / "empty.jsonl").write_bytes(b"")
    empty = InputRef(str(tmp_path / "empty.jsonl"), "e")
    assert len(list(tablefix.run.read_jobs(empty, itertools.count(), Options(field="text")))) == 1


def test_a_corpus_that_fails_part_way_leaves_no_output_under_out_dir(tmp_path: Path) -> None:
    from tablefix.progress import Stats
    from tablefix.run import Taker

    ref = InputRef(str(tmp_path / "c.jsonl"), "c.jsonl")
    taker = Taker(Options(field="text", out_dir=str(tmp_path / "out")), io.StringIO(), io.StringIO(), None, Stats())
    taker.take(Result(ref, text='{"a": 1}\n', documents=1, block=True))
    taker.take(Result(ref, errors=["c.jsonl: reading failed at line 2"], broken=True, block=True))
    taker.take(Result(ref, text='{"a": 3}\n', documents=1, block=True))
    taker.close(commit=True)
    assert not (tmp_path / "out" / "c.jsonl").exists()
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]  # nor a temporary file


def test_an_output_opened_for_appending_is_appended_to(tree: Path, tmp_path: Path) -> None:
    """`>> log`: with worker processes too, the outputs go after what the file held."""
    log = tmp_path / "log"
    log.write_text("before\n")
    with open(log, "a", encoding="utf-8") as appending:
        assert run(Options(files=(str(tree),), glob="*.txt", to="csv", jobs=2), appending, io.StringIO()) == 0
    assert log.read_text() == "before\n" + cli(tree, glob="*.txt", to="csv", jobs=1)[1]


def test_a_regular_file_under_dev_is_renamed_over_like_any_file(tmp_path: Path) -> None:
    from tablefix.outputs import is_special

    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("no /dev/shm")
    target = shm / f"tablefix-test-{os.getpid()}.txt"
    target.write_text("old")
    try:
        assert not is_special(target)
    finally:
        target.unlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_of_records_is_read_once_whole_with_workers(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "records.fifo"
    os.mkfifo(fifo)
    lines = "".join(json.dumps({"text": doc(k)}) + "\n" for k in range(20))
    writer = threading.Thread(target=lambda: fifo.write_text(lines))
    writer.start()
    code, stdout, _ = cli(fifo, field="text", jobs=2)
    writer.join()
    assert code == 0 and len(records(stdout)) == 20 and all("error" not in r for r in records(stdout))


def test_a_worker_that_cannot_write_its_part_sends_its_output_instead(tmp_path: Path) -> None:
    job = Job(InputRef("c.jsonl", "c.jsonl"), 0, data=json.dumps({"text": doc(1)}).encode() + b"\n", block=True)
    [result] = run_task([job], Options(field="text"), str(tmp_path / "missing"))
    assert result.part is None and result.text and not result.errors


@pytest.mark.skipif(sys.platform != "linux", reason="the patch reaches workers only when they are forked")
def test_a_shard_that_kills_its_worker_fails_whole_and_is_done_again(crashing: None, tmp_path: Path) -> None:
    """A Parquet file is cleaned whole by one worker: when that worker dies, the file has no output and the
    journal does not list it, so --resume does it again."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist([{"text": doc(k) + (CRASH if k == 1 else "")} for k in range(3)]),
                   tmp_path / "s.parquet")
    (tmp_path / "t.jsonl").write_text(json.dumps({"text": doc(5)}) + "\n")
    out = tmp_path / "out"
    code, _, stderr = cli(tmp_path / "s.parquet", tmp_path / "t.jsonl", field="text", out_dir=out, jobs=2)
    assert code == 1 and "s.parquet: the worker process died" in stderr
    kept = sorted(p.name for p in out.iterdir() if not p.name.endswith(".part"))  # a killed process leaves its .part
    assert kept == [".tablefix-done.jsonl", "t.jsonl"]
    assert "s.parquet" not in (out / ".tablefix-done.jsonl").read_text()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_while_workers_write_shards_leaves_no_temporary_file(tmp_path: Path, jobs: str) -> None:
    """Parquet shards are written as they are cleaned, by this process (-j 1) or by workers (-j 2): SIGTERM
    removes every unfinished one."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    for k in range(3):
        rows = [{"text": doc(n) * 40} for n in range(3000)]
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / f"s{k}.parquet", row_group_size=100)
    out = tmp_path / "out"
    proc = _start([str(tmp_path), "--glob", "*.parquet", "--field", "text", "--out-dir", str(out), "-j", jobs],
                  tmp_path)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "finished before it could be interrupted"
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "Traceback" not in stderr
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def test_an_input_given_twice_under_out_dir_is_written_once(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = cli(corpus, corpus, field="text", out_dir=out, jobs=2)
    assert code == 1 and "corpus.jsonl: it is given twice" in stderr
    assert (out / "corpus.jsonl").read_text() == cli(corpus, field="text", jobs=1)[1]

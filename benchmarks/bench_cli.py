"""The CLI's performance budget, measured side by side in one run, printed as a table of ratios.

usage: python benchmarks/bench_cli.py [--repeats N] [--scale K] [--only NAME ...]
       (needs ../shared/samples and ../shared/eval/articles-dev beside the repository)

  cold-start   median whole-process time of `tablefix SAMPLE --to csv` / that of `python -c "import typer"`,
               the runs interleaved so both see the same machine load                      budget <= 1.0
  throughput   MB/s on one core over the dev articles (text path): the library in-process (clean +
               csv; CPU time, best of --repeats)                                           budget >= 10
               and, for reference, the CLI `tablefix DIR --to csv -j 1 -o /dev/null` (wall time, median,
               start-up included) on the dev articles and on K copies of them
  jobs         wall time of --jobs 1 / --jobs 2 on a JSON Lines corpus of the dev articles
               repeated K times (default 10, ~12 MB)                                       budget >= 1.8
               and, as the ceiling, --jobs 1 / two --jobs 1 runs on its halves at once
  jsonl        the CLI (-j 1 --out-dir) on a JSON Lines corpus against json.loads + json.dumps of its
               records, on the prose-heavy set of bench_text.py and on the dev articles    budget >= 25%
               and the same records cleaned in this process (CPU time, best of --repeats): the CLI's
               figure without its start-up and files
  linearity    time of a 100x larger document / that of the 1x document: 100 distinct articles joined
               (vs the sum of their times), and the sample repeated (x1 -> x100, and x3 -> x300, where
               the repeats are already duplicates the repair passes remove)                budget <= 120x
  memory       peak RSS (largest process, /usr/bin/time) of `--field text --jobs 2` on a corpus
               10x larger / on the 1x corpus                                               budget <= 1.2
The machine is shared: ratios are medians of --repeats runs, and CPU-bound ratios are only as good as
the cores that were free: the jobs rows show CPU seconds and the cores a run actually got (CPU / wall).
The package is byte-compiled first, as `pip install` does (an editable checkout run under
PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every start).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "putin-trump-ukraine.txt"
ARTICLES = SHARED / "eval" / "articles-dev"
BIN = Path(sys.executable).parent
TABLEFIX = [str(BIN / "tablefix")] if (BIN / "tablefix").exists() else [sys.executable, "-m", "tablefix"]


def wall(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's user+sys CPU seconds of one command."""
    return wall_side_by_side([cmd])


def wall_side_by_side(cmds: list[list[str]]) -> tuple[float, float]:
    """Wall seconds until the last of `cmds`, started together, ends; and their user+sys CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in cmds]
    for proc in procs:
        proc.wait()
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(fn: Callable[[], float], repeats: int) -> float:
    return statistics.median(fn() for _ in range(repeats))


def cpu_best(fn: Callable[[], object], repeats: int) -> float:
    """Least CPU seconds of `fn` in this process: other processes' load does not count."""
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def cold_start(repeats: int) -> list[tuple[str, str, str, bool]]:
    typer_cmd = [sys.executable, "-c", "import typer"]
    run_cmd = [*TABLEFIX, str(SAMPLE), "--to", "csv"]
    base, ours = [], []
    for _ in range(max(repeats, 11)):  # interleaved: both see the same load
        base.append(wall(typer_cmd)[0])
        ours.append(wall(run_cmd)[0])
    b, o = statistics.median(base), statistics.median(ours)
    return [("cold start: import typer", f"{b * 1000:.0f} ms", "", True),
            ("cold start: tablefix SAMPLE --to csv", f"{o * 1000:.0f} ms", "", True),
            ("cold start ratio", f"{o / b:.2f}x", "<= 1.0x", o / b <= 1.0)]


def articles() -> list[tuple[str, str]]:
    return [(p.read_text(encoding="utf-8"), str(p)) for p in sorted(ARTICLES.glob("*.txt"))]


def throughput(repeats: int, scale: int, tmp: Path) -> list[tuple[str, str, str, bool]]:
    import tablefix

    texts = articles()
    size = sum(len(t.encode()) for t, _ in texts)

    def once() -> None:
        for text, name in texts:
            tablefix.write(tablefix.clean(text, name), "csv")

    def cli(directory: Path, nbytes: int) -> float:
        cmd = [*TABLEFIX, str(directory), "--glob", "*.txt", "--to", "csv", "-j", "1", "-o", os.devnull]
        return nbytes / 1e6 / median_of(lambda: wall(cmd)[0], repeats)

    corpus = tmp / "articles"
    for k in range(scale):  # the dev articles `scale` times over, as files: start-up is then a small part
        shutil.copytree(ARTICLES, corpus / f"copy{k}", ignore=shutil.ignore_patterns("*.json"))
    lib = size / 1e6 / cpu_best(once, repeats)
    small, large = cli(ARTICLES, size), cli(corpus, size * scale)
    return [("throughput: library, 1 core", f"{lib:.1f} MB/s", ">= 10 MB/s", lib >= 10),
            (f"throughput: CLI -j 1, the dev articles x{scale} ({size * scale / 1e6:.0f} MB)", f"{large:.1f} MB/s",
             "", True),
            (f"throughput: CLI -j 1, the dev articles ({size / 1e6:.1f} MB, start-up included)", f"{small:.1f} MB/s",
             "", True)]


def write_corpus(path: Path, times: int) -> int:
    texts = articles()
    with open(path, "w", encoding="utf-8") as f:
        for k in range(times):
            for i, (text, name) in enumerate(texts):
                f.write(json.dumps({"id": f"{k}-{i}", "text": text, "source": name}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def _burn(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i
    return x


def machine_speedup(n: int = 3_000_000) -> float:
    """What two processes of pure CPU work gain over one right now: 2.0 on two free cores."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(2) as pool:
        t = time.perf_counter()
        pool.map(_burn, [n])
        one = time.perf_counter() - t
        t = time.perf_counter()
        pool.map(_burn, [n, n], chunksize=1)
        two = time.perf_counter() - t
    return 2 * one / two


def jobs_scaling(repeats: int, scale: int, tmp: Path) -> list[tuple[str, str, str, bool]]:
    """--jobs 2 against --jobs 1 on one corpus; beside them, two --jobs 1 runs on its halves at once, the
    same work in two processes with nothing shared: what this machine's two cores give this work right now,
    the most any pool could. Interleaved with the pure-CPU calibration, so all see the same load."""
    corpus = tmp / "jobs.jsonl"
    size = write_corpus(corpus, scale)
    lines = corpus.read_bytes().splitlines(keepends=True)
    halves = [tmp / "jobs-a.jsonl", tmp / "jobs-b.jsonl"]
    halves[0].write_bytes(b"".join(lines[:len(lines) // 2]))
    halves[1].write_bytes(b"".join(lines[len(lines) // 2:]))
    command = [*TABLEFIX, "--field", "text", "-o", os.devnull]
    timings: dict[str, list[tuple[float, float]]] = {"1": [], "2": [], "halves": []}
    calibration = []
    for _ in range(max(1, repeats // 2)):
        calibration.append(machine_speedup())
        for jobs in ("1", "2"):
            timings[jobs].append(wall([*command, str(corpus), "--jobs", jobs]))
        timings["halves"].append(wall_side_by_side([[*command, str(half), "--jobs", "1"] for half in halves]))
        calibration.append(machine_speedup())
    runs = {k: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for k, t in timings.items()}
    ratio, ceiling = runs["1"][0] / runs["2"][0], runs["1"][0] / runs["halves"][0]
    reached = statistics.median(h[0] / j[0] for h, j in zip(timings["halves"], timings["2"], strict=True))
    machine = statistics.median(calibration)
    rows = [(f"jobs: {size / 1e6:.0f} MB corpus, {name}",
             f"{runs[k][0]:.2f} s, {runs[k][1]:.2f} s CPU, {runs[k][1] / runs[k][0]:.1f} cores", "", True)
            for k, name in (("1", "--jobs 1"), ("2", "--jobs 2"), ("halves", "its halves, --jobs 1 each, at once"))]
    return [*rows, ("jobs speed-up (2 cores)", f"{ratio:.2f}x", ">= 1.8x", ratio >= 1.8),
            ("jobs CPU overhead of --jobs 2", f"{runs['2'][1] / runs['1'][1]:.2f}x CPU", "", True),
            ("ceiling: the halves at once / --jobs 1", f"{ceiling:.2f}x (--jobs 2 reached {reached:.0%})", "",
             True),
            ("machine: pure-CPU speed-up of 2 processes", f"{machine:.2f}x (2.00 if 2 free cores)", "", True)]


def jsonl_path(repeats: int, tmp: Path) -> list[tuple[str, str, str, bool]]:
    """The CLI on a JSON Lines corpus, -j 1 --out-dir (start-up included), against json.loads + json.dumps of
    the same records in this process: the least any JSON Lines tool does. Both in CPU time, the best of
    --repeats: on one core a run's CPU time is its wall time without what other processes took of it. Two
    corpora: the prose-heavy set of bench_text.py (what crawls hold) and the table-dense dev articles."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_text

    from tablefix.corpora.records import clean_record, json_line

    dev = bench_text.dev_articles(SHARED / "eval")
    rows = []
    for name, texts in (("prose-heavy set", bench_text.prose_corpus(SHARED / "eval", dev)),
                        ("dev articles", [t for t, _ in dev])):
        path = tmp / f"{name.split()[0]}.jsonl"
        lines = [json.dumps({"id": k, "text": t}, ensure_ascii=False) for k, t in enumerate(texts)] * 3
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        floor = cpu_best(lambda: [json.dumps(json.loads(line), ensure_ascii=False) for line in lines], repeats)  # noqa: B023
        cmd = [*TABLEFIX, str(path), "--field", "text", "-j", "1", "--out-dir", str(tmp / "jsonl-out")]
        ours = min(wall(cmd)[1] for _ in range(repeats))  # CPU time, best of: as the anchor's
        mb = path.stat().st_size / 1e6
        rows.append((f"jsonl: CLI -j 1 on the {name} ({mb:.1f} MB) / json.loads+dumps",
                     f"{mb / ours:.1f} / {mb / floor:.0f} MB/s = {floor / ours * 100:.1f}%", ">= 25%",
                     floor / ours >= 0.25))
        inside = cpu_best(lambda: [json_line(clean_record(json.loads(line))) for line in lines], repeats)  # noqa: B023
        rows.append((f"  the same records in this process (no start-up, no files), {len(lines)} records",
                     f"{inside / len(lines) * 1e6:.1f} us a record = {floor / inside * 100:.1f}%", "", True))
    return rows


def linearity(repeats: int) -> list[tuple[str, str, str, bool]]:
    import tablefix

    def timed(text: str, n: int) -> float:
        def once() -> None:
            for _ in range(n):
                tablefix.write(tablefix.clean(text), "csv")
        return cpu_best(once, max(3, repeats)) / n

    texts = [t for t, _ in articles()[:100]]
    parts = sum(timed(t, 3) for t in texts)
    joined = timed("\n\n".join(texts), 1)
    sample = SAMPLE.read_text(encoding="utf-8")
    one, three, hundred, three_hundred = (timed(sample * k, n) for k, n in ((1, 30), (3, 10), (100, 1), (300, 1)))
    r1, r2, r3 = joined / parts * 100, hundred / one, three_hundred / three
    return [("linearity: 100 distinct articles joined", f"{r1:.0f}x the time", "<= 120x", r1 <= 120),
            ("linearity: sample repeated, x1 -> x100", f"{r2:.0f}x the time", "<= 120x", r2 <= 120),
            ("linearity: sample repeated, x3 -> x300", f"{r3:.0f}x the time", "<= 120x", r3 <= 120)]


def peak_rss_kb(cmd: list[str]) -> int:
    """Peak RSS of the largest process of the command's tree (GNU time's %M, or the rusage of children)."""
    if shutil.which("/usr/bin/time"):
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, check=False).stderr
        return int(out.strip().splitlines()[-1])
    code = f"import resource,subprocess,sys; subprocess.run({cmd!r}, stdout=subprocess.DEVNULL); " \
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)


def memory(scale: int, tmp: Path) -> list[tuple[str, str, str, bool]]:
    small, large = tmp / "small.jsonl", tmp / "large.jsonl"
    s1 = write_corpus(small, max(1, scale // 5))
    s10 = write_corpus(large, 10 * max(1, scale // 5))
    rss = {}
    for name, path in (("1x", small), ("10x", large)):
        rss[name] = peak_rss_kb([*TABLEFIX, str(path), "--field", "text", "--jobs", "2", "-o", os.devnull])
    ratio = rss["10x"] / rss["1x"]
    return [(f"memory: {s1 / 1e6:.0f} MB corpus peak RSS", f"{rss['1x'] / 1024:.0f} MB", "", True),
            (f"memory: {s10 / 1e6:.0f} MB corpus peak RSS", f"{rss['10x'] / 1024:.0f} MB", "", True),
            ("memory ratio 10x / 1x corpus", f"{ratio:.2f}x", "<= 1.2x (flat)", ratio <= 1.2)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--scale", type=int, default=10, help="copies of the dev articles in the jobs corpus")
    ap.add_argument("--only", nargs="*", default=None,
                    choices=["cold-start", "throughput", "jobs", "jsonl", "linearity", "memory"])
    args = ap.parse_args()
    compileall.compile_dir(str(ROOT / "src" / "tablefix"), quiet=1)
    rows: list[tuple[str, str, str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="tablefix-bench-") as d:
        tmp = Path(d)
        steps: dict[str, Callable[[], list[tuple[str, str, str, bool]]]] = {
            "cold-start": lambda: cold_start(args.repeats * 4),
            "throughput": lambda: throughput(args.repeats, args.scale, tmp),
            "jobs": lambda: jobs_scaling(args.repeats, args.scale, tmp),
            "jsonl": lambda: jsonl_path(args.repeats, tmp),
            "linearity": lambda: linearity(args.repeats),
            "memory": lambda: memory(args.scale, tmp),
        }
        for name, step in steps.items():
            if args.only is None or name in args.only:
                rows += step()
                print(f"  {name} done", file=sys.stderr)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>28}  {'budget':<15} ok")
    for name, value, budget, ok in rows:
        print(f"{name:<{width}}  {value:>28}  {budget:<15} {('yes' if ok else 'NO') if budget else ''}")
    print(f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()

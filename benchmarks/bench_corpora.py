"""Corpus formats: tablefix's records/s and MB/s per format beside reading the same file with its library
alone (the floor any tool pays), in one run; and peak memory as a Parquet or WARC input grows 10x.

usage: python benchmarks/bench_corpora.py [--mb 4] [--repeats 3]
       (needs ../shared/eval beside the repository: its dev articles become the records, its html-dev and
       pages-dev pages the WARC responses)

  format      the file                                 library alone (the anchor)
  jsonl       records {"id", "text"}                   json.loads + json.dumps of every line
  jsonl.zst   the same, zstd-compressed                zstandard stream + json.loads + json.dumps
  parquet     the same records, row groups of 256      pyarrow iter_batches + to_pylist
  warc.gz     HTML pages as response records           FastWARC ArchiveIterator, each payload read
              (warcio is timed too: FastWARC was the faster reader, so tablefix uses it)
  wet.gz      the articles as WET conversion records   FastWARC, each payload read

tablefix runs in-process, one core (`run(Options(..., jobs=1))`, output under a temporary --out-dir):
reading, cleaning every record, writing the output shard. The ratio is tablefix's time over the
library's: how much cleaning costs over merely reading the format. Peak memory: a child process per run
(`tablefix FILE --field text --out-dir D -j 1`), its maxrss at 1x and at 10x the input.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVAL = ROOT.parent / "shared" / "eval"


def records(mb: float) -> list[dict[str, object]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((EVAL / "articles-dev").glob("*.txt"))]
    out: list[dict[str, object]] = []
    size = 0
    while size < mb * 1e6:
        out.append({"id": len(out), "text": texts[len(out) % len(texts)]})
        size += len(str(out[-1]["text"]).encode())
    return out


def pages(mb: float) -> list[str]:
    found = sorted((EVAL / "pages-dev").rglob("*.html")) + sorted((EVAL / "html-dev").glob("*.html"))
    html = [p.read_text(encoding="utf-8", errors="replace") for p in found]
    out, size = [], 0
    while size < mb * 1e6:
        out.append(html[len(out) % len(html)])
        size += len(out[-1].encode())
    return out


def write_corpora(folder: Path, mb: float) -> dict[str, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rows = records(mb)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    made = {"jsonl": folder / "c.jsonl", "jsonl.zst": folder / "c.jsonl.zst", "parquet": folder / "c.parquet",
            "warc.gz": folder / "c.warc.gz", "wet.gz": folder / "c.warc.wet.gz"}
    made["jsonl"].write_bytes(lines)
    made["jsonl.zst"].write_bytes(zstandard.ZstdCompressor().compress(lines))
    pq.write_table(pa.Table.from_pylist(rows), made["parquet"], row_group_size=256)
    for kind, items in (("warc.gz", pages(mb)), ("wet.gz", [r["text"] for r in rows])):
        with open(made[kind], "wb") as f:
            writer = WARCWriter(f, gzip=True)
            for k, body in enumerate(items):
                url = f"https://example.org/{k}"
                if kind == "warc.gz":
                    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                            protocol="HTTP/1.1")
                    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                    http_headers=http)
                else:
                    rec = writer.create_warc_record(url, "conversion", payload=io.BytesIO(str(body).encode()),
                                                    warc_content_type="text/plain")
                writer.write_record(rec)
    return made


def library_alone(kind: str, path: Path) -> int:
    """Read every record as the format's own library does; the number of records."""
    n = 0
    if kind.startswith("jsonl"):
        import zstandard

        with open(path, "rb") as raw:
            f = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw)) if kind.endswith("zst") else raw
            for line in f:
                json.dumps(json.loads(line), ensure_ascii=False)
                n += 1
    elif kind == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
            n += len(batch.to_pylist())
    else:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with open(path, "rb") as f:
            for rec in ArchiveIterator(f, record_types=WarcRecordType.response | WarcRecordType.conversion,
                                       parse_http=True):
                rec.reader.read()
                n += 1
    return n


def warcio_alone(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            if rec.rec_type in ("response", "conversion"):
                rec.content_stream().read()
                n += 1
    return n


def tablefix_run(path: Path, field: str | None) -> None:
    from tablefix.options import Options
    from tablefix.run import run

    with tempfile.TemporaryDirectory() as out:
        run(Options(files=(str(path),), field=field, out_dir=out, jobs=1), io.StringIO(), io.StringIO())


def best(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        gc.enable()
    return min(times)


def peak_rss_mb(path: Path, field: str | None) -> float:
    """The maxrss of a child running tablefix on `path` (a fresh wrapper process, so it is this run's)."""
    args = [sys.executable, "-m", "tablefix", str(path), "-j", "1", "--out-dir", tempfile.mkdtemp()]
    args += ["--field", field] if field else []
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4.0, help="size of each corpus in MB of text")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-memory", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        made = write_corpora(Path(tmp), args.mb)
        print(f"| format | records | file MB | library alone | tablefix | tablefix / library | machine: "
              f"{os.cpu_count()} cores, one used |")
        print("|---|---|---|---|---|---|---|")
        for kind, path in made.items():
            n = library_alone(kind, path)
            field = None if kind.endswith("gz") and "warc" in path.name else "text"
            lib = best(lambda: library_alone(kind, path), args.repeats)  # noqa: B023 - called at once
            ours = best(lambda: tablefix_run(path, field), args.repeats)  # noqa: B023
            mb = path.stat().st_size / 1e6
            print(f"| {kind} | {n} | {mb:.1f} | {n / lib:,.0f} rec/s, {mb / lib:.1f} MB/s | {n / ours:,.0f} rec/s, "
                  f"{mb / ours:.2f} MB/s | {ours / lib:.1f}x |")
            if kind == "warc.gz":
                w = best(lambda: warcio_alone(path), args.repeats)  # noqa: B023
                print(f"| warc.gz, warcio alone | {n} | {mb:.1f} | {n / w:,.0f} rec/s ({w / lib:.1f}x FastWARC's "
                      "time) | | |")
        if args.no_memory:
            return
        print("\n| input | peak RSS at 1x | at 10x | ratio |\n|---|---|---|---|")
        (Path(tmp) / "big").mkdir()
        big = write_corpora(Path(tmp) / "big", args.mb * 10)
        for kind in ("parquet", "warc.gz"):
            field = "text" if kind == "parquet" else None
            one, ten = peak_rss_mb(made[kind], field), peak_rss_mb(big[kind], field)
            print(f"| {kind} ({made[kind].stat().st_size / 1e6:.1f} MB -> {big[kind].stat().st_size / 1e6:.1f} MB) | "
                  f"{one:.0f} MB | {ten:.0f} MB | {ten / one:.2f}x |")


if __name__ == "__main__":
    main()

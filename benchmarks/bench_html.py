"""Throughput of the HTML reader against pandas.read_html and trafilatura, in one process, on the same files.

usage: python benchmarks/bench_html.py [DIR ...] [--repeats N] [--tools NAME,...]
       (default DIRs: ../shared/eval/html-dev and ../shared/eval/pages-dev beside the repository, and the
       directories listed in $TABLEFIX_BENCH_PAGES, separated by the path separator)

Real non-Wikipedia pages (news, blogs, forums) are not in the repository: publishers' pages are not ours to
commit. Point the benchmark at them, e.g. the HTML test pages of trafilatura (tests/cache), readability
(test/test-pages/*/source.html) and the article-extraction benchmark (html/*.html.gz, gunzipped).

For each directory, every *.html file is read into memory once and decoded as the CLI decodes it
(`readers.decode.decode`); then each tool runs over all files, `--repeats` rounds (the tools taking turns),
and the best wall time of a whole pass is reported, with the median beside it (one core, no parallelism):
  tablefix-tables  tables_from_markup(html)                      what pandas.read_html does
  tablefix-page    read_html_page(html): blocks, text and tables  what the CLI reads from a page
  tablefix-clean   write(clean(html), "csv")                      the whole page read, cleaned, its tables written
  tablefix-csv     write(clean(html, tables_only=True), "csv")    what `tablefix PAGE --to csv` does (also tsv,
                                                                  md, html without --document or --report)
  lxml-parse       lxml.etree.fromstring(html as UTF-8, HTMLParser) and nothing else: the floor of any
                   reader that parses the whole page with libxml2 (pandas included)
  pandas           pandas.read_html(flavor="lxml", extract_links="all", keep_default_na=False)
  trafilatura      trafilatura.extract(html, include_tables=True)
Ratios above 1 mean tablefix is faster. A tool that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DIRS = [ROOT.parent / "shared" / "eval" / "html-dev", ROOT.parent / "shared" / "eval" / "pages-dev"]


def _tablefix_tables(html: str) -> object:
    from tablefix.readers.html import tables_from_markup

    return tables_from_markup(html)


def _tablefix_page(html: str) -> object:
    from tablefix.readers.html import read_html_page

    return read_html_page(html)


def _tablefix_clean(html: str) -> object:
    import tablefix

    return tablefix.write(tablefix.clean(html), "csv")


def _tablefix_csv(html: str) -> object:
    import tablefix

    return tablefix.write(tablefix.clean(html, tables_only=True), "csv")


def _lxml_parse(html: str) -> object:
    from lxml import etree

    return etree.fromstring(html.encode("utf-8", "surrogatepass"), etree.HTMLParser(encoding="utf-8"))


def _pandas(html: str) -> object:
    import pandas as pd

    try:
        return pd.read_html(StringIO(html), flavor="lxml", extract_links="all", keep_default_na=False)
    except ValueError:  # no tables found
        return []


def _trafilatura(html: str) -> object:
    import trafilatura

    return trafilatura.extract(html, include_tables=True)


TOOLS: list[tuple[str, Callable[[str], object], str]] = [
    ("tablefix-tables", _tablefix_tables, "lxml"),
    ("tablefix-page", _tablefix_page, "lxml"),
    ("tablefix-clean", _tablefix_clean, "lxml"),
    ("tablefix-csv", _tablefix_csv, "lxml"),
    ("lxml-parse", _lxml_parse, "lxml"),
    ("pandas", _pandas, "pandas"),
    ("trafilatura", _trafilatura, "trafilatura"),
]


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _one_pass(run: Callable[[str], object], docs: list[str]) -> float:
    t0 = time.perf_counter()
    for doc in docs:
        run(doc)
    return time.perf_counter() - t0


def bench_dir(path: Path, repeats: int, only: set[str] | None = None) -> dict[str, float]:
    """Best seconds per tool of one pass over the directory's files.

    The tools take turns within each round, so load from other processes falls on all of them alike.
    """
    from tablefix.readers.decode import decode

    files = sorted(path.glob("*.html"))
    raw = [p.read_bytes() for p in files]
    docs = [decode(data, str(p)) for data, p in zip(raw, files, strict=True)]
    mb = sum(map(len, raw)) / 1e6
    print(f"\n{path.name}: {len(docs)} files, {mb:.2f} MB, best (median) of {repeats}")
    tools = []
    for name, run, module in TOOLS:
        if only is not None and name not in only:
            continue
        if _available(module):
            for doc in docs[:3]:  # warm-up: imports, caches
                run(doc)
            tools.append((name, run))
        else:
            print(f"  {name:16s} skipped ({module} not installed)")
    times: dict[str, list[float]] = {name: [] for name, _ in tools}
    for _ in range(repeats):
        for name, run in tools:
            times[name].append(_one_pass(run, docs))
    results = {name: min(ts) for name, ts in times.items()}
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, secs in results.items():
        print(f"  {name:16s} {secs:8.3f} s ({medians[name]:.3f})  {len(docs) / secs:8.1f} files/s  "
              f"{mb / secs:6.2f} MB/s")
    for ours in ("tablefix-tables", "tablefix-page", "tablefix-clean", "tablefix-csv"):
        for peer in ("lxml-parse", "pandas", "trafilatura"):
            if ours in results and peer in results:
                print(f"  {peer} / {ours}: {results[peer] / results[ours]:.2f}x "
                      f"({medians[peer] / medians[ours]:.2f}x)")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--tools", help="comma-separated tool names to run (default: all installed)")
    args = ap.parse_args(argv)
    extra = [Path(d) for d in os.environ.get("TABLEFIX_BENCH_PAGES", "").split(os.pathsep) if d]
    only = set(args.tools.split(",")) if args.tools else None
    warnings.filterwarnings("ignore")  # pandas/trafilatura chatter is not what is measured
    for d in args.dirs or DEFAULT_DIRS + extra:
        bench_dir(d, args.repeats, only)
    return 0


if __name__ == "__main__":
    sys.exit(main())

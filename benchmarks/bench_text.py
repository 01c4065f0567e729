"""Throughput of the text path as a ratio of a trivial floor, both run side by side in one process.

usage: python benchmarks/bench_text.py [--rounds N] [--eval DIR] [--crawl DIR ...]
       (default DIR: ../shared/eval beside the repository)

Two sets of documents, built in memory at run time (no third-party text is stored in the repository):
  dev    the table-dense dev articles (`articles-dev/*.txt`), as they are
  prose  about 1,000 documents of real prose: the prose paragraphs of the dev articles and the `<p>`
         text of the html-dev and pages-dev pages, a few paragraphs a document; every 20th document also
         holds a whole dev article (its table, and leaked CSS or a repeated paragraph where it has them)
  crawl  (with --crawl, or directories listed in $TABLEFIX_BENCH_CRAWL) every `*.txt` under the given
         directories, as they are: real crawl text, e.g. web pages run through the HTML-to-text converters
         scrapers use (not in the repository: publishers' text)
For each set the floor and tablefix run over every document in turn, `--rounds` times, interleaved, with
the garbage collector paused while timing; the best round of each is kept:
  floor     for line in text.split("\\n"): hashlib.md5(line.strip().encode()).digest()
            (what any repeat finder must at least do)
  tablefix  doc = tablefix.clean(text); tablefix.write(doc, "csv"); tablefix.write(doc, "text")
  --to csv  tablefix.write(tablefix.clean(text, tables_only=True), "csv"): what `tablefix FILE --to csv`
            does (a document holding no table is not repaired for a table writer)
The ratio (floor time / tablefix time) is what the budget counts; MB/s depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
BUDGET = {"dev": 0.10, "prose": 0.25, "crawl": 0.25}  # crawl text is a prose-heavy corpus of real text

_NOT_PROSE = re.compile(r"[|{}<>\t]|  |^[#*+\-=>\d]", re.MULTILINE)


def dev_articles(eval_dir: Path) -> list[tuple[str, dict]]:
    """Each dev article's text with its expected answer."""
    out = []
    for path in sorted((eval_dir / "articles-dev").glob("*.txt")):
        answer = path.with_name(path.stem + ".expected.json")
        expected = json.loads(answer.read_text(encoding="utf-8")) if answer.exists() else {}
        out.append((path.read_text(encoding="utf-8"), expected))
    return out


def _article_prose(articles: list[tuple[str, dict]]) -> list[str]:
    """The paragraphs of the dev articles that are plain prose: one line of sentences, no table or
    markup characters, none of the leaked CSS or the repeated paragraphs."""
    out = []
    for text, expected in articles:
        bad = expected.get("drop", []) + expected.get("once", [])
        for para in text.split("\n\n"):
            para = para.strip()
            if (len(para) >= 80 and "\n" not in para and para[-1] in ".!?\"')" and not _NOT_PROSE.search(para)
                    and not any(b in para for b in bad)):
                out.append(para)
    return out


def _page_prose(paths: list[Path]) -> list[list[str]]:
    """The `<p>` text of each page, whitespace collapsed, paragraphs of 80 characters or more."""
    import lxml.html

    out = []
    for path in paths:
        root = lxml.html.fromstring(path.read_bytes())
        paras = [" ".join(p.text_content().split()) for p in root.iter("p")]
        paras = [p for p in paras if len(p) >= 80]
        if paras:
            out.append(paras)
    return out


def prose_corpus(eval_dir: Path, articles: list[tuple[str, dict]], n_docs: int = 1000) -> list[str]:
    """About n_docs documents of 2-8 paragraphs of one source each (a title line first, as scraped text
    has one); every 20th also holds a whole dev article that has a table and leaked CSS or a repeat."""
    rng = random.Random(15)
    sources = [_article_prose(articles)]
    for sub in ("html-dev", "pages-dev"):
        sources += _page_prose(sorted((eval_dir / sub).glob("*.html")))
    paragraphs = [p for source in sources for p in dict.fromkeys(source)]  # in order, each once a source
    accidents = [text for text, expected in articles
                 if set(expected.get("meta", {}).get("accidents", [])) & {"css", "dup"}]
    docs, pos = [], 0
    for k in range(n_docs):
        size = rng.randint(2, 8)
        if pos + size > len(paragraphs):
            pos = 0
        chunk = paragraphs[pos:pos + size]
        pos += size
        title = " ".join(chunk[0].split()[:rng.randint(2, 6)]).rstrip(".,;:")
        parts = [title, *chunk]
        if k % 20 == 10:
            parts.insert(rng.randint(1, len(parts)), accidents[(k // 20) % len(accidents)].strip())
        docs.append("\n\n".join(parts) + "\n")
    return docs


def crawl_text(dirs: list[Path]) -> list[str]:
    """Every `*.txt` under dirs, in name order (bytes that are not UTF-8 replaced)."""
    paths = sorted(p for d in dirs for p in d.rglob("*.txt"))
    if not paths:
        raise SystemExit(f"bench_text: no *.txt under {', '.join(map(str, dirs))}")
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def floor(texts: list[str]) -> None:
    md5 = hashlib.md5
    for text in texts:
        for line in text.split("\n"):
            md5(line.strip().encode()).digest()


def tablefix_text(texts: list[str]) -> None:
    import tablefix

    for text in texts:
        doc = tablefix.clean(text)
        tablefix.write(doc, "csv")
        tablefix.write(doc, "text")


def tablefix_csv(texts: list[str]) -> None:
    """What `tablefix FILE --to csv` does with each document: a table writer's read (`tables_only`)."""
    import tablefix

    for text in texts:
        tablefix.write(tablefix.clean(text, tables_only=True), "csv")


def best_times(texts: list[str], runs: list[tuple[str, Callable[[list[str]], None]]], rounds: int) -> dict[str, float]:
    """The best wall time of each run over `rounds` interleaved rounds, the garbage collector paused."""
    best = {name: float("inf") for name, _ in runs}
    for _ in range(rounds):
        for name, run in runs:
            gc.collect()
            gc.disable()
            try:
                t0 = time.perf_counter()
                run(texts)
                best[name] = min(best[name], time.perf_counter() - t0)
            finally:
                gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the shared eval directory")
    parser.add_argument("--only", choices=sorted(BUDGET), help="run one set")
    parser.add_argument("--crawl", type=Path, action="append", default=[],
                        help="a directory of real crawl text (*.txt, searched recursively)")
    args = parser.parse_args(argv)
    articles = dev_articles(args.eval)
    sets = {"dev": [text for text, _ in articles]}
    if args.only in (None, "prose"):
        sets["prose"] = prose_corpus(args.eval, articles)
    crawl = args.crawl + [Path(d) for d in os.environ.get("TABLEFIX_BENCH_CRAWL", "").split(os.pathsep) if d]
    if crawl and args.only in (None, "crawl"):
        sets["crawl"] = crawl_text(crawl)
    tablefix_text(sets["dev"][:5])  # imports and compiled patterns out of the timing
    print(f"{'set':<6} {'docs':>5} {'MB':>6} {'floor MB/s':>11} {'tablefix MB/s':>14} {'ratio':>7} {'--to csv':>9} "
          f"{'budget':>7}")
    for name, texts in sets.items():
        if args.only and name != args.only:
            continue
        mb = sum(len(t.encode()) for t in texts) / 1e6
        best = best_times(texts, [("floor", floor), ("tablefix", tablefix_text), ("csv", tablefix_csv)], args.rounds)
        ratio = best["floor"] / best["tablefix"]
        print(f"{name:<6} {len(texts):>5} {mb:>6.2f} {mb / best['floor']:>11.1f} {mb / best['tablefix']:>14.2f} "
              f"{ratio:>7.1%} {best['floor'] / best['csv']:>9.1%} {'>= ' + format(BUDGET[name], '.0%'):>7}")
    print("(ratios: floor time / tablefix time, best of each in one process; MB/s depend on the machine; tablefix:"
          " clean + csv + text; --to csv: clean(tables_only=True) + csv, what the command line does for csv)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

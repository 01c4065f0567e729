#!/usr/bin/env python
"""Robustness harness: how does tablefix do on converters and settings *other* than the dev set's?

Each Wikipedia table of shared/eval/html-dev is embedded in a small HTML article (title, real
paragraphs from articles-dev, the table, a closing paragraph) and turned into text by many
converters and settings (html2text, markdownify, html-to-markdown, trafilatura, inscriptis,
pandoc, text browsers, turndown & co. through node, naive BeautifulSoup/lxml flatteners), or
the ground-truth grid is rendered directly (tabulate formats, pandas, csv) between paragraphs.

A case counts only when an oracle confirms that the text really holds the exact grid for a
careful reader (markdown-it GFM parse, pandoc reading its own output back, strict aligned
columns, csv read-back, ...). Otherwise it is skipped and counted as skipped.

tablefix runs in process (`tablefix.clean`); a sample also goes through the CLI. Scoring follows
shared/eval/casescore.py: exact grid (header as columns == header as first row), cell F1, extra
tables. Prose-only texts (the same articles without the table, through the same converter, plus
hand-written negatives) measure precision: any table found there is an extra table.

    /work/venv/bin/python benchmarks/robustness/run.py            # everything (cached conversions)
    /work/venv/bin/python benchmarks/robustness/run.py -k pandoc  # only variants whose name has 'pandoc'
    /work/venv/bin/python benchmarks/robustness/run.py --limit 20 --no-cache --json out.json

Failure examples go to /tmp/robustness_failures/<variant>/. Optional tools are skipped when
missing: pandoc (pip install pypandoc-binary), w3m/lynx/elinks/links2 (apt), node with turndown,
turndown-plugin-gfm, @joplin/turndown-plugin-gfm, node-html-markdown, html-to-text, jsdom
(npm install in $TABLEFIX_NODE_DIR, default /tmp/nodeconv), html-to-markdown, html-text.
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import html as htmllib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVAL = Path(os.environ.get("TABLEFIX_EVAL", ROOT.parent / "shared" / "eval"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(EVAL))

import casescore  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

import tablefix  # noqa: E402

CACHE = Path(os.environ.get("TABLEFIX_ROBUST_CACHE", "/tmp/robustness_cache"))
FAILDIR = Path("/tmp/robustness_failures")
NODE_DIR = Path(os.environ.get("TABLEFIX_NODE_DIR", "/tmp/nodeconv"))
CACHE_VERSION = "3"  # bump when a converter changes
ORACLE_VERSION = "4"  # bump when an oracle changes
norm = casescore.norm


# --------------------------------------------------------------------------- source tables


@dataclass
class Source:
    name: str  # html__200-1
    grid: list[list[str]]  # header row first, reader-view values
    table_html: str  # hidden elements and images removed
    spans: bool
    title: str
    paras: list[str]  # intro paragraphs
    closing: str


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)


def clean_table_html(raw: str) -> str:
    soup = BeautifulSoup(raw, "lxml")
    for el in soup.select(".reference, .sortkey, img"):
        el.decompose()
    for el in soup.find_all(style=_HIDDEN_STYLE):
        el.decompose()
    t = soup.find("table")
    return str(t)


def _md_to_plain(s: str) -> str:
    html = MarkdownIt("commonmark").renderInline(s)
    return norm(BeautifulSoup(html, "lxml").get_text())


def prose_pool() -> tuple[dict[str, list[str]], list[str]]:
    """Paragraphs of the dev articles, by source table ('200-1') and all together."""
    by_src: dict[str, list[str]] = {}
    pool: list[str] = []
    seen = set()
    for f in sorted((EVAL / "articles-dev").glob("html2text__*.txt")) + sorted(
            (EVAL / "articles-dev").glob("markdownify__*.txt")):
        src = f.name.split("__")[1]
        for line in f.read_text().splitlines():
            s = line.strip()
            if (len(s) < 120 or "|" in s or s.startswith(("#", "*", "-", "=")) or "{" in s or "}" in s
                    or s.count(";") > 2):
                continue
            p = _md_to_plain(s)
            key = p[:60]
            if key in seen:
                continue
            seen.add(key)
            by_src.setdefault(src, []).append(p)
            pool.append(p)
    return by_src, pool


def load_sources(limit: int | None) -> list[Source]:
    by_src, pool = prose_pool()
    out = []
    files = sorted((EVAL / "html-dev").glob("*.expected.json"))
    for ef in files:
        name = ef.name[: -len(".expected.json")]
        exp = json.loads(ef.read_text())
        t = exp["tables"][0]
        grid = casescore.grid(t["columns"], t["rows"])
        raw = (EVAL / "html-dev" / f"{name}.html").read_text()
        src = name.split("__")[1]
        paras = list(by_src.get(src, []))
        h = int(hashlib.md5(name.encode()).hexdigest(), 16)
        while len(paras) < 3:
            paras.append(pool[(h + 7 * len(paras)) % len(pool)])
        out.append(Source(name, grid, clean_table_html(raw), name.startswith("html_span"),
                          exp.get("meta", {}).get("title") or "Untitled", paras[:2], paras[-1]))
    out.sort(key=lambda s: (s.spans, s.name))
    if limit:
        plain = [s for s in out if not s.spans][:limit]
        span = [s for s in out if s.spans][: max(1, limit // 3)]
        out = plain + span
    return out


def article_html(s: Source, table: str | None = None, with_table: bool = True, title: bool = True) -> str:
    t = (table if table is not None else s.table_html) if with_table else ""
    h1 = f"<h1>{htmllib.escape(s.title)}</h1>\n" if title else ""
    ps = "".join(f"<p>{htmllib.escape(p)}</p>\n" for p in s.paras)
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{htmllib.escape(s.title)}</title>"
            f"</head>\n<body>\n<article>\n{h1}{ps}{t}\n"
            f"<p>{htmllib.escape(s.closing)}</p>\n</article>\n</body></html>\n")


def nohead_table(table_html: str) -> str:
    """The same table with its header cells written as <td> (very common on the web)."""
    soup = BeautifulSoup(table_html, "lxml")
    for th in soup.find_all("th"):
        th.name = "td"
    return str(soup.find("table"))


def text_article(s: Source, table_text: str, title_md: bool = False, tight: bool = False) -> str:
    title = f"# {s.title}" if title_md else s.title
    gap = "\n" if tight else "\n\n"
    return (f"{title}\n\n" + "\n\n".join(s.paras) + gap + table_text.rstrip("\n") + gap + s.closing + "\n")


# --------------------------------------------------------------------------- oracles

_MD = MarkdownIt("commonmark").enable("table")


def _inline_text(tok) -> str:
    out = []
    for c in tok.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif c.type == "image":
            out.append(c.content)
        elif c.type == "html_inline" and re.match(r"<br\b", c.content, re.I):
            out.append(" ")
    return "".join(out)


def gfm_tables(text: str) -> list[list[list[str]]]:
    tables, cur, row = [], None, None
    for t in _MD.parse(text):
        if t.type == "table_open":
            cur = []
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(norm(_inline_text(t)))
        elif t.type == "tr_close" and cur is not None:
            cur.append(row)
            row = None
        elif t.type == "table_close":
            tables.append(cur)
            cur = None
    return tables


def html_grids(html: str) -> list[list[list[str]]]:
    """Naive grids of every <table> (no span expansion: only used where the grid has none)."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    for t in soup.find_all("table"):
        g = []
        for tr in t.find_all("tr"):
            if tr.find_parent("table") is not t:
                continue
            row = []
            for c in tr.find_all(["td", "th"], recursive=False):
                for br in c.find_all("br"):
                    br.replace_with(" ")
                row.append(norm(c.get_text()))
            g.append(row)
        out.append(g)
    return out


def oracle_gfm(text, grid, **_):
    return any(t == grid for t in gfm_tables(text))


def oracle_markup(text, grid, **_):
    return any(t == grid for t in html_grids(text))


PANDOC = None


def pandoc_bin():
    global PANDOC
    if PANDOC is None:
        PANDOC = shutil.which("pandoc") or ""
        if not PANDOC:
            try:
                import pypandoc
                PANDOC = pypandoc.get_pandoc_path()
            except Exception:
                PANDOC = ""
    return PANDOC


def run_pandoc(text: str, src: str, dst: str, *extra: str, timeout: float = 60) -> str:
    r = subprocess.run([pandoc_bin(), "-f", src, "-t", dst, *extra], input=text, capture_output=True,
                       text=True, timeout=timeout)
    if r.returncode:
        raise RuntimeError(r.stderr[:300])
    return r.stdout


def oracle_pandoc(fmt):
    def check(text, grid, **_):
        try:
            return any(t == grid for t in html_grids(run_pandoc(text, fmt, "html", timeout=8)))
        except Exception:  # includes pandoc's org reader taking forever on some inputs
            return False
    return check


_RULE = re.compile(r"^[\s\-=+:|~.\u2500-\u257f]*$")  # rules: dashes, equals, plus, box drawing
_VSEP = re.compile(r"\s*(?:\|\|?|│|┃|║)\s*")


def _is_rule(line: str) -> bool:
    return bool(line.strip()) and bool(_RULE.match(line)) and bool(re.search(r"[-=─━═]", line))


def _header_starts(lines: list[str], grid) -> list[int]:
    hdr = [c for c in grid[0] if c]
    out = []
    for i, line in enumerate(lines):
        pos, ok = 0, True
        for c in hdr:
            k = norm(line).find(c, pos)
            if k < 0:
                ok = False
                break
            pos = k + len(c)
        if ok:
            out.append(i)
    return out


def _block(lines, h, n, tight):
    """n content lines from h, skipping rule lines; None on a blank line or a run-on."""
    out, i = [], h
    while i < len(lines) and len(out) < n:
        line = lines[i]
        if not line.strip():
            return None
        if not _is_rule(line):
            out.append(line)
        i += 1
    if len(out) < n:
        return None
    while i < len(lines) and _is_rule(lines[i]):
        i += 1
    if not tight and i < len(lines) and lines[i].strip():
        return None
    return out


def _aligned_fits(block, grid, min_gutter=1) -> bool:
    ncols = len(grid[0])
    width = max(map(len, block))
    pad = [ln.ljust(width) for ln in block]
    occ = [any(ln[p] != " " for ln in pad) for p in range(width)]
    runs, p = [], 0
    while p < width:
        if occ[p]:
            q = p
            while q < width and occ[q]:
                q += 1
            runs.append((p, q))
            p = q
        else:
            p += 1
    m = len(runs)
    memo = {}

    def ok(k, j):  # runs k.. hold columns j..
        if (k, j) in memo:
            return memo[k, j]
        res = False
        if j == ncols:
            res = k == m
        elif k < m:
            for e in range(k, m - (ncols - j - 1)):
                a, b = runs[k][0], runs[e][1]
                if all(norm(ln[a:b]) == grid[i][j] for i, ln in enumerate(pad)):
                    inner = max((runs[x + 1][0] - runs[x][1] for x in range(k, e)), default=0)
                    gap = runs[e + 1][0] - runs[e][1] if e + 1 < m else 10 ** 6
                    lgap = runs[k][0] - runs[k - 1][1] if k > 0 else 10 ** 6
                    if inner < min(gap, lgap) and (e + 1 == m or gap >= min_gutter) and ok(e + 1, j + 1):
                        res = True
                        break
        memo[k, j] = res
        return res

    return ok(0, 0)


def oracle_aligned(text, grid, tight=False, min_gutter=1, **_):
    lines = text.split("\n")
    for h in _header_starts(lines, grid):
        b = _block(lines, h, len(grid), tight)
        if b and _aligned_fits(b, grid, min_gutter):
            return True
    return False


def md_cell(s: str) -> str:
    """A cell as a reader of Markdown sees it."""
    toks = _MD.parseInline(s)
    return norm(_inline_text(toks[0])) if toks else norm(s)


_ORG_LINK = re.compile(r"\[\[(?:[^\]]*)\]\[([^\]]*)\]\]|\[\[([^\]]*)\]\]")
_ORG_EMPH = re.compile(r"(?<![\w])([/*=~+_])(?=\S)(.+?)(?<=\S)\1(?![\w])")


def org_cell(s: str) -> str:
    s = _ORG_LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), s)
    for _ in range(3):
        s = _ORG_EMPH.sub(r"\2", s)
    return norm(s)


def oracle_org(text, grid, **kw):
    """Org tables: | cells |, |---+---| rules, /em/ *strong* [[url][text]] read as text (pandoc's org
    reader is too slow on some of these inputs to serve as the oracle)."""
    return oracle_box(text, grid, cell=org_cell, **kw)


def oracle_box_md(text, grid, **kw):
    return oracle_box(text, grid, md=True, **kw)


def oracle_box(text, grid, tight=False, md=False, cell=None, **_):
    """Rows split on a vertical bar (|, ||, │, ┃, ║); rule lines ignored."""
    lines = text.split("\n")
    for h in _header_starts(lines, grid):
        b = _block(lines, h, len(grid), True)  # bars delimit the rows: what follows does not matter
        if not b:
            continue
        rows = []
        for ln in b:
            s = ln.strip()
            parts = _VSEP.split(s)
            if parts and parts[0] == "" and _VSEP.match(s):
                parts = parts[1:]
            if parts and parts[-1] == "" and re.search(r"(\|\|?|│|┃|║)\s*$", s):
                parts = parts[:-1]
            f = cell or (md_cell if md else norm)
            rows.append([f(x) for x in parts])
        if rows == grid:
            return True
    return False


def oracle_text(text, grid, **kw):
    return oracle_box(text, grid, **kw) or oracle_aligned(text, grid, **kw)


def oracle_delimited(delim, pad=False):
    def check(text, grid, tight=False, **_):
        lines = text.split("\n")
        n = len(grid[0])
        for h in _header_starts(lines, grid):
            b = lines[h:h + len(grid)]
            if len(b) < len(grid) or any(not ln.strip() for ln in b):
                continue
            rows = [[norm(c) for c in r] for r in csv.reader(b, delimiter=delim)]
            if pad:
                rows = [r + [""] * (n - len(r)) for r in rows]
            if rows == grid:
                return True
        return False
    return check


def oracle_cells_per_line(text, grid, **_):
    """One cell per line, a blank line between rows (textContent of indented HTML)."""
    if any(c == "" for r in grid for c in r):
        return False
    lines = [ln.strip() for ln in text.split("\n")]
    for h in range(len(lines)):
        if lines[h] != grid[0][0]:
            continue
        i, ok = h, True
        for row in grid:
            while i < len(lines) and not lines[i]:
                i += 1
            if lines[i:i + len(row)] != row or (i + len(row) < len(lines) and lines[i + len(row)]):
                ok = False
                break
            i += len(row)
        if ok:
            return True
    return False


def oracle_trusted(text, grid, **_):
    return True


# --------------------------------------------------------------------------- converters

@dataclass
class Variant:
    name: str
    family: str
    kind: str  # "html": fn(article_html) -> text; "grid": fn(source) -> (text, expected grid or None)
    fn: Callable
    oracle: Callable
    wild: int  # 1 very common in scraped text, 2 common, 3 niche
    spans: bool = False  # also run tables with colspan/rowspan
    tight: bool = False
    note: str = ""
    nohead: bool = False  # html kind: feed the table with <th> turned into <td>
    notitle: bool = False  # html kind: an article without its <h1> (no Markdown heading in the output)
    subprocess: bool = False
    needs: str = ""  # "pandoc", "node", a binary name or a python module


VARIANTS: list[Variant] = []


def V(*a, **k):
    VARIANTS.append(Variant(*a, **k))


# ---- html2text
def _h2t(**opts):
    def f(html):
        import html2text
        h = html2text.HTML2Text()
        for k, v in opts.items():
            setattr(h, k, v)
        return h.handle(html)
    return f


V("html2text-default", "html2text", "html", lambda h: __import__("html2text").html2text(h), oracle_gfm, 1,
  note="html2text.html2text(): links kept inline, body_width=78")
V("html2text-links-bw0", "html2text", "html", _h2t(body_width=0), oracle_gfm, 1, note="links kept, no wrap")
V("html2text-pad", "html2text", "html", _h2t(body_width=0, ignore_links=True, pad_tables=True), oracle_gfm, 2,
  note="pad_tables=True")
V("html2text-reflinks", "html2text", "html", _h2t(inline_links=False), oracle_gfm, 2,
  note="inline_links=False: [text][1] reference links")
V("html2text-escape-snob", "html2text", "html", _h2t(body_width=0, ignore_links=True, escape_snob=True),
  oracle_gfm, 3, note="escape_snob=True")
V("html2text-single-line-break", "html2text", "html", _h2t(body_width=0, ignore_links=True, single_line_break=True),
  oracle_box_md, 3, note="single_line_break=True: no blank line around the table")
V("html2text-crawl4ai-like", "html2text", "html",
  _h2t(body_width=0, protect_links=True, mark_code=True, single_line_break=True), oracle_box_md, 1,
  note="crawl4ai's html2text options: protect_links ([t](<url>)), single_line_break")
V("html2text-wrap-tables", "html2text", "html", _h2t(wrap_tables=True), oracle_gfm, 3,
  note="wrap_tables=True, body_width=78")
V("html2text-bypass", "html2text", "html", _h2t(body_width=0, bypass_tables=True), oracle_markup, 3,
  note="bypass_tables=True: raw <table> markup", spans=True)
V("html2text-dev-notitle", "html2text", "html", _h2t(body_width=0, ignore_links=True), oracle_gfm, 2, notitle=True,
  note="dev settings, article without <h1>: no Markdown evidence outside the table")
V("html2text-nohead", "html2text", "html", _h2t(body_width=0, ignore_links=True), oracle_gfm, 2, nohead=True,
  note="table without <th>")


# ---- markdownify
def _mdf(**opts):
    def f(html):
        import markdownify
        return markdownify.markdownify(html, **opts)
    return f


V("markdownify-default", "markdownify", "html", _mdf(), oracle_gfm, 1, note="links kept with titles")
V("markdownify-atx-escmisc", "markdownify", "html", _mdf(heading_style="ATX", escape_misc=True, strip=["a"]),
  oracle_gfm, 2, note="heading_style=ATX, escape_misc=True")
V("markdownify-noescape", "markdownify", "html", _mdf(escape_underscores=False, escape_asterisks=False),
  oracle_gfm, 2, note="escape_underscores/asterisks=False")
V("markdownify-dev-notitle", "markdownify", "html", _mdf(strip=["a"]), oracle_gfm, 2, notitle=True,
  note="dev settings, article without <h1>")
V("markdownify-wrap", "markdownify", "html", _mdf(wrap=True, wrap_width=80, strip=["a"]), oracle_gfm, 3,
  note="wrap=True, wrap_width=80")
V("markdownify-nohead", "markdownify", "html", _mdf(strip=["a"]), oracle_gfm, 2, nohead=True,
  note="table without <th>: empty header row")
V("markdownify-nohead-infer", "markdownify", "html", _mdf(strip=["a"], table_infer_header=True), oracle_gfm, 2,
  nohead=True, note="table_infer_header=True")


# ---- html-to-markdown (python, rust core)
def _htmd(**opts):
    def f(html):
        import html_to_markdown as h
        return h.convert(html, h.ConversionOptions(**opts) if opts else None).content
    return f


V("html-to-markdown-default", "html-to-markdown", "html", _htmd(), oracle_gfm, 2, needs="html_to_markdown",
  note="front matter, padded pipe table")
V("html-to-markdown-compact-ref", "html-to-markdown", "html",
  _htmd(compact_tables=True, link_style="reference", extract_metadata=False), oracle_gfm, 3,
  needs="html_to_markdown")
V("html-to-markdown-plain", "html-to-markdown", "html", _htmd(output_format="plain"),
  oracle_delimited("\t", pad=True), 3, needs="html_to_markdown", note="output_format=plain: tab-separated rows")


# ---- trafilatura
def _traf(**opts):
    def f(html):
        import trafilatura
        return trafilatura.extract(html, include_tables=True, **opts) or ""
    return f


V("trafilatura-md-links", "trafilatura", "html", _traf(output_format="markdown", include_links=True,
                                                       include_formatting=True), oracle_gfm, 1,
  note="markdown, include_links, include_formatting")
V("trafilatura-md-notitle", "trafilatura", "html", _traf(output_format="markdown"), oracle_gfm, 1, notitle=True,
  note="dev settings, article without <h1> (trafilatura often drops the title anyway)")
V("trafilatura-txt-fmt", "trafilatura", "html", _traf(output_format="txt", include_formatting=True), oracle_gfm, 2,
  note="txt with include_formatting")
V("trafilatura-txt-links", "trafilatura", "html", _traf(output_format="txt", include_links=True), oracle_box_md, 2,
  note="txt with include_links: [text](url) in | cells")
V("trafilatura-html2txt", "trafilatura", "html", lambda h: __import__("trafilatura").html2txt(h), oracle_text, 2,
  note="trafilatura.html2txt (whole page text)")
V("trafilatura-baseline", "trafilatura", "html", lambda h: __import__("trafilatura").baseline(h)[1], oracle_text,
  3, note="trafilatura.baseline")


# ---- inscriptis
def _insc(**opts):
    def f(html):
        import inscriptis
        from inscriptis.css_profiles import CSS_PROFILES
        from inscriptis.model.config import ParserConfig
        opts2 = dict(opts, css=CSS_PROFILES[opts["css"]]) if "css" in opts else opts
        return inscriptis.get_text(html, ParserConfig(**opts2))
    return f


V("inscriptis-sep-pipe", "inscriptis", "html", _insc(table_cell_separator=" | "), oracle_box, 2,
  note="table_cell_separator=' | '")
V("inscriptis-sep-tab", "inscriptis", "html", _insc(table_cell_separator="\t"), oracle_delimited("\t"), 2,
  note="table_cell_separator='\\t' (cells padded)")
V("inscriptis-links", "inscriptis", "html", _insc(display_links=True), oracle_aligned, 2,
  note="display_links=True: [text](url) inside aligned cells (cells compared raw)")
V("inscriptis-strict", "inscriptis", "html", _insc(css="strict"), oracle_aligned, 3, note="strict CSS profile")


# ---- pandoc
def _pandoc(fmt, *extra):
    def f(html):
        return run_pandoc(html, "html", fmt, *extra)
    return f


for fmt, extra, orc, wild, note in [
    ("gfm", (), oracle_gfm, 2, "pipe tables; complex cells become raw HTML"),
    ("markdown", (), oracle_pandoc("markdown"), 2, "pandoc markdown, --columns=72: simple/multiline/grid tables"),
    ("markdown", ("--columns=1000",), oracle_pandoc("markdown"), 3, "pandoc markdown, --columns=1000"),
    ("markdown-simple_tables-multiline_tables-grid_tables", (), oracle_gfm, 3, "markdown forced to pipe tables"),
    ("plain", (), oracle_pandoc("markdown"), 2, "plain, --columns=72: simple/multiline/grid tables, wrapped cells"),
    ("plain", ("--columns=1000",), oracle_text, 2, "plain, --columns=1000"),
    ("rst", (), oracle_pandoc("rst"), 3, "reST grid tables"),
    ("org", (), oracle_org, 3, "org tables"),
    ("asciidoc", (), oracle_pandoc("asciidoc"), 3, "|=== tables"),
    ("mediawiki", (), oracle_pandoc("mediawiki"), 3, "{| wikitext tables"),
    ("jira", (), oracle_pandoc("jira"), 3, "|| header || rows"),
    ("commonmark", (), oracle_markup, 3, "raw HTML table"),
    ("markdown_mmd", (), oracle_pandoc("markdown_mmd"), 3, "MultiMarkdown"),
]:
    tag = fmt.split("-")[0] + ("-forcepipe" if "-simple_tables" in fmt else "") + ("-wide" if extra else "")
    V(f"pandoc-{tag}", "pandoc", "html", _pandoc(fmt, *extra), orc, wild, note=note, subprocess=True,
      needs="pandoc")


# ---- text browsers
def _cmd(*argv, stdin=True, suffix=".html"):
    def f(html):
        if stdin:
            r = subprocess.run(list(argv), input=html, capture_output=True, text=True, timeout=60)
        else:
            import tempfile
            with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, dir="/tmp") as fh:
                fh.write(html)
            try:
                r = subprocess.run([*argv, fh.name], capture_output=True, text=True, timeout=60)
            finally:
                os.unlink(fh.name)
        return r.stdout
    return f


V("w3m-cols200", "textbrowser", "html", _cmd("w3m", "-dump", "-T", "text/html", "-cols", "200"), oracle_aligned, 2,
  subprocess=True, needs="w3m", note="w3m -dump -cols 200: 1-space gutters, centred headers")
V("w3m-cols80", "textbrowser", "html", _cmd("w3m", "-dump", "-T", "text/html", "-cols", "80"), oracle_aligned, 2,
  subprocess=True, needs="w3m", note="w3m -dump (80 cols): wrapped cells")
V("lynx-w200", "textbrowser", "html", _cmd("lynx", "-dump", "-stdin", "-width=200", "-nolist",
                                          "-display_charset=utf-8"), oracle_aligned, 2,
  subprocess=True, needs="lynx", note="lynx -dump -nolist -width=200")
V("lynx-refs", "textbrowser", "html", _cmd("lynx", "-dump", "-stdin", "-width=200", "-display_charset=utf-8"),
  oracle_aligned, 2, subprocess=True, needs="lynx", note="lynx -dump with [n] link references")
V("elinks-w200", "textbrowser", "html", _cmd("elinks", "-dump", "-dump-width", "200", "-no-references",
                                            "-no-numbering", "-dump-charset", "utf-8"), oracle_aligned, 3,
  subprocess=True, needs="elinks")
V("links2-w200", "textbrowser", "html", _cmd("links2", "-dump", "-width", "200", "-codepage", "utf-8",
                                            stdin=False), oracle_aligned, 3,
  subprocess=True, needs="links2")

# ---- node converters (batched)
for conv, orc, wild, note, nohead in [
    ("turndown-gfm", oracle_gfm, 1, "turndown + turndown-plugin-gfm (Jina Reader, MarkDownload)", False),
    ("turndown-gfm-nohead", oracle_markup, 2, "turndown-gfm on a table without <th>: kept as HTML", True),
    ("turndown-joplin-gfm", oracle_gfm, 2, "turndown + @joplin/turndown-plugin-gfm", False),
    ("node-html-markdown", oracle_gfm, 2, "node-html-markdown: padded pipe table", False),
    ("html-to-text-datatable", oracle_aligned, 3, "npm html-to-text, table format dataTable", False),
    ("html-to-text-default", oracle_aligned, 2, "npm html-to-text defaults", False),
    ("jsdom-textContent", oracle_cells_per_line, 2, "DOM textContent: a cell per line, blank line between rows",
     False),
]:
    V(f"node-{conv}", "node", "html", conv.replace("-nohead", ""), orc, wild, note=note, needs="node",
      nohead=nohead)


# ---- naive python flatteners
def _bs4_get_text(sep=None, strip=False):
    def f(html):
        soup = BeautifulSoup(html, "lxml")
        body = soup.body or soup
        return body.get_text(sep, strip=strip) if sep is not None else body.get_text()
    return f


def _rows_joined(sep):
    def f(html):
        soup = BeautifulSoup(html, "lxml")
        out = []
        for el in soup.body.find_all(["h1", "p", "table"]):
            if el.name == "table":
                for tr in el.find_all("tr"):
                    out.append(sep.join(norm(c.get_text(" ")) for c in tr.find_all(["td", "th"])))
                out.append("")
            else:
                out.append(norm(el.get_text()) + "\n")
        return "\n".join(out)
    return f


def _lxml_text(html):
    import lxml.html
    return lxml.html.fromstring(html).body.text_content()


V("bs4-get_text", "naive", "html", _bs4_get_text(), oracle_cells_per_line, 1,
  note="soup.body.get_text(): source newlines kept, a cell per line, blank line between rows")
V("bs4-get_text-nl-strip", "naive", "html", _bs4_get_text("\n", strip=True), oracle_cells_per_line, 1,
  note="get_text('\\n', strip=True): no row boundaries (like dev gettext)")
V("lxml-text_content", "naive", "html", _lxml_text, oracle_cells_per_line, 2, note="lxml text_content()")
V("rows-pipe-joined", "naive", "html", _rows_joined(" | "), oracle_box, 2,
  note="per <tr>: ' | '.join(cells), no delimiter row, no outer pipes")
V("rows-tab-joined", "naive", "html", _rows_joined("\t"), oracle_delimited("\t"), 2, note="per <tr>: tab-joined")
V("rows-2space-joined", "naive", "html", _rows_joined("  "), oracle_aligned, 3,
  note="per <tr>: '  '.join (not aligned)")
V("html-text", "naive", "html", lambda h: __import__("html_text").extract_text(h), oracle_aligned, 2,
  needs="html_text", note="html_text.extract_text (Scrapy)")


# ---- raw markup left in text (spans allowed: the markup holds them)
def _markup_in_text(mode):
    def f(s: Source):
        t = s.table_html
        if mode == "minified":
            t = re.sub(r">\s+<", "><", t)
        elif mode == "pandas":
            import pandas as pd
            df = pd.DataFrame(s.grid[1:], columns=s.grid[0])
            t = df.to_html(index=False)
            return text_article(s, t), None
        elif mode == "trunc":
            # cut after the first cell of the last row: no </tr>, </table>
            k = t.rfind("<tr")
            m = re.search(r"</t[dh]>", t[k:])
            t = t[: k + m.end()]
            g = copy.deepcopy(s.grid)
            g[-1] = [g[-1][0]] + [""] * (len(g[-1]) - 1)
            return text_article(s, t), g
        return text_article(s, t), None
    return f


V("markup-source", "markup", "grid", _markup_in_text("source"), oracle_markup, 2, spans=True,
  note="Wikipedia <table> markup left in text")
V("markup-minified", "markup", "grid", _markup_in_text("minified"), oracle_markup, 2, spans=True,
  note="minified <table> on one line")
V("markup-pandas", "markup", "grid", _markup_in_text("pandas"), oracle_markup, 3, spans=True,
  note="DataFrame.to_html(index=False) in text")
V("markup-trunc", "markup", "grid", _markup_in_text("trunc"), oracle_trusted, 3, spans=False,
  note="markup cut after the first cell of the last row")


# ---- renderings of the ground-truth grid
def _tab(fmt, numparse=False, tight=False, title_md=False):
    def f(s: Source):
        import tabulate
        g = s.grid
        t = tabulate.tabulate(g[1:], headers=g[0], tablefmt=fmt, disable_numparse=not numparse)
        exp = None
        if numparse:  # what numparse made of the values
            tsv = tabulate.tabulate(g[1:], headers=g[0], tablefmt="tsv", disable_numparse=False)
            exp = [[norm(c) for c in ln.split("\t")] for ln in tsv.split("\n")]
            if len(exp) != len(g) or any(len(r) != len(g[0]) for r in exp):
                exp = None
        return text_article(s, t, title_md=title_md, tight=tight), exp
    return f


_TAB_ORACLE = {"github": oracle_gfm, "pipe": oracle_gfm, "tsv": oracle_delimited("\t"),
               "rst": oracle_aligned, "simple": oracle_aligned, "plain": oracle_aligned,
               "latex": oracle_pandoc("latex"), "latex_booktabs": oracle_pandoc("latex"),
               "mediawiki": oracle_pandoc("mediawiki"), "textile": oracle_pandoc("textile"),
               "asciidoc": oracle_pandoc("asciidoc"), "html": oracle_markup}
_TAB_WILD = {"github": 1, "pipe": 1, "simple": 1, "plain": 1, "grid": 1, "psql": 1, "pretty": 2, "tsv": 2,
             "rst": 2, "orgtbl": 2, "presto": 2, "simple_grid": 2, "rounded_outline": 2, "rounded_grid": 2,
             "fancy_grid": 2, "heavy_grid": 3, "double_grid": 3, "mixed_grid": 3, "outline": 2,
             "simple_outline": 2, "heavy_outline": 3, "double_outline": 3, "mixed_outline": 3,
             "fancy_outline": 3, "colon_grid": 3, "jira": 3, "mediawiki": 3, "moinmoin": 3, "youtrack": 3,
             "textile": 3, "asciidoc": 3, "latex": 3, "latex_booktabs": 3}
for fmt, wild in _TAB_WILD.items():
    V(f"tabulate-{fmt}", "tabulate", "grid", _tab(fmt), _TAB_ORACLE.get(fmt, oracle_text), wild, spans=True,
      subprocess=fmt in ("latex", "latex_booktabs", "mediawiki", "textile", "asciidoc"),
      needs="pandoc" if fmt in ("latex", "latex_booktabs", "mediawiki", "textile", "asciidoc") else "")
for fmt in ("simple", "github", "psql", "plain"):
    V(f"tabulate-{fmt}-numparse", "tabulate", "grid", _tab(fmt, numparse=True), _TAB_ORACLE.get(fmt, oracle_text),
      1, spans=True, note="numbers parsed: right/decimal aligned")
for fmt in ("github", "psql", "simple", "grid"):
    V(f"tabulate-{fmt}-tight", "tabulate", "grid", _tab(fmt, tight=True),
      oracle_box_md if fmt == "github" else _TAB_ORACLE.get(fmt, oracle_text), 2,
      spans=True, tight=True, note="no blank line before/after the table")


def _pandas(kind):
    def f(s: Source):
        import pandas as pd
        g = s.grid
        df = pd.DataFrame(g[1:], columns=g[0])
        exp = None
        if kind == "md-index":
            t = df.to_markdown()
            exp = [[""] + g[0]] + [[str(i)] + r for i, r in enumerate(g[1:])]
        elif kind == "md":
            t = df.to_markdown(index=False)
        elif kind == "string-index":
            t = df.to_string()
            exp = [[""] + g[0]] + [[str(i)] + r for i, r in enumerate(g[1:])]
        elif kind == "string":
            t = df.to_string(index=False)
        elif kind == "csv":
            t = df.to_csv(index=False)
        elif kind == "markdown-grid":
            t = df.to_markdown(index=False, tablefmt="grid")
        if exp is not None:  # pandas/tabulate parse numbers in to_markdown: read values back
            pass
        return text_article(s, t), exp
    return f


V("pandas-to_markdown", "pandas", "grid", _pandas("md-index"), oracle_gfm, 1, spans=True,
  note="DataFrame.to_markdown(): index column with empty header")
V("pandas-to_markdown-noindex", "pandas", "grid", _pandas("md"), oracle_gfm, 1, spans=True)
V("pandas-to_string", "pandas", "grid", _pandas("string-index"), oracle_aligned, 1, spans=True,
  note="print(df): right-justified, index column")
V("pandas-to_string-noindex", "pandas", "grid", _pandas("string"), oracle_aligned, 1, spans=True)
V("pandas-to_csv", "pandas", "grid", _pandas("csv"), oracle_delimited(","), 2, spans=True)


def _delim(kind):
    def f(s: Source):
        buf = io.StringIO()
        if kind == "csv-all":
            csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(s.grid)
        elif kind == "semicolon":
            csv.writer(buf, delimiter=";", lineterminator="\n").writerows(s.grid)
        elif kind == "tsv":
            buf.write("\n".join("\t".join(r) for r in s.grid) + "\n")
        return text_article(s, buf.getvalue()), None
    return f


V("csv-quote-all", "delimited", "grid", _delim("csv-all"), oracle_delimited(","), 2, spans=True)
V("csv-semicolon", "delimited", "grid", _delim("semicolon"), oracle_delimited(";"), 3, spans=True)
V("tsv-plain", "delimited", "grid", _delim("tsv"), oracle_delimited("\t"), 2, spans=True)


def _collapsed(kind):
    def f(s: Source):
        g = s.grid
        if kind == "github":
            t = " ".join(["| " + " | ".join(g[0]) + " |", "|" + "---|" * len(g[0])] +
                         ["| " + " | ".join(r) + " |" for r in g[1:]])
        elif kind == "html2text":  # html2text's shape (no outer pipes) on one line
            t = " ".join([" | ".join(g[0]), "|".join(["---"] * len(g[0]))] + [" | ".join(r) for r in g[1:]])
        elif kind == "nodelim":
            t = " ".join("| " + " | ".join(r) + " |" for r in g)
        return text_article(s, t), None
    return f


def _oracle_collapsed(text, grid, **_):
    return True  # built from the grid; cells were checked free of '|'


V("collapsed-github", "collapsed", "grid", _collapsed("github"), oracle_trusted, 3, spans=True,
  note="'| a | b | |---|---| | 1 | 2 |' (outer pipes, one line)")
# Not run: one-line renderings without outer pipes ('a | b ---|--- 1 | 2 3 | 4') or without a delimiter
# row ('| a | b | | 1 | 2 |') are ambiguous (a row boundary looks like a space, or like an empty cell).


# --------------------------------------------------------------------------- availability, node batch

def available(v: Variant) -> bool:
    if not v.needs:
        return True
    if v.needs == "pandoc":
        return bool(pandoc_bin())
    if v.needs == "node":
        return bool(shutil.which("node")) and (NODE_DIR / "node_modules" / "turndown").exists()
    if shutil.which(v.needs):
        return True
    try:
        __import__(v.needs)
        return True
    except ImportError:
        return False


NODE_JS = r"""
const path = require('path');
const req = (m) => require(path.join(process.argv[2], 'node_modules', m));
const TurndownService = req('turndown');
const gfm = req('turndown-plugin-gfm').gfm;
let joplinGfm = null; try { joplinGfm = req('@joplin/turndown-plugin-gfm').gfm; } catch (e) {}
const { NodeHtmlMarkdown } = req('node-html-markdown');
const { convert } = req('html-to-text');
const { JSDOM } = req('jsdom');
const jobs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const j of jobs) {
  try {
    let text;
    if (j.conv === 'turndown-gfm') {
      const t = new TurndownService(); t.use(gfm); text = t.turndown(j.html);
    } else if (j.conv === 'turndown-joplin-gfm') {
      const t = new TurndownService({headingStyle: 'atx'}); t.use(joplinGfm); text = t.turndown(j.html);
    }
    else if (j.conv === 'node-html-markdown') { text = NodeHtmlMarkdown.translate(j.html); }
    else if (j.conv === 'html-to-text-default') { text = convert(j.html, {}); }
    else if (j.conv === 'html-to-text-datatable') {
      text = convert(j.html, {wordwrap: false, selectors: [
        {selector: 'table', format: 'dataTable', options: {uppercaseHeaderCells: false, maxColumnWidth: 200}},
        {selector: 'a', options: {ignoreHref: true}}]});
    }
    else if (j.conv === 'jsdom-textContent') { text = new JSDOM(j.html).window.document.body.textContent; }
    else throw new Error('unknown conv ' + j.conv);
    out.push({id: j.id, text});
  } catch (e) { out.push({id: j.id, error: String(e)}); }
}
process.stdout.write(JSON.stringify(out));
"""


def node_batch(jobs: list[dict]) -> dict[str, str]:
    js = CACHE / "conv.js"
    js.write_text(NODE_JS)
    r = subprocess.run(["node", str(js), str(NODE_DIR)], input=json.dumps(jobs), capture_output=True, text=True,
                       timeout=600)
    if r.returncode:
        raise RuntimeError(r.stderr[:500])
    return {o["id"]: o.get("text", "") for o in json.loads(r.stdout)}


# --------------------------------------------------------------------------- conversion with cache

def _key(*parts) -> str:
    return hashlib.sha1("\x00".join([CACHE_VERSION, *parts]).encode()).hexdigest()[:20]


def _fair_key(c) -> str:
    return f"fair{ORACLE_VERSION}:{c.variant.oracle.__qualname__}:{c._key}"


class Cache:
    def __init__(self, use: bool):
        self.use = use
        self.path = CACHE / "conversions.json"
        self.data = {}
        if use and self.path.exists():
            try:
                self.data = json.loads(self.path.read_text())
            except Exception:
                self.data = {}
        self.dirty = False

    def get(self, k):
        return self.data.get(k) if self.use else None

    def put(self, k, v):
        self.data[k] = v
        self.dirty = True

    def save(self):
        if self.use and self.dirty:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data))
            tmp.replace(self.path)


@dataclass
class Case:
    variant: Variant
    source: Source
    with_table: bool
    text: str = ""
    expected: list | None = None
    error: str = ""
    fair: bool | None = None  # oracle verdict, cached


def convert_all(cases: list[Case], cache: Cache, jobs: int) -> None:
    todo_local, todo_sub, todo_node = [], [], []
    for c in cases:
        v = c.variant
        if v.kind == "html":
            table = nohead_table(c.source.table_html) if v.nohead else None
            c._html = article_html(c.source, table, c.with_table, title=not v.notitle)
            k = _key(v.name, c._html)
        else:
            k = _key(v.name, c.source.name, json.dumps(c.source.grid), str(c.with_table))
        c._key = k
        c.fair = cache.get(_fair_key(c))
        hit = cache.get(k)
        if hit is not None:
            c.text, c.expected, c.error = hit["text"], hit.get("expected"), hit.get("error", "")
            continue
        if v.needs == "node":
            todo_node.append(c)
        elif v.subprocess:
            todo_sub.append(c)
        else:
            todo_local.append(c)

    def one(c: Case):
        v = c.variant
        try:
            if v.kind == "html":
                c.text = v.fn(c._html) or ""
            else:
                c.text, c.expected = v.fn(c.source)
                if not c.with_table:
                    c.text = text_article(c.source, "")
        except Exception as e:  # a converter crash is reported, not fatal
            c.text, c.error = "", f"{type(e).__name__}: {e}"[:300]
        cache.put(c._key, {"text": c.text, "expected": c.expected, "error": c.error})

    for c in todo_local:
        one(c)
    if todo_sub:
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(one, todo_sub))
    if todo_node:
        try:
            res = node_batch([{"id": c._key, "html": c._html, "conv": c.variant.fn} for c in todo_node])
        except Exception as e:
            res = {}
            print(f"node conversions failed: {e}", file=sys.stderr)
        for c in todo_node:
            c.text = res.get(c._key, "")
            if c._key in res:
                cache.put(c._key, {"text": c.text, "expected": None, "error": ""})
    cache.save()


# --------------------------------------------------------------------------- scoring

def predicted(doc) -> list[list[list[str]]]:
    return casescore.predicted_grids([{"columns": list(t.columns) if t.columns is not None else None,
                                        "rows": [list(r) for r in t.rows]} for t in doc.tables])


def expected_alternatives(v: Variant, grid) -> list[dict]:
    """Acceptable readings. Without <th>, an empty header row over the real first row is one too."""
    alts = [{"columns": grid[0], "rows": grid[1:]}]
    if v.nohead or v.kind == "html":  # converters write an empty header row over a <th>-less table
        alts.append({"columns": [""] * len(grid[0]), "rows": grid})
    return alts


def best_pairing(alts: list[dict], pred) -> tuple[dict, list[int], list]:
    best = None
    for exp in alts:
        res, extra = casescore.pair_tables([exp], pred)
        key = (res[0]["exact"], res[0]["f1"], -len(extra))
        if best is None or key > best[0]:
            best = (key, res[0], extra, casescore.grid(exp["columns"], exp["rows"]))
    return best[1], best[2], best[3]


def _cells_pipe_free(grid) -> bool:
    return not any("|" in c or "\n" in c for r in grid for c in r)


def _snippet(text: str, grid, before=3, after=3, maxlines=40, width=260) -> str:
    lines = text.split("\n")
    hs = _header_starts(lines, grid) if grid else []
    if hs:
        a = max(0, hs[0] - before)
        b = min(len(lines), hs[0] + len(grid) + after + 2)
    else:
        a, b = 0, len(lines)
    sel = lines[a:b]
    if len(sel) > maxlines:
        sel = sel[: maxlines - 6] + [f"[... {len(sel) - maxlines + 4} lines ...]"] + sel[-4:]
    return "\n".join(ln if len(ln) <= width else ln[:width] + " [...]" for ln in sel)


def _diff(exp, got, n=8) -> list[str]:
    """The first cells that differ, or the shape difference."""
    if got is None:
        return ["no table paired with the expected one"]
    out = []
    if len(exp) != len(got) or any(len(a) != len(b) for a, b in zip(exp, got, strict=False)):
        out.append(f"shape: expected {len(exp)} rows x {len(exp[0])} cols, got {len(got)} rows x "
                   f"{sorted(set(map(len, got)))} cols")
    for i, (a, b) in enumerate(zip(exp, got, strict=False)):
        if a != b:
            for j in range(max(len(a), len(b))):
                x = a[j] if j < len(a) else "<missing>"
                y = b[j] if j < len(b) else "<missing>"
                if x != y:
                    out.append(f"row {i} col {j}: expected {x[:100]!r} got {y[:100]!r}")
                    break
        if len(out) >= n:
            break
    return out


_CELL_SHAPES = [
    ("link: [t](url \"title\") or url with ( ) left", re.compile(r'"\)|\]\(|\)\)$|\s"[^"]*"\)')),
    ("link: [t](<url>) angle destination left", re.compile(r">\)")),
    ("link: [t][n] reference link left", re.compile(r"\]\[\d*\]")),
    ("inline html tag left", re.compile(r"</?[a-zA-Z][^>]*>?|<[a-z]+$")),
    ("markdown escape left (\\# \\- \\( ...)", re.compile(r"\\[^\s\w]")),
    ("emphasis markers left (** _ *)", re.compile(r"\*\*|(^|\s)[_*]\S|\S[_*]($|\s)")),
    ("org/textile/wiki markup left", re.compile(r"^(/|_\.|<\.|\{|!|\|)|/$|\[\[")),
    ("pandoc markdown extension (^sup^, --, ~sub~)", re.compile(r"\^|--|~")),
]


def classify(exp, got, extra) -> str:
    """A short name for the way a case failed (for the failure-shape summary)."""
    if got is None:
        return "junk tables only (expected not found)" if extra else "table not detected"
    if len(got) == len(exp) and all(len(a) == len(b) for a, b in zip(exp, got, strict=False)):
        if got == exp:
            return "extra junk tables beside a correct one"
        for a, b in zip(exp, got, strict=False):
            for x, y in zip(a, b, strict=False):
                if x != y:
                    for name, rx in _CELL_SHAPES:
                        if rx.search(y) and not rx.search(x):
                            return "cell: " + name
            if a != b and sorted(a) == sorted(b):
                return "cells shifted"
        return "cell: text differs"
    ncol_e, ncol_g = len(exp[0]), max(map(len, got))
    pairs = zip(exp[0], exp[0][1:], strict=False)
    if ncol_g < ncol_e and got and any(f"{a} {b}" in " | ".join(got[0]) for a, b in pairs):
        return "columns merged (narrow gutter)"
    if ncol_g > ncol_e * 2:
        return "rows glued into one (collapsed)"
    if len(got) < len(exp):
        k = next((i for i in range(1, len(exp)) if exp[i:i + len(got)] == got), None)
        if got and got[0] == exp[1] or (k is not None and k <= 2):
            return "header line dropped"
        if k is not None:
            return "table split: later rows only"
        if exp[:len(got) - 1] == got[:-1]:
            return "table cut short"
        return "fewer rows (rows lost or merged)"
    if len(got) > len(exp):
        return "more rows (cells wrapped / rows split)"
    return "shape differs"


def _fmt_grid(g, n=5) -> str:
    if g is None:
        return "(none)"
    rows = g[:n]
    s = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    if len(g) > n:
        s += f"\n... ({len(g)} rows, last: {json.dumps(g[-1], ensure_ascii=False)})"
    return s


@dataclass
class Stat:
    cases: int = 0
    skipped: int = 0
    errors: int = 0
    exact: int = 0
    f1: float = 0.0
    missed: int = 0
    extra: int = 0
    prose_docs: int = 0
    prose_tables: int = 0
    fails: list = field(default_factory=list)
    seconds: float = 0.0


def judge_all(cases: list[Case], cache: Cache, jobs: int) -> None:
    """Oracle verdicts for the cases that have none cached (pandoc read-backs run in parallel)."""
    def one(c: Case):
        v = c.variant
        grid = c.expected or c.source.grid
        try:
            fair = any(v.oracle(c.text, g, tight=v.tight) for g in (grid, [[""] * len(grid[0])] + grid))
        except Exception:
            fair = False
        if fair and v.oracle is oracle_trusted and v.family == "collapsed":
            fair = _cells_pipe_free(grid) and len(grid) >= 3
        c.fair = fair
        cache.put(_fair_key(c), fair)

    todo = [c for c in cases if c.with_table and c.fair is None and c.text]
    slow = [c for c in todo if c.variant.oracle.__qualname__.startswith("oracle_pandoc")]
    slow_ids = {id(c) for c in slow}
    for c in todo:
        if id(c) not in slow_ids:
            one(c)
    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(one, slow))
    cache.save()


def score(cases: list[Case], cache: Cache | None = None) -> dict[str, Stat]:
    stats: dict[str, Stat] = {}
    for c in cases:
        v = c.variant
        st = stats.setdefault(v.name, Stat())
        if c.error and not c.text:
            st.errors += 1
            continue
        t0 = time.perf_counter()
        if not c.with_table:
            doc = tablefix.clean(c.text)
            st.prose_docs += 1
            st.prose_tables += len(doc.tables)
            if doc.tables:
                st.fails.append(("prose", c, None, predicted(doc), 0.0))
            st.seconds += time.perf_counter() - t0
            continue
        grid = c.expected or c.source.grid
        fair = c.fair
        if fair is None:
            alts = [grid, [[""] * len(grid[0])] + grid]  # an empty header row over the first is fine too
            fair = any(v.oracle(c.text, g, tight=v.tight) for g in alts)
            if fair and v.oracle is oracle_trusted and v.family == "collapsed":
                fair = _cells_pipe_free(grid) and len(grid) >= 3
            c.fair = fair
            if cache is not None:
                cache.put(_fair_key(c), fair)
        if not fair:
            st.skipped += 1
            continue
        t0 = time.perf_counter()
        doc = tablefix.clean(c.text)
        st.seconds += time.perf_counter() - t0
        pred = predicted(doc)
        r, extra, grid = best_pairing(expected_alternatives(v, grid), pred)
        st.cases += 1
        st.exact += r["exact"]
        st.f1 += r["f1"]
        st.missed += r["pred"] is None
        st.extra += len(extra)
        if not r["exact"] or extra:
            got = pred[r["pred"]] if r["pred"] is not None else None
            st.fails.append(("table", c, grid, got, r["f1"], [pred[j] for j in extra],
                             [t.origin for t in doc.tables], classify(grid, got, extra)))
    return stats


def write_failures(stats: dict[str, Stat], per_variant: int) -> None:
    if FAILDIR.exists():
        shutil.rmtree(FAILDIR)
    for name, st in stats.items():
        if not st.fails:
            continue
        d = FAILDIR / name
        d.mkdir(parents=True, exist_ok=True)
        fails = sorted(st.fails, key=lambda f: (f[0] != "table", len(f[1].text)))  # short inputs first
        for k, f in enumerate(fails[:per_variant]):
            kind, c = f[0], f[1]
            out = [f"variant: {name}  ({c.variant.note})", f"source: {c.source.name}", ""]
            if kind == "prose":
                out += ["PROSE-ONLY text, tables found (want 0):", ""]
                for g in f[3]:
                    out += [_fmt_grid(g), ""]
                out += ["--- input ---", c.text[:6000]]
            else:
                grid, got, f1, extra, origins = f[2], f[3], f[4], f[5], f[6]
                out += [f"shape: {f[7]}",
                        f"cell F1 {f1:.3f}; extra tables {len(extra)}; origins of found tables {origins}", "",
                        "--- first differences ---", *_diff(grid, got), "",
                        "--- expected ---", _fmt_grid(grid), "", "--- got (paired) ---", _fmt_grid(got), ""]
                for g in extra[:3]:
                    out += ["--- got (extra table) ---", _fmt_grid(g, 3), ""]
                out += ["--- input snippet ---", _snippet(c.text, grid)]
            (d / f"{k:02d}_{c.source.name}.txt").write_text("\n".join(out) + "\n")
        (d / f"{name}.full_input_example.txt").write_text(fails[0][1].text)


# --------------------------------------------------------------------------- negatives

NEGATIVES: list[tuple[str, str]] = [
    ("md-lists",
     "Things to pack:\n"
     "\n"
     "- passport\n"
     "- charger | adapter\n"
     "- snacks\n"
     "\n"
     "1. Book the flight\n"
     "2. Pack\n"
     "3. Go\n"),
    ("md-task-list", "Todo:\n\n- [x] write intro\n- [ ] add tables\n- [ ] review\n"),
    ("code-fenced-pipes",
     "Run this:\n"
     "\n"
     "```sh\n"
     "cat access.log | grep 404 | sort | uniq -c | sort -rn | head\n"
     "ps aux | grep python | awk '{print $2}'\n"
     "ls -l | wc -l\n"
     "```\n"
     "\n"
     "Then restart.\n"),
    ("code-indented-pipes",
     "Run this:\n"
     "\n"
     "    cat access.log | grep 404 | sort\n"
     "    ps aux | grep python | awk '{print $2}'\n"
     "    ls -l | wc -l\n"
     "\n"
     "Then restart.\n"),
    ("shell-unfenced",
     "$ cat access.log | grep 404 | sort | uniq -c\n"
     "$ ps aux | grep python | head -3\n"
     "$ dmesg | tail | less\n"),
    ("nav-breadcrumbs",
     "Home | News | Sport | Weather | Contact\n"
     "\n"
     "Posted by Jane | 3 min read | Updated 2 hours ago\n"
     "\n"
     "The council met on Tuesday to discuss the budget.\n"),
    ("page-title-pipes",
     "Breaking news | The Daily Planet\n"
     "Opinion | The Daily Planet\n"
     "Sports | The Daily Planet\n"
     "\n"
     "The story continues below.\n"),
    ("math-abs",
     "The triangle inequality says |x + y| <= |x| + |y| for all x and y.\n"
     "Similarly |a - b| >= ||a| - |b||.\n"
     "Hence |z| is a norm.\n"),
    ("regex-alternation",
     "Match with cat|dog|bird, or use (jpg|png|gif) for images.\n"
     "The pattern a|b|c matches one letter.\n"
     "Use x|y|z sparingly.\n"),
    ("python-code-aligned",
     "```python\n"
     "x      = 1      # the first value\n"
     "longer = 22     # the second value\n"
     "z      = 333    # the third value\n"
     "```\n"),
    ("python-unfenced-aligned",
     "x      = 1      # the first value\n"
     "longer = 22     # the second value\n"
     "z      = 333    # the third value\n"),
    ("poetry-indented",
     "The woods are lovely,  dark and deep,\n"
     "  But I have promises  to keep,\n"
     "And miles to go before  I sleep,\n"
     "  And miles to go  before I sleep.\n"),
    ("double-space-prose",
     "This is a sentence.  This is another one.  And a third.\n"
     "We type two spaces.  After each period.  Like typists.\n"
     "Old habits die hard.  Very hard.  Indeed.\n"),
    ("toc-dot-leaders",
     "Contents\n"
     "\n"
     "Introduction .................. 1\n"
     "Background .................... 5\n"
     "Methods ....................... 12\n"
     "Results ....................... 20\n"),
    ("traceback",
     "Traceback (most recent call last):\n"
     "  File \"app.py\", line 10, in <module>\n"
     "    main()\n"
     "  File \"app.py\", line 6, in main\n"
     "    raise ValueError(\"bad\")\n"
     "ValueError: bad\n"),
    ("git-log",
     "a1b2c3d Fix the parser  (Jane Doe, 2 days ago)\n"
     "e4f5a6b Add tests  (John Roe, 3 days ago)\n"
     "0a1b2c3 Initial commit  (Jane Doe, 5 days ago)\n"),
    ("tree-output",
     "project/\n"
     "├── src/\n"
     "│   ├── main.py\n"
     "│   └── util.py\n"
     "├── tests/\n"
     "│   └── test_main.py\n"
     "└── README.md\n"),
    ("dialogue-script",
     "JOHN:     Where were you last night?\n"
     "MARY:     At the library, studying.\n"
     "JOHN:     Until midnight?\n"
     "MARY:     It was a long chapter.\n"),
    ("address-block", "Acme Corp.\n123 Main Street  |  Springfield\nPhone: 555-0100  |  Fax: 555-0101\n"),
    ("footer-links",
     "About us | Careers | Press | Privacy policy | Terms of use\n"
     "Copyright 2024 Example Inc. | All rights reserved\n"
     "Follow us: Twitter | Facebook | Instagram\n"),
    ("quote-pipes-inline",
     "In Bash, `a || b` runs b only when a fails, and `a | b` pipes output.\n"
     "In C, `x || y` is logical or and `x | y` is bitwise or.\n"
     "In Python, `x | y` on sets is a union.\n"),
    ("markdown-emphasis-list", "**Pros:** fast, cheap\n**Cons:** noisy, fragile\n**Verdict:** good enough\n"),
    ("latex-inline",
     "We write $|A \\cup B| = |A| + |B| - |A \\cap B|$ for finite sets.\n"
     "Also $\\|v\\| = \\sqrt{v \\cdot v}$.\n"),
    ("lyrics-bars",
     "| Verse 1 |\n"
     "I walked along the river\n"
     "| Chorus |\n"
     "Oh the river, oh the river\n"
     "| Verse 2 |\n"
     "The water ran so cold\n"),
    ("key-value-colons", "Born:      24 January 1986\nOccupation:    Actress\nYears active:  1995-present\n"),
    ("log-lines",
     "2024-01-01 12:00:01  INFO   Server started on port 8080\n"
     "2024-01-01 12:00:02  INFO   Connected to database\n"
     "2024-01-01 12:00:05  WARN   Slow query took 2.3 s\n"
     "2024-01-01 12:00:09  ERROR  Connection reset by peer\n"),
]
# Ambiguous: a careful reader might call these tables (reported, not counted as precision errors).
AMBIGUOUS = {"key-value-colons", "log-lines", "git-log", "dialogue-script", "toc-dot-leaders"}


def run_negatives(paras: list[str]) -> list[tuple[str, int, bool]]:
    out = []
    for name, snippet in NEGATIVES:
        text = "Some article\n\n" + paras[0] + "\n\n" + snippet + "\n" + paras[1] + "\n"
        doc = tablefix.clean(text)
        out.append((name, len(doc.tables), name in AMBIGUOUS))
        if doc.tables and name not in AMBIGUOUS:
            d = FAILDIR / "negatives"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{name}.txt").write_text(
                "tables found in prose (want 0):\n" + "\n\n".join(_fmt_grid(g) for g in predicted(doc)) +
                "\n\n--- input ---\n" + text)
    return out


# --------------------------------------------------------------------------- CLI spot check

def cli_check(cases: list[Case], n: int) -> tuple[int, int, list[str]]:
    """Run n fair cases through the installed CLI in one call; compare with the in-process result."""
    exe = os.environ.get("TABLEFIX_CLI") or str(Path(sys.executable).parent / "tablefix")
    if not Path(exe).exists():
        return 0, 0, ["no tablefix CLI at " + exe]
    picked = [c for c in cases if c.with_table and c.text][:: max(1, len(cases) // max(1, n))][:n]
    d = Path("/tmp/robustness_cli")
    if d.exists():
        shutil.rmtree(d)
    d.mkdir()
    paths = {}
    for k, c in enumerate(picked):
        p = d / f"{k:03d}_{c.variant.name}__{c.source.name}.txt"
        p.write_text(c.text)
        paths[str(p)] = c
    r = subprocess.run([exe, *paths, "--to", "json"], capture_output=True, text=True, timeout=300)
    got = {}
    for line in r.stdout.splitlines():
        try:
            o = json.loads(line)
            got[o["source"]] = casescore.predicted_grids(o.get("tables"))
        except Exception:
            pass
    bad = []
    for p, c in paths.items():
        inproc = predicted(tablefix.clean(c.text))
        if got.get(p) != inproc:
            bad.append(f"{Path(p).name}: CLI {len(got.get(p) or [])} tables vs in-process {len(inproc)}")
    return len(paths), len(paths) - len(bad), bad


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", "--filter", default="", help="only variants whose name contains this (comma = or)")
    ap.add_argument("--limit", type=int, default=0, help="at most N plain tables (and N/3 span tables)")
    ap.add_argument("--prose", type=int, default=12, help="prose-only documents per HTML variant")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--examples", type=int, default=6, help="failure examples written per variant")
    ap.add_argument("--cli", type=int, default=24, help="cases also run through the CLI (0: none)")
    ap.add_argument("--json", help="write the summary as JSON here")
    args = ap.parse_args(argv)

    t_start = time.time()
    CACHE.mkdir(parents=True, exist_ok=True)
    sources = load_sources(args.limit or None)
    pats = [p for p in args.filter.split(",") if p]
    variants = [v for v in VARIANTS if not pats or any(p in v.name for p in pats)]
    missing = [v.name for v in variants if not available(v)]
    variants = [v for v in variants if v.name not in missing]

    cases: list[Case] = []
    for v in variants:
        for s in sources:
            if s.spans and not v.spans:
                continue
            cases.append(Case(v, s, True))
        if v.kind == "html":
            for s in [s for s in sources if not s.spans][: args.prose]:
                cases.append(Case(v, s, False))
    cache = Cache(not args.no_cache)
    t0 = time.time()
    convert_all(cases, cache, args.jobs)
    t_conv = time.time() - t0
    t0 = time.time()
    judge_all(cases, cache, args.jobs)
    t_judge = time.time() - t0
    t0 = time.time()
    stats = score(cases, cache)
    cache.save()
    write_failures(stats, args.examples)
    # plain-prose precision for the text renderings (same prose for all of them)
    neg = run_negatives(sources[0].paras + sources[1].paras)
    plain_prose = [tablefix.clean(text_article(s, "")) for s in sources[: args.prose]]
    t_score = time.time() - t0

    cli = cli_check(cases, args.cli) if args.cli else None

    # ---- report
    hdr = f"{'variant':34} {'wild':>4} {'cases':>5} {'skip':>5} {'err':>3} {'exact':>6} {'cellF1':>6} " \
          f"{'missed':>6} {'extra':>5} {'prose-extra':>11} {'ms/doc':>6}"
    print(hdr)
    print("-" * len(hdr))
    fam = None
    rows_json = []
    tot = Stat()
    for v in variants:
        st = stats.get(v.name, Stat())
        if v.family != fam:
            fam = v.family
            print(f"[{fam}]")
        ex = st.exact / st.cases if st.cases else float("nan")
        f1 = st.f1 / st.cases if st.cases else float("nan")
        pe = f"{st.prose_tables}/{st.prose_docs}" if st.prose_docs else "-"
        print(f"{v.name:34} {v.wild:>4} {st.cases:>5} {st.skipped:>5} {st.errors:>3} {ex:>6.2f} {f1:>6.3f} "
              f"{st.missed:>6} {st.extra:>5} {pe:>11} {1000 * st.seconds / max(1, st.cases + st.prose_docs):>6.1f}")
        rows_json.append({"variant": v.name, "family": v.family, "wild": v.wild, "note": v.note,
                          "cases": st.cases, "skipped": st.skipped, "errors": st.errors, "exact": ex, "cell_f1": f1,
                          "missed": st.missed, "extra": st.extra, "prose_docs": st.prose_docs,
                          "prose_tables": st.prose_tables,
                          "ms_per_doc": 1000 * st.seconds / max(1, st.cases + st.prose_docs)})
        for k in ("cases", "skipped", "errors", "exact", "missed", "extra", "prose_docs", "prose_tables"):
            setattr(tot, k, getattr(tot, k) + getattr(st, k))
        tot.f1 += st.f1
    print("-" * len(hdr))
    print(f"{'ALL':34} {'':>4} {tot.cases:>5} {tot.skipped:>5} {tot.errors:>3} "
          f"{(tot.exact / tot.cases if tot.cases else 0):>6.2f} {(tot.f1 / tot.cases if tot.cases else 0):>6.3f} "
          f"{tot.missed:>6} {tot.extra:>5} {tot.prose_tables:>5}/{tot.prose_docs}")
    shapes: dict[str, dict[str, int]] = {}
    for v in variants:
        for f in stats.get(v.name, Stat()).fails:
            if f[0] == "table":
                shapes.setdefault(f[7], {}).setdefault(v.name, 0)
                shapes[f[7]][v.name] += 1
    print("\nfailure shapes (cases; variants with the most):")
    for tag, per in sorted(shapes.items(), key=lambda kv: -sum(kv[1].values())):
        top = sorted(per.items(), key=lambda kv: -kv[1])
        print(f"  {sum(per.values()):>5}  {tag:52} " + ", ".join(f"{n} {k}" for n, k in top[:5])
              + (f", +{len(top) - 5} more" if len(top) > 5 else ""))
    npt = sum(len(d.tables) for d in plain_prose)
    print(f"\nplain-text prose (the articles without a table): {npt} tables in {len(plain_prose)} docs")
    clear = [(n, k) for n, k, amb in neg if not amb]
    amb = [(n, k) for n, k, a in neg if a]
    print(f"negatives (clear, want 0 tables): {sum(k > 0 for _, k in clear)}/{len(clear)} docs with tables: "
          + ", ".join(f"{n}={k}" for n, k in clear if k))
    print("negatives (ambiguous, informational): " + ", ".join(f"{n}={k}" for n, k in amb))
    if missing:
        print("unavailable (skipped) variants: " + ", ".join(missing))
    if cli:
        print(f"CLI spot check: {cli[1]}/{cli[0]} agree with in-process" + ("" if not cli[2] else
              "; " + "; ".join(cli[2][:5])))
    print(f"time: total {time.time() - t_start:.1f}s, conversions {t_conv:.1f}s, oracles {t_judge:.1f}s, "
          f"tablefix+scoring {t_score:.1f}s; "
          f"failure examples in {FAILDIR}/")
    if args.json:
        Path(args.json).write_text(json.dumps({"variants": rows_json, "negatives": neg}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

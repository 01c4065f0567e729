"""Safe outputs and write -> read round trips for every writer."""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape, unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tablefix
from tablefix.model import Document, Span, Table
from tablefix.readers.html import tables_from_markup
from tablefix.writers.delimited import write_csv

SPAN = Span(0, 0, 1, 1)
CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\"',|\\<>&="),
               max_size=10)


def doc_of(columns: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...]) -> Document:
    return Document("", (Table(columns, rows, SPAN, "pipe"),))


@st.composite
def tables(draw: st.DrawFn) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    width = draw(st.integers(1, 4))
    row = st.tuples(*[CELL] * width)
    return draw(row), tuple(draw(st.lists(row, min_size=1, max_size=4)))


def test_html_writer_escapes_script_as_visible_text() -> None:
    out = tablefix.write(doc_of(("a",), (("<script>alert(1)</script>",),)), "html")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_csv_keeps_formulas_by_default_and_neutralises_them_when_asked() -> None:
    table = Table(("h",), (("=1+2",), ("+cmd",), ("-2",), ("@SUM(A1)",), ("\tx",), ("plain",)), SPAN, "pipe")
    assert write_csv(table).splitlines()[1] == "=1+2"
    safe = list(csv.reader(io.StringIO(write_csv(table, safe=True))))
    assert [r[0] for r in safe[1:]] == ["'=1+2", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "plain"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(tables())
def test_csv_and_tsv_round_trip_through_the_csv_module(t: tuple) -> None:
    header, rows = t
    doc = doc_of(header, rows)
    for fmt, delim in (("csv", ","), ("tsv", "\t")):
        back = list(csv.reader(io.StringIO(tablefix.write(doc, fmt), newline=""), delimiter=delim))
        assert back == [list(header), *map(list, rows)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(st.none(), st.lists(st.sampled_from(["", "a", " b ", ",", "\t", '"', "\n", "\r", "=1"]),
                                     min_size=1, max_size=3)),
       st.lists(st.lists(st.sampled_from(["", "a", " b ", "c,d", "e\tf", 'g"h', "i\nj", "k\rl", "=1", "-"]),
                         max_size=3), max_size=4),
       st.booleans())
def test_csv_and_tsv_without_the_csv_module_are_what_it_writes(header: list[str] | None, rows: list[list[str]],
                                                              safe: bool) -> None:
    """The writer joins cells itself when the csv module would quote nothing: ragged rows, empty rows, a row
    of one empty cell (quoted: `""`), cells to quote, formulas made safe."""
    from tablefix.writers.delimited import excel_safe, write_tsv

    table = Table(tuple(header) if header is not None else None, tuple(map(tuple, rows)), SPAN, "pipe")
    for write, delimiter in ((write_csv, ","), (write_tsv, "\t")):
        out = io.StringIO()
        every = ([header] if header is not None else []) + rows
        csv.writer(out, lineterminator="\n", delimiter=delimiter).writerows(
            [[excel_safe(c) for c in r] for r in every] if safe else every)
        assert write(table, safe=safe) == out.getvalue()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(tables())
def test_html_round_trips_through_the_html_reader(t: tuple) -> None:
    header, rows = t
    norm = lambda c: " ".join(c.split())  # noqa: E731 - HTML cell text is whitespace-collapsed
    if not any(map(norm, header)):
        return
    parsed = tables_from_markup(tablefix.write(doc_of(header, rows), "html"))
    expected = [tuple(map(norm, header))] + [tuple(map(norm, r)) for r in rows]
    if len(header) < 2 or len(rows) < 1:
        return  # one column or one row is a layout table by rule, not data
    filled = sum(1 for r in rows if any(map(norm, r)))
    if not filled or (len({k for r in (header, *rows) for k, c in enumerate(r) if norm(c)}) < 2 and filled < 2):
        return  # a header over no text, or one column of text under a header over one row: layout by rule
    got = [tuple(tuple(map(norm, r)) for r in (p.columns, *p.rows)) for p in parsed]  # <br> reads as "\n"
    assert got == [tuple(expected)]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(tables())
def test_json_round_trips(t: tuple) -> None:
    header, rows = t
    rec = json.loads(tablefix.write(doc_of(header, rows), "json"))
    assert rec["tables"][0]["columns"] == list(header)
    assert rec["tables"][0]["rows"] == [list(r) for r in rows]


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.lists(st.text(alphabet="ab 1|*_\\`[<&~\n\r.", max_size=6), min_size=2, max_size=2),
                min_size=1, max_size=4))
def test_markdown_rows_written_as_they_are_only_when_no_cell_needs_escaping(rows: list[list[str]]) -> None:
    from tablefix.writers.markdown import _row, write_markdown_table

    table = Table(tuple(rows[0]), tuple(map(tuple, rows[1:])), Span(0, 1, 1, 1), "pipe")
    lines = write_markdown_table(table).splitlines()
    assert [lines[0], *lines[2:]] == [_row(r) for r in rows]


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.lists(st.text(alphabet="ab 1|*_\\`[<&~\n\r.", max_size=4), min_size=1, max_size=3),
                min_size=1, max_size=4), st.booleans())
def test_markdown_tables_written_at_once_are_written_as_row_by_row(rows: list[list[str]], header: bool) -> None:
    """A table of equal rows and nothing to escape is written in one format; any other row by row."""
    from tablefix.writers.markdown import _row, write_markdown_table

    table = Table(tuple(rows[0]) if header else None, tuple(map(tuple, rows[1:] if header else rows)), SPAN, "pipe")
    width = table.width
    lines = write_markdown_table(table).splitlines()
    if width == 0:
        assert lines == []
        return
    expected = [_row(r) for r in ([rows[0]] if header else [[""] * width]) + (rows[1:] if header else rows)]
    assert [lines[0], *lines[2:]] == expected
    assert lines[1] == "|" + "|".join(["---"] * width) + "|"


def _text_block_by_block(doc: Document) -> str:
    """write_text as it was written before its fast path: each block in turn, each raw run in its line pieces."""
    from tablefix.model import Noise, Text
    from tablefix.writers.text import _BLANK_RUNS, _SPACES, _join, _line_pieces, _render, _rewritten, _set_apart

    rewrite, out, cut, gap, prev = _rewritten(doc, False), [], False, False, None
    for block in doc.blocks:
        if isinstance(block, Noise):
            cut = True
            gap = gap or (block.text.endswith("\n") and (not out or out[-1].endswith("\n")))
            continue
        if isinstance(block, Table) and id(block) not in rewrite:
            piece = doc.text[block.span.start:block.span.end]
            if gap and "".join(out[-2:]).strip() and not "".join(out[-2:]).endswith("\n\n"):
                piece = "\n" + piece
            out.append(piece)
            cut = gap = False
            prev = block
            continue
        raw = isinstance(block, Text) and block.kind == "raw"
        for piece in _line_pieces(block.text) if raw else [_render(block)]:
            if gap and piece.strip() and not piece.startswith("\n"):
                tail = "".join(out[-2:])
                if tail.endswith("\n") and not tail.endswith("\n\n") and tail.strip():
                    piece = "\n" + piece
            gap = False
            if cut and out:
                _join(out, piece)
                piece = piece.lstrip(_SPACES)
            if isinstance(block, Table):
                piece = _set_apart(out, piece)
            elif isinstance(prev, Table) and id(prev) in rewrite and piece.strip():
                piece = "\n" + piece
            cut, prev = False, block
            out.append(piece)
    return _BLANK_RUNS.sub("\n\n", "".join(out))


_LINE = st.text(alphabet="ab \t", max_size=4)
_TEXT = st.builds(lambda lines, end: "\n".join(lines) + end, st.lists(_LINE, max_size=4),
                  st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.tuples(st.just("text"), _TEXT, st.sampled_from(["raw", "raw", "raw", "heading", "item"])),
                          st.tuples(st.just("noise"), _TEXT, st.just("")),
                          st.tuples(st.just("table"), st.sampled_from(["pipe", "html"]), st.booleans())),
                min_size=1, max_size=12))
def test_the_text_writer_joins_runs_of_raw_blocks_as_it_wrote_them_block_by_block(spec: list[tuple]) -> None:
    """Runs of raw blocks go in as one piece but their last two: what a cut, gap or table after them looks at."""
    from tablefix.model import Fix, Noise, Text

    blocks, fixes, pos = [], [], 0
    for kind, a, b in spec:
        text = "| h |\n|---|\n| 1 |\n" if kind == "table" else a
        span = Span(pos, pos + len(text), 1, 1)
        if kind == "text":
            blocks.append(Text(text, span, b, 1 if b == "heading" else 0))
        elif kind == "noise":
            blocks.append(Noise(text or "x", Span(pos, pos + len(text or "x"), 1, 1), "css"))
            text = text or "x"
        else:
            blocks.append(Table(("h",), (("1",),), span, a))
            fixes += [Fix("pad-short-row", "m", Span(pos + 2, pos + 4, 1, 1))] if b else []
        pos += len(text)
    doc = Document("".join(b.text if not isinstance(b, Table) else "| h |\n|---|\n| 1 |\n" for b in blocks),
                   tuple(blocks), fixes=tuple(fixes))
    assert tablefix.write(doc, "text") == _text_block_by_block(doc)


DOCUMENTS = sorted(p for p in (Path(__file__).parent / "fixtures" / "documents").iterdir()
                   if ".expected." not in p.name)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_whole_documents(path: Path, fmt: str, update_golden: bool) -> None:
    """`--to md --document` is a Markdown document, not the text output: one element per paragraph, text
    escaped where Markdown would read it as markup; `--to html --document` has the same elements."""
    got = tablefix.write(tablefix.clean(path.read_text(encoding="utf-8"), path.name), fmt, document=True)
    expected = path.with_name(f"{path.stem}.expected.{fmt}")
    if update_golden:
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def shown(html: str) -> list[str]:
    """The text a browser shows, a string per element (whitespace collapsed)."""
    return [" ".join(unescape(t).split()) for t in re.split(r"<[^>]+>", html) if t.strip()]


LINE = st.text(alphabet=st.sampled_from(list("ab 1.#->*_`[]()<>&|=+~!\\\"'\t")), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(LINE, min_size=1, max_size=5), st.booleans())
def test_the_markdown_document_shows_what_the_html_document_shows(lines: list[str], page: bool) -> None:
    """Rendered by a CommonMark parser, the Markdown document shows the text the HTML document shows, element
    by element, whatever markup characters the article holds (as scraped text, or as an HTML page)."""
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown (bench extra)")
    text = "\n".join(lines) + "\n"
    if page:
        text = "<!DOCTYPE html><html><body>" + "".join(f"<{t}>{escape(x)}</{t}>" for t, x in zip(
            ["h2", "p", "p", "h3", "p"], lines, strict=False)) + "<ul><li>- item</li></ul></body></html>"
    doc = tablefix.clean(text)
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(tablefix.write(doc, "md", document=True))
    assert shown(rendered) == shown(tablefix.write(doc, "html", document=True).split("<body>")[1])


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_markdown_document_of_a_fixture_shows_what_the_html_document_shows(path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown (bench extra)")
    doc = tablefix.clean(path.read_text(encoding="utf-8"), path.name)
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(tablefix.write(doc, "md", document=True))
    assert shown(rendered) == shown(tablefix.write(doc, "html", document=True).split("<body>")[1])
    assert tablefix.write(doc, "md", document=True) != tablefix.write(doc, "text")

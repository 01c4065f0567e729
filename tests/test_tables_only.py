"""Tables-only reading for table writers: a page read without its text, text without tables not repaired;
the same tables, spans and table fixes as the full read, the same repeated tables cut, the same output."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import tablefix
from tablefix import jobs
from tablefix.cli import app
from tablefix.model import Document, Text
from tablefix.readers.decode import decode

FIXTURES = Path(__file__).parent / "fixtures"
HTML_FILES = sorted(FIXTURES.rglob("*.html"))
REPEATED = FIXTURES / "html" / "page_tables_repeated_under_same_heading.html"
TABLE_CODES = {"trim-empty-cells", "pad-short-row", "drop-duplicate-table", "rejoin-table"}
"""Fixes made on tables (or cutting one): all a tables-only document reports."""


def _same_tables(text: str) -> tuple[Document, Document]:
    full, only = tablefix.clean(text, "page"), tablefix.clean(text, "page", tables_only=True)
    assert only.tables == full.tables  # cells, header, order and spans
    assert only.table_fixes() == full.table_fixes()
    assert list(only.fixes) == [f for f in full.fixes if f.code in TABLE_CODES]
    for fmt in ("csv", "tsv", "md", "html"):
        assert tablefix.write(only, fmt) == tablefix.write(full, fmt)
    return full, only


def test_fixtures_hold_pages() -> None:
    assert len(HTML_FILES) >= 40 and REPEATED in HTML_FILES


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_tables_only_is_the_full_read(path: Path) -> None:
    _same_tables(decode(path.read_bytes(), str(path)))


def test_table_repeated_under_the_same_heading_is_cut_as_in_the_full_read() -> None:
    full, only = _same_tables(REPEATED.read_text(encoding="utf-8"))
    cuts = [f for f in full.fixes if f.code == "drop-duplicate-table"]
    # under "Weekday fares" again (a script between), and a copy right after itself; not under "Weekend fares"
    assert [f.message for f in cuts] == ["repeat of the table at line 6", "repeat of the table at line 11"]
    assert [t.columns for t in full.tables] == [("Line", "From"), ("Zone", "Fare"), ("Zone", "Fare"),
                                                ("Pass", "Price"), ("Month", "Price"), ("Month", "Price")]
    assert any(f.code == "trim-empty-cells" for f in only.fixes)
    # each table after the text above it, and nothing else: no paragraph, no noise left
    kept = [b for b in only.blocks if isinstance(b, Text)]
    assert [b.text for b in kept] == ["Weekday fares", "Weekend fares", "Passes", "Monthly passes", "  Zone  Fare"]
    assert {b.kind for b in kept} == {"heading"}
    assert "Prices include tax." not in tablefix.write(full, "csv")


def test_a_page_without_a_table_tag_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    from tablefix.readers import html_page

    def no_parse(markup: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(html_page, "parse", no_parse)
    page = "<!DOCTYPE html><html><body><h1>News</h1><p>Nothing tabular here, only prose.</p></body></html>"
    doc = tablefix.clean(page, tables_only=True)
    assert doc.blocks == () and doc.fixes == () and doc.text == page


def test_layout_tables_only_give_an_empty_document() -> None:
    page = ("<!DOCTYPE html><html><body><table role='presentation'><tr><td>Menu</td><td>Home</td></tr>"
            "<tr><td>About</td><td>Contact</td></tr></table><p>Prose.</p></body></html>")
    assert tablefix.clean(page, tables_only=True).blocks == ()
    assert tablefix.clean(page).tables == []


def test_plain_text_is_read_as_always() -> None:
    text = "Intro paragraph.\n\nA | B\n---|---\n1 | 2\n\nIntro paragraph.\n"
    assert tablefix.read(text, tables_only=True) == tablefix.read(text)


def test_repeats_are_not_looked_for_where_no_cut_can_reach_a_table() -> None:
    """One table, and no pipe after it that a cut could join to it: the `duplicates` pass does not run."""
    text = "An intro said twice in this text.\n\nA | B\n---|---\n1 | 2\n\nAn intro said twice in this text.\n"
    full, only = tablefix.clean(text), tablefix.clean(text, tables_only=True)
    assert [f.code for f in full.fixes] == ["drop-duplicate-paragraph"]
    assert only.fixes == () and only.tables == full.tables


@pytest.mark.parametrize("text", [
    # pipe rows after the table: a cut between joins them to it (rejoin-tables)
    "Said twice, word for word here.\n\nA | B\n---|---\n1 | 2\nSaid twice, word for word here.\n3 | 4\n",
    # two tables: the second repeats the first right after it
    "A | B\n---|---\n1 | 2\n\nA | B\n---|---\n1 | 2\n",
])
def test_repeats_are_cut_where_a_cut_reaches_a_table(text: str) -> None:
    full, only = tablefix.clean(text), tablefix.clean(text, tables_only=True)
    assert only.tables == full.tables and len(full.tables) == 1
    assert {"rejoin-table", "drop-duplicate-table"} & {f.code for f in only.fixes}


# ---- random pages: the locator searches and block ends must come out as in the full walk -------------------

_WORDS = ["Fares", "Zone", "Weekday fares", "Results of the vote", "Notes", "Data"]
_PROSE = ["The council published the new fares on Monday after a long debate.",
          "Prices include tax and are valid from the first of the month."]
_TABLES = [
    "<table><tr><th>Zone</th><th>Fare</th></tr><tr><td>1</td><td>2.50</td></tr><tr><td>2</td><td>3.10</td></tr></table>",
    "<table><caption>Passes</caption><tr><td>Day</td><td>7</td><td></td></tr><tr><td>Week</td><td>30</td></tr></table>",
    "<TABLE border=1><thead><tr><th>A</th><th>B</th></tr></thead><tr><td>x<br>y</td><td>z</td></tr>"
    "<tr><td>u</td><td><table><tr><td>p</td><td>q</td></tr><tr><td>r</td><td>s</td></tr></table></td></tr></TABLE>",
    "<table role=presentation><tr><td>menu</td></tr></table>",
]


@st.composite
def _pages(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["h", "p", "prose", "table", "layout", "script", "pre", "div", "blank", "li"]))
        word = draw(st.sampled_from(_WORDS))
        if kind == "h":
            level = draw(st.integers(1, 3))
            pieces.append(f"<h{level}>{word}</h{level}>")
        elif kind == "p":
            pieces.append(f"<p>{word}</p>")
        elif kind == "prose":
            pieces.append(f"<p>{draw(st.sampled_from(_PROSE))}</p>")
        elif kind == "table":
            pieces.append(draw(st.sampled_from(_TABLES)))
        elif kind == "layout":
            inner = draw(st.sampled_from(_TABLES))
            pieces.append(f"<table class=layout><tr><td><p>{word}</p>{inner}</td><td><img src=a.png></td></tr></table>")
        elif kind == "script":
            pieces.append(draw(st.sampled_from(["<script>var t = '<table>';</script>", "<style>p{}</style>",
                                                "<noscript>on</noscript>"])))
        elif kind == "pre":
            pieces.append(f"<pre>\n  {word}\n</pre>")
        elif kind == "div":
            pieces.append(f"<div>{word} <b>bold</b><br>tail<div>{word}</div> after</div>")
        elif kind == "blank":
            pieces.append(draw(st.sampled_from(["<p> </p>", "<p><br></p>", "<div>\n</div>", "&nbsp;"])))
        else:
            pieces.append(f"<ul><li>{word}</li><li>{word}<p>more</p></li></ul>")
    seps = draw(st.lists(st.sampled_from(["", "\n", "\n\n", " "]), min_size=len(pieces), max_size=len(pieces)))
    body = "".join(p + s for p, s in zip(pieces, seps, strict=True))
    head = draw(st.sampled_from(["", "<head><script>x()</script></head>", "<head><title>T</title></head>\n"]))
    return f"<!DOCTYPE html>\n<html>{head}<body>{body}</body></html>"


@settings(max_examples=300, deadline=None)
@given(_pages())
@example(f"<!DOCTYPE html>\n<html><body>{_TABLES[0]}<p>Notes</p></body></html>")  # a table as the first block
@example(f"<html><head><script>x()</script></head><body>{_TABLES[0]}{_TABLES[0]}<h2>Zone</h2>{_TABLES[0]}"
         f"<p>Notes</p><h2>Zone</h2><p> </p>{_TABLES[0]}</body></html>")  # repeats, noise first
def test_random_pages_tables_only_is_the_full_read(page: str) -> None:
    _same_tables(page)


# ---- the command line ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "tables_only"), [
    (["--to", "csv"], True), (["--to", "tsv"], True), (["--to", "md"], True), (["--to", "html", "--table", "2"], True),
    (["--to", "md", "--document"], False), (["--to", "json"], False), (["--to", "text"], False),
    (["--to", "csv", "--report", "json"], False),
])
def test_cli_reads_tables_only_for_table_formats(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 args: list[str], tables_only: bool) -> None:
    seen: list[bool] = []

    def clean(*a: object, tables_only: bool = False) -> Document:
        seen.append(tables_only)
        return tablefix.clean(*a, tables_only=tables_only)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "clean", clean)
    r = CliRunner().invoke(app, [str(REPEATED), *args])
    assert r.exit_code == 0, r.output
    assert seen == [tables_only]


def test_cli_tables_out_reads_the_whole_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []

    def clean(*a: object, tables_only: bool = False) -> Document:
        seen.append(tables_only)
        return tablefix.clean(*a, tables_only=tables_only)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "clean", clean)
    r = CliRunner().invoke(app, [str(REPEATED), "--to", "csv", "--tables-out", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0, r.output
    assert seen == [False]


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_cli_output_is_the_full_reads(fmt: str) -> None:
    r = CliRunner().invoke(app, [str(REPEATED), "--to", fmt])
    assert r.exit_code == 0
    assert r.stdout == tablefix.write(tablefix.clean(REPEATED.read_text(encoding="utf-8"), str(REPEATED)), fmt)


@pytest.mark.parametrize("path", sorted(p for p in (Path(__file__).parent / "fixtures").glob("*/*.txt")
                                        if ".expected" not in p.name), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_text_read_for_tables_only_writes_the_same_tables(path: Path) -> None:
    """Text in which the reader finds no table is not repaired for a table writer; its tables are the same."""
    text = path.read_text(encoding="utf-8")
    full, fast = tablefix.clean(text), tablefix.clean(text, tables_only=True)
    assert fast.tables == full.tables  # cells, spans and holes
    for fmt in ("csv", "tsv", "md", "html"):
        assert tablefix.write(fast, fmt) == tablefix.write(full, fmt)


_TEXT_PIECES = [
    "A | B\n---|---\n1 | 2\n", "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 |\n", "A | B |---|---| 1 | 2 | 3 | 4 |\n",
    "Name    Score\nAda     12\nBob     7\n", "3 | 4\n", "5 | 6 | 7\n", "| 8 | 9 |\n", "Home | News | Sport\n",
    "Said twice, word for word, in this text.\n", "Said twice, word for word, in this text. And more after it.\n",
    "Prices include tax.\n", "Share\nTweet\n", ".x{color:red;margin:0}\n", "p { font-size: 12px; }\n", "\n", "|\n",
    "* [Home](/)\n* [News](/news)\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES), max_size=12))
@example(["A | B\n---|---\n1 | 2\n", "Said twice, word for word, in this text.\n", "3 | 4\n", "\n",
          "Said twice, word for word, in this text.\n"])
def test_random_text_tables_only_writes_the_same_tables(pieces: list[str]) -> None:
    """Tables, repeats, leaked CSS and pipe rows in any order: whether or not the `duplicates` pass runs for a
    table writer, its tables are those of the full clean."""
    text = "".join(pieces)
    full, fast = tablefix.clean(text), tablefix.clean(text, tables_only=True)
    assert fast.tables == full.tables
    assert tablefix.write(fast, "csv") == tablefix.write(full, "csv")

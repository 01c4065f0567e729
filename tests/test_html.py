"""HTML reader: golden fixtures (one behaviour each) and the API's edge cases.

Golden pairs live in tests/fixtures/html/: `<case>.html` and `<case>.expected.json` holding
{"tables": [{"columns", "rows"}], "text": [optional Text block texts of read_html_page]}.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tablefix
from tablefix.model import Document, Noise, Table, Text
from tablefix.readers.html import (
    ParsedTable,
    decode_html_bytes,
    find_table_markup_end,
    looks_like_html_page,
    read_html_page,
    tables_from_markup,
)

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CASES = sorted(p.name[: -len(".html")] for p in FIXTURES.glob("*.html"))


def _load(case: str) -> tuple[str, dict]:
    markup = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    return markup, expected


def _as_json(tables: list[ParsedTable] | list[Table]) -> list[dict]:
    return [{"columns": None if t.columns is None else list(t.columns), "rows": [list(r) for r in t.rows]}
            for t in tables]


def _check_spans(doc: Document) -> None:
    """Blocks are ordered, never overlap, and cover the whole source."""
    pos = 0
    for block in doc.blocks:
        assert block.span.start == pos, block
        assert block.span.end >= block.span.start
        pos = block.span.end
    assert pos == (len(doc.text) if doc.blocks else 0)


def test_fixtures_exist() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_tables_from_markup(case: str) -> None:
    markup, expected = _load(case)
    assert _as_json(tables_from_markup(markup)) == expected["tables"]


@pytest.mark.parametrize("case", CASES)
def test_read_html_page(case: str) -> None:
    markup, expected = _load(case)
    doc = read_html_page(markup, name=case)
    assert doc.name == case and doc.text == markup
    assert _as_json(doc.tables) == expected["tables"]
    assert all(t.origin == "html" for t in doc.tables)
    if "text" in expected:
        assert [b.text for b in doc.blocks if isinstance(b, Text)] == expected["text"]
    _check_spans(doc)


# ---- pages ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><style>p { color: red }</style></head>
<body>
<h2 class="x">Title</h2>
<script>track();</script>
<ol><li>one<ul><li>inner</li></ul>after</li></ol>
<pre>  keep   this
    spacing</pre>
<dl><dt>Term</dt><dd>Meaning</dd></dl>
</body></html>
"""


def test_page_kinds_levels_and_noise() -> None:
    doc = read_html_page(PAGE)
    got = [(type(b).__name__, getattr(b, "kind", getattr(b, "reason", "")), getattr(b, "level", 0), b.text)
           for b in doc.blocks if not isinstance(b, Table)]
    assert got == [
        ("Noise", "css", 0, "p { color: red }"),
        ("Text", "heading", 2, "Title"),
        ("Noise", "script", 0, "track();"),
        ("Text", "item", 0, "one"),
        ("Text", "item", 0, "inner"),
        ("Text", "item", 0, "after"),
        ("Text", "paragraph", 0, "  keep   this\n    spacing"),
        ("Text", "item", 0, "Term"),
        ("Text", "item", 0, "Meaning"),
    ]
    _check_spans(doc)


def test_page_spans_start_at_their_tags() -> None:
    doc = read_html_page(PAGE)
    heading = next(b for b in doc.blocks if isinstance(b, Text) and b.kind == "heading")
    assert PAGE[heading.span.start:].startswith('<h2 class="x">')
    assert heading.span.line == PAGE[: heading.span.start].count("\n") + 1
    noise = [b for b in doc.blocks if isinstance(b, Noise)]
    assert PAGE[noise[1].span.start:].startswith("<script>")


def test_empty_inputs() -> None:
    assert tables_from_markup("") == []
    assert tables_from_markup("   \n") == []
    assert tables_from_markup("no markup at all") == []
    doc = read_html_page("")
    assert doc.blocks == () and doc.text == ""


@pytest.mark.parametrize("markup", ["  \n", "<div style='display:none'>secret</div>\n", "<p>   </p>"])
def test_page_with_nothing_visible_is_one_noise_block(markup: str) -> None:
    doc = read_html_page(markup)
    assert [(type(b), b.text, b.reason) for b in doc.blocks] == [(Noise, markup, "markup")]  # type: ignore[union-attr]
    _check_spans(doc)


# ---- depth and size ------------------------------------------------------------------------------------

INNER = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"


def test_deep_divs_fall_back_and_keep_the_table() -> None:
    n = 10_000
    markup = "<div>" * n + INNER + "</div>" * n
    assert _as_json(tables_from_markup(markup)) == [{"columns": ["a", "b"], "rows": [["1", "2"]]}]
    doc = read_html_page(markup)
    assert _as_json(doc.tables) == [{"columns": ["a", "b"], "rows": [["1", "2"]]}]


def test_deep_nested_tables_each_read_once() -> None:
    n = 10_000
    level = "<table><tr><td>x</td><td>y</td></tr><tr><td>z</td><td>"
    markup = level * n + INNER + "</td></tr></table>" * n
    t0 = time.perf_counter()
    tables = tables_from_markup(markup)
    assert time.perf_counter() - t0 < 30
    assert len(tables) == n + 1
    assert _as_json(tables[:1]) == [{"columns": None, "rows": [["x", "y"], ["z", ""]]}]
    assert _as_json(tables[-1:]) == [{"columns": ["a", "b"], "rows": [["1", "2"]]}]


def test_colspan_is_capped_at_1000() -> None:
    (table,) = tables_from_markup('<table><tr><th colspan="50000">A</th></tr><tr><td>1</td><td>2</td></tr></table>')
    assert table.columns == ("A",) * 1000
    assert table.rows == (("1", "2") + ("",) * 998,)


def test_many_rows_is_fast() -> None:
    markup = "<table>" + "<tr><td>a</td><td>b</td></tr>\n" * 50_000 + "</table>"
    t0 = time.perf_counter()
    (table,) = tables_from_markup(markup)
    assert len(table.rows) == 50_000 and table.columns is None
    assert time.perf_counter() - t0 < 10


# ---- find_table_markup_end -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("Intro\n<TABLE><tr><td>a</td></tr></Table> after", "<TABLE><tr><td>a</td></tr></Table>"),
    ("x <table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>tail",
     "<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>"),
    ("<table><tr><td>multi\nline\ncell</td></tr>\n<tr><td>z</td></tr>\n\nProse.",
     "<table><tr><td>multi\nline\ncell</td></tr>\n<tr><td>z</td></tr>"),
    ("x\n<table>\n<tr><td>a</td><td>b\n<tr><td>c</td><td>d\nSome prose.\nMore prose.\n",
     "<table>\n<tr><td>a</td><td>b\n<tr><td>c</td><td>d"),
    ("x\n<table>\n<tr><td>a</td><td>b\n\nA new paragraph.\n<tr><td>q</td></tr>", "<table>\n<tr><td>a</td><td>b"),
    ("<table><tr><td>a</td></tr>\n\n\n<tr><td>z</td></tr>\nprose",
     "<table><tr><td>a</td></tr>\n\n\n<tr><td>z</td></tr>"),
    ("<table><tr><td>trunc", "<table><tr><td>trunc"),
    ("<table><tr><td>a</td></tr></table>\n<table><tr><td>b</td></tr></table>\n<table><tr><td>c</td></tr></table>x",
     "<table><tr><td>a</td></tr></table>\n<table><tr><td>b</td></tr></table>\n<table><tr><td>c</td></tr></table>"),
    ("<table><tr><td>a</td></tr></table>\n<table><tr><td>b</td></tr><tr><td>c</td></tr></table>",
     "<table><tr><td>a</td></tr></table>"),
    ("<table><tr><td>a</td></tr></table>\n\n<table><tr><td>b</td></tr></table>", "<table><tr><td>a</td></tr></table>"),
], ids=["closed", "nested", "multiline-cell", "unclosed-then-prose", "paragraph-break", "blank-lines", "eof",
        "one-row-run", "one-row-then-longer", "one-row-then-paragraph"])
def test_find_table_markup_end(text: str, want: str) -> None:
    start = text.lower().index("<table")
    assert text[start:find_table_markup_end(text, start)] == want


def test_find_table_markup_end_linear() -> None:
    text = "<table>" + "<td" * 200_000
    t0 = time.perf_counter()
    assert find_table_markup_end(text, 0) == len(text)
    assert time.perf_counter() - t0 < 5


# ---- looks_like_html_page ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<!DOCTYPE html><p>x</p>",
    "\ufeff  <!-- saved --> <html><body>hi</body></html>",
    '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
    "<body><p>only a body</p></body>",
    '<table class="wikitable">\n<tr>\n<th>A</th>\n</tr>\n<tr>\n<td>a rather long cell of text, longer than its tags'
    ' by far, so that the share of markup characters stays low</td>\n</tr>\n</table>\n',
    "<style>\n.grid { display: grid; }\n</style>\n<title>T</title>\n<meta name='a' content='b'>\n"
    "<!DOCTYPE html>\n<html><body><p>" + "Prose of the article itself. " * 40 + "</p></body></html>\n",
    "\n<script>var ad = 1;</script><div><script>count();</script></div><html>\n<body><p>"
    + "Prose of the article itself. " * 40 + "</p></body></html>\n",
], ids=["doctype", "bom-comment-html", "xml-decl", "body", "text-heavy-fragment", "style-injected-before",
        "script-injected-before"])
def test_looks_like_html_page_yes(text: str) -> None:
    assert looks_like_html_page(text)


@pytest.mark.parametrize("text", [
    "",
    "Polio Water\n\nA short film.\n\n<table><tr><td>a</td></tr></table>\n\nMore prose here.\n",
    "Year | Title\n---|---\n1995 | Polio Water\n",
    "<b>Bold</b> start, then a long paragraph of prose with no other markup at all in it, going on and on.\n\n"
    "Another paragraph of plain prose.\n\nAnd a third one, still prose.\n",
    "a < b and c > d",
    "<A",
    "<b>Note</b>: buy milk",
    "<b>Tip</b>: a page starts with a doctype, then comes the root element of every page there is, which is"
    " the one we all know, and under it the head and the body. <html> is that root.\n",
], ids=["empty", "prose-with-table", "pipe-table", "prose-starting-with-tag", "comparison", "half-tag", "one-line",
        "prose-naming-html"])
def test_looks_like_html_page_no(text: str) -> None:
    assert not looks_like_html_page(text)


# ---- decode_html_bytes ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "want"), [
    (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "<p>café</p>"),
    ("<p>café</p>".encode("utf-16"), "<p>café</p>"),
    (b'<meta charset="utf-8"><p>caf\xc3\xa9</p>', '<meta charset="utf-8"><p>café</p>'),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>\xcc</p>",
     "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>\u041c</p>"),
    (b'<meta charset="ISO-8859-1"><p>\x93q\x94</p>', '<meta charset="ISO-8859-1"><p>\u201cq\u201d</p>'),
    (b'<meta charset="iso-8859-1"><p>\x81</p>', '<meta charset="iso-8859-1"><p>\x81</p>'),
], ids=["utf8-bom", "utf16-bom", "meta-charset", "http-equiv", "latin1-is-cp1252", "latin1-fallback"])
def test_decode_html_bytes_declared(data: bytes, want: str) -> None:
    assert decode_html_bytes(data) == want


@pytest.mark.parametrize("data", [
    b"<p>caf\xc3\xa9</p>",
    b'<meta charset="utf-8"><p>caf\xe9</p>',
    b'<meta charset="no-such-codec"><p>x</p>',
], ids=["undeclared", "declared-but-wrong", "unknown-label"])
def test_decode_html_bytes_none(data: bytes) -> None:
    assert decode_html_bytes(data) is None


@pytest.mark.parametrize("markup", ["<TABLE><TR><TD>a<TD>b<TR><TD>1<TD>2</TABLE>",
                                    "<p>x</p><Table\n><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></Table>"])
def test_table_tag_in_any_case_is_read(markup: str) -> None:
    assert len(tables_from_markup(markup)) == 1
    assert len(read_html_page(markup).tables) == 1


def _printed_in_a_fresh_process(code: str) -> str:
    """What `code` prints run in a new interpreter (so imports made earlier in the tests do not count), and
    then the HTML parsers it imported."""
    code = "import sys\n" + code + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('lxml', 'bs4')))\n"
    src = str(Path(__file__).resolve().parents[1] / "src")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": src}).stdout


def test_markup_without_a_table_tag_is_not_parsed_for_tables() -> None:
    out = _printed_in_a_fresh_process(
        "from tablefix.readers.html import tables_from_markup\n"
        "print(tables_from_markup('<html><body><p>no tables</p><tr><td>a</td><td>b</td></tr></body></html>'))\n")
    assert out.split() == ["[]", "[]"]


# ---- import discipline ---------------------------------------------------------------------------------

def test_plain_text_helpers_do_not_import_lxml_or_bs4() -> None:
    out = _printed_in_a_fresh_process(
        "from tablefix.readers.html import find_table_markup_end, looks_like_html_page, decode_html_bytes\n"
        "looks_like_html_page('<table><tr><td>a</td></tr></table>')\n"
        "find_table_markup_end('<table><tr><td>a</td></tr></table>', 0)\n"
        "decode_html_bytes(b'<meta charset=utf-8>x')\n")
    assert out.strip() == "[]"


# ---- properties ----------------------------------------------------------------------------------------

_TAGS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", "<br>", "<p>", "</p>",
         '<td colspan="3">', '<td rowspan="2">', "<thead>", "</thead>", "<h2>", "</h2>", "<li>", "<ul>",
         '<span style="display:none">', "</span>", "x", " ", "\n", "&amp;", "<", ">", "é", "<style>b{}</style>", "\x0c"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TAGS), max_size=60))
def test_any_markup_reads_without_error(parts: list[str]) -> None:
    markup = "".join(parts)
    for table in tables_from_markup(markup):
        width = len(table.columns) if table.columns is not None else len(table.rows[0])
        assert all(len(r) == width for r in table.rows)
        assert width >= 2 or (width == 1 and table.columns is not None)  # one column only under a header
        assert any(any(r) for r in table.rows)
    doc = read_html_page(markup)
    _check_spans(doc)
    if "<table" in markup:
        start = markup.index("<table")
        assert start < find_table_markup_end(markup, start) <= len(markup)


@pytest.mark.parametrize("page", [
    "<style>\nb{}\n</style>\n\x0cx",  # the text after a removed element joins the text before it
    "<html><body><table><tr><td>a</td><td>b</td></tr></table><table><tr><td>c</td><td>d</td></tr></table>"
    "x\x0cy</body></html>",  # the text after a run of one-row tables moves to the joined table
])
def test_control_characters_in_text_moved_in_the_tree(page: str) -> None:
    """libxml2 reads a control character into the tree, lxml refuses to set it on an element: moved text
    holds U+FFFD for it instead of raising."""
    text = tablefix.write(tablefix.clean(page), "text")
    assert "x" in text and "\x0c" not in text


@pytest.mark.parametrize("name", ["x²", "aª", "a½", "a¹", "a①", "é²"])
def test_deep_page_with_names_lxml_will_not_take(name: str) -> None:
    """A page too deep for libxml2 is copied from BeautifulSoup's tree: a tag or attribute name that `\\w` takes
    but lxml will not (ValueError) becomes a span, or is dropped, and the page is read."""
    deep = "<div>" * 2100
    for page in (f"<{name}>q</{name}>{INNER}{deep}", f"<p {name}=1>q</p>{INNER}{deep}"):
        for tables_only in (False, True):
            doc = tablefix.clean(page, tables_only=tables_only)
            assert _as_json(doc.tables) == [{"columns": ["a", "b"], "rows": [["1", "2"]]}]


def test_lxml_takes_tag_and_attribute_names_alike() -> None:
    """html_tree._lxml_name asks lxml about a tag name and uses the answer for attribute names too."""
    from lxml import etree

    from tablefix.readers.html_tree import _lxml_name

    for name in ["x²", "aª", "a½", "²", "à", "a·", "a:b", "aé", "a\u0300", "Kelvin\u212a", "A\u0130", "a\u3007", "a٣"]:
        lowered = _lxml_name(name)
        try:
            etree.Element("x").set(name.lower(), "1")
            takes_attribute = True
        except ValueError:
            takes_attribute = False
        assert (lowered is not None) <= takes_attribute, name
        if lowered is not None:
            assert lowered == name.lower()
            etree.Element(lowered)  # takes the tag

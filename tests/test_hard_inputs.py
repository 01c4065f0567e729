"""Hard inputs handled without error: newlines of every kind, BOM, NUL bytes, huge pipe runs, deep markup,
unclosed tags, brace storms. (Large files are exercised in benchmarks/; these stay small enough to be quick.)"""

from __future__ import annotations

import tablefix
from tablefix.readers.decode import decode

TABLE = "A | B |\n---|---|\n1 | 2 |\n"


def grid(text: str) -> list[tuple[object, ...]]:
    return [(t.columns, t.rows) for t in tablefix.clean(text).tables]


def test_crlf_and_cr_newlines_read_like_lf() -> None:
    want = grid(TABLE)
    assert grid(decode(TABLE.replace("\n", "\r\n").encode(), "x")) == want
    assert grid(decode(TABLE.replace("\n", "\r").encode(), "x")) == want


def test_bom_and_nul_bytes() -> None:
    assert grid(decode(b"\xef\xbb\xbf" + TABLE.encode(), "x")) == grid(TABLE)
    assert grid(decode(TABLE.replace("1", "1\x00").encode(), "x")) == grid(TABLE)


def test_a_hundred_thousand_pipes_in_a_row() -> None:
    doc = tablefix.clean("|" * 100_000 + "\nText after.\n")
    assert doc.tables == []
    assert tablefix.write(doc, "text") == "Text after.\n"


def test_ten_thousand_deep_nested_html() -> None:
    page = ("<html><body>" + "<div>" * 10_000 + "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td>"
            "</tr></table>" + "</div>" * 10_000 + "</body></html>")
    assert grid(page) == [(("a", "b"), (("1", "2"),))]


def test_unclosed_tags_in_text() -> None:
    tables = grid("Intro.\n<table><tr><th>a<th>b<tr><td>1<td>2\n\nAfter the table.\n")
    assert tables == [(("a", "b"), (("1", "2"),))]


def test_thousands_of_braces() -> None:
    text = "{" * 5000 + "x" + "}" * 5000 + "\n" + "a{b:c} " * 2000 + "\n"
    doc = tablefix.clean(text)
    assert "x" in tablefix.write(doc, "text")


def test_keep_markup_reaches_rows_rejoined_after_an_interruption() -> None:
    text = ("# Title\n\nThe survey covered four towns across the region that spring.\n\n"
            "Town | Homes\n---|---\n**Ann** | 1\nThe survey covered four towns across the region that spring.\n"
            "**Bob** | 2\n")
    kept = tablefix.clean(text, keep_markup=True).tables
    assert [t.rows for t in kept] == [(("**Ann**", "1"), ("**Bob**", "2"))]
    assert [t.rows for t in tablefix.clean(text).tables] == [(("Ann", "1"), ("Bob", "2"))]


def test_crlf_text_through_the_library() -> None:
    assert grid(TABLE.replace("\n", "\r\n")) == grid(TABLE)
    assert "\r" not in tablefix.write(tablefix.clean("a\r\nb\r\n"), "text")


def test_narrow_lines_are_measured_without_wcwidth():
    """widths._layout takes a line of Latin, Greek, Cyrillic letters and common punctuation as one column
    a code point without asking wcwidth: wcwidth must agree, character by character."""
    from wcwidth import wcwidth

    from tablefix.readers import widths

    narrow = [c for c in range(0x2100) if widths._NARROW.fullmatch(chr(c))]
    assert len(narrow) > 1200 and all(wcwidth(chr(c)) in (1, -1) for c in narrow)
    line = "Zürich – Ça   ß\x7f «Ωμέγα» Жизнь…"
    assert widths._layout(line) == (line, tuple(range(len(line) + 1)))
    assert widths._layout("a\u0301b")[0] == "ab"  # a combining mark still takes no column
    assert widths._layout("a\u200bb")[0] == "ab"  # nor a zero-width space

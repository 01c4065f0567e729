"""HTML bytes decoded as a browser would (readers.html_charset), through the CLI's input decoding.

Golden pairs in tests/fixtures/charset/: `<case>.html` (raw bytes in the encoding the name says) and
`<case>.expected.json` holding the tables read from it, so a misread shows as wrong cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tablefix
from tablefix.readers.decode import decode
from tablefix.readers.html import decode_page_bytes
from tablefix.readers.html_charset import misreads

FIXTURES = Path(__file__).parent / "fixtures" / "charset"
CASES = sorted(p.name[: -len(".html")] for p in FIXTURES.glob("*.html"))


def _tables(doc: tablefix.Document) -> list[dict]:
    return [{"columns": None if t.columns is None else list(t.columns), "rows": [list(r) for r in t.rows]}
            for t in doc.tables]


@pytest.mark.parametrize("case", CASES)
def test_page_bytes_decode_to_the_right_cells(case: str, update_golden: bool) -> None:
    text = decode((FIXTURES / f"{case}.html").read_bytes(), case)
    got = {"tables": _tables(tablefix.clean(text, case))}
    expected_path = FIXTURES / f"{case}.expected.json"
    if update_golden:
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_fixtures_cover_the_encodings_of_a_crawl() -> None:
    assert len(CASES) >= 10


def test_plain_text_is_left_to_the_detector() -> None:
    assert decode_page_bytes("Gét, not a page at all".encode("cp1252"), is_page=False) is None


@pytest.mark.parametrize(("data", "want"), [
    (b'<meta charset="utf-8"><p>caf\xe9</p>', '<meta charset="utf-8"><p>café</p>'),
    (b'<meta charset="utf-8"><p>\x93q\x94 \x81</p>', '<meta charset="utf-8"><p>\u201cq\u201d \x81</p>'),
    (b'<meta charset="no-such-codec"><p>caf\xe9</p>', '<meta charset="no-such-codec"><p>café</p>'),
    (b"<p>caf\xe9</p>", "<p>café</p>"),
], ids=["declared-utf8-stray-byte", "stray-cp1252-and-undefined", "unknown-label-then-undeclared", "undeclared"])
def test_decode_page_bytes(data: bytes, want: str) -> None:
    assert decode_page_bytes(data, is_page=True) == want


@pytest.mark.parametrize(("text", "marks"), [
    ("Café crème brûlée, déjà vu: Grüße aus Köln, “quoted” – 5 €, Þjóð, ação, l·l, Lehr\u00adstoff", 0),
    ("Señor ‘Ñ’, «Ça»", 0),  # quotes beside accented letters are no run
    ("Ïðèâåò", 7),  # Cyrillic read as windows-1252: a run of six, and a word of accents only
    ("Za¿ó³æ", 5),  # cp1250 read as windows-1252: a run of four, and a symbol inside a word
    ("Ďđčâĺň", 1),  # Cyrillic read as cp1250: a word of accents only
    ("G彋t", 1),  # windows-1252 read as Big5: another script inside a Latin word
], ids=["western", "quotes", "run", "symbols-in-word", "accents-only-word", "script-in-word"])
def test_misreads(text: str, marks: int) -> None:
    assert misreads(text) == marks

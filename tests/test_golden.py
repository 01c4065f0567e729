"""Golden fixtures: one input file per behaviour, its expected tables (and fixes, and text) beside it.

tests/fixtures/<behaviour>/<case>.txt  -> <case>.expected.json  {"tables": [...], "fixes": [codes]}
                                       -> <case>.expected.txt   (optional) the `--to text` output
tests/fixtures/negative/<case>.txt     -> no table, and `--to text` gives the input back unchanged
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tablefix

FIXTURES = Path(__file__).parent / "fixtures"
OWN_TESTS = {"css", "documents", "html", "negative"}  # read by their own test modules
CASES = sorted(p for p in FIXTURES.glob("*/*.txt") if p.parent.name not in OWN_TESTS
               and not p.name.endswith(".expected.txt"))
NEGATIVE = sorted(p for p in (FIXTURES / "negative").glob("*.txt") if not p.name.endswith(".expected.txt"))


def case_id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def actual(doc: tablefix.Document) -> dict[str, object]:
    return {"tables": [{"columns": list(t.columns) if t.columns is not None else None,
                        "rows": [list(r) for r in t.rows]} for t in doc.tables],
            "fixes": sorted({f.code for f in doc.fixes})}


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_golden_tables(path: Path, update_golden: bool) -> None:
    doc = tablefix.clean(path.read_text(encoding="utf-8"), path.name)
    expected_path = path.with_suffix(".expected.json")
    got = actual(doc)
    if update_golden:
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got["tables"] == expected["tables"]
    assert got["fixes"] == expected.get("fixes", [])


@pytest.mark.parametrize("path", [p for p in CASES if p.with_suffix(".expected.txt").exists()], ids=case_id)
def test_golden_text(path: Path, update_golden: bool) -> None:
    doc = tablefix.clean(path.read_text(encoding="utf-8"), path.name)
    expected_path = path.with_suffix(".expected.txt")
    got = tablefix.write(doc, "text")
    if update_golden:
        expected_path.write_text(got, encoding="utf-8")
    assert got == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NEGATIVE, ids=case_id)
def test_negative_finds_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = tablefix.clean(text, path.name)
    assert doc.tables == []
    assert tablefix.write(doc, "text") == text


def test_the_readme_example_gives_its_expected_csv() -> None:
    """README's first command runs on this file; a careful reader's table is beside it."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    doc = tablefix.clean((examples / "putin-trump-ukraine.txt").read_text(encoding="utf-8"))
    assert tablefix.write(doc, "csv") == (examples / "putin-trump-ukraine.expected.csv").read_text(encoding="utf-8")
    assert tablefix.write(doc, "text").count("Below is a simplified table") == 1  # its repeat, after the CSS, goes

"""The report accounts for every removed character: kept spans plus removed spans rebuild the input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import tablefix
from tablefix.model import Noise, Table
from tablefix.report import rows, write_report
from tablefix.writers.json import document_record

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for d in ("leaks", "repeats", "pipe", "interrupted") for p in (FIXTURES / d).glob("*.txt")
               if not p.name.endswith(".expected.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_kept_and_removed_rebuild_the_input(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    doc = tablefix.clean(source, path.name)
    removed = json.loads(json.dumps(document_record(doc, report=True)))["removed"]
    kept = [(b.span.start, b.span.end) for b in doc.blocks if not isinstance(b, Noise | Table)]
    for t in doc.tables:  # a table's span minus the removed holes inside it
        edges = [t.span.start] + [e for h in t.holes for e in (h.span.start, h.span.end)] + [t.span.end]
        kept += list(zip(edges[::2], edges[1::2], strict=True))
    pieces = sorted(kept + [(r["start"], r["end"]) for r in removed])
    assert "".join(source[a:b] for a, b in pieces) == source
    assert all(source[r["start"]:r["end"]] == r["text"] for r in removed)


def test_report_lists_tables_css_and_repeats_with_lines() -> None:
    text = ("Intro paragraph that is long enough to count.\n"
            "A | B |\n---|---|\n1 | 2 |\n"
            "td { padding: 8px; } Intro paragraph that is long enough to count.\n")
    doc = tablefix.clean(text)
    rec = document_record(doc, report=True)
    assert rec["tables"][0]["lines"] == [2, 4]
    assert {r["reason"] for r in rec["removed"]} == {"css", "duplicate"}
    assert {f["code"] for f in rec["fixes"]} >= {"drop-css", "drop-duplicate-paragraph"}
    out = io.StringIO()
    write_report(rec, "text", out)
    shown = out.getvalue()
    assert "drop-css" in shown and "drop-duplicate-paragraph" in shown and "table (pipe)" in shown


def test_the_text_report_has_one_row_per_change_in_line_order() -> None:
    """A cut is one row (its fix), however many lines or blocks its removed text spans; a table comes
    before the fixes on its first line; removed text no fix stands for keeps a row of its own."""
    source = (FIXTURES / "interrupted" / "table-interrupted-by-css.txt").read_text(encoding="utf-8")
    shown = rows(document_record(tablefix.clean(source), report=True))
    assert [(lines, what) for lines, what, _ in shown] == [("3-9", "table (pipe)"), ("3-9", "rejoin-table"),
                                                          ("7-7", "drop-css")]
    multiline = rows(document_record(tablefix.clean((FIXTURES / "css" / "at_rules.txt")
                                                    .read_text(encoding="utf-8")), report=True))
    assert [what for _, what, _ in multiline] == ["drop-css"]
    page = ("<html><body><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
            "<style>.x{color:red}</style></body></html>")
    assert [what for _, what, _ in rows(document_record(tablefix.clean(page), report=True))] == [
        "table (html)", "removed css"]

"""The report accounts for every removed character: kept spans plus removed spans rebuild the input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import tablefix
from tablefix.model import Noise, Table
from tablefix.report import report_record, write_report

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for d in ("leaks", "repeats", "pipe", "interrupted") for p in (FIXTURES / d).glob("*.txt")
               if not p.name.endswith(".expected.txt"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_kept_and_removed_rebuild_the_input(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    doc = tablefix.clean(source, path.name)
    removed = json.loads(json.dumps(report_record(doc)))["removed"]
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
    rec = report_record(doc)
    assert rec["tables"][0]["lines"] == [2, 4]
    assert {r["reason"] for r in rec["removed"]} == {"css", "duplicate"}
    assert {f["code"] for f in rec["fixes"]} >= {"drop-css", "drop-duplicate-paragraph"}
    out = io.StringIO()
    write_report(doc, "text", out)
    shown = out.getvalue()
    assert "removed css" in shown and "removed duplicate" in shown and "table (pipe)" in shown

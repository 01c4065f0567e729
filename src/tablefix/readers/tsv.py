"""Tab-separated blocks pasted into text (spreadsheet copies, `--to tsv` output)."""

from __future__ import annotations

from ..model import Table
from .base import Found, Lines

MIN_LINES = 2


def _fields(line: str) -> list[str]:
    return [f.strip() for f in line.split("\t")]


def find_tsv_table(lines: Lines, i: int) -> Found | None:
    """Two or more consecutive lines with tabs, most with two or more fields; tools drop trailing empty
    fields, so shorter lines are padded later. The first line is the header."""
    strs = lines.strs
    if "\t" not in strs[i].strip():
        return None
    if strs[i].startswith("\t") and i + 1 < len(strs) and strs[i + 1].startswith("\t"):
        return None  # tab-indented code or verse; a header with an empty first cell has rows that do not

    j = i
    while j < len(strs) and "\t" in strs[j] and strs[j].strip():
        j += 1
    rows = [tuple(_fields(s)) for s in strs[i:j]]
    width = max(map(len, rows))
    if width < 2 or j - i < MIN_LINES or sum(len(r) >= 2 for r in rows) * 2 < len(rows):
        return None
    span = lines.span(i, j - 1)
    return Found(span.start, span.end, j, [Table(rows[0], tuple(rows[1:]), span, "tsv")])

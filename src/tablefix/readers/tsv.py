"""Tab-separated blocks pasted into text (spreadsheet copies, `--to tsv` output)."""

from __future__ import annotations

from ..model import Table
from .base import Found, Lines
from .not_tables import looks_like_list

MIN_LINES = 2


def _fields(line: str) -> list[str]:
    return [f.strip() for f in line.split("\t")]


def _without_empty_columns(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Columns empty in every row, header included, are a doubled separator (resiliparse and some
    `get_text` calls put two tabs between cells), not data: `Size<TAB><TAB>File` is two columns."""
    width = max(map(len, rows))
    empty = [k for k in range(width - 1) if not any(k < len(r) and r[k] for r in rows)]
    if not empty:
        return rows
    return [tuple(c for k, c in enumerate(r) if k not in empty) for r in rows]


def find_tsv_table(lines: Lines, i: int) -> Found | None:
    """Two or more consecutive lines with tabs, most with two or more fields; tools drop trailing empty
    fields, so shorter lines are padded later. The first line is the header."""
    strs = lines.strs
    if "\t" not in strs[i] or "\t" not in strs[i].strip():  # the first look copies nothing
        return None
    if strs[i].startswith("\t") and i + 1 < len(strs) and strs[i + 1].startswith("\t"):
        return None  # tab-indented code or verse; a header with an empty first cell has rows that do not

    j = i
    while j < len(strs) and "\t" in strs[j] and strs[j].strip():
        j += 1
    rows = _without_empty_columns([tuple(_fields(s)) for s in strs[i:j]])
    width = max(map(len, rows))
    if width < 2 or j - i < MIN_LINES or sum(len(r) >= 2 for r in rows) * 2 < len(rows) or looks_like_list(rows):
        return None
    span = lines.span(i, j - 1)
    return Found(span.start, span.end, j, [Table(rows[0], tuple(rows[1:]), span, "tsv")])

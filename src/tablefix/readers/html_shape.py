"""The shape of an HTML table once read: spans expanded, header rows merged, columns holding text counted.

Pure functions over the rows a walk collected (`html_grid`); the rules are in the docstring of
`readers.html`, the layout rule in `html_layout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_COLSPAN = 1000
MAX_ROWSPAN = 10000

Cell = tuple[str, int, int, bool, Any]
"""A cell as read: (text, colspan, rowspan, is <th>, its element)."""


@dataclass(frozen=True, slots=True)
class ParsedTable:
    """A data table read from HTML, before it is placed in a Document."""

    columns: tuple[str, ...] | None
    """The merged header row; None when the table has no header."""
    rows: tuple[tuple[str, ...], ...]
    """Body rows, padded to the table width."""


@dataclass(slots=True)
class Row:
    """A `<tr>` as read: its cells and the row group it belongs to."""

    cells: list[Cell]
    head: bool
    """In <thead>."""
    foot: bool
    """In <tfoot>."""
    group: int
    """Which row group (a rowspan ends with its group)."""


def span_value(value: str | None, cap: int) -> int:
    """A colspan/rowspan attribute as a count in 1..cap (0 means "to the end", taken as cap)."""
    digits = (value or "").strip()
    end = 0
    while end < len(digits) and digits[end].isdigit():
        end += 1
    if end == 0:
        return 1
    n = int(digits[:end][:6])
    return cap if n == 0 else min(n, cap)


def expand(rows: list[Row], starts: set[int] | None = None) -> list[list[str]]:
    """Copy colspan/rowspan values into every covered position; pad rows to the table width.

    `starts`, when given, gets the columns where a non-empty cell starts (see `text_columns`).
    """
    grid: list[list[str]] = []
    carry: list[tuple[str, int]] = []  # per column: (text, rows still covered below)
    group = None
    for row in rows:
        if row.group != group:  # a rowspan ends with its row group (thead/tbody/tfoot)
            carry, group = [], row.group
        out: list[str] = []
        col = 0
        for text, colspan, rowspan, _, _ in row.cells:
            while col < len(carry) and carry[col][1] > 0:
                out.append(_take(carry, col))
                col += 1
            if text and starts is not None:
                starts.add(col)
            out.extend([text] * colspan)
            if len(carry) < col + colspan:
                carry.extend([("", 0)] * (col + colspan - len(carry)))
            carry[col:col + colspan] = [(text, rowspan - 1)] * colspan
            col += colspan
        for k in range(col, len(carry)):
            if carry[k][1] > 0:
                out.extend([""] * (k - len(out)))
                out.append(_take(carry, k))
        grid.append(out)
    return pad(grid)


def pad(grid: list[list[str]]) -> list[list[str]]:
    """Rows padded with "" to the width of the widest."""
    width = max(map(len, grid), default=0)
    for r in grid:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return grid


def _take(carry: list[tuple[str, int]], col: int) -> str:
    text, left = carry[col]
    carry[col] = (text, left - 1)
    return text


def merge_header(rows: list[list[str]]) -> tuple[str, ...]:
    """Header rows as one: per column the distinct non-empty texts, top to bottom, one per line."""
    if len(rows) == 1:
        return tuple(rows[0])
    return tuple("\n".join(dict.fromkeys(t for t in col if t)) for col in zip(*rows, strict=True))


def text_columns(rows: list[Row]) -> int:
    """How many columns (0, 1 or 2: enough to tell a list) hold a non-empty cell of a table without spans."""
    seen: set[int] = set()
    for r in rows:
        for k, c in enumerate(r.cells):
            if c[0]:
                seen.add(k)
        if len(seen) > 1:
            return 2
    return len(seen)

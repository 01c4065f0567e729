"""The shape of an HTML table once read: spans expanded, header rows merged, layout tables told apart.

Pure functions over the rows a walk collected (`html_grid`); the rules are in the docstring of
`readers.html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_COLSPAN = 1000
MAX_ROWSPAN = 10000
NAV_MIN_LINKS = 3
NAV_LINK_SHARE = 0.8
"""A cell is a navigation list when it holds links in a list (`<li>` items), or at least NAV_MIN_LINKS
text links making up this share of its text; a row is navigation when it has such a cell and at most one
other non-empty cell (a group label)."""
LAYOUT_ROLES = frozenset({"presentation", "none"})

Cell = tuple[str, int, int, bool, Any]
"""A cell as read: (text, colspan, rowspan, is <th>, its element)."""


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


def expand(rows: list[Row]) -> list[list[str]]:
    """Copy colspan/rowspan values into every covered position; pad rows to the table width."""
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


def is_layout(table_el: Any, rows: list[Row], grid: list[list[str]]) -> bool:
    """The layout-table rule of `readers.html`."""
    if (table_el.get("role") or "").strip().lower() in LAYOUT_ROLES:
        return True
    if len(grid) < 2 or len(grid[0]) < 2:
        return True
    body = [r for r in rows if not r.head and any(c[0] for c in r.cells) and not all(c[3] for c in r.cells)]
    need = (len(body) + 1) // 2  # navigation rows that make it layout; body is headers and spacers left out
    nav_rows = 0
    for i, r in enumerate(body):
        if nav_rows + len(body) - i < need:  # the rest cannot reach it
            return False
        filled = [c for c in r.cells if c[0]]
        if len(filled) <= 2 and any(_is_link_list(c) for c in filled):
            nav_rows += 1
            if nav_rows >= need:
                return True
    return False


def _is_link_list(cell: Cell) -> bool:
    """Whether a cell is a navigation list: links in list items, or links filling most of its text.

    Image-only links (flag icons) do not count.
    """
    links = list(cell[4].iter("a"))
    if not links:
        return False
    count = chars = 0
    for a in links:
        n = sum(map(len, "".join(a.itertext()).split()))
        if n:
            count += 1
            chars += n
    if count and next(cell[4].iter("li"), None) is not None:
        return True
    return count >= NAV_MIN_LINKS and chars >= NAV_LINK_SHARE * sum(map(len, cell[0].split()))

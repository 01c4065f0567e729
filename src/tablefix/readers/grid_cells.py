"""The cells of a grid table drawn with `+`, `-`/`=` and `|`, spans included, as docutils finds them.

From each known top-left corner the cell's edges are followed: right along its top to a `+`,
down that column to a `+`, back left along the bottom and up to the start. Each cell found
gives two new corners (its top right, its bottom left). The table is read only when the cells
tile its whole rectangle; then their edges give the grid lines, and a cell that spans grid
rows or columns has its text copied into every position it covers. Each cell is walked along
its own border (plus the failed tries at `+` junctions on it), so the work is that of the
table's area.
"""

from __future__ import annotations

import heapq

from .widths import Measure

Cell = tuple[int, int, int, int]
"""top line, left column, bottom line, right column (of its border, in display columns)."""

_RULE = "-=:"


def _cell(g: list[str], top: int, left: int) -> Cell | None:
    """The cell whose top-left corner is (top, left), or None where the borders do not close."""
    row = g[top]
    for right in range(left + 1, len(row)):
        ch = row[right]
        if ch == "+":
            bottom = _down(g, top, left, right)
            if bottom is not None:
                return top, left, bottom, right
        elif ch not in _RULE:
            return None
    return None


def _down(g: list[str], top: int, left: int, right: int) -> int | None:
    """The first `+` down the right edge where the bottom edge runs back left to a `+`; the left
    edge is checked on the way down, so each try costs only its bottom edge."""
    for bottom in range(top + 1, len(g)):
        line = g[bottom]
        if len(line) <= right:
            return None
        ch = line[right]
        if ch == "+" and line[left] == "+" and all(c in _RULE + "+" for c in line[left + 1:right]):
            return bottom
        if ch not in "|+" or line[left] not in "|+":
            return None
    return None


def find_cells(g: list[str]) -> list[Cell] | None:
    """All cells of the grid (lines of display shapes, the first a top border), or None if they do not tile it.

    Corners are taken top first, left first; `done[x]` is the last line already inside a cell at
    column x, so a corner that lies inside or above a found cell (a `+` where a row's border
    meets a spanning cell's side) is passed over, as docutils does."""
    left0, right0, bottom0 = g[0].index("+"), g[0].rindex("+"), len(g) - 1
    done = [-1] * (right0 + 1)
    corners, cells = [(0, left0)], []
    while corners:
        top, left = heapq.heappop(corners)
        if top == bottom0 or left >= right0 or top <= done[left]:
            continue
        cell = _cell(g, top, left)
        if cell is None:
            continue
        _, _, bottom, right = cell
        if any(done[x] != top - 1 for x in range(left, right)):
            return None  # overlapping cells: not a grid
        done[left:right] = [bottom - 1] * (right - left)
        cells.append(cell)
        heapq.heappush(corners, (top, right))
        heapq.heappush(corners, (bottom, left))
    return cells if all(d == bottom0 - 1 for d in done[left0:right0]) else None


def cell_grid(raw: list[str], cells: list[Cell], m: Measure) -> tuple[list[int], list[list[str]], list[list[int]]]:
    """The grid lines (line numbers of row borders), each position's text and which cell it belongs to."""
    ys = sorted({c[0] for c in cells} | {c[2] for c in cells})
    xs = sorted({c[1] for c in cells} | {c[3] for c in cells})
    row_of = {y: k for k, y in enumerate(ys)}
    col_of = {x: k for k, x in enumerate(xs)}
    texts = [[""] * (len(xs) - 1) for _ in ys[1:]]
    owner = [[-1] * (len(xs) - 1) for _ in ys[1:]]
    for n, (top, left, bottom, right) in enumerate(cells):
        pieces = (_text(raw[k], left, right, right == xs[-1], m) for k in range(top + 1, bottom))
        text = " ".join(p for p in pieces if p)
        for r in range(row_of[top], row_of[bottom]):
            for c in range(col_of[left], col_of[right]):
                texts[r][c], owner[r][c] = text, n
    return ys, texts, owner


def _text(raw: str, left: int, right: int, last: bool, m: Measure) -> str:
    """A cell's text on one line; in the last column it runs to the line's closing `|` (pandoc's overflow)."""
    if last and m.width(raw.rstrip()) > right + 1:
        return m.cut(raw, left + 1, None).rstrip()[:-1].strip()
    return m.cut(raw, left + 1, right).strip()

"""A pipe table glued onto one line when a converter's newlines were lost.

`A | B |---|---| 1 | 2 | 3 | 4 |` — the run of delimiter cells gives the width; the cells before
it are the header and the cells after it are cut into rows of that width. Converters that
wrote outer pipes (`| A | B | | --- | --- | | 1 | 2 |`) leave one empty piece between rows,
told apart by the evidence of the whole line: every such piece is empty.
"""

from __future__ import annotations

from ..model import Fix, Table
from .base import Found, Lines
from .not_tables import looks_like_layout
from .pipe import delimiter_run, split_pipes

MIN_PIPES = 6


def _row_gap(before: list[str], body: list[str], width: int) -> int:
    """1 when rows are separated by an empty piece (outer pipes on every row), else 0."""
    if not (before and not before[-1].strip() and body and not body[0].strip()):
        return 0
    seps = body[1:][width::width + 1]
    return 1 if all(not s.strip() for s in seps) else 0


def find_collapsed_table(lines: Lines, i: int) -> Found | None:
    line = lines.strs[i]
    if line.count("|") < MIN_PIPES or "--" not in line:
        return None
    pieces = split_pipes(line)
    run = delimiter_run(pieces)
    if run is None:
        return None
    d0, d1 = run
    width = d1 - d0
    before, body = pieces[:d0], pieces[d1:]
    if body and not body[-1].strip():
        body = body[:-1]
    gap = _row_gap(before, body, width)
    header = before[len(before) - gap - width:len(before) - gap] if len(before) >= width + gap else None
    lead = before[:len(before) - gap - width] if header is not None else before
    if header is None or any(p.strip() for p in lead) or len(body) < width:
        return None
    body = body[gap:]
    cuts = range(0, len(body), width + gap)
    rows = [body[k:k + width] for k in cuts]
    plain = list(map(str.strip, body))  # every piece stripped at once, for the layout check and the cells
    stripped = [plain[k:k + width] for k in cuts]
    if looks_like_layout([c.strip() for c in header], stripped):
        return None  # a page's nested layout tables flattened onto one line
    if not all(map(any, stripped)):  # rows of nothing but pipes are left out (few tables have any)
        kept = [k for k, r in enumerate(stripped) if any(r)]
        rows, stripped = [rows[k] for k in kept], [stripped[k] for k in kept]
    span = lines.span(i, i)
    table = Table(tuple(lines.cells(header)), tuple(map(tuple, lines.rows(rows, stripped=stripped))), span, "pipe")
    fix = Fix("split-collapsed-table", f"split a table glued onto one line into {len(table.rows) + 1} rows", span)
    return Found(span.start, span.end, i + 1, [table], [fix])

"""Consecutive one-row tables of one width joined into one table before reading.

Some CMSs write a data table as a run of `<table>`s of one row each (often a header-only table first):
each alone is a single row, which the layout rule drops, so the data would be lost. Joining them in the
tree, as the table walk reaches the first of them, lets every reader (tables, pages, nested tables) see
the one table a browser shows.
"""

from __future__ import annotations

from typing import Any

from .html_shape import MAX_COLSPAN, span_value
from .html_tree import xml_text

_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot", "tr"})


def join_row_tables(table: Any) -> None:
    """If `table` starts a run of sibling tables (only whitespace between them) that hold one row each of
    the same width (two columns or more), join the run into it, in place; only its own `<thead>` stays a
    header, the others' rows keep their document order.

    Called by the table walk as it reaches each table (`html_grid.walk_table`), so nested runs are joined
    before their rows are read, at the cost of one sibling look per table instead of a pass over the page.
    """
    nxt = table.getnext()
    if nxt is None or nxt.tag != "table" or (table.tail or "").strip():
        return  # most tables: not followed directly by another
    width = _row_width(table)
    if width < 2:
        return
    run = [table]
    while nxt is not None and nxt.tag == "table" and not (run[-1].tail or "").strip() and _row_width(nxt) == width:
        run.append(nxt)
        nxt = nxt.getnext()
    if len(run) < 2:
        return
    parent = table.getparent()
    for other in run[1:]:
        for part in [c for c in other if c.tag in _ROW_GROUPS]:
            if part.tag != "tr":
                part.tag = "tbody"  # a later table's <thead> is a row of the joined one, as a browser shows it
            table.append(part)  # moves it
    tail = run[-1].tail
    table.tail = xml_text(tail) if tail else tail
    for other in run[1:]:
        parent.remove(other)


def _row_width(table: Any) -> int:
    """Width of a table's only row (its cells' colspans added up); -1 unless it has exactly one row.

    Rows are looked for among the table's children and its row groups' children only, so a table
    holding deeply nested ones costs no more than its own few elements.
    """
    rows = [r for part in table if part.tag in _ROW_GROUPS
            for r in ((part,) if part.tag == "tr" else part) if r.tag == "tr"]
    if len(rows) != 1:
        return -1
    return sum(span_value(c.get("colspan"), MAX_COLSPAN) for c in rows[0] if c.tag in ("td", "th"))

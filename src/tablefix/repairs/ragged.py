"""Give every table one width, taken from the evidence of all its rows.

Trailing runs of empty cells (`| ||||||||`) are not columns; short rows (a truncated last
row) are padded with empty cells. Both are reported, once per table and once per row.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress, repeat
from operator import itemgetter, ne

from ..model import Document, Fix, Table, widest

_LAST = itemgetter(-1)


def fit_table(table: Table) -> tuple[Table, list[Fix]]:
    all_rows = [table.columns, *table.rows] if table.columns is not None else list(table.rows)
    lengths = list(map(len, all_rows))
    one_length = min(lengths, default=0) == max(lengths, default=0)
    if one_length and (not lengths or not lengths[0] or any(map(_LAST, all_rows))):
        return table, []  # one length, a last cell filled: that length is the width (most tables)
    width = widest(all_rows)
    if lengths.count(width) == len(lengths):
        return table, []  # every row already as wide as the table: most tables
    fixes: list[Fix] = []
    trimmed = sum(n - width for n in lengths if n > width)
    if trimmed:
        fixes.append(Fix("trim-empty-cells", f"dropped {trimmed} empty trailing cells beyond the table's "
                         f"{width} columns", table.span))
    fitted = list(all_rows)
    for k in compress(range(len(lengths)), map(ne, lengths, repeat(width))):  # the rows to fit, found in C
        row = all_rows[k]
        if len(row) > width:
            fitted[k] = row[:width]
            continue
        missing = width - len(row)
        label = f"row {k + (table.columns is None)}" if k or table.columns is None else "header"
        fixes.append(Fix("pad-short-row", f"{label} had {len(row)} of {width} cells; padded with {missing} "
                         "empty cell" + "s" * (missing > 1), table.span))
        fitted[k] = row + ("",) * missing
    columns = fitted.pop(0) if table.columns is not None else None
    body = tuple(fitted)
    if columns == table.columns and body == table.rows:
        return table, fixes
    return replace(table, columns=columns, rows=body), fixes


def fix_ragged_rows(doc: Document) -> tuple[Document, list[Fix]]:
    fitted: dict[int, Table] = {}
    fixes: list[Fix] = []
    for b in [b for b in doc.blocks if isinstance(b, Table)]:
        fitted[id(b)], found = fit_table(b)
        fixes += found
    if not fixes:  # fit_table changes a table only with a fix
        return doc, []
    return doc.with_blocks(tuple([fitted.get(id(b), b) for b in doc.blocks])), fixes

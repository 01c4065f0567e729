"""Give every table one width, taken from the evidence of all its rows.

Trailing runs of empty cells (`| ||||||||`) are not columns; short rows (a truncated last
row) are padded with empty cells. Both are reported, once per table and once per row.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document, Fix, Table, content_width


def fit_table(table: Table) -> tuple[Table, list[Fix]]:
    rows = list(table.rows)
    all_rows = ([table.columns] if table.columns is not None else []) + rows
    lengths = set(map(len, all_rows))
    if len(lengths) == 1 and (0 in lengths or any(r[-1] for r in all_rows)):  # one length, a last cell filled:
        return table, []  # that length is the width (most tables; content_width is a Python call a row)
    width = max(map(content_width, all_rows), default=0)
    if lengths <= {width}:
        return table, []  # every row already as wide as the table: most tables
    fixes: list[Fix] = []
    trimmed = sum(len(r) - width for r in all_rows if len(r) > width)
    if trimmed:
        fixes.append(Fix("trim-empty-cells", f"dropped {trimmed} empty trailing cells beyond the table's "
                         f"{width} columns", table.span))

    def fit(row: tuple[str, ...], k: int) -> tuple[str, ...]:
        if len(row) >= width:
            return row[:width]
        missing = width - len(row)
        label = f"row {k}" if k else "header"
        fixes.append(Fix("pad-short-row", f"{label} had {len(row)} of {width} cells; padded with {missing} "
                         "empty cell" + "s" * (missing > 1), table.span))
        return row + ("",) * missing

    columns = fit(table.columns, 0) if table.columns is not None else None
    body = tuple(fit(r, k) for k, r in enumerate(rows, 1))
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

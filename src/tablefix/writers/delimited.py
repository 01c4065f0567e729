"""CSV (RFC 4180 quoting through the csv module) and TSV."""

from __future__ import annotations

import csv
import io

from ..model import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cell: str) -> str:
    """Neutralise formula injection (OWASP): a cell a spreadsheet would evaluate gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _delimited(table: Table, dialect: dict[str, object], safe: bool) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n", **dialect)  # type: ignore[arg-type]
    rows = ([table.columns] if table.columns is not None else []) + list(table.rows)
    w.writerows([[excel_safe(c) for c in row] for row in rows] if safe else rows)
    return out.getvalue()


def write_csv(table: Table, safe: bool = False) -> str:
    return _delimited(table, {}, safe)


def write_tsv(table: Table, safe: bool = False) -> str:
    """Tab-separated; a cell holding a tab, newline or quote is quoted as in CSV rather than mangled."""
    return _delimited(table, {"delimiter": "\t"}, safe)

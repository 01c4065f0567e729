"""CSV (RFC 4180 quoting through the csv module) and TSV."""

from __future__ import annotations

from ..model import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cell: str) -> str:
    """Neutralise formula injection (OWASP): a cell a spreadsheet would evaluate gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _delimited(table: Table, delimiter: str, safe: bool) -> str:
    rows = ([table.columns] if table.columns is not None else []) + list(table.rows)
    if safe:
        rows = [[excel_safe(c) for c in row] for row in rows]
    text = "\n".join(map(delimiter.join, rows))
    # Most tables: no cell holds the delimiter, a quote or a line break, and none is a row's only cell while
    # empty, so the csv module would quote nothing: the joined cells are its output, made in one C call.
    if (text.count(delimiter) == sum(map(len, rows)) - len(rows) and text.count("\n") == len(rows) - 1
            and '"' not in text and "\r" not in text and [""] not in rows and ("",) not in rows):
        return text + "\n"
    import csv  # only for a table it must quote: a run starts faster without it
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n", delimiter=delimiter).writerows(rows)
    return out.getvalue()


def write_csv(table: Table, safe: bool = False) -> str:
    return _delimited(table, ",", safe)


def write_tsv(table: Table, safe: bool = False) -> str:
    """Tab-separated; a cell holding a tab, newline or quote is quoted as in CSV rather than mangled."""
    return _delimited(table, "\t", safe)

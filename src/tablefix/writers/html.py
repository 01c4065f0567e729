"""HTML tables, every cell escaped."""

from __future__ import annotations

from ..model import Table


def html_cell(cell: str) -> str:
    from html import escape  # html (and its entity table) only for --to html: start-up time

    return "<br>".join(escape(part) for part in cell.split("\n"))


def write_html_table(table: Table) -> str:
    out = ["<table>"]
    if table.columns is not None:
        out += ["<thead>", "<tr>" + "".join(f"<th>{html_cell(c)}</th>" for c in table.columns) + "</tr>", "</thead>"]
    out.append("<tbody>")
    out += ["<tr>" + "".join(f"<td>{html_cell(c)}</td>" for c in row) + "</tr>" for row in table.rows]
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"

"""GFM pipe tables: outer pipes, equal header and delimiter counts, `|` escaped, so any GFM parser reads them back."""

from __future__ import annotations

from ..model import Table
from ..readers.inline_md import escape_inline


def md_cell(cell: str) -> str:
    """Escape what would break a GFM row or render differently; newlines become `<br>`."""
    return "<br>".join(escape_inline(part.strip()) for part in cell.replace("\r", "\n").split("\n"))


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(md_cell(c) for c in cells) + " |"


def write_markdown_table(table: Table) -> str:
    """A header of empty cells stands for "no header", so reading it back gives `columns: null` again."""
    width = table.width
    if width == 0:
        return ""
    header = table.columns if table.columns is not None else ("",) * width
    lines = [_row(header), "|" + "|".join(["---"] * width) + "|"]
    lines += [_row(r) for r in table.rows]
    return "\n".join(lines) + "\n"

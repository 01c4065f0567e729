"""GFM pipe tables: outer pipes, equal header and delimiter counts, `|` escaped, so any GFM parser reads them back."""

from __future__ import annotations

import re

from ..inline_md import escape_inline
from ..model import Table
from ..text_rules import MARKUP_CHARS, compiled_on_first_use

_NEEDS_ESCAPE = compiled_on_first_use(f"[{re.escape(MARKUP_CHARS)}|\r\n]")
"""What can make `md_cell(c)` differ from `c.strip()`: Markdown's own characters, pipes and line breaks."""


def md_cell(cell: str) -> str:
    """Escape what would break a GFM row or render differently; newlines become `<br>`."""
    if "\n" not in cell and "\r" not in cell:
        return escape_inline(cell.strip())
    return "<br>".join(escape_inline(part.strip()) for part in cell.replace("\r", "\n").split("\n"))


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(map(md_cell, cells)) + " |"


def write_markdown_table(table: Table) -> str:
    """A header of empty cells stands for "no header", so reading it back gives `columns: null` again."""
    width = table.width
    if width == 0:
        return ""
    header = table.columns if table.columns is not None else ("",) * width
    rows = [header, *table.rows]
    # Most rows (most tables) need no escape: their cells go in as they are, stripped.
    lines = ["| " + " | ".join(map(str.strip, r)) + " |" if _NEEDS_ESCAPE.search("".join(r)) is None else _row(r)
             for r in rows]
    lines.insert(1, "|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines) + "\n"

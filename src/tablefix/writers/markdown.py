"""GFM pipe tables: outer pipes, equal header and delimiter counts, `|` escaped, so any GFM parser reads them back."""

from __future__ import annotations

import re
from itertools import chain

from ..inline_md import escape_inline
from ..model import Table
from ..text_rules import MARKUP_CHARS, compiled_on_first_use

_NEEDS_ESCAPE = compiled_on_first_use(f"[{re.escape(MARKUP_CHARS)}|\r\n]")
"""What can make `md_cell(c)` differ from `c.strip()`: Markdown's own characters, pipes and line breaks."""
_ESCAPED = (*MARKUP_CHARS, "|", "\r", "\n")
"""The same characters, each looked for in a whole table by `in` (one fast scan each; the regex is slower)."""


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
    delimiter = "|" + "|".join(["---"] * width) + "|"
    cells = list(chain.from_iterable(rows))
    if not any(map("".join(cells).__contains__, _ESCAPED)) and len(set(map(len, rows))) == 1:
        # Most tables: every row as wide as the header and no cell to escape, so one format fills them all.
        line = "| " + " | ".join(["%s"] * width) + " |\n"
        return (line + delimiter + "\n" + line * len(table.rows)) % tuple(map(str.strip, cells))
    # Most rows of the others need no escape either: their cells go in as they are, stripped.
    lines = ["| " + " | ".join(map(str.strip, r)) + " |" if _NEEDS_ESCAPE.search("".join(r)) is None else _row(r)
             for r in rows]
    lines.insert(1, delimiter)
    return "\n".join(lines) + "\n"

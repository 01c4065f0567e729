"""Text that lines up like table rows but is something else: lists, tagged records, math.

Real crawl text is mostly prose and lists. A bullet or number followed by two spaces or a tab
(`-  Help`, `1.<TAB>Smith, J. ...`) lines up in columns exactly as a table does, and so do RIS
records (`TY  - CONF`). These checks run on a found grid before it is called a table: precision
first, so when they say no, the lines stay text, as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import methodcaller

from ..text_rules import BULLETS, MARKDOWN_LINKS, compiled_on_first_use

BULLET = re.compile(f"[{re.escape(BULLETS)}:]")
"""A bullet, or the `:` of a definition list's item."""
NUMBER = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)]|\[\d{1,3}\]")
"""A number or letter with `.` or `)`, a `[1]` reference mark."""

_SEPARATOR = compiled_on_first_use(r"[-=:>~]\s")
"""What a tagged record puts between its tag and its value (`TY  - CONF`, `Name  = value`)."""

_TEX = compiled_on_first_use(r"\\(?:[a-zA-Z]{2,}|[{}|,;!])|[_^]\{|\$[^$\n]+\$")
"""TeX: control words (`\\rangle`, `\\frac`), sub- and superscripts in braces, inline `$math$`."""


_BULLET_OR_NUMBER = compiled_on_first_use(f"{BULLET.pattern}|{NUMBER.pattern}")


def is_list_column(cells: Sequence[str], width: int) -> bool:
    """Every non-empty cell is a bullet (or, beside a single column of text, a number), and most cells
    have one: a list, not a column. A rank beside two or more columns (`1.  M. Verstappen  395.5`)
    is a column of a standings table."""
    filled = [c for c in cells if c]
    marker = BULLET if width >= 3 else _BULLET_OR_NUMBER
    return len(filled) * 2 > len(cells) and all(marker.fullmatch(c) for c in filled)


_COMMENT = compiled_on_first_use(r"(?:#|//|--|;)\s")
_OPTION = compiled_on_first_use(r"--?[A-Za-z0-9][\w-]*(?:[ =]<?[\w-]+>?)?"
                                r"(?:, --?[A-Za-z0-9][\w-]*(?:[ =]<?[\w-]+>?)?)*")
"""A command-line option with its argument (`-a`, `--output=FILE`, `-c arg, --config arg`)."""


def is_separator_column(cells: Sequence[str]) -> bool:
    """Every cell starts with the same separator (`- CONF`, `- Smith, John`): a tag-value record."""
    first = cells[0] if cells else ""
    if not (_SEPARATOR.match(first) or first in ("-", "=")):
        return False  # the first cell decides most columns: no set of every cell's first character
    return len({c[:1] for c in cells}) == 1 and all(_SEPARATOR.match(c) or c in ("-", "=") for c in cells)


def looks_like_list(rows: Sequence[Sequence[str]]) -> bool:
    """The grid's first column is list markers (a label line above the items may head it) or
    command-line options, or some column starts every cell with a separator or a code comment
    (`jinja2==2.10.1   # via flask`)."""
    if not rows or min(map(len, rows)) < 1:
        return False
    width = max(map(len, rows))
    if all(_OPTION.fullmatch(r[0]) for r in rows):
        return True  # an option list (reST, `--help` output): options and their descriptions
    if is_list_column([r[0] for r in rows], width) or len(rows) > 2 and is_list_column([r[0] for r in rows[1:]], width):
        return True
    return any(is_separator_column(col) or all(_COMMENT.match(c) for c in col)
               for col in list(zip(*rows, strict=False))[1:])  # zip: as wide as the narrowest row


_EMPTY_CELLS = methodcaller("count", "")
_INLINE_BULLET = compiled_on_first_use(r"(?:^|\s)[*+]\s")
"""A list flattened into one cell (`* Statistik   + Gesundheit   + Energie`): a menu, not a value."""
_RULE_CELL = compiled_on_first_use(r":?-{3,}:?")


def looks_like_layout(header: Sequence[str] | None, body: Sequence[Sequence[str]], joined: str | None = None) -> bool:
    """Markdown converters draw a page's layout tables too (html2text, markdownify): teaser boxes,
    rating widgets, shop buttons, nested tables. Raw cells (before rendering) tell them apart:
    every cell a link or image, a whole list in one cell, a header over no rows that holds links,
    images or blanks, most columns present but empty in every row (values a script would fill in;
    two or more such columns, or one under a header with a blank), rows of `---` cells, or mostly
    blanks. `joined`: every cell of the header and body joined with NULs, when the caller has it (rows of
    empty cells and empty trailing cells may be in it: no `in` test below sees them)."""
    if not all(map(any, body)):  # a row of nothing but pipes is debris, whatever the table is
        body = [r for r in body if any(r)]
    rows = [header, *body] if header is not None else body
    cells = sum(map(len, rows))
    filled = cells - sum(map(_EMPTY_CELLS, rows))  # counted in C a row, not a list of the cells
    if not filled or filled * 3 < cells:
        return True
    # One look at all the cells rules out most patterns (most tables hold none); the empty ones change no `in`.
    # A rare character first: `in` finds one by memchr, where `"* " in` stops at every space (six times slower).
    if joined is None:
        joined = "\x00".join(map("\x00".join, rows))
    if "]" in joined and "](" in joined and all(
            ("](" in c and MARKDOWN_LINKS.fullmatch(c)) for r in rows for c in r if c):
        return True
    if ("*" in joined and "* " in joined or "+" in joined and "+ " in joined) and any(
            c.count("* ") + c.count("+ ") >= 5 and len(_INLINE_BULLET.findall(c)) >= 5 for r in rows for c in r):
        return True
    if header is not None and not body:
        return any(not c or MARKDOWN_LINKS.fullmatch(c) or "![" in c for c in header)
    if "---" in joined and any(sum(bool(_RULE_CELL.fullmatch(c)) for c in r) >= 2 for r in body):
        return True
    width = min(map(len, body), default=0)  # the columns as wide as the narrowest row
    if width < 2 or body[0][1:width].count("") * 2 <= width - 1:
        return False  # a column empty in every row is empty in the first: too few such columns (most tables)
    empty = width - 1 - sum(map(any, list(zip(*body, strict=False))[1:]))
    unnamed = header is None or not all(header)
    return empty * 2 > width - 1 and (empty >= 2 or unnamed)


def has_tex(text: str) -> bool:
    """Pipes in TeX are absolute values and bra-kets (`\\hat{U}|0\\rangle`), never cell borders."""
    if "\\" not in text and "{" not in text and "$" not in text:
        return False  # what each of _TEX's branches needs first, found by memchr (the regex tries every position)
    return _TEX.search(text) is not None

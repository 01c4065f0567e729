"""Text that lines up like table rows but is something else: lists, tagged records, math.

Real crawl text is mostly prose and lists. A bullet or number followed by two spaces or a tab
(`-  Help`, `1.<TAB>Smith, J. ...`) lines up in columns exactly as a table does, and so do RIS
records (`TY  - CONF`). These checks run on a found grid before it is called a table: precision
first, so when they say no, the lines stay text, as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LIST_MARKER = re.compile(r"[-*+•·◦▪▸►‣–—○●■□✓✔]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)]|\[\d{1,3}\]")
"""A bullet, a number or letter with `.` or `)`, a `[1]` reference mark: what starts a list item."""

_SEPARATOR = re.compile(r"[-=:>~]\s")
"""What a tagged record puts between its tag and its value (`TY  - CONF`, `Name  = value`)."""

_TEX = re.compile(r"\\(?:[a-zA-Z]{2,}|[{}|,;!])|[_^]\{|\$[^$\n]+\$")
"""TeX: control words (`\\rangle`, `\\frac`), sub- and superscripts in braces, inline `$math$`."""


def is_list_column(cells: Sequence[str]) -> bool:
    """Every non-empty cell is a list marker, and most cells have one: a list, not a column."""
    filled = [c for c in cells if c]
    return len(filled) * 2 > len(cells) and all(LIST_MARKER.fullmatch(c) for c in filled)


def is_separator_column(cells: Sequence[str]) -> bool:
    """Every cell starts with the same separator (`- CONF`, `- Smith, John`): a tag-value record."""
    return len({c[:1] for c in cells}) == 1 and all(_SEPARATOR.match(c) or c in ("-", "=") for c in cells)


def looks_like_list(rows: Sequence[Sequence[str]]) -> bool:
    """The grid's first column is list markers, or some column starts every cell with a separator."""
    if not rows or min(map(len, rows)) < 1:
        return False
    if is_list_column([r[0] for r in rows]):
        return True
    width = min(map(len, rows))
    return any(is_separator_column([r[k] for r in rows]) for k in range(1, width))


def has_tex(text: str) -> bool:
    """Pipes in TeX are absolute values and bra-kets (`\\hat{U}|0\\rangle`), never cell borders."""
    return _TEX.search(text) is not None

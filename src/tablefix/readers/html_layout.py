"""Layout tables told apart from data tables, over the rows a walk read (`html_grid`).

Pages use `<table>` for page columns, menus, forms and boxes as often as for data. Each test below names
one kind of layout seen on real pages; the rules as a whole are in the docstring of `readers.html`.
Cheap tests run first: most tables are decided by their counts of filled rows and columns alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .html_shape import Cell, Row

NAV_MIN_LINKS = 3
NAV_LINK_SHARE = 0.8
"""A cell is a navigation list when it holds links in a list (`<li>` items), or at least NAV_MIN_LINKS
text links making up this share of its text; a row is navigation when it has such a cell and at most one
other non-empty cell (a group label)."""
LAYOUT_ROLES = frozenset({"presentation", "none"})
CONTROLS = ("input", "select", "textarea", "button")
"""Form controls: a row of a label and a control is a form field, not data."""
HINT_DEPTH = 3
"""How many elements are asked for hints: the table and its nearest ancestors."""
_WORD = re.compile(r"[a-z0-9]+")
_BOX_HINTS = frozenset({
    "breadcrumb", "breadcrumbs", "login", "signin", "logon", "loginform", "vote", "voting", "commentform",
    "respond", "ad", "ads", "adbox", "advert", "adverts", "advertisement", "adsense", "sponsored", "werbung",
    "anzeige"})
"""Class/id words naming a login, vote or comment form, or an ad box: layout when the table has no header
(one with a header is read as data whatever its container is called)."""


def is_layout(table_el: Any, rows: list[Row], text_columns: int, n_head: int) -> bool:
    """The layout-table rule of `readers.html`.

    `text_columns`: how many columns hold the start of a non-empty cell (span copies add none, so a
    row of one `colspan=2` cell is one column); `n_head`: how many of `rows` (header first) are header.
    """
    if (table_el.get("role") or "").strip().lower() in LAYOUT_ROLES:
        return True
    head = any(c[0] for r in rows[:n_head] for c in r.cells)
    body = 0  # filled body rows, counted up to the 2 the rules ask for
    for r in rows[n_head:]:
        for c in r.cells:
            if c[0]:
                body += 1
                break
        if body == 2:
            break
    if body + head < 2 or not body:
        return True  # a single row or cell, a header over nothing, only images and scripts: no data
    one_column = text_columns < 2
    if one_column and not (head and body >= 2):
        return True  # a single column is a list, unless a header cell over two rows or more says otherwise
    if not n_head and _named(table_el, _BOX_HINTS):
        return True
    if _is_form(table_el, rows):
        return True
    return _mostly_navigation(rows, lambda: one_column or not n_head or _named(table_el, None))


def _named(table_el: Any, words: frozenset[str] | None) -> bool:
    """Whether the class or id of the table or a near ancestor holds one of `words` (None: a navigation
    word, one starting with `nav` or ending with `navigation`: `navbox`, `TopNavigation`)."""
    el = table_el
    for _ in range(HINT_DEPTH):
        if el is None:
            return False
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        for word in _WORD.findall(names.lower()) if names else ():
            if (word in words) if words is not None else (word.startswith("nav") or word.endswith("navigation")):
                return True
        el = el.getparent()
    return False


def _is_form(table_el: Any, rows: list[Row]) -> bool:
    """Whether at least half the rows holding text or a control are form fields: a visible control beside
    at most one label. A cell holding a control is not counted as a label (a `<select>`'s options or a
    button's caption are its text), and a row with data beside its control (a shopping cart's quantity
    box) is not a field.
    """
    controls = [el for el in table_el.iter(*CONTROLS) if (el.get("type") or "").lower() != "hidden"]
    if not controls:
        return False
    row_of = {c[4]: k for k, r in enumerate(rows) for c in r.cells}
    in_cells: set[Any] = set()
    for el in controls:
        cell = el.getparent()
        while cell is not None and cell.tag not in ("td", "th"):
            cell = cell.getparent()
        if cell in row_of:  # else the control is in a nested table's cell
            in_cells.add(cell)
    with_control = {row_of[c] for c in in_cells}
    counted = [k for k, r in enumerate(rows) if k in with_control or any(c[0] for c in r.cells)]
    fields = sum(1 for k in with_control if sum(1 for c in rows[k].cells if c[0] and c[4] not in in_cells) <= 1)
    return fields * 2 >= len(counted)


def _mostly_navigation(rows: list[Row], links_only: Callable[[], bool]) -> bool:
    """Whether at least half the non-empty body rows are navigation rows (a link list beside at most one
    label), or, when `links_only()` (asked last: it looks at class names), every one is a navigation row
    or a row whose every non-empty cell is links and (almost) nothing else (a menu bar laid out as
    cells). Header rows and rows of `<th>` only are left out.

    One pass that stops once the rows left cannot make half: a long data table is decided in its first
    rows.
    """
    nav = other = 0
    all_links = True
    for i, r in enumerate(rows):
        if not all_links and other > nav + len(rows) - i:  # the rest cannot make half
            return False
        filled = [c for c in r.cells if c[0]]
        if r.head or not filled or all(c[3] for c in r.cells):
            continue
        if len(filled) <= 2:
            stats = [(c, *_links(c)) for c in filled]
            if any(_is_link_list(*st) for st in stats):
                nav += 1
                continue
            if all_links:
                all_links = all(_is_links(*st) for st in stats)
        elif all_links:
            all_links = all(_is_links(c, *_links(c)) for c in filled)
        other += 1
    if not nav and not other:
        return False
    return nav >= other or (all_links and links_only())


def _links(cell: Cell) -> tuple[int, int]:
    """(text links, non-space characters of their text) in a cell; image-only links (flag icons) do not count."""
    count = chars = 0
    for a in cell[4].iter("a"):
        n = sum(map(len, "".join(a.itertext()).split()))
        if n:
            count += 1
            chars += n
    return count, chars


def _is_link_list(cell: Cell, count: int, chars: int) -> bool:
    """Whether a cell (with `count` text links of `chars` characters) is a navigation list: links in
    list items, or links filling most of its text."""
    if count and next(cell[4].iter("li"), None) is not None:
        return True
    return count >= NAV_MIN_LINKS and chars >= NAV_LINK_SHARE * sum(map(len, cell[0].split()))


def _is_links(cell: Cell, count: int, chars: int) -> bool:
    """Whether a cell is links and (almost) nothing else: `Export data as KML`, a menu item."""
    return count > 0 and chars >= NAV_LINK_SHARE * sum(map(len, cell[0].split()))

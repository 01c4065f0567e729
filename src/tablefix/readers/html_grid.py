"""HTML tables read: one iterative walk per outermost table collects rows of cell texts (`html_shape` then
expands spans and merges the header, `html_layout` tells layout tables apart).

The walk sees every element once (start and end events), so nested tables cost nothing extra and depth
cannot overflow the stack. A cell holding no line-breaking element (see `html_tree.structured`) is read
in one C call instead of being walked. Text rules are in the docstring of `readers.html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .html_join import join_row_tables
from .html_layout import is_layout
from .html_shape import MAX_COLSPAN, MAX_ROWSPAN, ParsedTable, Row, expand, merge_header, pad, span_value, text_columns
from .html_tree import BLOCK_TAGS, structured

LINE = "\x00"
"""Marks a line break (`<br>`, block edges) in collected text; libxml2 never yields NUL in text."""
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})


def clean_text(raw: str) -> str:
    """Collapse whitespace; LINE marks become newlines, blank lines dropped."""
    if LINE not in raw:
        return " ".join(raw.split())
    lines = (" ".join(part.split()) for part in raw.split(LINE))
    return "\n".join(line for line in lines if line)


@dataclass(slots=True)
class _Builder:
    """One open table while walking."""

    el: Any
    index: int
    """Position of this table in the walk's list of open and finished tables."""
    rows: list[Row] = field(default_factory=list)
    section: str = ""
    group: int = 0
    row: Row | None = None
    cell: list[str] | None = None
    cell_el: Any = None
    spans: bool = False
    caption: list[str] | None = None
    captions: list[str] = field(default_factory=list)

    def open_row(self) -> Row:
        self.row = Row([], self.section == "thead", self.section == "tfoot", self.group)
        self.rows.append(self.row)
        return self.row

    def close_cell(self) -> None:
        el = self.cell_el
        colspan, rowspan = el.get("colspan"), el.get("rowspan")
        if colspan is not None or rowspan is not None:
            colspan, rowspan = span_value(colspan, MAX_COLSPAN), span_value(rowspan, MAX_ROWSPAN)
            self.spans = self.spans or colspan > 1 or rowspan > 1
        else:
            colspan = rowspan = 1
        row = self.row if self.row is not None else self.open_row()
        row.cells.append((clean_text("".join(self.cell or ())), colspan, rowspan, el.tag == "th", el))
        self.cell = None
        self.cell_el = None


@dataclass(frozen=True, slots=True)
class TableResult:
    """A table element read: its grid, or None for a layout table, and its caption text."""

    el: Any
    table: ParsedTable | None
    caption: str
    children: tuple[TableResult, ...] = ()
    """The tables directly nested in this one (inside its cells), in document order."""


def read_tables(root: Any, walked: set[Any] | None = None) -> list[TableResult]:
    """The outermost tables under `root`, in document order, each holding its nested ones.

    `walked` is `html_tree.structured(root)`, computed here when not given.
    """
    if walked is None:
        walked = structured(root)
    out = []
    done: set[Any] = set()
    for el in list(root.iter("table")):  # a list: a walk joins runs of one-row tables, removing some
        if el in done or el.getparent() is None:  # nested and read already, or joined into another
            continue
        result = walk_table(el, walked)
        done.update(r.el for r in iter_tables([result]))
        out.append(result)
    return out


def iter_tables(results: list[TableResult]) -> list[TableResult]:
    """These tables and every table nested in them, in document order (iterative: nesting can be deep)."""
    out = []
    todo = list(reversed(results))
    while todo:
        r = todo.pop()
        out.append(r)
        todo.extend(reversed(r.children))
    return out


def walk_table(table_el: Any, walked: set[Any]) -> TableResult:
    """Read one outermost table and every table nested in it (`walked`: see `read_tables`)."""
    from lxml import etree

    text_of = etree.tostring
    stack: list[_Builder] = []
    order: list[Any] = []
    results: dict[Any, TableResult] = {}
    b: _Builder | None = None
    sink: list[str] | None = None
    walker = etree.iterwalk(table_el, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if b is None and tag != "table":
                continue
            if tag == "td" or tag == "th":
                assert b is not None
                if b.cell is not None:
                    b.close_cell()
                b.cell_el = el
                if el not in walked:  # nothing inside breaks lines: the text in one C call
                    b.cell = sink = [text_of(el, method="text", encoding=str, with_tail=False)]
                    walker.skip_subtree()
                    continue
                b.cell = sink = []
            elif tag == "tr":
                assert b is not None
                if b.cell is not None:
                    b.close_cell()
                b.open_row()
                sink = None
            elif tag == "table":
                join_row_tables(el)  # before its rows are read: a run of one-row tables is one table
                b = _Builder(el, index=len(order))
                stack.append(b)
                order.append(el)
                sink = None
                continue
            elif tag in _SECTIONS:
                assert b is not None
                b.section = tag
                b.group += 1
                b.row = None
            elif tag == "caption":
                assert b is not None
                b.caption = sink = []
            elif sink is not None and (tag == "br" or tag in BLOCK_TAGS):
                sink.append(LINE)
            if sink is not None and el.text:
                sink.append(el.text)
            continue
        # end event
        if b is None:
            continue
        if tag == "td" or tag == "th":
            if b.cell_el is el:
                b.close_cell()
                sink = None
        elif tag == "table":
            finished = stack.pop()
            if finished.cell is not None:
                finished.close_cell()
            result = _finish(finished, order, results)
            results[el] = result
            b = stack[-1] if stack else None
            sink = b.cell if b is not None else None
            if sink is not None:
                sink.extend((LINE, _flatten(finished), LINE) if result.table is None else (LINE,))
        elif tag == "tr":
            b.row = None
        elif tag in _SECTIONS:
            b.section = ""
            b.group += 1
            b.row = None
        elif tag == "caption":
            b.captions.append(clean_text("".join(b.caption or ())))
            b.caption = None
            sink = b.cell
        elif sink is not None and tag in BLOCK_TAGS:
            sink.append(LINE)
        if sink is not None and el.tail:
            sink.append(el.tail)
    return results[table_el]


def _finish(b: _Builder, order: list[Any], results: dict[Any, TableResult]) -> TableResult:
    """Grid, header and layout decision for a closed table.

    `order` lists the tables opened so far; those after this one are its finished direct children (each
    child already cut its own children from the list), so every table is gathered once: linear time.
    """
    nested = tuple(results.pop(el) for el in order[b.index + 1:])
    del order[b.index + 1:]
    caption = "\n".join(c for c in b.captions if c)
    rows = [r for r in b.rows if r.cells]
    if any(r.head or r.foot for r in rows):  # <thead> renders first and <tfoot> last, wherever they stand
        rows = [r for r in rows if r.head] + [r for r in rows if not r.head and not r.foot] + [
            r for r in rows if r.foot]
    if b.spans:
        starts: set[int] = set()
        grid = expand(rows, starts)
        n_text = len(starts)
    else:
        grid = pad([[c[0] for c in r.cells] for r in rows])
        n_text = text_columns(rows)
    n_head = sum(1 for r in rows if r.head)
    if n_head == 0:
        while n_head < len(rows) and all(c[3] for c in rows[n_head].cells):
            n_head += 1
        if n_head == len(rows):
            n_head = 1
    if is_layout(b.el, rows, n_text, n_head):
        return TableResult(b.el, None, caption, nested)
    columns = merge_header(grid[:n_head]) if n_head else None
    return TableResult(b.el, ParsedTable(columns, tuple(tuple(r) for r in grid[n_head:])), caption, nested)


def _flatten(b: _Builder) -> str:
    """A layout table's text for its enclosing cell: cells by spaces, rows by lines."""
    text = LINE.join(" ".join(c[0] for c in r.cells if c[0]) for r in b.rows)
    return text.replace("\n", LINE)

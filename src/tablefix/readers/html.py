"""HTML reader: data tables out of HTML fragments and whole pages.

lxml (libxml2) parses; the walkers iterate elements without recursion, so any nesting depth is safe.
lxml and bs4 are imported inside functions only: a plain-text run never loads them.

Cell rules (the reader's view, which the evaluation's ground truth follows):

- Text as a reader sees it: entities decoded, whitespace (including no-break spaces) collapsed to single
  spaces and stripped. `<br>` and the edges of block elements inside a cell (`<p>`, `<div>`, `<li>`...)
  become newlines; blank lines are dropped.
- Hidden elements are removed before any text is taken: `<style>`, `<script>`, `<noscript>`, `<template>`,
  inline `display:none` / `visibility:hidden`, the `hidden` attribute, `aria-hidden="true"`, and the
  Wikipedia classes `sortkey` and `reference` (citation markers like [12]).
- colspan/rowspan values are copied into every position they cover (the pandas.read_html /
  WikiTableQuestions convention). colspan is capped at 1000 and rowspan at 10000; a rowspan stops at the
  end of its row group (`<thead>`, `<tbody>`, `<tfoot>`), as in a browser, and `rowspan="0"` runs to it.
- Header: the rows of `<thead>`, or else the leading rows made only of `<th>` cells (when every row is
  made of `<th>`, only the first). Several header
  rows merge into one: per column the distinct non-empty texts, top to bottom, joined by newlines, so a
  spanning "A" copied over "A" stays "A". No header gives `columns=None`. `<tfoot>` rows go last.
- Rows are padded with "" to the table width (the widest row after expansion).
- A nested table is a table of its own, listed after the table holding it. Its text is not also put in
  the outer cell (each value appears once); the outer cell keeps its other text. A nested *layout* table
  is not a table of its own, so its text stays in the outer cell (cells by spaces, rows by lines).
- Layout tables are skipped (`tables_from_markup`) or read as prose (`read_html_page`). A table is layout
  when it has `role="presentation"` or `role="none"`; or has fewer than 2 rows holding text, or no body
  row holding text (a single row or cell, a header over nothing, cells of only images or scripts); or
  fewer than 2 columns holding text (a spanning cell's copies add none), unless a header row with text
  stands over at least 2 such rows (pandas.read_html and GFM read a one-column table under a header; a
  title over one box stays layout); or, without a header, the class or id of the table or one of its two
  nearest ancestors names a login, vote or comment form or an ad box; or when at least half of its rows
  holding text or a control are form fields (a visible `<input>`, `<select>`, `<textarea>` or
  `<button>` beside at most one label: a shopping cart's quantity box beside its data is not a field);
  or when at least half of its non-empty, non-header rows are navigation rows: at most two non-empty
  cells (a group label and a list), one of them a link list, that is links in `<li>` items, or at least
  3 links making up 80% of the cell's text (navigation boxes; image-only links such as flag icons do not
  count). A table without a header, of one column, or named as navigation (`nav...`, `...navigation`:
  `navbox`) is also layout when every such row is links and (almost) nothing else (a menu bar laid out
  as cells). Key/value tables such as infoboxes are data.
- Consecutive one-row tables of one width (sibling `<table>`s with only whitespace between, two columns
  or more; some CMSs write a table so) are read as one table before any other rule: the first one's
  `<thead>` is its header, the others' rows follow in document order. In text, such a run of markup
  (each table on the same or the next line) is one region.
- A `<caption>` is not a row; a page reader gives it as a paragraph before the table.

Pages (`read_html_page`): `<h1>`-`<h6>` are headings, `<li>`/`<dt>`/`<dd>` (and blocks inside them) items,
every other block element (and text between blocks) a paragraph; `<br>` is a newline, `<pre>` keeps its
spacing, `<head>` is skipped. `<style>` text becomes Noise("css"), `<script>`/`<noscript>`/`<template>`
Noise("script"); other hidden elements are dropped. Blocks partition the page: each runs from the start
tag that opens it to the next block (the first from offset 0), found from lxml's sourceline.

Markup that libxml2 cannot build (nested deeper than 2048 levels) is parsed again with bs4's html.parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .html_charset import decode_html_bytes, decode_page_bytes
from .html_scan import find_table_markup_end, has_table_tag, looks_like_html_page
from .html_shape import ParsedTable

if TYPE_CHECKING:
    from ..model import Document

__all__ = [
    "ParsedTable",
    "decode_html_bytes",
    "decode_page_bytes",
    "find_table_markup_end",
    "looks_like_html_page",
    "read_html_page",
    "tables_from_markup",
]


def tables_from_markup(markup: str) -> list[ParsedTable]:
    """Data tables in an HTML fragment (may be unclosed or truncated), nested ones included, in document order."""
    if not has_table_tag(markup):
        return []
    from .html_grid import iter_tables, read_tables
    from .html_tree import parse

    root, _ = parse(markup)
    if root is None:
        return []
    return [r.table for r in iter_tables(read_tables(root)) if r.table is not None]


def read_html_page(text: str, name: str = "-", tables_only: bool = False) -> Document:
    """A whole page as a Document: headings, paragraphs, list items and data tables in reading order.

    `tables_only`: only what the table writers need, at a fraction of the cost: the same tables (same
    cells, order and spans), each after the text just above it (what the repeated-table check compares),
    and no other block; a page without a `<table` tag is not even parsed. Such a document does not cover
    the source: write it with a table writer (csv, tsv, md, html tables), not as a whole document."""
    from .html_page import read_page, read_page_tables

    return read_page_tables(text, name) if tables_only else read_page(text, name)

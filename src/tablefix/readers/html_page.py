"""A whole HTML page as a Document: one iterative walk in reading order after the tables are read.

Block elements start and end text blocks; inline text accumulates into the open block. Data tables become
`Table` blocks (with their nested data tables); layout tables are walked like any other block container,
so their text survives as paragraphs. `<style>`/`<script>` text becomes `Noise`; other hidden elements are
dropped. Spans are best effort: libxml2 gives the line where a start tag ends, and the tag's offset is found
by searching a few lines back from it; each block then runs up to the next block's start.

A tables-only read (`read_page_tables`) gives the same tables with the same spans, each after the text the
repeated-table check reads above it, without making the page's other blocks (see its docstring).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Block, Document, Noise, SourceMap, Table, Text
from .html_grid import LINE, clean_text, iter_tables, read_tables
from .html_scan import has_table_tag
from .html_tree import BLOCK_TAGS, NON_VISIBLE, parse, structured

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_ITEMS = frozenset({"li", "dt", "dd"})
_FLOW_BLOCKS = BLOCK_TAGS | {"body", "tr", "td", "th", "caption", "thead", "tbody", "tfoot", "legend", "option"}
_LINES_BACK = 3
"""How many lines before its sourceline a start tag may begin (attributes spread over lines)."""
_LAST_LINE = 65535
"""libxml2 stops counting lines here; past it the search for a tag is not anchored to a line."""
_UNANCHORED_REACH = 100_000


class _Locator:
    """Finds start tags in the source in document order, so block offsets only ever move forward."""

    __slots__ = ("cursor", "patterns", "starts", "text")

    def __init__(self, text: str, line_starts: list[int]) -> None:
        self.text = text
        self.starts = line_starts
        self.cursor = 0
        self.patterns: dict[str, re.Pattern[str]] = {}

    def find(self, tag: str, line: int | None) -> int:
        """Offset of the next `<tag` at or before `line`; the line start (or cursor) when not found."""
        pat = self.patterns.get(tag)
        if pat is None:
            pat = self.patterns[tag] = re.compile("<" + re.escape(tag) + r"\b", re.I)
        starts, lo = self.starts, self.cursor
        if line is None or line >= _LAST_LINE or line > len(starts):
            hi, floor = min(len(self.text), lo + _UNANCHORED_REACH), lo
        else:
            lo = max(lo, starts[max(line - 1 - _LINES_BACK, 0)])
            hi = starts[line] if line < len(starts) else len(self.text)
            floor = max(self.cursor, starts[line - 1])
        m = pat.search(self.text, lo, hi)
        if m is None:
            self.cursor = floor
            return floor
        self.cursor = m.start() + 1
        return m.start()


def read_page(text: str, name: str = "-") -> Document:
    """See `readers.html.read_html_page`."""
    root, removed = parse(text)
    smap = SourceMap(text)
    if root is None:
        return Document(text, _nothing_read(text, smap), name, line_map=smap)
    items: list[tuple[int, int, Any]] = []  # (start offset, sequence, block maker)
    noise_loc = _Locator(text, smap.line_starts)
    for r in removed:
        body = r.text.strip()
        if body:
            items.append((noise_loc.find(r.tag, r.line), len(items), ("noise", body, NON_VISIBLE[r.tag])))
    _walk(root, _Locator(text, smap.line_starts), items, has_table_tag(text))
    if not items:
        return Document(text, _nothing_read(text, smap), name, line_map=smap)
    items.sort()  # by (offset, sequence): sequences are unique, so the makers are never compared
    blocks: list[Block] = []
    span_of = smap.span
    for i, (start, _, made) in enumerate(items):
        start = 0 if i == 0 else start
        end = items[i + 1][0] if i + 1 < len(items) else len(text)
        span = span_of(start, end)
        if made[0] == "text":
            blocks.append(Text(made[3], span, made[1], made[2]))
        elif made[0] == "table":
            blocks.append(Table(made[1].columns, made[1].rows, span, "html"))
        else:
            blocks.append(Noise(made[1], span, made[2]))
    return Document(text, tuple(blocks), name, line_map=smap)


def _nothing_read(text: str, smap: SourceMap) -> tuple[Block, ...]:
    """A page with nothing visible in it is kept whole as Noise, so its blocks still cover the source."""
    return (Noise(text, smap.span(0, len(text)), "markup"),) if text else ()


def _walk(root: Any, loc: _Locator, items: list[tuple[int, int, Any]], any_tables: bool) -> None:
    """Walk the page in reading order, appending text and table blocks to `items` (`any_tables`: whether
    the page holds a table tag at all)."""
    walked = structured(root)
    tables = iter_tables(read_tables(root, walked)) if any_tables else []
    data = {r.el: r for r in tables if r.table is not None}  # data tables; layout ones are walked as blocks

    def emit(raw: str, context: tuple[str, int, bool], at: Any) -> None:
        if not raw or raw.isspace():  # most runs between blocks: they make no block in either mode
            return
        kind, level, pre = context
        if pre:
            body = raw.replace(LINE, "\n").strip("\n")
            body = body if body.strip() else ""
        else:
            body = clean_text(raw)
        if body:
            pos = loc.find(at.tag, at.sourceline) if at is not None else loc.cursor
            items.append((pos, len(items), ("text", kind, level, body)))

    _walk_page(root, walked, data, emit, lambda result: _emit_tables(result, loc, items))


Emit = Callable[[str, tuple[str, int, bool], Any], None]


def _walk_page(root: Any, walked: set[Any], data: dict[Any, Any], emit: Emit,
               emit_table: Callable[[Any], None]) -> None:
    """The page in reading order, the one walk of both reads: `emit(raw text, (kind, level, keep whitespace),
    element it starts at)` for each run of text, `emit_table(result)` for each data table (layout tables
    are walked as blocks)."""
    from lxml import etree

    text_of = etree.tostring
    ctx: list[tuple[str, int, bool]] = [("paragraph", 0, False)]  # (kind, level, keep whitespace)
    contexts: dict[tuple[str, tuple[str, int, bool]], tuple[str, int, bool]] = {}  # _context, memoized
    buf: list[str] = []
    anchor: Any = None

    def flush() -> None:
        raw = "".join(buf)
        buf.clear()
        emit(raw, ctx[-1], anchor)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in _FLOW_BLOCKS:
                if tag == "table" and el in data:
                    if buf:
                        flush()
                    anchor = None
                    emit_table(data[el])
                    walker.skip_subtree()
                    continue
                if buf:
                    flush()
                key = (tag, ctx[-1])
                context = contexts.get(key)
                if context is None:
                    context = contexts[key] = _context(tag, ctx[-1])
                if el not in walked:  # no inner blocks: the text in one go, the block done at its start
                    emit(text_of(el, method="text", encoding=str, with_tail=False), context, el)
                    anchor = None
                    walker.skip_subtree()
                    continue
                ctx.append(context)
                anchor = el
            elif tag == "head":
                walker.skip_subtree()
                continue
            elif tag == "br":
                buf.append(LINE)
            if el.text:
                buf.append(el.text)
            continue
        if tag in _FLOW_BLOCKS and el in walked and el not in data:  # else the block was done at its start
            if buf:
                flush()
            ctx.pop()
            anchor = None
        if el.tail:
            buf.append(el.tail)
    if buf:
        flush()


def _context(tag: str, parent: tuple[str, int, bool]) -> tuple[str, int, bool]:
    """(kind, level, keep whitespace) of text directly inside a block element."""
    pre = parent[2] or tag == "pre"
    level = _HEADINGS.get(tag)
    if level is not None:
        return ("heading", level, pre)
    if tag in _ITEMS or parent[0] == "item":
        return ("item", 0, pre)
    return ("paragraph", 0, pre)


def _emit_tables(result: Any, loc: _Locator, items: list[tuple[int, int, Any]]) -> None:
    """A data table and the data tables nested in it, each with its caption as a paragraph before it."""
    for r in iter_tables([result]):
        if r.table is None:
            continue
        pos = loc.find("table", r.el.sourceline)
        if r.caption:
            items.append((pos, len(items), ("text", "paragraph", 0, r.caption)))
        items.append((pos, len(items), ("table", r.table)))


def read_page_tables(text: str, name: str = "-") -> Document:
    """The page's data tables as `read_page` reads them (same tables, order and spans), each after the last
    text block before it since the table before (as a Text of kind "heading", its level kept: what the
    repeated-table check of the duplicates pass compares), and nothing else. Such a document does not
    cover the source: it is for table writers only.

    It makes the same walk, with the same locator searches (so the spans are the same), but no text block:
    a run of text is only tested for visible characters, and its text is cleaned only when it ends up above
    a table. A page without a `<table` tag is not parsed; the walk stops after the block that follows the
    last table.
    """
    if not has_table_tag(text):  # most real pages: no table can come out of them
        return Document(text, (), name)
    root, removed = parse(text)
    if root is None:
        return Document(text, (), name)
    walked = structured(root)
    data = {r.el: r for r in iter_tables(read_tables(root, walked)) if r.table is not None}
    if not data:
        return Document(text, (), name)
    smap = SourceMap(text)
    marks = _table_marks(root, _Locator(text, smap.line_starts), walked, data)
    noise = _noise_starts(text, smap, removed)
    first_noise = next(noise, None)
    pending = first_noise  # the first noise start not yet passed by a query below

    def end_of(k: int) -> int:
        """Where the block made from marks[k] ends: at the next block, a mark or a noise block (one at the
        same offset sorts before the mark: read_page numbers noise items first)."""
        nonlocal pending
        pos = marks[k][0]
        while pending is not None and pending <= pos:  # queries come in source order: noise is read once
            pending = next(noise, None)
        nxt = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        return nxt if pending is None else min(nxt, pending)

    def start_of(k: int) -> int:
        first = k == 0 and (first_noise is None or first_noise > marks[0][0])
        return 0 if first else marks[k][0]  # the first block of a page starts at its start

    blocks: list[Block] = []
    above: int | None = None  # the last text mark since the last table
    for k, mark in enumerate(marks):
        if len(mark) == 3:
            above = k
            continue
        if above is not None:
            start = start_of(above)
            body, level = _mark_text(marks[above])
            blocks.append(Text(body, smap.span(start, end_of(above)), "heading", level))
        start = start_of(k)
        blocks.append(Table(mark[1].columns, mark[1].rows, smap.span(start, end_of(k)), "html"))
        above = None
    return Document(text, tuple(blocks), name, line_map=smap)


def _mark_text(mark: tuple[Any, ...]) -> tuple[str, int]:
    """The text and heading level `_walk` gives the text block of a mark: (offset, raw text, context)."""
    _, raw, (kind, level, pre) = mark
    if kind == "caption":
        return raw, 0
    if pre:
        return raw.replace(LINE, "\n").strip("\n"), level
    return clean_text(raw), level


def _noise_starts(text: str, smap: SourceMap, removed: list[Any]) -> Iterator[int]:
    """The offsets `read_page` gives its noise blocks, in order (found only as far as they are asked for)."""
    loc = _Locator(text, smap.line_starts)
    for r in removed:
        if r.text.strip():
            yield loc.find(r.tag, r.line)


class _Enough(Exception):
    """The walk has every mark a tables-only read needs."""


_CAPTION = ("caption", 0, False)


def _table_marks(root: Any, loc: _Locator, walked: set[Any], data: dict[Any, Any]) -> list[tuple[Any, ...]]:
    """`_walk` without making text blocks: in its order, (offset, raw text, context) for each text block it
    would make and (offset, table) for each data table, the text left raw; it makes the same locator
    searches, so the offsets are the same. It stops at the first text block after the last table."""
    marks: list[tuple[Any, ...]] = []
    left = len(data)  # data tables still to come (one inside <head> never comes: the walk then runs to the end)

    def emit(raw: str, context: tuple[str, int, bool], at: Any) -> None:
        # the block `_walk` makes is empty exactly when the run holds nothing but whitespace and LINE marks
        if not raw or raw.isspace() or (LINE in raw and raw.replace(LINE, " ").isspace()):
            return
        pos = loc.find(at.tag, at.sourceline) if at is not None else loc.cursor
        marks.append((pos, raw, context))
        if not left:
            raise _Enough

    def emit_table(result: Any) -> None:
        nonlocal left
        for r in iter_tables([result]):  # as _emit_tables
            if r.table is not None:
                pos = loc.find("table", r.el.sourceline)
                if r.caption:
                    marks.append((pos, r.caption, _CAPTION))
                marks.append((pos, r.table))
                left -= 1

    with contextlib.suppress(_Enough):  # every mark is in: the rest of the page is not walked
        _walk_page(root, walked, data, emit, emit_table)
    return marks

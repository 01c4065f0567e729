"""A pipe table whose rows were interrupted by leaked CSS or a repeated paragraph is one table.

Runs after the passes that mark such interruptions as noise: when a pipe table is followed only
by removed pieces (and blank lines) and then by more pipe rows of no greater width, those rows
continue the table. The removed pieces stay in the report as holes inside the table's span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from ..model import Block, Document, Fix, Noise, Span, Table, Text, by_lines, content_width
from ..readers.base import Lines
from ..readers.pipe import inner_pieces, is_debris, split_pipes

INTERRUPTIONS = {"css", "script", "duplicate"}
Row = tuple[str, ...]


def _is_gap(b: Block) -> bool:
    return isinstance(b, Noise) and b.reason in INTERRUPTIONS or isinstance(b, Text) and not b.text.strip()


def _text_rows(blocks: Sequence[Block], m: int, lines: Callable[[], Lines]) -> tuple[list[Row], int]:
    """Pipe rows written as plain lines from blocks[m] on (too few to be a table on their own)."""
    rows = []
    while m < len(blocks):
        b = blocks[m]
        if not (isinstance(b, Text) and b.kind == "raw" and "|" in b.text and not is_debris(b.text.strip())):
            break
        pieces = split_pipes(b.text.strip())
        if len(pieces) < 2:
            break
        rows.append(tuple(lines().cells(inner_pieces(pieces))))
        m += 1
    return rows, m


def _continuation(blocks: Sequence[Block], m: int, lines: Callable[[], Lines],
                  width: int) -> tuple[list[Noise], list[Row], int] | None:
    """After a pipe table of `width` ending before blocks[m]: the removed pieces (and blank lines) that
    interrupt it, the rows that continue it, and the index past them; None when it does not go on."""
    start = m
    while m < len(blocks) and _is_gap(blocks[m]):
        m += 1
    holes = [b for b in blocks[start:m] if isinstance(b, Noise)]
    if not holes or m >= len(blocks):
        return None
    nxt = blocks[m]
    if isinstance(nxt, Table) and nxt.origin == "pipe" and nxt.columns is None:
        rows, end = list(nxt.rows), m + 1
    else:
        rows, end = _text_rows(blocks, m, lines)
    if not rows or any(content_width(r) > width for r in rows):
        return None
    return holes, rows, end


def _may_go_on(blocks: Sequence[Block], k: int) -> bool:
    """Whether the pipe table blocks[k] may go on (what _continuation needs): removed pieces follow it with
    only gaps between, then a pipe table without a header or a line holding a pipe. A block is looked at
    whole, as by_lines would split it: a run's blank lines before its first line with text are gaps."""
    holes = False
    for m in range(k + 1, len(blocks)):
        b = blocks[m]
        if _is_gap(b):
            holes = holes or isinstance(b, Noise)
            continue
        if not holes:
            return False
        if isinstance(b, Table):
            return b.origin == "pipe" and b.columns is None
        if isinstance(b, Text) and b.kind == "raw":
            text = b.text.lstrip()  # from the first line with text on (lstrip and strip agree on blanks)
            return "|" in (text if "\n" not in text else text[:text.index("\n")])
        return False
    return False


def may_grow_after_cuts(doc: Document, table: Table) -> bool:
    """Whether this pass could add rows to `table` once pieces after it are cut, whatever is cut: it continues
    pipe tables only, with a headerless pipe table or with lines that hold a `|` (both after its end)."""
    return table.origin == "pipe" and doc.text.find("|", table.span.end) >= 0


def rejoin_interrupted_tables(doc: Document) -> tuple[Document, list[Fix]]:
    # a table goes on only after removed pieces and then pipe rows (most have none): no lines to split then
    if not any(isinstance(b, Table) and b.origin == "pipe" and _may_go_on(doc.blocks, k)
               for k, b in enumerate(doc.blocks)):
        return doc, []
    blocks = by_lines(doc.blocks)  # rows written as plain lines continue a table a line at a time
    tables = [k for k, b in enumerate(blocks) if isinstance(b, Table) and b.origin == "pipe"]
    # cells are read as the reader reads them; the lines are split only when a continuing row turns up
    lines = cache(lambda: Lines(doc.text, False if doc.keep_markup else None, smap=doc.source_map()))
    out: list[Block] = []
    fixes: list[Fix] = []
    done = 0  # blocks[:done] are in out
    for k in tables:
        if k < done:
            continue  # taken into the table before it
        out += blocks[done:k]
        table = blocks[k]
        assert isinstance(table, Table)
        rows: list[Row] = []
        holes: list[Noise] = []
        reasons = {h.reason for h in table.holes}
        width, end = table.width, k + 1
        while (more := _continuation(blocks, end, lines, width)) is not None:  # a table may go on many times
            new_holes, new_rows, end = more
            rows += new_rows
            holes += new_holes
            reasons.update(h.reason for h in new_holes)
            if table.columns is None:
                width = max(width, *map(len, new_rows))
            last = blocks[end - 1].span
            span = Span(table.span.start, last.end, table.span.line, last.end_line)
            fixes.append(Fix("rejoin-table", f"table rows continue after removed {', '.join(sorted(reasons))}",
                             span))
        if rows:
            table = replace(table, rows=table.rows + tuple(rows), span=span, holes=table.holes + tuple(holes))
        out.append(table)
        done = end
    if not fixes:
        return doc, []
    out += blocks[done:]
    return doc.with_blocks(tuple(out)), fixes

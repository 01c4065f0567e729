"""A pipe table whose rows were interrupted by leaked CSS or a repeated paragraph is one table.

Runs after the passes that mark such interruptions as noise: when a pipe table is followed only
by removed pieces (and blank lines) and then by more pipe rows of no greater width, those rows
continue the table. The removed pieces stay in the report as holes inside the table's span.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Block, Document, Fix, Noise, Span, Table, Text
from ..readers.base import Lines
from ..readers.pipe import inner_pieces, is_debris, split_pipes
from .ragged import content_width

INTERRUPTIONS = {"css", "script", "duplicate"}


def _is_gap(b: Block) -> bool:
    return isinstance(b, Noise) and b.reason in INTERRUPTIONS or isinstance(b, Text) and not b.text.strip()


def _text_rows(blocks: list[Block], m: int, lines: Lines) -> tuple[list[tuple[str, ...]], int]:
    """Pipe rows written as plain lines from blocks[m] on (too few to be a table on their own)."""
    rows = []
    while m < len(blocks):
        b = blocks[m]
        if not (isinstance(b, Text) and b.kind == "raw" and "|" in b.text and not is_debris(b.text.strip())):
            break
        pieces = split_pipes(b.text.strip())
        if len(pieces) < 2:
            break
        rows.append(tuple(lines.cells(inner_pieces(pieces))))
        m += 1
    return rows, m


def _extend(blocks: list[Block], k: int, lines: Lines) -> tuple[Table, int] | None:
    table = blocks[k]
    assert isinstance(table, Table)
    m = k + 1
    while m < len(blocks) and _is_gap(blocks[m]):
        m += 1
    holes = tuple(b for b in blocks[k + 1:m] if isinstance(b, Noise))
    if not holes or m >= len(blocks):
        return None
    nxt = blocks[m]
    if isinstance(nxt, Table) and nxt.origin == "pipe" and nxt.columns is None:
        rows, end = list(nxt.rows), m + 1
    else:
        rows, end = _text_rows(blocks, m, lines)
    if not rows or any(content_width(r) > table.width for r in rows):
        return None
    last = blocks[end - 1].span
    span = Span(table.span.start, last.end, table.span.line, last.end_line)
    return replace(table, rows=table.rows + tuple(rows), span=span, holes=table.holes + holes), end


def rejoin_interrupted_tables(doc: Document) -> tuple[Document, list[Fix]]:
    blocks = list(doc.blocks)
    tables = [k for k, b in enumerate(blocks) if isinstance(b, Table) and b.origin == "pipe"]
    if not tables:
        return doc, []
    lines = Lines(doc.source, False if doc.keep_markup else None)
    out: list[Block] = []
    fixes: list[Fix] = []
    done = 0  # blocks[:done] are in out
    for k in tables:
        if k < done:
            continue  # taken into the table before it
        out += blocks[done:k]
        while (ext := _extend(blocks, k, lines)) is not None:
            table, end = ext
            fixes.append(Fix("rejoin-table", f"table rows continue after removed "
                             f"{', '.join(sorted({h.reason for h in table.holes}))}", table.span))
            blocks[end - 1] = table
            k = end - 1
        out.append(blocks[k])
        done = k + 1
    if not fixes:
        return doc, []
    out += blocks[done:]
    return doc.with_blocks(tuple(out)), fixes

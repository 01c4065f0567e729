"""Writers, looked up by name in one registry, and `render`: the one way from a Document to output text,
taken by `tablefix.write` and by the command line alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from ..model import Document, Table
from .delimited import write_csv, write_tsv
from .documents import write_html_document, write_markdown_document
from .html import write_html_table
from .json import write_json
from .markdown import write_markdown_table
from .text import write_text


class Format(NamedTuple):
    """An output format: its --out-dir extension; how it writes one table (None: it only writes whole
    documents) and a whole document (None: only tables); what goes between tables; and whether its table
    writer can neutralise cells a spreadsheet would run as formulas (`safe=True`)."""

    ext: str
    table: Callable[..., str] | None
    document: Callable[[Document], str] | None
    separator: str = ""
    safe: bool = False


WRITERS: dict[str, Format] = {
    "csv": Format("csv", write_csv, None, "\n", safe=True),
    "tsv": Format("tsv", write_tsv, None, "\n", safe=True),
    "md": Format("md", write_markdown_table, write_markdown_document, "\n"),
    "html": Format("html", write_html_table, write_html_document, "\n"),
    "json": Format("json", None, write_json),
    "text": Format("txt", None, write_text),
}


def is_whole(fmt: str, document: bool = False) -> bool:
    """Whether a document is written as one piece (json, text, a whole md/html document) or one per table."""
    return WRITERS[fmt].table is None or document


def selected(tables: list[Table], n: int | None) -> list[Table]:
    """The Nth table (1-based) as a list of one, none past the last; all when `n` is None."""
    return tables if n is None else tables[n - 1:n]


def render(doc: Document, fmt: str = "md", table: int | None = None, document: bool = False,
           excel_safe: bool = False) -> list[str]:
    """A document's output in pieces: one per table (only the `table`th when given), or one for the whole
    document (json then lists only that table). ValueError for what the format cannot do."""
    f = WRITERS[fmt]
    if excel_safe and not f.safe:
        raise ValueError(f"excel_safe works with csv or tsv, not {fmt}")
    if f.table is not None and not document:
        write_table = partial(f.table, safe=True) if excel_safe else f.table
        return [write_table(t) for t in selected(doc.tables, table)]
    if f.document is None:
        raise ValueError(f"{fmt} writes tables, not whole documents")
    if table is not None:
        keep = {id(t) for t in selected(doc.tables, table)}
        doc = doc.with_blocks(tuple(b for b in doc.blocks if not isinstance(b, Table) or id(b) in keep))
    return [f.document(doc)]


def write(doc: Document, fmt: str = "md", *, table: int | None = None, document: bool = False,
          excel_safe: bool = False) -> str:
    """A document as `--to FMT [--table N] [--document] [--excel-safe]` writes it: its tables (csv and tsv
    ones apart by a blank line), or the whole document (json, text, an md or html document)."""
    return WRITERS[fmt].separator.join(render(doc, fmt, table, document, excel_safe))

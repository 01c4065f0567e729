"""Writers, looked up by name in one registry, and `render`: the one way from a Document to output text,
taken by `tablefix.write` and by the command line alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..model import Document, Table
from .delimited import write_csv, write_tsv
from .documents import write_html_document, write_markdown_document
from .html import write_html_table
from .json import write_json
from .markdown import write_markdown_table
from .text import write_text


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: how to write one table, and how to write a whole document."""

    name: str
    ext: str
    """The file extension under --out-dir."""
    table: Callable[..., str] | None
    """One table, ending with a newline; None for formats that only write whole documents."""
    document: Callable[[Document], str] | None
    """The whole cleaned document (text, json; md and html when asked for the document)."""
    separator: str = ""
    """Between tables written one after another."""
    safe: bool = False
    """The table writer takes `safe=True`: cells a spreadsheet would run as formulas are neutralised."""


WRITERS: dict[str, Format] = {f.name: f for f in [
    Format("csv", "csv", write_csv, None, "\n", safe=True),
    Format("tsv", "tsv", write_tsv, None, "\n", safe=True),
    Format("md", "md", write_markdown_table, write_markdown_document, "\n"),
    Format("html", "html", write_html_table, write_html_document, "\n"),
    Format("json", "json", None, write_json),
    Format("text", "txt", None, write_text),
]}


def is_whole(fmt: str, document: bool = False) -> bool:
    """Whether a document is written as one piece (json, text, a whole md/html document) or one per table."""
    return WRITERS[fmt].table is None or document


def selected(tables: list[Table], n: int | None) -> list[Table]:
    """The Nth table (1-based) as a list of one, none past the last; all when `n` is None."""
    return tables if n is None else tables[n - 1:n]


def render(doc: Document, fmt: str = "md", table: int | None = None, document: bool = False,
           excel_safe: bool = False) -> list[str]:
    """The output of one document in pieces: one per table (only the `table`th when given), or one for the
    whole document (json then lists only that table). Raises ValueError for what a format cannot do."""
    f = WRITERS[fmt]
    if excel_safe and not f.safe:
        raise ValueError(f"excel_safe works with csv or tsv, not {fmt}")
    if not is_whole(fmt, document):
        assert f.table is not None
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
    """A document as the command line writes it with `--to FMT [--table N] [--document] [--excel-safe]`:
    its tables (csv/tsv separated by a blank line), or the whole document (json, text, md/html document)."""
    return WRITERS[fmt].separator.join(render(doc, fmt, table, document, excel_safe))

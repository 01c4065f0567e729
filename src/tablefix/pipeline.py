"""read and clean: text (or a whole HTML page) in, a Document out; `tablefix.read` and `tablefix.clean`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .model import Document, Table, Text
from .repairs import repair
from .repairs.duplicates import drop_duplicates
from .repairs.rejoin import may_grow_after_cuts
from .text_rules import normalize_newlines


def read(text: str, name: str = "-", keep_markup: bool = False, find_leaks: bool = True,
         tables_only: bool = False) -> Document:
    """Read text (scraped article, or a whole HTML page, known by its content) into a Document.

    Pipe-table cells of Markdown text are read as rendered (`_Polio Water_` -> `Polio Water`)
    unless `keep_markup` is set. CRLF and lone CR newlines are read as LF. Leaked CSS and script are
    found (for the `leaks` pass) unless `find_leaks` is off.

    `tables_only` is for output that holds only the tables (a table writer: csv, tsv, md or html tables).
    A whole HTML page is then read without making its text: the Document holds the page's tables, each
    after the text just above it (what the repeated-table check of the `duplicates` pass compares), so
    once repaired its tables and their fixes are those of the full read; it does not cover the source
    (no paragraphs, no noise, not the other fixes), so it is not for json, text or `--document` output,
    nor for a report. Plain text is read as always (`clean` then skips the passes when it holds no table)."""
    text = normalize_newlines(text)
    if "<" in text[:4096]:
        from .readers.html import looks_like_html_page, read_html_page

        if looks_like_html_page(text):
            return read_html_page(text, name, tables_only)
    return _text_reader()(text, name, markdown=False if keep_markup else None, find_leaks=find_leaks)


@cache
def _text_reader() -> Callable[..., Document]:
    """`read_text`, imported on first use (start-up time) and then kept: an import statement run once a
    document costs a prose document a tenth of its reading."""
    from .readers.text import read_text

    return read_text


def clean(text: str, name: str = "-", skip: tuple[str, ...] = (), keep_markup: bool = False,
          tables_only: bool = False) -> Document:
    """Read and repair in one call (skipping the `leaks` pass also keeps the reader from looking past them).

    `tables_only`: see `read`; the Document is then for table writers only. A document in which the reader
    found no table is not repaired then: the passes only cut text and mend tables they are given (none
    makes a table), so its table output is empty either way, and most of a crawl is such prose. Nor does
    the `duplicates` pass run where its cuts cannot reach a table (see `_cuts_may_reach`)."""
    doc = read(text, name, keep_markup, "leaks" not in skip, tables_only)
    if tables_only:
        tables = [b for b in doc.blocks if isinstance(b, Table)]
        if not tables:
            return doc
        if not _cuts_may_reach(doc, tables):
            skip = (*skip, "duplicates")  # the costliest pass, and it would change no table here
    if _one_text_block(doc) and "duplicates" not in skip:  # the one pass with work in it (see _one_text_block)
        cut, fixes = drop_duplicates(doc)
        if not fixes:
            return doc  # what `repair` gives, without its walk through the passes and a copy of the document
        doc, skip = cut.with_fixes(tuple(fixes)), (*skip, "duplicates")  # the other passes still run on it
    return repair(doc, skip)


def _one_text_block(doc: Document) -> bool:
    """Whether doc is one block of text, without fixes or leaks (most prose). The repair passes but
    `duplicates` only cut the leaks the reader found and mend tables: they leave such a document, and what
    `duplicates` cuts of it, as they are, so it may go first (tests/test_prose_fast_paths.py holds them to it)."""
    return len(doc.blocks) == 1 and doc.blocks[0].__class__ is Text and not doc.fixes and not doc.leaks


def _cuts_may_reach(doc: Document, tables: list[Table]) -> bool:
    """Whether the `duplicates` pass may change what a table writer writes of doc. It cuts text (never inside a
    table), so only by cutting a table said again (it needs two tables) or a piece after a table that the
    `rejoin-tables` pass may then continue with the rows after that piece."""
    return len(tables) > 1 or may_grow_after_cuts(doc, tables[0])

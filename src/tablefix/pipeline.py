"""read and clean: text (or a whole HTML page) in, a Document out; `tablefix.read` and `tablefix.clean`."""

from __future__ import annotations

from .model import Document
from .repairs import repair
from .text_rules import normalize_newlines


def read(text: str, name: str = "-", keep_markup: bool = False, find_leaks: bool = True) -> Document:
    """Read text (scraped article, or a whole HTML page, known by its content) into a Document.

    Pipe-table cells of Markdown text are read as rendered (`_Polio Water_` -> `Polio Water`)
    unless `keep_markup` is set. CRLF and lone CR newlines are read as LF. Leaked CSS and script are
    found (for the `leaks` pass) unless `find_leaks` is off."""
    text = normalize_newlines(text)
    if "<" in text[:4096]:
        from .readers.html import looks_like_html_page, read_html_page

        if looks_like_html_page(text):
            return read_html_page(text, name)
    from .readers.text import read_text

    return read_text(text, name, markdown=False if keep_markup else None, find_leaks=find_leaks)


def clean(text: str, name: str = "-", skip: tuple[str, ...] = (), keep_markup: bool = False) -> Document:
    """Read and repair in one call (skipping the `leaks` pass also keeps the reader from looking past them)."""
    return repair(read(text, name, keep_markup, "leaks" not in skip), skip)

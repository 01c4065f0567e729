"""Writers, looked up by name in one registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document, Table
from .delimited import write_csv, write_tsv
from .document import write_html_document
from .html import write_html_table
from .json import write_json
from .markdown import write_markdown_table
from .text import write_text


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: how to write one table, and how to write a whole document."""

    name: str
    ext: str
    table: Callable[[Table], str] | None
    """One table, ending with a newline; None for formats that are only whole documents."""
    document: Callable[[Document], str] | None
    """The whole cleaned document (text, json, and md/html with --document)."""
    separator: str = ""
    """Between tables written one after another."""


WRITERS: dict[str, Format] = {f.name: f for f in [
    Format("csv", "csv", write_csv, None, "\n"),
    Format("tsv", "tsv", write_tsv, None, "\n"),
    Format("md", "md", write_markdown_table, write_text, "\n"),
    Format("html", "html", write_html_table, write_html_document, "\n"),
    Format("json", "json", None, write_json),
    Format("text", "txt", None, write_text),
]}

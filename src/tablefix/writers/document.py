"""The whole cleaned article as an HTML document: headings, paragraphs, lists and tables."""

from __future__ import annotations

import re
from html import escape

from ..model import Block, Document, Table, Text
from .html import html_cell, write_html_table
from .text import write_text

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"\s{0,3}(?:[-*+]|(\d{1,9})[.)])\s+(.*)")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*$")


def _text_lines_to_html(lines: list[str]) -> list[str]:
    """One element per line: scraped text keeps a paragraph to a line, so a line is a paragraph."""
    out: list[str] = []
    open_list = ""
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        item = _ITEM.match(line)
        tag = ("ol" if item.group(1) else "ul") if item else ""
        if open_list and tag != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if item:
            if not open_list:
                out.append(f"<{tag}>")
                open_list = tag
            out.append(f"<li>{escape(item.group(2))}</li>")
        elif (h := _HEADING.match(line)) is not None:
            n = len(h.group(1))
            out.append(f"<h{n}>{escape(h.group(2))}</h{n}>")
        elif line.strip() and _SETEXT.match(nxt) and not _SETEXT.match(line):
            n = 1 if nxt.strip().startswith("=") else 2
            out.append(f"<h{n}>{escape(line.strip())}</h{n}>")
        elif line.strip() and not _SETEXT.match(line):
            out.append(f"<p>{escape(line.strip())}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return out


def _element(block: Text) -> str:
    """A block the HTML reader already classified: no need to guess from Markdown."""
    if block.kind == "heading":
        n = min(6, max(1, block.level))
        return f"<h{n}>{html_cell(block.text)}</h{n}>"
    if block.kind == "item":
        return f"<li>{html_cell(block.text)}</li>"
    return f"<p>{html_cell(block.text)}</p>"


def write_html_document(doc: Document) -> str:
    """Verbatim text (and the noise cut from it) goes through the text writer, so prose on either side
    of a cut is joined as in `--to text`, then one element per line; read blocks keep their kind."""
    body: list[str] = []
    run: list[Block] = []
    in_list = False

    def flush() -> None:
        if run:
            body.extend(_text_lines_to_html(write_text(Document(doc.source, tuple(run))).splitlines()))
            run.clear()

    for block in doc.blocks:
        is_item = isinstance(block, Text) and block.kind == "item"
        if in_list and not is_item:
            body.append("</ul>")
            in_list = False
        if isinstance(block, Table):
            flush()
            body.append(write_html_table(block).rstrip("\n"))
        elif isinstance(block, Text) and block.kind != "raw":
            flush()
            if is_item and not in_list:
                body.append("<ul>")
                in_list = True
            body.append(_element(block))
        else:
            run.append(block)
    flush()
    if in_list:
        body.append("</ul>")
    title = escape(doc.name if doc.name != "-" else "tablefix output")
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")

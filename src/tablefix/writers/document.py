"""The whole cleaned article as an HTML document: headings, paragraphs, lists and tables."""

from __future__ import annotations

import re
from html import escape

from ..model import Document, Noise, Table, Text
from .html import write_html_table
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


def write_html_document(doc: Document) -> str:
    body: list[str] = []
    pending: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Noise):
            continue
        if isinstance(block, Table):
            body += _text_lines_to_html("".join(pending).splitlines())
            pending = []
            body.append(write_html_table(block).rstrip("\n"))
        elif isinstance(block, Text):
            pending.append(write_text(Document("", (block,))))
    body += _text_lines_to_html("".join(pending).splitlines())
    title = escape(doc.name if doc.name != "-" else "tablefix output")
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")

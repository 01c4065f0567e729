"""The whole cleaned article as a Markdown or an HTML document (`--document`): headings, paragraphs, lists
and tables, the same elements in either markup, the text escaped so it shows as it reads."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Block, Document, Noise, Table, Text
from ..text_rules import compiled_on_first_use
from .html import html_cell, write_html_table
from .markdown import write_markdown_table
from .text import write_text

_HEADING = compiled_on_first_use(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = compiled_on_first_use(r"\s{0,3}(?:[-*+]|(\d{1,9})[.)])\s+(.*)")
_SETEXT = compiled_on_first_use(r"\s{0,3}(=+|-+)\s*$")
_MARKUP = compiled_on_first_use(r"([\\`*_\[\]<>&~|])")
"""What Markdown could read as inline markup: escaped wherever it is (`*1**` is emphasis to CommonMark)."""
_BLOCK_START = compiled_on_first_use(r"(?:#{1,6}|[-+])(?=\s|$)|-[-\s]*$|>")
"""Text that Markdown would read as a heading, list item, quote or rule (also after a `- ` marker) if left as it
is; `*`, `_`, backticks and `~` (emphasis, rules, fences) are escaped wherever they are."""
_NUMBERED = compiled_on_first_use(r"(\d{1,9})([.)])(?=\s|$)")

Element = tuple[str, "str | Table", str]
"""(kind, content, number): ("h1".."h6" or "p", text, ""), ("ul" or "ol", the text of one item of such a list,
its number when the source numbered it), ("table", Table, "")."""


def elements(doc: Document) -> Iterator[Element]:
    """The article's elements. Blocks an HTML page was read into keep their kind; verbatim text goes through
    `write_text` (so prose on either side of a cut is joined as in `--to text`) and is taken a line at a
    time: scraped text keeps a paragraph to a line, with Markdown-like headings and list items."""
    run: list[Block] = []
    for block in (*doc.blocks, None):
        if isinstance(block, Noise) or (isinstance(block, Text) and block.kind == "raw"):
            run.append(block)
            continue
        if run:
            yield from _line_elements(write_text(Document(doc.text, tuple(run))).splitlines())
            run.clear()
        if isinstance(block, Table):
            yield "table", block, ""
        elif block is not None:
            kind = f"h{min(6, max(1, block.level))}" if block.kind == "heading" else "p"
            yield ("ul" if block.kind == "item" else kind), block.text, ""


def _line_elements(lines: list[str]) -> Iterator[Element]:
    for k, line in enumerate(lines):
        after = lines[k + 1] if k + 1 < len(lines) else ""
        if (item := _ITEM.match(line)) is not None:
            yield ("ol" if item.group(1) else "ul"), item.group(2), item.group(1) or ""
        elif (heading := _HEADING.match(line)) is not None:
            yield f"h{len(heading.group(1))}", heading.group(2), ""
        elif line.strip() and not _SETEXT.match(line):  # an underline alone is no text
            kind = "p" if not _SETEXT.match(after) else "h1" if after.strip()[0] == "=" else "h2"
            yield kind, line.strip(), ""


def write_html_document(doc: Document) -> str:
    body: list[str] = []
    open_list = ""
    for kind, content, _ in elements(doc):
        in_list = kind if kind in ("ul", "ol") else ""
        if open_list != in_list:
            body += [f"</{open_list}>"] if open_list else []
            body += [f"<{in_list}>"] if in_list else []
            open_list = in_list
        if isinstance(content, Table):
            body.append(write_html_table(content).rstrip("\n"))
        else:
            tag = "li" if in_list else kind
            body.append(f"<{tag}>{html_cell(content)}</{tag}>")
    body += [f"</{open_list}>"] if open_list else []
    from html import escape

    title = escape(doc.name if doc.name != "-" else "tablefix output")
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def write_markdown_document(doc: Document) -> str:
    """Elements apart by a blank line (the items of one list by a line break), so each stays its own."""
    out: list[str] = []
    before = ""
    for kind, content, number in elements(doc):
        if isinstance(content, Table):
            piece = write_markdown_table(content)
        else:
            text = _md_text(content)
            if kind[0] == "h" and text.endswith("#") and not text.endswith("\\#"):  # closing #s are no text
                text = text[:-1] + "\\#"
            piece = _marker(kind, number) + text + "\n"
        if out and piece:
            out.append("" if kind == before and kind in ("ul", "ol") else "\n")
        out.append(piece)
        before = kind
    return "".join(out)


def _marker(kind: str, number: str) -> str:
    if kind[0] == "h":
        return "#" * int(kind[1]) + " "
    return f"{number}. " if number else "- " if kind in ("ul", "ol") else ""


def _md_text(text: str) -> str:
    """Markdown that renders as `text`: its markup characters escaped, and its start where Markdown would
    read it as a block (a heading, list item, quote, rule or fence); a line break as `<br>`."""
    md = "<br>".join(_MARKUP.sub(r"\\\1", part.strip()) for part in text.split("\n"))
    if _BLOCK_START.match(md):
        return "\\" + md
    return _NUMBERED.sub(r"\1\\\2", md, count=1) if _NUMBERED.match(md) else md

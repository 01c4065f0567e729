"""Plain-text scans for HTML: where raw table markup ends, whether a text is a page.

Nothing here parses HTML or imports lxml/bs4: these run on every plain-text input, so they must stay
cheap regex scans, each linear in the text.
"""

from __future__ import annotations

import re

# A table-structure tag, open or close. `[^<>]*` keeps one match from swallowing the next tag, so a scan
# is linear even when a `>` is missing (truncated markup).
_TABLE_TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col)\b[^<>]*>?", re.I)
# Text between two table tags ends the markup when it holds a paragraph (a blank line, then text).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*\S")
_MAX_GAP_LINES = 3
"""More newlines than this in prose between two table tags ends unclosed markup."""


_TABLE_OPEN = re.compile(r"<table", re.I)


def has_table_tag(markup: str) -> bool:
    """Whether `markup` holds a `<table` start tag (any case). Without one no parser builds a table element,
    so the table machinery can be skipped: most real pages hold none. A regex, not `.lower()`: it jumps
    between `<`s without copying the page."""
    return _TABLE_OPEN.search(markup) is not None


def find_table_markup_end(text: str, start: int) -> int:
    """End offset of the table markup that opens at `start` (a `<table`, any case) in plain text.

    Just after the matching `</table>`, counting nested tables; when that table has one row and another
    table follows on the same or the next line, after the run of one-row tables (the HTML reader joins
    such a run, see `html_join`). For unclosed or truncated markup: the end (before the newline) of the
    line holding the last table tag (`<tr>`, `<td>`, `</td>`...) before the markup gives way to prose: a
    blank line followed by text, or more than a few lines of text with no table tag. One regex pass:
    linear time.
    """
    depth = 0
    last_end = start
    in_cell = False  # a cell's text may hold blank lines when its </td> follows (html2text bypass_tables)
    rows = 0  # <tr> tags of the outermost table now open; -1 once a nested table opens
    run_end = -1  # end of the last one-row table of a run the next table may join
    for m in _TABLE_TAG.finditer(text, start):
        closes_cell = in_cell and m.group(1) and m.group(2).lower() in ("td", "th")
        if depth > 0 and not closes_cell and _gap_breaks(text, last_end, m.start()):
            break
        last_end = m.end()
        tag = m.group(2).lower()
        in_cell = tag in ("td", "th") and not m.group(1)
        if tag == "tr" and depth == 1 and not m.group(1) and rows >= 0:
            rows += 1
        if tag != "table":
            continue
        depth += -1 if m.group(1) else 1
        if depth > 1:
            rows = -1
        if depth <= 0:
            if rows != 1:
                return run_end if run_end >= 0 else m.end()
            if _NEXT_TABLE.match(text, m.end()) is None:
                return m.end()
            run_end, rows, depth = m.end(), 0, 0
    if run_end >= 0:
        return run_end
    line_end = text.find("\n", last_end)
    return len(text) if line_end < 0 else line_end


_NEXT_TABLE = re.compile(r"[ \t\r\f\v]*\n?[ \t\r\f\v]*<table\b", re.I)


def _gap_breaks(text: str, lo: int, hi: int) -> bool:
    """Whether the text between two table tags is prose that ends unclosed markup."""
    if hi - lo < 2 or text.count("\n", lo, hi) == 0:
        return False
    gap = text[lo:hi]
    if not gap.strip():
        return False
    return gap.count("\n") > _MAX_GAP_LINES or _PARAGRAPH_BREAK.search(gap) is not None


_LEAD = re.compile(r"(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", re.S)
_PAGE_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
_LATE_START = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)
_CODE_OPEN = re.compile(r"<(style|script|noscript)\b|<!--")
_INJECTED_TEXT = 0.1
"""A doctype or `<html>` further on opens a page when the text before it is markup: style,
script and tags, with at most this share of its non-space characters outside them (servers and caches
inject such junk before a page)."""
_TAG_START = re.compile(r"<(?:[a-zA-Z][^<>]*|/[a-zA-Z][^<>]*|!--.*?--)>", re.S)
_ANY_TAG = re.compile(r"<[a-zA-Z/!][^<>]*>")
_SAMPLE = 65536
_TAG_SHARE = 0.5
"""Markup when at least this share of the non-space characters is inside tags..."""
_TAG_LINE_SHARE = 0.8
_MIN_LINES = 3
"""...or, over at least _MIN_LINES non-blank lines, this share of them holds a tag (text-heavy tables)."""


def looks_like_html_page(text: str) -> bool:
    """Whether `text` is a whole HTML document or a pure fragment of markup, judged by its content.

    A document: it opens (after a BOM, spaces, comments, an XML declaration) with a doctype, `<html>`,
    `<head>` or `<body>`, or has a doctype or `<html>` further on after nothing but markup (style,
    script, tags: what servers inject before a page). A fragment: it opens with a complete tag and is
    mostly markup, by characters or by lines. Plain text holding a stray table opens with prose, so it is
    not a page.
    """
    head = text[:_SAMPLE].lstrip("\ufeff")
    pos = _LEAD.match(head).end()  # type: ignore[union-attr]  # a starred group always matches
    if _PAGE_START.match(head, pos):
        return True
    if not _TAG_START.match(head, pos):
        return False
    late = _LATE_START.search(head, pos)
    if late is not None and _mostly_markup(head[pos:late.start()]):
        return True
    solid = len(head) - sum(head.count(c) for c in " \t\r\n")
    tag_chars = sum(m.end() - m.start() for m in _ANY_TAG.finditer(head))
    if tag_chars >= _TAG_SHARE * solid:
        return True
    lines = [line for line in head.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _ANY_TAG.search(line))
    return len(lines) >= _MIN_LINES and tagged >= _TAG_LINE_SHARE * len(lines)


def _mostly_markup(text: str) -> bool:
    """Whether `text` is style, script and tags, with little text outside them (see _INJECTED_TEXT).

    Each block's end is found with `str.find` from its start, and an unclosed block ends the scan: linear.
    """
    low = text.lower()
    outside, pos = [], 0
    while (m := _CODE_OPEN.search(low, pos)) is not None:
        outside.append(text[pos:m.start()])
        closer = "-->" if m.group(1) is None else "</" + m.group(1)
        end = low.find(closer, m.end())
        if end < 0:
            pos = len(text)
            break
        pos = end + len(closer)
    outside.append(text[pos:])
    loose = _ANY_TAG.sub("", "".join(outside))
    return _solid(loose) <= _INJECTED_TEXT * _solid(text)


def _solid(text: str) -> int:
    return len(text) - sum(text.count(c) for c in " \t\r\n")

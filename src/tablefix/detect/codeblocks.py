"""Markdown code in the text: fenced blocks and inline `code` spans.

CSS or JavaScript inside them is an example the article shows, not a leak: a converter writes
`<pre>`/`<code>` content that way, while a leaked `<style>` or `<script>` is never fenced.
"""

from __future__ import annotations

import re

from ..text_rules import compiled_on_first_use

_FENCE = compiled_on_first_use(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_TICKS = compiled_on_first_use(r"`+")


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Closed fenced blocks, fence lines included (an unclosed fence is ignored, not run to the end)."""
    blocks: list[tuple[int, int]] = []
    opening: re.Match[str] | None = None
    for m in _FENCE.finditer(text):
        mark = m.group(1)
        if opening is None:
            opening = m
        elif mark[0] == opening.group(1)[0] and len(mark) >= len(opening.group(1)):
            end = text.find("\n", m.end())
            blocks.append((opening.start(), len(text) if end < 0 else end))
            opening = None
    return blocks


def code_regions(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of fenced code blocks and inline code spans."""
    if "`" not in text and ("~" not in text or "~~~" not in text):  # a one-character look first: a memchr
        return []
    blocks = fenced_blocks(text)
    regions = list(blocks)
    k = 0
    pending: tuple[int, int] | None = None  # (start, length) of an unmatched backtick run
    for m in _TICKS.finditer(text):
        while k < len(blocks) and blocks[k][1] <= m.start():
            k += 1
        if k < len(blocks) and blocks[k][0] <= m.start():
            pending = None
            continue
        if pending is not None and text.find("\n", pending[0], m.start()) >= 0:
            pending = None
        if pending is None:
            pending = (m.start(), len(m.group()))
        elif len(m.group()) == pending[1]:
            regions.append((pending[0], m.end()))
            pending = None
    return sorted(regions)

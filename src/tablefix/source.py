"""Offsets to line numbers, so every block and fix can say where it came from."""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Span

_NEWLINE = re.compile(r"\n")


class SourceMap:
    """Line starts of a text, for turning character offsets into `Span`s in O(log n)."""

    __slots__ = ("text", "line_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_of(self, offset: int) -> int:
        """1-based line holding `offset`."""
        return bisect_right(self.line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        last = max(start, end - 1)
        return Span(start, end, self.line_of(start), self.line_of(last))

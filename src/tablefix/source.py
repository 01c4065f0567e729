"""Offsets to line numbers, so every block and fix can say where it came from."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from .model import Span

_new = tuple.__new__
"""Span's own constructor is a Python function; spans are made for every block and fix."""


class SourceMap:
    """Line starts of a text, for turning character offsets into `Span`s in O(log n)."""

    __slots__ = ("text", "line_starts")

    def __init__(self, text: str, lines: list[str] | None = None) -> None:
        """`lines`: text.split("\\n") when the caller has it (or lines of the same lengths)."""
        self.text = text
        lengths = map(len, text.split("\n") if lines is None else lines)
        self.line_starts = list(accumulate(map((1).__add__, lengths), initial=0))[:-1]
        """Offset of each line's first character (a line's length plus its newline, summed in C)."""

    def line_of(self, offset: int) -> int:
        """1-based line holding `offset`."""
        return bisect_right(self.line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        starts = self.line_starts
        return _new(Span, (start, end, bisect_right(starts, start), bisect_right(starts, max(start, end - 1))))

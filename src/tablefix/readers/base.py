"""What a table finder sees (the text's lines) and what it returns (blocks and fixes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Block, Fix, Span
from ..source import SourceMap


class Lines:
    """The lines of a text with their offsets, shared by every table finder."""

    __slots__ = ("text", "strs", "starts", "smap")

    def __init__(self, text: str) -> None:
        self.text = text
        self.smap = SourceMap(text)
        self.starts = self.smap.line_starts
        self.strs = text.split("\n")

    def __len__(self) -> int:
        return len(self.strs)

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int) -> int:
        """Offset just past line i, its newline included."""
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def span(self, first: int, last: int) -> Span:
        """Span of lines first..last inclusive, newlines included."""
        return self.smap.span(self.start(first), self.end(last))


@dataclass(slots=True)
class Found:
    """A table (or tables) a finder recognised, covering [start, end) of the text."""

    start: int
    end: int
    next_line: int
    """The line scanning resumes at; the part of it before `end` is already covered."""
    blocks: list[Block]
    fixes: list[Fix] = field(default_factory=list)


Finder = Callable[[Lines, int], "Found | None"]

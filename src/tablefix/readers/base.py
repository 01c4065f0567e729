"""What a table finder sees (the text's lines) and what it returns (blocks and fixes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Block, Fix, Span
from ..source import SourceMap
from .inline_md import render_inline

_MARKDOWN_EVIDENCE = re.compile(
    r"^#{1,6}[ \t]+\S|^=+[ \t]*$|\*\*\S[^\n]*?\S\*\*|(?<!\w)__\S[^\n]*?\S__(?!\w)"
    r"|\\[*_`#\[\]<>~\\]|\[[^\]\n]+\]\([^)\s]+\)|`[^`\n]+`", re.MULTILINE)


_CELL_MARKUP = re.compile(r"[\\`*_\[<&~]")


class Lines:
    """The lines of a text with their offsets, shared by every table finder."""

    __slots__ = ("text", "scan", "strs", "starts", "smap", "_markdown")

    def __init__(self, text: str, markdown: bool | None = None, scan: str | None = None) -> None:
        self.text = text
        """The source, for the blocks' own text."""
        self.scan = text if scan is None else scan
        """What finders look at: the source with leaked CSS/script blanked out (same offsets)."""
        self.smap = SourceMap(text)
        self.starts = self.smap.line_starts
        self.strs = self.scan.split("\n")
        self._markdown = markdown

    @property
    def markdown(self) -> bool:
        """Whether cells are Markdown to render: a converter's Markdown shows in headings, strong
        emphasis, backslash escapes or links somewhere in the text; plain scraped text keeps `*x*`."""
        if self._markdown is None:
            self._markdown = _MARKDOWN_EVIDENCE.search(self.text) is not None
        return self._markdown

    def cell(self, raw: str) -> str:
        """A cell as a reader sees it: `\\|` is a pipe (GFM unescapes it first), Markdown rendered."""
        text = raw.replace("\\|", "|").strip() if "\\|" in raw else raw.strip()
        if not self.markdown or not _CELL_MARKUP.search(text):
            return text
        return render_inline(text)

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

"""The document model every reader produces and every writer consumes.

Blocks partition the source: their spans are ordered, never overlap, and together
cover every character of the input. So nothing is lost silently: whatever is not
kept as text or a table is a `Noise` block a report can show.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import NamedTuple


class Span(NamedTuple):
    """Where a block came from in the source text (a named tuple: made for every line, so it must be cheap)."""

    start: int
    """Character offset, inclusive."""
    end: int
    """Character offset, exclusive."""
    line: int
    """1-based line of `start`, for messages."""
    end_line: int
    """1-based line of the last character (equal to `line` for an empty span)."""


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


class Text(NamedTuple):
    """Prose kept in the output (a named tuple, like Span: text input makes one per line)."""

    text: str
    """For text input the exact source slice; for HTML input the visible text."""
    span: Span
    kind: str = "raw"
    """"raw" (a verbatim slice of text input), "heading", "paragraph" or "item"."""
    level: int = 0
    """Heading level (1-6) for headings, else 0."""


def text_lines(block: Text) -> list[Text]:
    """A verbatim run of lines as one block a line (what passes that work on lines see); any other block
    as it is. Readers keep a run whole: most runs are never looked at a line at a time."""
    text = block.text
    if block.kind != "raw" or text.find("\n", 0, len(text) - 1) < 0:
        return [block]
    lines = text.split("\n")
    rest = lines.pop()  # after the last newline: a line of its own unless empty
    lines = list(map(str.__add__, lines, repeat("\n")))
    # A raw block's text is the source slice of its span: the lines' offsets are its start plus their lengths.
    # The named tuples are made by tuple.__new__ in map (their constructors are Python functions), not a loop.
    starts = list(accumulate(map(len, lines), initial=block.span.start))
    numbers = range(block.span.line, block.span.line + len(lines))
    new, spans = tuple.__new__, zip(starts[:-1], starts[1:], numbers, numbers, strict=True)
    out = list(map(new, repeat(Text), zip(lines, map(new, repeat(Span), spans), repeat("raw"), repeat(0))))
    if rest:
        start, line = starts[-1], block.span.line + len(lines)
        out.append(new(Text, (rest, new(Span, (start, start + len(rest), line, line)), "raw", 0)))
    return out


def by_lines(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """The blocks with every verbatim run split into its lines (text_lines)."""
    out: list[Block] = []
    for b in blocks:
        text = b.text if b.__class__ is Text and b.kind == "raw" else ""  # type: ignore[union-attr]
        if text.find("\n", 0, len(text) - 1) >= 0:  # most blocks after a cut are one line: no call for them
            out += text_lines(b)  # type: ignore[arg-type]
        else:
            out.append(b)
    return out


def content_width(cells: tuple[str, ...] | list[str]) -> int:
    """Width of a row once its trailing empty cells are dropped (`| a | b | ||||` is two wide)."""
    n = len(cells)
    while n and not cells[n - 1]:
        n -= 1
    return n


def widest(rows: list[list[str]] | list[tuple[str, ...]]) -> int:
    """`max(map(content_width, rows))` (0 for no rows), found in C when the longest row ends in a filled cell
    (most tables): no row can be wider than it. content_width is a Python call a row."""
    longest = max(rows, key=len, default=())
    return len(longest) if longest and longest[-1] else max(map(content_width, rows), default=0)


@dataclass(frozen=True, slots=True)
class Table:
    """A recovered table: a header (or none) over body rows of equal width."""

    columns: tuple[str, ...] | None
    """Header cells; None when the table has no header."""
    rows: tuple[tuple[str, ...], ...]
    """Body rows, all as wide as the header after repair."""
    span: Span
    origin: str
    """How it was written in the source: "pipe", "html", "grid", "aligned", "tsv"."""
    holes: tuple[Noise, ...] = ()
    """Removed text inside the table's span (leaked CSS or a repeat that interrupted its rows)."""

    @property
    def width(self) -> int:
        return len(self.columns) if self.columns is not None else max(map(len, self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Noise:
    """Source text left out of the output, kept so a report can show it."""

    text: str
    span: Span
    reason: str
    """"css", "script", "duplicate", "debris", "markup"."""


Block = Text | Table | Noise


@dataclass(frozen=True, slots=True)
class Fix:
    """One thing tablefix changed, with where and why."""

    code: str
    """Stable id such as "pad-short-row" or "drop-duplicate-paragraph"."""
    message: str
    span: Span

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "lines": [self.span.line, self.span.end_line],
                "start": self.span.start, "end": self.span.end}


@dataclass(frozen=True, slots=True)
class Document:
    """A text and the blocks it was read into."""

    text: str
    """The whole text read (after newline normalisation): every span is an offset into it."""
    blocks: tuple[Block, ...]
    name: str = "-"
    """The path it was read from, or "-" for standard input."""
    fixes: tuple[Fix, ...] = field(default=())
    """Fixes made while reading (padding rows, trimming columns) and by repair passes."""
    keep_markup: bool = False
    """Read with Markdown in cells kept as written, so passes that read more cells do the same."""
    line_map: SourceMap | None = field(default=None, compare=False, repr=False)
    """The text's line starts, made once (by the reader, or on first use) and shared by every pass."""
    leaks: tuple[tuple[int, int, str], ...] = ()
    """Leaked CSS and script the reader found (start, end, "css" or "script") and looked past when it
    looked for tables; the `leaks` pass cuts them (they are still text until it runs)."""

    def with_blocks(self, blocks: tuple[Block, ...]) -> Document:
        """The same document read into other blocks (`dataclasses.replace` costs more in the hot path)."""
        return Document(self.text, blocks, self.name, self.fixes, self.keep_markup, self.line_map, self.leaks)

    def with_fixes(self, fixes: tuple[Fix, ...]) -> Document:
        return Document(self.text, self.blocks, self.name, fixes, self.keep_markup, self.line_map, self.leaks)

    def source_map(self) -> SourceMap:
        """Offsets to lines for this document's text (built on first use, then kept)."""
        if self.line_map is None or self.line_map.text is not self.text:  # none yet, or another text's
            object.__setattr__(self, "line_map", SourceMap(self.text))  # a cache, not a change of value
        assert self.line_map is not None
        return self.line_map

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def table_fixes(self) -> list[list[Fix]]:
        """Each table's own fixes (those inside its span), found by bisection, not a scan per table."""
        fixes = sorted(self.fixes, key=lambda f: f.span.start)
        starts = [f.span.start for f in fixes]
        return [[f for f in fixes[bisect_left(starts, t.span.start):bisect_left(starts, t.span.end)]
                 if f.span.end <= t.span.end] for t in self.tables]

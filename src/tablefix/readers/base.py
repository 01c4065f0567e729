"""What a table finder sees (the text's lines) and what it returns (blocks and fixes)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import methodcaller

from ..inline_md import render_inline
from ..model import Block, Fix, SourceMap, Span, Text
from ..text_rules import MARKUP, MARKUP_CHARS, compiled_on_first_use, has_markup

_MARKDOWN_EVIDENCE = compiled_on_first_use(
    r"\n#{1,6}[ \t]+\S|\n=+[ \t]*(?=\n|\Z)|\\[*_`#\[\]<>~\\]|\[[^\]\n]+\]\([^)\s]+\)|`[^`\n]+`")
"""Markdown a converter leaves: headings, backslash escapes, links, code spans (strong emphasis: _STRONG).
A line start is a newline (the text's first line is checked apart). Every branch starts with a literal
character, so the regex engine jumps between candidates instead of trying each branch at every position."""
_STRONG = ((compiled_on_first_use(r"\*\*\S"), compiled_on_first_use(r"\*\*(?<=\S\*\*)")),
           (compiled_on_first_use(r"__(?<!\w__)\S"), compiled_on_first_use(r"__(?<=\S__)(?!\w)")))
"""Strong emphasis, `**x**` or `__x__`: (an opening marker and the character after it, a closing marker and the
character before it)."""
_FIRST_LINE_EVIDENCE = compiled_on_first_use(r"#{1,6}[ \t]+\S|=+[ \t]*(?=\n|\Z)")
_EMPHASIS = [compiled_on_first_use(r"\*(?<![\w*\\]\*)[^\s*][^*\n]*(?<![\s\\])\*(?![\w*])"),
             compiled_on_first_use(r"_(?<![\w\\]_)[^\s_][^_\n]*(?<![\s\\])_(?!\w)")]
"""`*x*` or `_x_`: evidence of Markdown only in prose; in a plain-text table it may be literal. Two regexes,
not one alternation: each is found at the speed of a memchr for its literal, where the alternation tried
its class at every position (five times slower). A line holds a match of either iff it holds one of the
alternation (no match spans lines), and only the line is looked at."""


def _strong_evidence(text: str) -> bool:
    return (_FIRST_LINE_EVIDENCE.match(text) is not None or _MARKDOWN_EVIDENCE.search(text) is not None
            or any(_strong_on_a_line(text, opening, closing) for opening, closing in _STRONG))


def _strong_on_a_line(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> bool:
    """Whether a line holds an opening marker, a closing one after it, and a character between the two that
    each has beside it (`**x**`, `**ab**`). Only a line's first opening marker is looked at: where a later one
    can close, the first can too. (A lazy regex `**\\S.*?\\S**` would scan to the line's end from each
    opening marker: quadratic on a line of markers without a closing one.)"""
    pos = 0
    while (m := opening.search(text, pos)) is not None:
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        if closing.search(text, m.start() + 4, end) is not None:  # its character after the opening one's
            return True
        pos = end + 1
    return False


def _looks_like_markdown(text: str) -> bool:
    """Plain scraped text (trafilatura's txt, flatteners) shows none of the Markdown evidence, so
    `\\`, `&amp;` and `*x*` in its cells stay as written."""
    if _strong_evidence(text):
        return True
    for pattern in _EMPHASIS:
        for m in pattern.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            if "|" not in text[line_start:line_end if line_end >= 0 else len(text)]:
                return True
    return False


_strip = str.strip
_new = tuple.__new__
_COUNT_NULS = methodcaller("count", "\x00")


def _cells_holding(joined: str, marks: Iterable[str]) -> list[int]:
    """Indices of the cells (of `joined`, cells separated by NULs) holding one of `marks`, in order: the NULs
    before each mark counted in C, by splitting at it (a row's or a cell's own test is a Python call each)."""
    found: set[int] = set()
    for mark in marks:
        if mark in joined:
            found.update(accumulate(map(_COUNT_NULS, joined.split(mark)[:-1])))
    return sorted(found)


def _unescaped(raw: str) -> str:
    """`Lines.cell` when Markdown is off: only `\\|` changes a cell."""
    return raw.replace("\\|", "|").strip() if "\\|" in raw else raw.strip()


def _rendered(raw: str) -> str:
    """`Lines.cell` once Markdown is known to be on (render_inline gives a cell without markup back as it is)."""
    return render_inline(raw.replace("\\|", "|").strip() if "\\|" in raw else raw.strip())


class Lines:
    """The lines of a text with their offsets, shared by every table finder."""

    __slots__ = ("text", "scan", "strs", "starts", "smap", "quotes", "one_column_run", "_markdown", "_strong")

    def __init__(self, text: str, markdown: bool | None = None, scan: str | None = None,
                 smap: SourceMap | None = None) -> None:
        self.text = text
        """The source, for the blocks' own text."""
        self.scan = text if scan is None else scan
        """What finders look at: the source with leaked CSS/script blanked out (same offsets)."""
        self.strs = self.scan.split("\n")
        self.smap = SourceMap(text, self.strs) if smap is None else smap  # the scan's lines have the same lengths
        self.starts = self.smap.line_starts
        self.quotes = ">" in text
        """Whether any line can be inside a `>` blockquote (most texts have no `>`: no line to look at)."""
        self.one_column_run = (0, 0)
        """(i, j): the pipe finder rejected lines i..j-1 as one column and knows it finds nothing at the lines
        between either (`pipe._no_table_below`)."""
        self._markdown = markdown
        self._strong = markdown

    @property
    def markdown(self) -> bool:
        """Whether cells are Markdown to render: a converter's Markdown shows in headings, strong
        emphasis, backslash escapes or links somewhere in the text; plain scraped text keeps `*x*`."""
        if self._markdown is None:
            self._markdown = _looks_like_markdown(self.text)
        return self._markdown

    @property
    def strong_markdown(self) -> bool:
        """Markdown shown by more than `*x*`: what a table drawn with spaces needs before its cells are
        rendered, since a plain-text converter's `*x*` is as likely literal as emphasis there."""
        if self._strong is None:
            self._strong = _strong_evidence(self.text)
        return self._strong

    def cell(self, raw: str, strong: bool = False) -> str:
        """A cell as a reader sees it: `\\|` is a pipe (GFM unescapes it first), Markdown rendered.
        `strong`: render only on strong evidence of Markdown (tables drawn with spaces)."""
        text = _unescaped(raw)
        if not MARKUP.search(text) or not (self.strong_markdown if strong else self.markdown):
            return text
        return render_inline(text)

    def rows(self, rows: list[list[str]], strong: bool = False, stripped: list[list[str]] | None = None,
             plain: bool | None = None) -> list[list[str]]:
        """`cells` of each row; a table with no escape or markup anywhere (most) is only stripped.
        `stripped`: each piece of `rows` stripped, and `plain`: whether no piece holds markup, when the
        caller has them already."""
        if stripped is None:
            stripped = [list(map(_strip, row)) for row in rows]  # a nested list comprehension is a call a row
        if plain is None:
            plain = not has_markup("".join(map("".join, rows)))
        if plain:
            return stripped
        # The few cells that change, found in the cells joined by NULs (no test a row or a cell in Python).
        flat = list(chain.from_iterable(stripped))
        joined = "\x00".join(flat)
        if joined.count("\x00") != len(flat) - 1:  # a NUL inside a cell: row by row
            return [self._marked_up(row, cells, strong) if has_markup("".join(row)) else cells
                    for row, cells in zip(rows, stripped, strict=True)]
        rendering = self.strong_markdown if strong else self.markdown
        changed = _cells_holding(joined, MARKUP_CHARS if rendering else ("\\|",))  # off: only `\|` changes one
        if not changed:
            return stripped
        out = list(stripped)
        starts = list(accumulate(map(len, stripped), initial=0))
        for k in changed:
            r = bisect_right(starts, k) - 1
            if out[r] is stripped[r]:
                out[r] = list(stripped[r])
            piece, cell = rows[r][k - starts[r]], stripped[r][k - starts[r]]
            out[r][k - starts[r]] = (_unescaped(piece) if not rendering else
                                     _rendered(piece) if "\\|" in piece else render_inline(cell))
        return out

    def cells(self, pieces: Sequence[str], strong: bool = False) -> list[str]:
        """`cell` of each piece of a row; most rows hold no escape or markup at all and are only stripped."""
        stripped = list(map(_strip, pieces))
        return self._marked_up(pieces, stripped, strong) if has_markup("".join(pieces)) else stripped

    def _marked_up(self, pieces: Sequence[str], stripped: list[str], strong: bool) -> list[str]:
        """`cell` of each piece of a row that holds markup, from the pieces and the same stripped: unless
        Markdown is on only `\\|` changes a cell; then only the cells holding markup are rendered (most are
        plain; a stripped cell holds the markup its piece does)."""
        pairs = zip(pieces, stripped, strict=True)
        if not (self.strong_markdown if strong else self.markdown):
            return [_unescaped(p) if "\\|" in p else c for p, c in pairs]
        search = MARKUP.search  # on a short cell the regex is as quick as has_markup
        return [(_rendered(p) if "\\|" in p else render_inline(c)) if search(c) else c for p, c in pairs]

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

    def text_blocks(self, start: int, end: int) -> list[Block]:
        """[start, end) as one verbatim text block (passes that work on lines split it: model.text_lines)."""
        if start >= end:
            return []
        return [_new(Text, (self.text[start:end], self.smap.span(start, end), "raw", 0))]  # Text() is a Python call

    def kept_as_text(self, first: int, last: int) -> Found:
        """Lines first..last taken as they are: they look like a table but are not one, and no other
        rule (a stray `|` line's removal) may touch them either, so a second run reads them the same."""
        start, end = self.start(first), self.end(last)
        return Found(start, end, last + 1, self.text_blocks(start, end))


@dataclass(slots=True)
class Found:
    """A table (or tables) a finder recognised, covering [start, end) of the text."""

    start: int
    end: int
    next_line: int
    """The line scanning resumes at; the part of it before `end` is already covered."""
    blocks: list[Block]
    fixes: list[Fix] = field(default_factory=list)
    widths: tuple[int, ...] = ()
    """The content width of each table among the blocks (`model.widest` of its header and rows), when the
    finder has it already: the reader's one-column check asks for it."""


Finder = Callable[[Lines, int], "Found | None"]

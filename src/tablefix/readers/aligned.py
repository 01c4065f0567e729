"""Columns aligned with spaces, as inscriptis, `column -t` and console tools print them.

Positions are display columns (`widths`: an East Asian wide character takes two, a combining
mark none), so a column of Chinese names lines up as a terminal shows it; code points where they
line the block up better (tools that pad with `str.ljust`).
A block of lines is a table when its characters leave gutters: runs of two or more positions
that are blank in every line. The columns are the runs between gutters, and a block counts
only with at least two columns, three lines of two or more cells each, and cells that sit
flush left or flush right in their column (so prose with double spaces is not a table).
The first line is the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter

from ..model import Table
from ..text_rules import compiled_on_first_use
from .base import Found, Lines
from .not_tables import looks_like_list
from .ruled import RULER as _RULER
from .ruled import find_ruled_table
from .widths import CODE_POINTS, DISPLAY, Measure, narrow

_TWO_SPACES = compiled_on_first_use(r"  (?<=[^ \t\n]  ) *[^ \t\n]")
"""Two spaces or more between characters that are not spaces or tabs, the literal first: the engine passes over
indentation in C (an html2text list item's `  + `), where a character class first is tried at every position.
Nor newlines, so that it can look at a line between its bounds in a whole text (the look behind sees before them)."""
_SEGMENT = compiled_on_first_use(r"[^ \t]++(?: [^ \t]++)*+")
"""Runs of text with single spaces inside; a no-break space (`16\xa0km`) is part of the text. Possessive:
nothing follows a run, so the engine never backtracks into one (the segment scan a fifth faster)."""
_RULED_FIRST = compiled_on_first_use(r"\s*(?:-{3,}|[-=]+(?:\s+[-=]+)+)\s*")
"""What line i of a ruled table matches unless line i+1 is its ruler: a superset of the tests `ruled`'s
finders make of line i (a `---` line, a `== ==` border, a ruler)."""
MIN_LINES = 3
MIN_GUTTER = 2
MIN_FLUSH = 0.9


def _segments(line: str, m: Measure = DISPLAY) -> list[tuple[int, int]]:
    """(start, end) of the runs of text separated by two or more spaces, in the measure's columns."""
    return _spans(m.shape(line))


def _spans(shape: str) -> list[tuple[int, int]]:
    """`_segments` of the line whose shape this is."""
    return list(map(_SPAN, _SEGMENT.finditer(shape)))


_SPAN = re.Match.span


_GUTTER = compiled_on_first_use(b"\x00{%d,}" % MIN_GUTTER)
_FILLED = bytes(c not in b" \t" for c in range(256))
"""A byte of text is 1, a space or tab 0 (as `_SEGMENT` divides a line)."""


def _columns(shapes: list[str]) -> list[tuple[int, int]]:
    """Runs of positions occupied in some line (by its segments), split where every line is blank for a
    gutter's width. A line's characters mark the positions, ORed in C (bytes 0 or 1, one an int a line):
    a single space inside a segment, left blank, has text on both sides, so no gutter of two starts there."""
    filled = 0
    for shape in shapes:  # one byte a character (`?` stands in for one past Latin-1)
        filled |= int.from_bytes(shape.encode("latin-1", "replace").translate(_FILLED), "little")
    occupied = filled.to_bytes(max(map(len, shapes)) + MIN_GUTTER, "little")
    cols, pos = [], 0
    for gutter in _GUTTER.finditer(occupied):  # the array ends in a gutter, which closes the last column
        first = occupied.find(1, pos, gutter.start())
        if first >= 0:
            cols.append((first, gutter.start()))
        pos = gutter.end()
    return cols


def _flush(segments: list[list[tuple[int, int]]], cols: list[tuple[int, int]]) -> float:
    """The share of cells that start at their column's left edge or end at its right edge."""
    lefts, rights = {s for s, _ in cols}, {e for _, e in cols}
    total = sum(map(len, segments))
    flush = sum(a in lefts or b in rights for segs in segments for a, b in segs)
    return flush / total if total else 0.0


def _cells(line: str, cols: list[tuple[int, int]], m: Measure) -> list[str]:
    """The line cut at the columns' starts (cells not yet stripped: `Lines.cells` does that)."""
    if m is CODE_POINTS or narrow(line):  # every measure cuts such a line by plain slices: no call a cell
        return list(_slicer(cols)(line))
    starts = [s for s, _ in cols]
    return [m.cut(line, s, max(s, e)) for s, e in zip(starts, [*starts[1:], m.width(line)], strict=True)]


def _slicer(cols: list[tuple[int, int]]) -> Callable[[str], tuple[str, ...]]:
    """Cuts a line at the columns' starts by plain slices, in C (two or more columns: a tuple of cells)."""
    starts = [s for s, _ in cols]
    return itemgetter(*map(slice, starts, [*starts[1:], None]))


def _fits(line: str, cols: list[tuple[int, int]], m: Measure) -> bool:
    """A short trailing row (a truncated one): every run of text lies within one column."""
    last = cols[-1][0]
    return all(any(s <= a and (b <= e or s == last) for s, e in cols) for a, b in _segments(line, m))


MAX_WORDS_PER_CELL = 6


def _prose_in_columns(rows: list[tuple[str, ...]]) -> bool:
    """Text set in columns (a two-column page, news teasers side by side): every column holds cells
    of many words; a table has at least one column of short values beside its notes."""
    width = min(map(len, rows))
    for column in zip(*rows, strict=False):  # as wide as the narrowest row
        # The filled cells' words and number, counted in C (an empty cell adds no word).
        if len(" ".join(column).split()) <= MAX_WORDS_PER_CELL * (len(column) - column.count("")):
            return False
    return width > 0


def _may_be_ruler(line: str) -> bool:
    """What _RULER needs first: two of `-` and `=` in a row (`-=  =-` is a ruler too), looked for in C."""
    return "--" in line or "==" in line or "-=" in line or "=-" in line


def _may_start_ruled(strs: list[str], i: int) -> bool:
    """Whether line i can start a ruled table: a `--` or `==` near, and line i or its ruler below made of
    `-`, `=` and blanks (a prose line with `--` is not one: `find_ruled_table` tried both measures on it)."""
    below = strs[i + 1] if i + 1 < len(strs) else ""
    return ("--" in strs[i] or "==" in strs[i] or "--" in below or "==" in below) and (
        _RULED_FIRST.fullmatch(strs[i]) is not None or _RULER.fullmatch(below) is not None)


def two_spaces_between(line: str) -> bool:
    """The finder's first test of a line: two spaces or more between characters not blank."""
    return "  " in line and _TWO_SPACES.search(line) is not None


def two_spaces_between_in(text: str, start: int, end: int) -> bool:
    """two_spaces_between(text[start:end]) of a line of text, without the slice."""
    return _TWO_SPACES.search(text, start, end) is not None


def aligned_row(line: str) -> bool:
    """Whether the finder's loop takes the line as a row: no pipe or tab, two segments or more (in display
    columns: a mark dropped from the shape may join two blanks)."""
    if "|" in line or "\t" in line:
        return False
    return two_spaces_between(line if line.isascii() else DISPLAY.shape(line))


def find_aligned_table(lines: Lines, i: int) -> Found | None:
    strs = lines.strs
    if "|" in strs[i] or "\t" in strs[i]:
        return None
    if _may_start_ruled(strs, i):
        ruled = find_ruled_table(lines, i)
        if ruled is not None:
            return ruled
    if not two_spaces_between(strs[i]):
        return None
    j, n, segments, shapes = i, len(strs), [], []
    while j < n and "|" not in (s := strs[j]) and "\t" not in s:  # once a line: calls inlined, `in` first
        shape = s if s.isascii() else DISPLAY.shape(s)
        segs = list(map(_SPAN, _SEGMENT.finditer(shape)))  # _segments, with the shape kept for _columns
        if len(segs) < 2:
            break
        if ("-" in s or "=" in s) and _may_be_ruler(s) and _RULER.fullmatch(s):
            return None  # a ruler whose columns the lines do not fit: not a table drawn with spaces either
        segments.append(segs)
        shapes.append(shape)
        j += 1
    if j - i < MIN_LINES:
        return None
    block = strs[i:j]
    m, cols = DISPLAY, _columns(shapes)
    flush = None
    all_narrow = all(map(narrow, block))
    if not all_narrow:  # padded in code points (`str.ljust`) if that lines up better
        # A narrow line is its own shape; when no line's segments differ, neither do the columns.
        cp_segments = [segs if narrow(line) else _segments(line, CODE_POINTS)
                       for line, segs in zip(block, segments, strict=True)]
        if cp_segments != segments:
            cp_cols = _columns(block)
            cp_flush, flush = _flush(cp_segments, cp_cols), _flush(segments, cols)
            if cp_flush > flush:
                m, cols, segments, flush = CODE_POINTS, cp_cols, cp_segments, cp_flush
    if len(cols) < 2 or (_flush(segments, cols) if flush is None else flush) < MIN_FLUSH:
        return None
    if j < len(strs) and strs[j].strip() and "|" not in strs[j] and _fits(strs[j], cols, m):
        block.append(strs[j])  # a last row cut short: only one such line, precision first
        all_narrow = all_narrow and narrow(strs[j])
        j += 1
    if m is CODE_POINTS or all_narrow:  # every line is cut by plain slices (most tables): all of them in C
        pieces = list(map(_slicer(cols), block))
    else:
        pieces = [_cells(line, cols, m) for line in block]
    rows = list(map(tuple, lines.rows(pieces, strong=True)))
    if looks_like_list(rows) or _prose_in_columns(rows):
        return None
    span = lines.span(i, j - 1)
    return Found(span.start, span.end, j, [Table(rows[0], tuple(rows[1:]), span, "aligned")])

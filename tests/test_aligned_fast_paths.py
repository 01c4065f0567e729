"""The aligned finder's fast paths agree with what they stand in for: columns found from the lines'
characters as from their segments, the possessive segment pattern as the plain one, and the test that
skips the ruled finders passes wherever they find a table."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablefix.readers import aligned
from tablefix.readers.base import Lines
from tablefix.readers.ruled import find_ruled_table
from tablefix.readers.widths import CODE_POINTS, DISPLAY

SETTINGS = settings(max_examples=500, deadline=None, derandomize=True)

_PLAIN_SEGMENT = re.compile(r"[^ \t]+(?: [^ \t]+)*")


def _columns_by_segments(segments: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """The columns as the finder found them before: each segment's span marked in a byte array."""
    width = max(segs[-1][1] for segs in segments if segs)
    occupied = bytearray(width + aligned.MIN_GUTTER)
    for segs in segments:
        for a, b in segs:
            occupied[a:b] = b"\x01" * (b - a)
    cols, pos = [], 0
    for gutter in re.finditer(b"\x00{%d,}" % aligned.MIN_GUTTER, occupied):
        first = occupied.find(1, pos, gutter.start())
        if first >= 0:
            cols.append((first, gutter.start()))
        pos = gutter.end()
    return cols


PIECE = st.sampled_from([" ", "  ", "   ", "a", "bc", "1.5", "\xa0", "é", "漢字", "e\u0301", "\x00", "\t", "?", "-"])
LINE = st.lists(PIECE, min_size=1, max_size=12).map("".join)


@SETTINGS
@given(st.lists(LINE, min_size=1, max_size=6))
@example(["a b  c", "ab   c", "a  b c"])  # single spaces inside segments, over another line's gap
@example(["漢字  a", "ab  cd"])  # a wide character: two display columns, one code point
@example(["  a  b", "a", "   "])
def test_columns_from_characters_as_from_segments(lines: list[str]) -> None:
    for m in (DISPLAY, CODE_POINTS):
        shapes = [m.shape(line) for line in lines]
        segments = [aligned._segments(line, m) for line in lines]
        assert segments == [[s.span() for s in _PLAIN_SEGMENT.finditer(shape)] for shape in shapes]
        if any(segments):
            assert aligned._columns(shapes) == _columns_by_segments(segments)


RULED_LINE = st.sampled_from(["", "  ", "a", "Name  Value", "x -- y", "a  b  c", "1  2  3", "---", "-----", "  ---  ",
                              "--  --", "---  ----", "== ==", "= =", "=====", "====  ====", "-= =-", "-- x --",
                              "  ------  -----  ", "\xa0---\xa0---", "..  b", "\\  c"])


@SETTINGS
@given(st.lists(RULED_LINE, min_size=1, max_size=10).map("\n".join))
@example("Name  Value\n----  -----\na     1\nb     2\n")  # pandoc simple
@example("----------\nName  Value\n----  -----\na     1\n\nb     2\n----------\n")  # pandoc multiline
@example("====  ====\nName  Value\n====  ====\na     1\n====  ====\n")  # reST simple
@example("= =\nx  y\n= =\n")  # a table, but no `==`: never tried
@example("Title\n=====\nprose -- more\n")
def test_ruled_finders_skipped_only_where_they_find_nothing(text: str) -> None:
    lines = Lines(text)
    strs = lines.strs
    for i in range(len(lines)):
        near = "--" in strs[i] or "==" in strs[i] or i + 1 < len(strs) and ("--" in strs[i + 1] or "==" in strs[i + 1])
        if near and not aligned._may_start_ruled(strs, i):  # the finder asked for `near` alone before
            assert find_ruled_table(lines, i) is None

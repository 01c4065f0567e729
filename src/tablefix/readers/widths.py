"""Display widths: text tables are laid out in the columns a terminal shows, not in code points.

An East Asian wide character takes two columns, a combining mark or a zero-width joiner none
(as `wcwidth` reports; a control character counts one, so a stray one does not shift a row).
The readers find rulers, gutters and borders in a line's *shape* (one character per display
column) and cut the line's own text at the matching code points.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from ..text_rules import compiled_on_first_use

FILLER = "\x00"
"""Stands in the shape for the second column of a wide character: text, never a border or a space."""


_NARROW = compiled_on_first_use("[\x01-\xac\xae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e]*")
"""Lines of characters that each take one column: Latin, Greek and Cyrillic letters (no combining
marks, no NUL or soft hyphen) and the punctuation of `–`, `’`, `…` (no zero-width or bidi controls)."""


@lru_cache(maxsize=1024)
def _layout(line: str) -> tuple[str, tuple[int, ...]]:
    """The line's shape and, for each display column (and one past the end), its code point offset."""
    if _NARROW.fullmatch(line) is not None:
        return line, tuple(range(len(line) + 1))  # a column a code point: wcwidth not imported, nor run a character
    from wcwidth import wcwidth  # only for wide, zero-width or rarer characters: most runs never import it

    shape: list[str] = []
    index: list[int] = []
    for k, ch in enumerate(line):
        w = wcwidth(ch)
        if w == 0 and shape:
            continue  # a mark on the character before
        shape.append(ch)
        index.append(k)
        if w == 2:
            shape.append(FILLER)
            index.append(k)
    index.append(len(line))
    return "".join(shape), tuple(index)


def shape(line: str) -> str:
    """One character per display column (ASCII lines are their own shape)."""
    return line if line.isascii() else _layout(line)[0]


def narrow(line: str) -> bool:
    """Every character takes one column: display columns are code points (plain slices cut the line)."""
    return line.isascii() or _NARROW.fullmatch(line) is not None  # (not `_layout(line)[0] is line`: its cache
    # gives back the first of two equal lines, which is not the second)


def width(line: str) -> int:
    return len(shape(line))


def cut(line: str, a: int, b: int | None = None) -> str:
    """The text of display columns a to b (b: to the end); a wide character goes with the column it starts in."""
    if line.isascii():
        return line[a:b]
    index = _layout(line)[1]
    end = len(index) - 1
    a, b = min(a, end), end if b is None else min(b, end)
    if a > 0 and index[a] == index[a - 1]:
        a += 1  # the second half of a wide character that started before a
    if b > 0 and b < end and index[b] == index[b - 1]:
        b += 1
    return line[index[a]:index[max(a, b)]]


class Measure(NamedTuple):
    """How a table's lines are laid out: in display columns, or in code points (tools that pad with
    `str.ljust` — tabulate without wcwidth, pandas' `to_string` — line wide characters up so)."""

    shape: Callable[[str], str]
    cut: Callable[[str, int, int | None], str]
    width: Callable[[str], int]


DISPLAY = Measure(shape, cut, width)
CODE_POINTS = Measure(lambda s: s, lambda s, a, b=None: s[a:b], len)

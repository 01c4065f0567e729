"""Grid tables drawn with borders: reST/pandoc/tabulate `+---+`, MySQL and psql boxes, Unicode box drawing.

The top border's `+` positions give the columns. Content lines between two borders make one
row (a cell wrapped over several lines is joined with spaces), except in the MySQL shape —
borders only above and below the header and at the end — where each line is a row. The rows
above a `+===+` (or `|---+---|`, or a heavy `┝━━┿━━┥`) border are the header.
"""

from __future__ import annotations

import re

from ..model import Table
from .base import Found, Lines

_JUNCTIONS = "┌┐└┘├┤┬┴┼╒╕╘╛╞╡╤╧╪╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋╭╮╰╯╟╢╫┍┑┕┙┯┷┝┥┿┠┨╂"
_BOX = str.maketrans({**dict.fromkeys(_JUNCTIONS, "+"), "─": "-", "━": "=", "═": "=", "│": "|", "┃": "|", "║": "|"})
"""Box drawing to ASCII, one character for one so positions stay; heavy and double rules mark a header."""
_BORDER = re.compile(r"\s*\+(?:[-=:]+\+)+\s*")
_INNER_RULE = re.compile(r"\s*\|[-=:]+(?:\+[-=:]+)*\|\s*")


def _plain(line: str) -> str:
    return line.translate(_BOX) if not line.isascii() else line


def _cells(line: str, cuts: list[int]) -> list[str]:
    return [line[a + 1:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _is_rule(line: str) -> bool:
    return bool(_BORDER.fullmatch(line) or _INNER_RULE.fullmatch(line))


def _scan(lines: Lines, i: int, cuts: list[int]) -> tuple[list[list[list[str]]], int | None, int]:
    """Content lines grouped between rules, the number of groups above a header rule, and the end line."""
    groups: list[list[list[str]]] = [[]]
    header_groups = None
    j = i + 1
    while j < len(lines):
        line = _plain(lines.strs[j])
        if _is_rule(line):
            if header_groups is None and ("=" in line or line.lstrip().startswith("|")):
                header_groups = sum(1 for g in groups if g)
            groups.append([])
        elif line.lstrip().startswith("|") and len(line.rstrip()) == cuts[-1] + 1:  # nothing past the frame
            groups[-1].append(_cells(line, cuts))
        else:
            break
        j += 1
    return [g for g in groups if g], header_groups, j


def find_grid_table(lines: Lines, i: int) -> Found | None:
    top = _plain(lines.strs[i])
    if not _BORDER.fullmatch(top):
        return None
    cuts = [k for k, ch in enumerate(top) if ch == "+"]
    groups, header_groups, j = _scan(lines, i, cuts)
    if not groups:
        return None
    if header_groups is None:  # MySQL: one header line boxed off above all the body lines
        header_groups = 1 if len(groups) == 2 and len(groups[0]) == 1 else 0
    heads, bodies = groups[:header_groups], groups[header_groups:]
    line_per_row = len(bodies) == 1
    body = [r for g in bodies for r in (g if line_per_row else [_join(g)])]
    header = [" ".join(filter(None, col)) for col in zip(*map(_join, heads), strict=True)] if heads else None
    span = lines.span(i, j - 1)
    table = Table(tuple(map(lines.cell, header)) if header is not None else None,
                  tuple(tuple(map(lines.cell, r)) for r in body), span, "grid")
    return Found(span.start, span.end, j, [table])


def _join(group: list[list[str]]) -> list[str]:
    """A row wrapped over several lines: each cell's pieces joined with spaces."""
    return [" ".join(p.strip() for p in col if p.strip()) for col in zip(*group, strict=True)]

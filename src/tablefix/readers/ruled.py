"""Tables whose columns a ruler of `---` or `===` runs gives: pandoc simple and multiline tables, reST simple tables.

Positions are display columns (`widths`). The ruler's runs give the columns exactly, so empty
cells and single-spaced text are read right; a cell runs from its run's start to the next run's.

- pandoc multiline (a full-width dashed line above the header, a `---  ---` ruler under it, rows
  separated by blank lines, a dashed line at the end; or headerless, from a ruler to a dashed line
  with blank lines between its rows): a row's lines are joined per column with a space.
- reST simple (`====  ====` rulers above and below the header and at the end): a line whose first
  column is blank continues the row above; a `-----` line under a row joins the columns its runs
  cover (the row's text is copied into each); `..` or `\\` alone is an empty cell.
- pandoc simple (a header over a `----  ----` ruler, or a headerless table between rulers): each
  line is a row.
"""

from __future__ import annotations

import re

from ..model import Table
from ..text_rules import compiled_on_first_use
from .base import Found, Lines
from .widths import CODE_POINTS, DISPLAY, Measure

RULER = re.compile(r"\s*[-=]{2,}(?:\s+[-=]{2,})+\s*")
_DASHES = compiled_on_first_use(r"\s*-{3,}\s*")
_DASH_RULER = compiled_on_first_use(r"\s*-+(?:\s+-+)*\s*")
_EQ_RULER = compiled_on_first_use(r"\s*=+(?:\s+=+)+\s*")
_SPAN_RULER = compiled_on_first_use(r"\s*-+(?:\s+-+)*\s*")
MAX_BLANKS = 1
"""Blank lines in a row inside a multiline or reST table; more end the text around it, not the table."""

Cols = list[tuple[int, int]]


def _runs(ruler: str) -> Cols:
    return [m.span() for m in re.finditer(r"\S+", ruler)]  # a ruler is ASCII: display columns are code points


def _cut(line: str, cols: Cols, m: Measure) -> list[str]:
    """The line cut at the columns' starts, the last cell to the line's end."""
    bounds = [s for s, _ in cols[1:]] + [None]
    return [m.cut(line, s, e) for (s, _), e in zip(cols, bounds, strict=True)]


def _gaps_blank(line: str, cols: Cols, m: Measure) -> bool:
    """Nothing but spaces before the first column and in the gaps between the runs."""
    sh = m.shape(line)
    return not sh[:cols[0][0]].strip() and all(not sh[e:s].strip() for (_, e), (s, _) in zip(cols, cols[1:],
                                                                                              strict=False))


def _blank(s: str) -> bool:
    return not s.strip()


def _empty(cell: str) -> str:
    return "" if cell in ("..", "\\") else cell


def find_multiline_table(lines: Lines, i: int, m: Measure = DISPLAY) -> Found | None:
    """A pandoc multiline table starting at line i (its top dashed line, or the ruler of a headerless one)."""
    strs = lines.strs
    headed = bool(_DASHES.fullmatch(strs[i]))
    if headed:
        k = i + 1
        while k < len(strs) and strs[k].strip() and not _DASH_RULER.fullmatch(strs[k]):
            k += 1
        if k == i + 1 or k >= len(strs) or not RULER.fullmatch(strs[k]) or "=" in strs[k]:
            return None
        head_lines, ruler = strs[i + 1:k], k
    elif RULER.fullmatch(strs[i]) and "=" not in strs[i]:
        head_lines, ruler = [], i
    else:
        return None
    cols = _runs(strs[ruler])
    groups: list[list[str]] = [[]]
    j, blanks = ruler + 1, 0
    while j < len(strs) and not _DASH_RULER.fullmatch(strs[j]):
        if _blank(strs[j]):
            blanks += 1
            if blanks > MAX_BLANKS:
                return None
            if groups[-1]:
                groups.append([])
        else:
            blanks = 0
            groups[-1].append(strs[j])
        j += 1
    groups = [g for g in groups if g]
    if j >= len(strs) or not groups or (j + 1 < len(strs) and strs[j + 1].strip()):
        return None  # no closing dashed line followed by a blank line
    if not headed and len(groups) == 1:
        return None  # no blank line between rows: a simple table, each line a row
    header = tuple(lines.cells(_joined(head_lines, cols, m), True)) if head_lines else None
    body = tuple(tuple(lines.cells(_joined(g, cols, m), True)) for g in groups)
    span = lines.span(i, j)
    return Found(span.start, span.end, j + 1, [Table(header, body, span, "aligned")])


def _joined(group: list[str], cols: Cols, m: Measure) -> list[str]:
    """A row's lines cut into cells, each cell's pieces joined with a space."""
    pieces = [_cut(line, cols, m) for line in group]
    return [" ".join(p[k].strip() for p in pieces if p[k].strip()) for k in range(len(cols))]


def find_rest_table(lines: Lines, i: int, m: Measure = DISPLAY) -> Found | None:
    """A reST simple table whose top `====  ====` border is line i: it ends at a border followed by a blank line."""
    strs = lines.strs
    if not _EQ_RULER.fullmatch(strs[i]):
        return None
    cols = _runs(strs[i])
    borders, j, blanks = [i], i + 1, 0
    while j < len(strs):
        if _EQ_RULER.fullmatch(strs[j]) or (strs[j].strip() and set(strs[j].strip()) == {"="}):
            borders.append(j)
            if j + 1 >= len(strs) or _blank(strs[j + 1]) or len(borders) > 3:
                break
        elif _blank(strs[j]):
            blanks += 1
            if blanks > MAX_BLANKS:
                return None
        else:
            blanks = 0
        j += 1
    if j >= len(strs) or len(borders) not in (2, 3):
        return None
    head = _rest_rows(strs[borders[0] + 1:borders[1]], cols, m) if len(borders) == 3 else []
    body = _rest_rows(strs[borders[-2] + 1:j], cols, m, strs[j])
    if head is None or not body:
        return None
    header = None
    if head:
        header = tuple(" ".join(c for k, c in enumerate(col) if c and (k == 0 or c != col[k - 1]))
                       for col in zip(*head, strict=True))
        header = tuple(lines.cells(header, True))
    rows = tuple(tuple(lines.cells(r, True)) for r in body)
    span = lines.span(i, j)
    return Found(span.start, span.end, j + 1, [Table(header, rows, span, "aligned")])


def _span_groups(cols: Cols, runs: Cols) -> list[int]:
    """For each column, the span run its start lies in (columns outside every run stand alone)."""
    out, r = [], 0
    for k, (a, _) in enumerate(cols):  # both in order: one pass
        while r < len(runs) and runs[r][1] <= a:
            r += 1
        out.append(len(cols) + r if r < len(runs) and runs[r][0] <= a else k)
    return out


def _rest_rows(block: list[str], cols: Cols, m: Measure, bottom: str | None = None) -> list[list[str]] | None:
    """Rows of a reST table part: continuation lines joined, column spans copied; None where text
    crosses a column gap outside a spanned row (docutils rejects the table then)."""
    rows: list[tuple[list[str], str | None]] = []  # (lines, span ruler under them)
    for line in block:
        if _blank(line):
            continue
        if _SPAN_RULER.fullmatch(line) and rows and rows[-1][1] is None:
            rows[-1] = (rows[-1][0], line)
        elif rows and not m.cut(line, 0, cols[1][0] if len(cols) > 1 else None).strip():
            rows[-1][0].append(line)
        else:
            rows.append(([line], None))
    if rows and rows[-1][1] is None and bottom is not None and _runs(bottom) != cols:
        rows[-1] = (rows[-1][0], bottom)  # docutils: the bottom border spans the last row's columns too
    out = []
    for texts, span in rows:
        if span is None and not all(_gaps_blank(t, cols, m) for t in texts):
            return None
        owner = _span_groups(cols, _runs(span)) if span is not None else list(range(len(cols)))
        first: dict[int, int] = {}  # group -> its first column (columns are in order)
        for k, g in enumerate(owner):
            first.setdefault(g, k)
        lead = sorted(first.values())
        cells = dict(zip(lead, (_empty(c) for c in _joined(texts, [cols[k] for k in lead], m)), strict=True))
        out.append([cells[first[g]] for g in owner])
    return out


def find_ruled_table(lines: Lines, i: int) -> Found | None:
    """A ruled table at line i: reST, then pandoc multiline, then pandoc simple. Laid out in display
    columns, or in code points where that reads more of it (tools that pad with `str.ljust`)."""
    found = _ruled(lines, i, DISPLAY)
    if found is not None and lines.text[found.start:found.end].isascii():
        return found  # where every line is ASCII, the two measures agree
    other = _ruled(lines, i, CODE_POINTS)
    if other is not None and (found is None or other.end > found.end):
        return other
    return found


def _ruled(lines: Lines, i: int, m: Measure) -> Found | None:
    return find_rest_table(lines, i, m) or find_multiline_table(lines, i, m) or find_simple_table(lines, i, m)


def find_simple_table(lines: Lines, i: int, m: Measure = DISPLAY) -> Found | None:
    """A header over a ruler (or a headerless table between rulers): each line a row, to a blank line."""
    strs = lines.strs
    if RULER.fullmatch(strs[i]):
        ruler, header_line, start = strs[i], None, i + 1
        if start + 1 < len(strs) and RULER.fullmatch(strs[start + 1]):
            header_line, start = start, start + 2
    elif i + 1 < len(strs) and RULER.fullmatch(strs[i + 1]) and strs[i].strip():
        ruler, header_line, start = strs[i + 1], i, i + 2
    else:
        return None
    cols = _runs(ruler)
    j, body = start, []
    while j < len(strs) and strs[j].strip() and "|" not in strs[j]:
        if RULER.fullmatch(strs[j]):
            j += 1
            if j >= len(strs) or not strs[j].strip() or RULER.fullmatch(strs[j]):
                break  # a closing ruler; a second one in a row starts no rows (and keeps the scan linear)
            continue
        if not _gaps_blank(strs[j], cols, m):
            break
        cells = _cut(strs[j], cols, m)
        body.append(tuple(_empty(c.strip()) if c.strip() == ".." else lines.cell(c, True) for c in cells))
        j += 1
    if not body or (header_line is not None and not _gaps_blank(strs[header_line], cols, m)):
        return None
    header = tuple(lines.cells(_cut(strs[header_line], cols, m), True)) if header_line is not None else None
    span = lines.span(i, j - 1)
    return Found(span.start, span.end, j, [Table(header, tuple(body), span, "aligned")])

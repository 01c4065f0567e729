"""Grid tables drawn with borders: reST/pandoc/tabulate `+---+`, MySQL and psql boxes, Unicode box drawing.

Positions are display columns (an East Asian wide character takes two, a combining mark or
zero-width joiner none), as pandoc and docutils count them. A reST/pandoc grid is read cell by
cell (`grid_cells`): a row ends at a `+---+` line and its lines are joined with spaces, and a cell
spanning rows or columns (`+---+` borders inside the grid) has its text in every position it
covers. The rows above a `+===+` border are the header. A last column whose text runs past the
border (pandoc reads it) keeps the table.

Where every line is a row — the MySQL shape (borders only above and below a one-line header and at
the end), psql's `|---+---|` header rule, tabulate's `outline` (one block of body lines under
`+===+`, its first column filled below the first line), or a Unicode box printed by tabulate or rich
with no rules between its rows — the top border's `+` positions give the columns and each line is a
row. A table padded in code points (`str.ljust`) is read in code points when more of its lines end
at the right border so counted.
"""

from __future__ import annotations

from ..model import Span, Table
from ..text_rules import compiled_on_first_use
from .base import Found, Lines
from .grid_cells import cell_grid, find_cells
from .widths import CODE_POINTS, DISPLAY, Measure

_JUNCTIONS = "┌┐└┘├┤┬┴┼╒╕╘╛╞╡╤╧╪╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋╭╮╰╯╟╢╫┍┑┕┙┯┷┝┥┿┠┨╂"
_BOX_RULES = {"─": "-", "━": "=", "═": "="}
_BOX = str.maketrans({**dict.fromkeys(_JUNCTIONS, "+"), **_BOX_RULES, "│": "|", "┃": "|", "║": "|"})
"""Box drawing to ASCII, one character for one so positions stay; heavy and double rules mark a header."""
_TOP_LEFT = frozenset("+" + _JUNCTIONS)
"""What a border line starts with (after spaces): `+`, or box drawing that `_BOX` makes one."""
RULE_CHARS = "-=:" + "".join(_BOX_RULES)
"""What a border's `+` stands beside (`_BORDER`'s rule characters, and the box drawing ones `_BOX` makes them):
`+---+`, `+═══+`."""
_BORDER = compiled_on_first_use(r"\s*\+(?:[-=:]+\+)+\s*")
_INNER_RULE = compiled_on_first_use(r"\s*\|[-=:]+(?:\+[-=:]+)*\|\s*")


def _plain(line: str) -> str:
    return line.translate(_BOX) if not line.isascii() else line


def _is_rule(line: str) -> bool:
    return bool(_BORDER.fullmatch(line) or _INNER_RULE.fullmatch(line))


def _measure(lines: Lines, i: int, right: int) -> Measure:
    """Display columns, unless more of the table's lines end at its right border counted in code points."""
    fits = [0, 0]
    for j in range(i + 1, len(lines)):
        line = _plain(lines.strs[j]).rstrip()
        if line.lstrip()[:1] not in ("|", "+"):
            break
        if not line.isascii():
            fits[0] += DISPLAY.width(line) == right + 1
            fits[1] += len(line) == right + 1
    return CODE_POINTS if fits[1] > fits[0] else DISPLAY


def _block(lines: Lines, i: int, cuts: list[int], m: Measure) -> tuple[list[str], list[str]]:
    """The table's lines from its top border (ASCII, and as shapes in the measure) up to the last border.

    A content line ends at the right border; one whose last cell runs past it (its other borders in
    place) is cut back there."""
    raws, shapes = [_plain(lines.strs[i])], [m.shape(_plain(lines.strs[i]))]
    last, right = 0, cuts[-1]
    for j in range(i + 1, len(lines)):
        raw = _plain(lines.strs[j])
        sh = m.shape(raw).rstrip()
        if _is_rule(sh):
            last = j - i
        elif not (sh.lstrip()[:1] in ("|", "+") and sh[-1:] in ("|", "+") and len(sh) >= right + 1):
            break
        elif len(sh) > right + 1:
            if sh[right] == "|" or sh[-1] != "|" or any(sh[k] != "|" for k in cuts[:-1]):
                break
            sh = sh[:right] + "|"
        raws.append(raw)
        shapes.append(sh)
    return raws[:last + 1], shapes[:last + 1]


def is_top_border(line: str) -> bool:
    """The finder's first test: the line is a border (`+---+`, `┌──┬──┐`), the top of a grid it can read."""
    if "+" not in line and line.isascii() or line.lstrip()[:1] not in _TOP_LEFT:  # what _BORDER needs first
        return False
    return _BORDER.fullmatch(_plain(line)) is not None


def find_grid_table(lines: Lines, i: int) -> Found | None:
    line = lines.strs[i]
    if not is_top_border(line):
        return None
    top = _plain(line)
    cuts = [k for k, ch in enumerate(top) if ch == "+"]
    m = _measure(lines, i, cuts[-1])
    raws, shapes = _block(lines, i, cuts, m)
    if len(shapes) < 3:
        return None
    span = lines.span(i, i + len(shapes) - 1)
    table = None
    if not _lines_are_rows(lines.strs[i], shapes, cuts):
        table = _by_cells(lines, raws, shapes, span, m)
    if table is None:
        table = _by_lines(lines, raws, shapes, cuts, span, m)
    if table is None:
        return None
    return Found(span.start, span.end, i + len(shapes), [table])


def _lines_are_rows(top: str, shapes: list[str], cuts: list[int]) -> bool:
    """psql's inner header rule, a Unicode box without rules between its rows, the MySQL shape, or
    tabulate's `outline` (one block of body lines under a `+===+` rule, the first column filled below
    its first line: not one row wrapped over several lines, which pandoc would read)."""
    rules = [k for k, sh in enumerate(shapes) if _is_rule(sh)]
    if any(_INNER_RULE.fullmatch(shapes[k]) for k in rules):
        return True
    if not top.isascii() and len(rules) <= 3:
        return True
    if len(rules) != 3 or rules[2] - rules[1] <= 2:
        return False
    if "=" not in shapes[rules[1]]:
        return rules[1] == 2
    return any(sh[cuts[0] + 1:cuts[1]].strip() for sh in shapes[rules[1] + 2:rules[2]])


def _by_cells(lines: Lines, raws: list[str], shapes: list[str], span: Span, m: Measure) -> Table | None:
    cells = find_cells(shapes)
    if cells is None:
        return None
    ys, texts, owner = cell_grid(raws, cells, m)
    rule = next((k for k, sh in enumerate(shapes) if k and "=" in sh and _BORDER.fullmatch(sh)), None)
    n_head = sum(1 for y in ys[1:] if rule is not None and y <= rule) if rule != len(shapes) - 1 else 0
    header = None
    if n_head:
        header = tuple(" ".join(texts[r][c] for r in range(n_head)
                                if texts[r][c] and (r == 0 or owner[r][c] != owner[r - 1][c]))
                       for c in range(len(texts[0])))
    rendered: dict[int, str] = {}  # by cell: a tall spanning cell is rendered once, not once a row
    rows = tuple(tuple(rendered[o] if o in rendered else rendered.setdefault(o, lines.cell(t))
                       for t, o in zip(texts[r], owner[r], strict=True)) for r in range(n_head, len(texts)))
    return Table(tuple(map(lines.cell, header)) if header is not None else None, rows, span, "grid")


def _by_lines(lines: Lines, raws: list[str], shapes: list[str], cuts: list[int], span: Span,
              m: Measure) -> Table | None:
    """Content lines grouped between rules; each line a row where the shape says so, else each group."""
    groups: list[list[list[str]]] = [[]]
    header_groups = None
    for raw, sh in zip(raws[1:], shapes[1:], strict=True):
        if _is_rule(sh):
            if header_groups is None and ("=" in sh or sh.lstrip().startswith("|")):
                header_groups = sum(1 for g in groups if g)
            groups.append([])
        elif len(sh) == cuts[-1] + 1 and all(sh[k] == "|" for k in cuts):
            groups[-1].append([m.cut(raw, a + 1, b) for a, b in zip(cuts, cuts[1:], strict=False)])
        else:
            return None
    groups = [g for g in groups if g]
    if not groups:
        return None
    if header_groups is None:  # MySQL: one header line boxed off above all the body lines
        header_groups = 1 if len(groups) == 2 and len(groups[0]) == 1 else 0
    heads, bodies = groups[:header_groups], groups[header_groups:]
    line_per_row = len(bodies) == 1
    body = [r for g in bodies for r in (g if line_per_row else [_join(g)])]
    header = [" ".join(filter(None, col)) for col in zip(*map(_join, heads), strict=True)] if heads else None
    return Table(tuple(map(lines.cell, header)) if header is not None else None,
                 tuple(tuple(map(lines.cell, r)) for r in body), span, "grid")


def _join(group: list[list[str]]) -> list[str]:
    """A row wrapped over several lines: each cell's pieces joined with spaces."""
    return [" ".join(p.strip() for p in col if p.strip()) for col in zip(*group, strict=True)]

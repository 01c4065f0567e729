"""Pipe tables as scrapers and Markdown converters leave them, read the way a careful person would.

GFM says a table is as wide as its header and its delimiter row. Scraped text breaks that rule
all the time (`| ||||||||` tails, a `---|` row longer than the header, a truncated last row), so
here the width comes from the evidence of the whole table: the widest row once trailing runs of
empty cells are dropped. Outer pipes are judged per table, by majority, so a header whose first
cell is empty (` | 2019 | 2023 |` over `18-24 | 47% | 58% |`) keeps that empty cell.
"""

from __future__ import annotations

import re
from operator import itemgetter, methodcaller
from typing import NamedTuple

from ..model import Fix, Table, content_width, widest
from ..text_rules import MARKDOWN_LINKS, compiled_on_first_use, has_markup
from .base import Found, Lines
from .not_tables import has_tex, looks_like_layout, looks_like_list

DELIMITER_CELL = compiled_on_first_use(r"\s*:?-+:?\s*")
_PIPE_OR_ESCAPE = compiled_on_first_use(r"\\.|\|")


def split_pipes(line: str) -> list[str]:
    """Pieces of `line` between unescaped pipes; `\\|` stays in a piece (unescaped later)."""
    if "\\" not in line:
        return line.split("|")
    pieces, last = [], 0
    for m in _PIPE_OR_ESCAPE.finditer(line):
        if m.group() == "|":
            pieces.append(line[last:m.start()])
            last = m.end()
    pieces.append(line[last:])
    return pieces


def is_debris(line: str) -> bool:
    """A line of nothing but pipes (and spaces): what a flattener leaves of a cut row. The one rule for
    such lines: outside a table it is dropped as debris; inside a table (or over its delimiter row) one
    that holds two or more cells is a row of empty cells (`|  |  |`), else it ends the table."""
    return "|" in line and not line.replace("|", "").strip()


def inner_pieces(pieces: list[str]) -> list[str]:
    """The pieces between a row's own outer pipes (an empty piece before the first or after the last pipe)."""
    return pieces[1 if not pieces[0].strip() else 0:len(pieces) - (not pieces[-1].strip())]


def is_delimiter(pieces: list[str]) -> bool:
    """A `---|:---:|` row: every cell between the outer pipes is dashes with optional colons."""
    inner = inner_pieces(pieces)
    return len(pieces) > 1 and bool(inner) and all(DELIMITER_CELL.fullmatch(p) for p in inner)


class PipeRow(NamedTuple):
    """One source line of a pipe table, split but not yet fitted to the table's width (a named tuple made
    by `pipe_row`: one is made for every row, and a class's own `__init__` was a third of the row loop)."""

    pieces: list[str]
    line_index: int
    stripped: list[str]
    """Each piece stripped, once: for the outer pipes' votes, the layout checks and the cells."""
    leading: bool
    """The line starts with its own outer pipe (nothing but spaces before the first pipe)."""
    trailing: bool


_new = tuple.__new__
_strip = str.strip


def pipe_row(pieces: list[str], line_index: int) -> PipeRow:
    """The row of a line split at its pipes."""
    stripped = list(map(_strip, pieces))
    return _new(PipeRow, (pieces, line_index, stripped, not stripped[0], not stripped[-1]))


_FIRST, _LAST = itemgetter(0), itemgetter(-1)


def raw_cells(rows: list[PipeRow], width: int = 0) -> list[list[str]]:
    """Pieces of each row, with outer pipes dropped only where the table as a whole uses them (so
    ` | 2019 | 2023 |` over unframed rows keeps its empty first cell). A framed first row over a
    delimiter row of `width` cells, which its own outer pipes give exactly, is read as GFM does."""
    return _cut_rows([r.pieces for r in rows], [r.stripped for r in rows], width)[0]


def _cut_rows(pieces: list[list[str]], stripped: list[list[str]],
              width: int = 0) -> tuple[list[list[str]], list[list[str]]]:
    """`raw_cells` of rows given by their pieces and the same pieces stripped, and those cells stripped.
    A row leads (trails) when its first (last) stripped piece is empty; counted and cut in C."""
    n = len(stripped)
    leads, trails = list(map(_FIRST, stripped)).count(""), list(map(_LAST, stripped)).count("")
    lead, trail = leads * 2 > n, trails * 2 > n
    if (leads == n or not lead) and (trails == n or not trail):  # every row is cut alike (most tables)
        cut = itemgetter(slice(1 if lead else 0, -1 if trail else None))
        cells, cut_stripped = list(map(cut, pieces)), list(map(cut, stripped))
    else:
        bounds = [((lead and not s[0]), len(s) - (trail and not s[-1])) for s in stripped]
        cells = [p[a:b] for p, (a, b) in zip(pieces, bounds, strict=True)]
        cut_stripped = [s[a:b] for s, (a, b) in zip(stripped, bounds, strict=True)]
    head = stripped[0]
    if width and not head[0] and not head[-1] and len(cells[0]) != width == len(inner_pieces(pieces[0])):
        cells[0], cut_stripped[0] = pieces[0][1:-1], head[1:-1]  # inner_pieces of a row framed both sides
    return cells, cut_stripped


def cut_outer_pipes(rows: list[PipeRow], lines: Lines, width: int = 0) -> list[list[str]]:
    """Cells of each row as a reader sees them (see `raw_cells`)."""
    return lines.rows(raw_cells(rows, width))


_BULLETED = compiled_on_first_use(r"\s*[-*+•]\s")  # the common bullets only: `–` or `:` may open a cell
_LABEL = compiled_on_first_use(r"\s*\w+:\s")
"""`Pingback: Title | Site`: every line opens with the same label, the pipe is a title's separator."""


def _layout_or_list(pieces: list[list[str]], has_delimiter: bool, stripped: list[list[str]], joined: str,
                    w: int) -> bool:
    """The rows' raw cells (`raw_cells` of their `pieces`, each stripped) show a page's layout, or (without a delimiter
    row) list items whose links or titles hold a pipe (`- [Asia](/asia "Asia| news from the continent")`),
    or lines that all open with the same label. `joined`: the cells of those rows joined with NULs, `w`: their
    widest content."""
    raw = stripped[:-1] if has_delimiter else stripped  # not the delimiter row
    if max(map(len, raw)) > w:  # the rows' trailing empty cells dropped (few have any)
        raw = [r[:w] if len(r) > w else r for r in raw]
    if not has_delimiter:
        labels = {m.group().strip() if (m := _LABEL.match(p[0])) else None for p in pieces}
        if all(_BULLETED.match(p[0]) for p in pieces) or len(labels) == 1 and None not in labels:
            return True
    header = raw[0] if has_delimiter and any(raw[0]) else None
    return looks_like_layout(header, raw[1:] if has_delimiter else raw, joined)


def _row(lines: Lines, j: int) -> PipeRow | None:
    """Line j as a candidate row: it holds an unescaped pipe, and is not debris (see `is_debris`)."""
    return _row_of(lines.strs[j], j) if j < len(lines.strs) else None


def _row_of(s: str, j: int) -> PipeRow | None:
    """`_row` for the line's text s."""
    if "|" not in s or s.count("|") < 3 and is_debris(s):
        return None
    if ">" in s or "||" in s:  # rare: only then is the line's start looked at (no copy of it a row)
        head = s.lstrip()
        if head.startswith(">"):
            return None  # a `>` left in the scan marks code quoted in a blockquote (see text._unquote)
        if head.startswith("||"):  # Jira/Confluence header cells
            s = s.replace("||", "|")
    pieces = s.split("|") if "\\" not in s else split_pipes(s)  # split_pipes' own first step, without its call
    return pipe_row(pieces, j) if len(pieces) > 1 else None


_PLUS_RULE = compiled_on_first_use(r"\s*\|?\s*:?-+:?(?:\s*[+|]\s*:?-+:?)+\s*\|?\s*")


def _delimiter_at(lines: Lines, j: int) -> PipeRow | None:
    """A delimiter row, also as psql, presto and org-mode draw it: `----+-----`, `|---+---|`."""
    if j >= len(lines.strs) or "-" not in lines.strs[j]:
        return None
    s = lines.strs[j]
    if "+" in s and _PLUS_RULE.fullmatch(s):
        s = s.replace("+", "|")
    pieces = split_pipes(s)
    return pipe_row(pieces, j) if is_delimiter(pieces) else None


_PLACEHOLDER = compiled_on_first_use(r"[-–—?*/~]{1,3}|n/a", re.IGNORECASE)
"""Cells without letters or digits that tables use for "none" (`–`, `?`); a lone `.` is not one."""


def _plausible_without_delimiter(rows: list[list[str]]) -> bool:
    """Rows with no `---` line (enough of them: `_enough_rows`, asked first) are a table only on strong
    evidence: precision first. Cells are short (a few words), hold letters or digits, and the rows agree
    on a width of two or more. A pipe inside brackets (`[[a|b]]`, `{{Cite|url=x}}`, `Mayors[edit | change
    source]`) splits markup, not cells, and a list is not a table."""
    w = max(content_width(r) for r in rows)
    fitting = [content_width(r) <= w <= len(r) for r in rows]
    steady = sum(fitting[:-1]) >= 0.8 * (len(rows) - 1)
    cells = [c for r in rows for c in r[:w] if c]
    words = sum(len(c.split()) for c in cells)
    wordy = words > 6 * max(1, len(cells))
    stray = any(not any(ch.isalnum() for ch in c) and not _PLACEHOLDER.fullmatch(c) for c in cells)
    split = any(c.count("[") != c.count("]") or c.count("{{") != c.count("}}") for c in cells)
    return w >= 2 and steady and not wordy and not stray and not split and not looks_like_list(rows)


def _enough_rows(n: int, framed: bool) -> bool:
    """Rows enough for a table without a `---` line: three, or two with outer pipes on every side."""
    return n >= 3 or framed and n >= 2


MAX_RETRIED_ROWS = 50


def _rejected(lines: Lines, i: int, j: int) -> Found | None:
    """Lines i..j-1 are not a table. A short run is tried again from its next line (a heading line may
    have spoiled it); a long one is taken as text whole, or every line of it would scan to its end."""
    return lines.kept_as_text(i, j - 1) if j - i > MAX_RETRIED_ROWS else None


def _not_code(lines: Lines, i: int) -> bool:
    """A header or delimiter row indented four spaces or more is an indented code block in GFM."""
    return not any(lines.strs[k][:4] == "    " or lines.strs[k][:1] == "\t" for k in (i, i + 1))


def _quoted(lines: Lines, j: int) -> bool:
    """Line j is inside a `>` blockquote (its markers are blanked in the scan, not in the text)."""
    k = lines.starts[j]
    head = lines.text[k:k + 8]
    return ">" in head and head.lstrip(" ").startswith(">")


def _short_row_of(row: PipeRow, width: int) -> bool:
    """An unframed line with the table's number of short cells (`d | e` under `| a | b |`) is a row."""
    cells = inner_pieces(row.pieces)
    return len(cells) == width and all(len(c.split()) <= 6 for c in cells)


def _unlike_the_rest(first: PipeRow, rows: list[list[str]]) -> bool:
    """An unframed first line over rows (their stripped pieces) that are mostly framed (`| a | b |`)."""
    framed = sum(not s[0] and not s[-1] for s in rows)
    return not (first.leading or first.trailing) and framed * 2 > len(rows) > 0


def _next_header(lines: Lines, j: int) -> bool:
    """Line j heads a table of its own: a `---|---` row follows it. A row of `-` placeholders
    (`| - | - |`) is data, as in GFM, so only dashes in runs (`--`) make a delimiter here."""
    return j + 1 < len(lines.strs) and "--" in lines.strs[j + 1] and _delimiter_at(lines, j + 1) is not None


def delimiter_run(pieces: list[str]) -> tuple[int, int] | None:
    """(start, end) piece indices of the first run of two or more delimiter cells."""
    start = None
    for k, p in enumerate(pieces):
        if "-" in p and DELIMITER_CELL.fullmatch(p):
            start = k if start is None else start
            continue
        if start is not None and k - start >= 2:
            return start, k
        start = None
    return None


def _collapsed(row: PipeRow) -> bool:
    """A whole table glued onto this line (`A | B |---|---| 1 | 2 |`): it is not a row of the table above."""
    run = delimiter_run(row.pieces) if len(row.pieces) > 4 else None
    if run is None:
        return False
    a, b = run
    return all("--" in p for p in row.pieces[a:b]) and len(row.pieces) - b >= b - a


def _split_header(lines: Lines, i: int) -> tuple[PipeRow, PipeRow] | None:
    """A header broken over two lines above the delimiter row, joined back when the two halves
    together have exactly the delimiter's width (the break fell inside a cell, or between cells)."""
    delim = _delimiter_at(lines, i + 2)  # first: most lines two below are none (no `-`), the line between a row
    if delim is None:
        return None
    second = _row(lines, i + 1)
    if second is None or is_delimiter(second.pieces):
        return None
    head, tail = lines.strs[i].rstrip(), lines.strs[i + 1].lstrip()
    if head.endswith("|") and tail.startswith("|"):
        tail = tail[1:]
    merged = pipe_row(split_pipes(head + " " + tail), i)
    width = len([p for p in delim.pieces if p.strip()])
    cells = cut_outer_pipes([merged, delim], lines)[0]
    return (merged, delim) if content_width(cells) == width else None


_MARKED_LINE = compiled_on_first_use(r"^[^\S\n]*(?:>|\|\|)", re.MULTILINE)
"""A line opening with `>` or `||`, which `_row_of` looks at again."""


def _plain_rows(lines: Lines, j: int, framed: bool) -> tuple[list[list[str]], list[list[str]]]:
    """The rows from line j on that find_pipe_table's row loop would take one by one, taken at once after
    a look at their whole text (a table's rows are mostly plain): a run of lines each holding an unescaped pipe, none
    holding `--` or opening with `>` or `||` (the loop's rarer cases), each with a filled cell and, when `framed`
    (a framed table over a delimiter row), its own leading pipe. The run's last line is left to the loop:
    the line after it may head a table of its own. No rows when any look fails (the loop reads them all).
    The rows are given as their pieces and stripped pieces (what a PipeRow holds; no object a row)."""
    strs, starts, n = lines.strs, lines.starts, len(lines.strs)
    k = j
    while k < n and "|" in strs[k]:
        k += 1
    if k - j < 2:
        return [], []
    start, end = starts[j], starts[k - 1] + len(strs[k - 1])
    run = lines.scan[start:end]
    if "--" in run or (">" in run or "||" in run) and _MARKED_LINE.search(run):
        return [], []
    if lines.quotes and ">" in lines.text[start:max(end, starts[k - 2] + 8)]:  # what the loop's quote test reads
        return [], []
    if "\\" not in run:
        pieces = list(map(_SPLIT, strs[j:k - 1]))
    else:
        pieces = list(map(split_pipes, strs[j:k - 1]))
        if min(map(len, pieces)) < 2:  # a line whose every pipe is escaped (`3 \| 4`) is no row: it ends the table
            return [], []
    stripped = [list(map(_strip, p)) for p in pieces]
    if not all(map(any, stripped)) or framed and any(map(_FIRST, stripped)):
        return [], []  # a line of nothing but pipes (debris), or an unframed line under a framed table
    return pieces, stripped


_SPLIT = methodcaller("split", "|")


def _one_row(lines: Lines, i: int, first: PipeRow) -> Found | None:
    """`find_pipe_table` at a pipe line over a line that is no row, delimiter row or header half (no `|`, no `+`
    of a `---+---` rule): its steps for one row, in its order. Too few rows for a table; but a layout or list
    line is taken as text, as in a longer run (its rows' checks, asked of this one)."""
    if is_debris(lines.strs[i]) or is_delimiter(first.pieces):
        return None
    if has_tex(lines.text[lines.start(i):lines.end(i)]):
        return None
    _, stripped = _cut_rows([first.pieces], [first.stripped])
    if _layout_or_list([first.pieces], False, stripped, "\x00".join(stripped[0]), widest(stripped)):
        return lines.kept_as_text(i, i)
    return None


def _no_table_below(lines: Lines, i: int, j: int, stripped: list[list[str]]) -> bool:
    """Whether the finder, having rejected rows i..j-1 (their pieces `stripped`) as one column without a delimiter
    row, finds nothing at lines i+1..j-1 either: each row is `| X` (one pipe, nothing before it), the line after
    the run no row or rule (no `|`, no `+`), no row a delimiter row, and the last row's cell no link. From a later
    row the rows are then the run's tail, inside or outside a `>` quote as the run's first row (the row loop ends a
    run where that changes): cut alike to one column, with no header or rule to change that, no TeX or list, and
    never all links (the one layout rule a tail meets that the run did not, which takes a run as text). bs4 and
    html2text write menus so: each of their lines was read to the run's end."""
    if j < len(lines.strs) and ("|" in lines.strs[j] or "+" in lines.strs[j]):
        return False
    if not all(len(s) == 2 and not s[0] and s[1] for s in stripped):
        return False
    last = stripped[-1][1]
    if "](" in last and MARKDOWN_LINKS.fullmatch(last):
        return False
    return all(_delimiter_at(lines, k) is None for k in range(i + 1, j))


def find_pipe_table(lines: Lines, i: int) -> Found | None:
    """A pipe table starting at line i: header + delimiter row + body, or a steady run of rows."""
    start, end = lines.one_column_run
    if start < i < end:
        return None  # a later line of a run of `| X` lines rejected as one column (`_no_table_below`)
    first = _row(lines, i)
    if first is None:
        return None
    below = lines.strs[i + 1] if i + 1 < len(lines.strs) else ""
    if "|" not in below and "+" not in below:  # a line alone (a menu, a `Title | Site`): most pipe lines in crawl text
        return _one_row(lines, i, first)
    delim = _delimiter_at(lines, i + 1)
    if delim is None and is_debris(lines.strs[i]):
        return None  # empty cells head a table only above a delimiter row (how converters write no header)
    if is_delimiter(first.pieces) and delim is None:  # above a delimiter row even `| - | - |` is a header
        return None
    fixes = []
    if delim is None and (split := _split_header(lines, i)) is not None:
        first, delim = split
        fixes.append(Fix("join-split-header", "joined a header broken over two lines", lines.span(i, i + 1)))
    framed = first.leading and (delim is None or delim.leading)
    width = len(inner_pieces(delim.pieces)) if delim is not None else 0
    if delim is not None and not fixes and not _not_code(lines, i):
        return None
    quoted = lines.quotes and _quoted(lines, i)  # no `>` in the text (most): no line is quoted
    rows: list[PipeRow] = []
    strs, n, text, starts = lines.strs, len(lines.strs), lines.text, lines.starts
    quotes = quoted or lines.quotes
    j = delim.line_index + 1 if delim else i + 1
    plain: tuple[list[list[str]], list[list[str]]] = ([], [])
    if not quoted:
        plain = _plain_rows(lines, j, framed and delim is not None)
        j += len(plain[0])
    while j < n:  # once a row: the cheap `in` tests guard the calls they are the first step of
        s, after = strs[j], strs[j + 1] if j + 1 < n else ""
        row = _row_of(s, j)
        if row is None or "--" in after and _next_header(lines, j) or "--" in s and _collapsed(row):
            break
        if framed and not row.leading and delim is not None and not _short_row_of(row, width):
            break  # prose after a framed table, not a row
        if quotes and (quoted or ">" in text[starts[j]:starts[j] + 8]) and _quoted(lines, j) != quoted:
            break  # a table inside a blockquote ends where the quote does
        rows.append(row)
        j += 1
    # Every row that votes on outer pipes, in order: the first, the plain ones, the loop's, the delimiter row.
    later = rows + [delim] if delim else rows
    all_pieces = [first.pieces, *plain[0], *[r.pieces for r in later]]
    all_stripped = [first.stripped, *plain[1], *[r.stripped for r in later]]
    if delim is None and _unlike_the_rest(first, all_stripped[1:]):
        return None  # a heading or caption line above a framed table is not its first row
    if delim is None and has_tex(lines.text[lines.start(i):lines.end(j - 1)]):
        return _rejected(lines, i, j)  # `\hat{U}|0\rangle`: absolute values and bra-kets
    # stripped: for both checks and cells (most tables are only stripped)
    pieces, stripped = _cut_rows(all_pieces, all_stripped, width)
    raw = stripped[:-1] if delim else stripped  # the delimiter row holds no markup
    joined, w = "\x00".join(map("\x00".join, raw)), widest(raw)
    if _layout_or_list(all_pieces, delim is not None, stripped, joined, w):
        return lines.kept_as_text(i, j - 1)
    boxed = delim is None and framed and not any(map(_FIRST, all_stripped)) and not any(map(_LAST, all_stripped))
    if delim is None and not _enough_rows(len(all_pieces), boxed):
        return _rejected(lines, i, j)  # before any cell is rendered (a menu, a footer's links)
    if w < 2 and width != 1:  # as below, before rendering: it empties cells, never fills one (`| [a](u)` runs)
        if delim is None and j - i <= MAX_RETRIED_ROWS and _no_table_below(lines, i, j, all_stripped):
            lines.one_column_run = (i, j)
        return _rejected(lines, i, j)
    # What cut_outer_pipes gives, from the pieces already cut (a stripped cell holds what its piece does but spaces).
    cells = lines.rows(pieces, stripped=stripped, plain=not has_markup(joined))
    if cells is not stripped:  # rendered: a cell may be empty now
        w = widest(cells[:-1] if delim else cells)
    if w < 2 and width != 1:
        return _rejected(lines, i, j)  # one column is a list, unless a one-cell delimiter row says otherwise
    if delim is None:
        if not _plausible_without_delimiter(cells):
            return _rejected(lines, i, j)
        header, body = None, cells
    else:
        header, body = cells[0], cells[1:-1]
        if not any(header):  # an all-empty header (how the Markdown writer says "no header")
            header = None
    last = j - 1
    span = lines.span(i, last)
    if delim is not None and header is not None:
        dw, hw = len([p for p in delim.pieces if p.strip()]), content_width(header)
        if dw != hw:
            fixes.append(Fix("delimiter-width", f"delimiter row has {dw} columns, header {hw}: width taken from "
                             "the rows", lines.span(delim.line_index, delim.line_index)))
    table = Table(tuple(header) if header is not None else None, tuple(map(tuple, body)), span, "pipe")
    return Found(span.start, span.end, j, [table], fixes, (w,))  # w: the table's widest row, header included

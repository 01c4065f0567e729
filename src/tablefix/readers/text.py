"""Plain scraped text -> Document: find table regions, keep every other line as text.

One pass over the lines: at each line the finders are tried in order; the first that
recognises a table there takes its lines, and scanning resumes after them. Lines inside
fenced code blocks are never tables (precision first: `ls | grep txt` in a code sample); a fence
that is never closed is a stray marker, as the CSS finder reads it (scraped text loses closings).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..detect.codeblocks import fenced_blocks
from ..detect.css import find_css_and_script, find_css_cut_short
from ..model import Block, Document, Fix, Noise, Span, Table, Text, widest
from ..text_rules import compiled_on_first_use
from .aligned import aligned_row, find_aligned_table, two_spaces_between_in
from .base import Finder, Found, Lines
from .collapsed import find_collapsed_table
from .grid import RULE_CHARS, find_grid_table, is_top_border
from .pipe import find_pipe_table, is_debris
from .tsv import find_tsv_table

_MARKUP = compiled_on_first_use(r"<(?i:table)\b")
"""`<table`, any case: the flag on the letters only, so the engine's search jumps between `<`s (with the whole
pattern case-blind it tries every position: 2.4x slower)."""
_CAPTION = compiled_on_first_use(r"<caption\b.*?</caption\s*>", re.IGNORECASE | re.DOTALL)


def find_markup_table(lines: Lines, i: int) -> Found | None:
    """Raw `<table>` markup left in text; the HTML reader parses it (imported only when needed)."""
    line = lines.strs[i]
    m = _MARKUP.search(line) if "<" in line else None
    if m is None:
        return None
    from .html import find_table_markup_end, tables_from_markup

    start = lines.start(i) + m.start()
    end = find_table_markup_end(lines.text, start)
    span = lines.smap.span(start, end)
    parsed = tables_from_markup(lines.text[start:end])
    captions = tuple(Noise(c.group(), lines.smap.span(start + c.start(), start + c.end()), "caption")
                     for c in _CAPTION.finditer(lines.text, start, end))  # not a cell: shown in the report
    blocks: list[Block] = [Table(t.columns, t.rows, span, "html", captions if k == 0 else ())
                           for k, t in enumerate(parsed)]
    if not blocks:
        blocks = [Noise(lines.text[start:end], span, "markup")]
    return Found(start, end, lines.smap.line_of(end) - 1, blocks)


FINDERS: list[Finder] = [find_markup_table, find_collapsed_table, find_grid_table, find_pipe_table,
                         find_aligned_table, find_tsv_table]
_ON_PIPE_LINES = (find_collapsed_table, find_pipe_table)
"""Finders that find nothing at a line without a pipe (a pipe table's first line holds one)."""
_NOT_ON_PIPE_LINES = (find_aligned_table,)
"""Finders that find nothing at a line holding a pipe (columns drawn with spaces hold none)."""
_BY_PIPE = {True: [f for f in FINDERS if f not in _NOT_ON_PIPE_LINES],
            False: [f for f in FINDERS if f not in _ON_PIPE_LINES]}
"""The finders worth calling at a line, by whether it holds a pipe, in FINDERS' order (the guards in one place:
each finder's own first test would only say no)."""


def read_text(text: str, name: str = "-", markdown: bool | None = None, find_leaks: bool = True) -> Document:
    """Split `text` into Text lines, Table blocks and Noise that together cover it exactly.

    Leaked CSS and script are found first (unless `find_leaks` is off) and blanked out for the table
    finders, so a rule glued into or between table rows does not hide the table; the document lists
    them for the `leaks` pass, which cuts them. `markdown`: render cells as Markdown (True), keep them
    as written (False), or decide from the text (None)."""
    found = find_css_and_script(text) if find_leaks else []
    leaks = _with_comment_markers(text, found) if found else []
    scan = _blank_out(text, leaks) if leaks else None
    if scan is not None and scan.count("{") > scan.count("}"):  # a rule cut short that wrapped the found ones
        more = find_css_cut_short(scan)
        if more:
            leaks = _union(leaks + more)
            scan = _blank_out(text, leaks)
    if ">" in text and "|" in text:  # a blockquote marker is blanked only on a line holding a pipe
        scan = _unquote(text if scan is None else scan)
    candidates = _candidates(text if scan is None else scan)
    if candidates is None:  # (most prose): no lines to split
        return Document(text, _whole(text), name, (), markdown is False, None, tuple(leaks))
    lines = Lines(text, markdown, scan)
    blocks: list[Block] = []
    fixes: list[Fix] = []
    pos = 0  # everything before pos is already in a block
    fences = fenced_blocks(text) if "`" in text and "```" in text or "~" in text and "~~~" in text else []
    f = 0
    i, n = 0, len(lines)
    while i < n:
        i = _next_candidate(lines, candidates, i)
        if i >= n:
            break
        line = lines.strs[i]
        while f < len(fences) and fences[f][1] <= lines.start(i):
            f += 1
        if f < len(fences) and fences[f][0] <= lines.start(i):
            i = lines.smap.line_of(fences[f][1])  # the line after the closing fence
            continue
        found = _first_found(lines, i)
        if found is not None and found.start >= pos:
            _add_text(blocks, lines, pos, found.start)
            blocks.extend(found.blocks)
            fixes.extend(found.fixes)
            pos, i = found.end, max(found.next_line, i + 1)
            continue
        if is_debris(line):  # outside any table
            _add_text(blocks, lines, pos, lines.start(i))
            end = lines.end(i)
            blocks.append(Noise(text[lines.start(i):end], lines.smap.span(lines.start(i), end), "debris"))
            fixes.append(Fix("drop-debris", f"dropped a stray {line.strip()!r} line", blocks[-1].span))
            pos = end
        i += 1
    _add_text(blocks, lines, pos, len(text))
    return Document(text, tuple(blocks), name, tuple(fixes), markdown is False, lines.smap, tuple(leaks))


def _whole(text: str) -> tuple[Block, ...]:
    """The text as one verbatim block (what `Lines.text_blocks` gives, without the line starts)."""
    if not text:
        return ()
    new = tuple.__new__  # the named tuples' own constructors are Python functions
    return (new(Text, (text, new(Span, (0, len(text), 1, 1 + text.count("\n", 0, len(text) - 1))), "raw", 0)),)


_QUOTE = compiled_on_first_use(r"^(?:[ ]{0,3}>)+[ ]?(?![ ]{4}|\t)(?=[^\n]*\|)", re.MULTILINE)
"""The `>` markers of a blockquote line holding a pipe (not of quoted code, indented further)."""


_QUOTE_START = compiled_on_first_use(r"\n {0,3}>")
"""A line after the first that opens with a blockquote marker (the first line is looked at apart)."""


def _unquote(scan: str) -> str:
    """A pipe table inside a `>` blockquote is read as one outside it: the markers are blanked for the
    finders, offsets unchanged (the source keeps them, so a table left as written keeps its quote)."""
    if _QUOTE_START.search(scan) is None and scan[:4].lstrip(" ")[:1] != ">":
        return scan  # no line opens with a marker (most texts whose `>` is an arrow): found by a literal, in C
    return _QUOTE.sub(lambda m: " " * len(m.group()), scan)


def _with_comment_markers(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Old pages wrap style and script in `<!-- ... -->`: the markers go with the code they hid."""
    out = []
    for a, b, reason in spans:
        before = text[max(0, a - 64):a].rstrip()
        if before.endswith("<!--"):
            a -= len(text[max(0, a - 64):a]) - len(before) + 4
        after = text[b:b + 64]
        if after.lstrip().startswith("-->"):
            b += len(after) - len(after.lstrip()) + 3
        out.append((a, b, reason))
    return _union(out)


def _union(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted spans with overlapping ones merged (a rule found later may wrap one found first)."""
    out: list[tuple[int, int, str]] = []
    for a, b, reason in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
        else:
            out.append((a, b, reason))
    return out


def _blank_out(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text with each span's characters (but not its newlines) replaced by spaces."""
    out, pos = [], 0
    for a, b, _ in spans:
        out += [text[pos:a], "\n".join(" " * len(part) for part in text[a:b].split("\n"))]
        pos = b
    out.append(text[pos:])
    return "".join(out)


_MARKS = "|\t<-=`~+┌┏╔╒╭┍"
"""What can start a table (or a code fence) on a line: one of these, `-=`~` only doubled (`--`), `+` only where
a finder can use it (see `_next_plus`; last of the ASCII ones, as its walk over html2text's `  + item` lines is
the longest: `_candidates` stops at the first mark found, the object looks for the others)."""
_ASCII_MARKS = _MARKS[:8]
_DOUBLED = {c: re.compile(f"{re.escape(c)}(?={re.escape(c)})") for c in "-=`~"}
"""A regex that starts with a literal runs the engine's fast scan; `str.find("--")` is 2.5x slower."""


class _Candidates:
    """Offsets of the lines that can start a table, in order: a mark, or two spaces between words
    (an aligned column; not indentation, not the line's end) over two lines that can be rows below it (see
    `_gap_starting_rows`). Lines without either are skipped at
    the speed of `str.find`. Each next hit is remembered, so asking with growing offsets is linear."""

    __slots__ = ("scan", "_marks", "_spaces")

    def __init__(self, scan: str, looked: dict[str, int] | None = None, spaces: int = -1) -> None:
        """`looked`: the next offset of marks looked for from 0 already, `spaces`: of the gap (`_candidates`)."""
        self.scan = scan
        marks = _ASCII_MARKS if scan.isascii() else _MARKS
        self._marks = dict.fromkeys([c for c in marks if c in scan], -1)
        """The next offset of each mark the scan holds (a one-character `in` is a memchr: most are absent)."""
        if looked:
            self._marks.update(looked)
        self._spaces = spaces if "  " in scan else len(scan)  # `in`: no regex scan of text without two spaces

    def first_at(self, pos: int) -> int:
        """Offset of the first mark at or after pos (len(scan) if none)."""
        first = n = len(self.scan)
        marks = self._marks
        for c, at in marks.items():
            if at < pos:
                at = marks[c] = _next_mark(self.scan, c, pos)
            if at < first:
                first = at
        if self._spaces < pos:
            self._spaces = _gap_starting_rows(self.scan, pos)
        return min(first, self._spaces, n)


def _two_spaces(scan: str, pos: int) -> int:
    """The first two spaces between words at or after pos, a line start (as `first_at` is asked): the
    first of a run of spaces, a word after it on its line and one before it (not indentation)."""
    n = len(scan)
    while (m := _GAP.search(scan, pos)) is not None:
        k, pos = m.span()  # the search goes on after the blanks: each is looked at once (linear time)
        if pos == n or scan[pos] == "\n":
            continue  # trailing blanks: no word after them on their line
        if not scan[k - 1].isspace() or scan[scan.rfind("\n", 0, k) + 1:k].strip():
            return k  # a word just before (most), or before a tab or another blank before it
        # else indentation (a tab or another blank at the line's start)
    return n


def _gap_starting_rows(scan: str, pos: int) -> int:
    """`_two_spaces`, but only on a line over two lines the aligned finder's loop takes as rows (`aligned_row`):
    only there can it start a table drawn with spaces. On a line without a mark it is the one finder that can
    find a table (no `|`, tab, `<` or border), and a ruler below (`----  ---`, the ruled finders) is a mark
    whose line above `_next_candidate` gives. So a gap left out is a line the finders would say no at (in crawl
    text, two gaps in three)."""
    n = len(scan)
    while (k := _two_spaces(scan, pos)) < n:
        end = scan.find("\n", k)
        if end < 0:
            return n  # the last line: no rows below it
        end1 = scan.find("\n", end + 1)
        if end1 >= 0 and aligned_row(scan[end + 1:end1]):
            end2 = scan.find("\n", end1 + 1)
            if aligned_row(scan[end1 + 1:] if end2 < 0 else scan[end1 + 1:end2]):
                return k
        start = scan.rfind("\n", 0, k) + 1
        if scan.find("|", start, end) >= 0 or scan.find("\t", start, end) >= 0:
            return k  # a mark's line (a padded pipe table): no walk over its rows, each a line of this kind
        pos = end + 1
    return n


def _next_mark(scan: str, c: str, pos: int) -> int:
    """Offset of the next mark c in scan at or after pos (len(scan) if none)."""
    if c == "+":
        return _next_plus(scan, pos)
    if c == "\t":
        return _next_tab(scan, pos)
    if c == "<":  # on a line without `<table` only the finders of other marks can find one
        k = scan.find("<", pos)  # a memchr to the first `<`: the regex's own scan is slower
        m = _MARKUP.search(scan, k) if k >= 0 else None
        return len(scan) if m is None else m.start()
    if c in _DOUBLED:
        m = _DOUBLED[c].search(scan, pos)
        return len(scan) if m is None else m.start()
    k = scan.find(c, pos)
    return len(scan) if k < 0 else k


def _next_tab(scan: str, pos: int) -> int:
    """The next tab on a line the TSV finder can start a block at (what it asks first: a tab inside the line, a
    next line holding a tab and more, not both indented with a tab), or on a grid's top border (`is_top_border`,
    tabs at its ends). On a line holding a tab the aligned finder finds nothing, and the other finders need a
    mark of their own: the tab of an indented or stray line (inscriptis, bs4) is not tried."""
    n = len(scan)
    while (k := scan.find("\t", pos)) >= 0:
        start, end = scan.rfind("\n", 0, k) + 1, scan.find("\n", k)
        end = n if end < 0 else end
        line = scan[start:end]
        if end < n and "\t" in line.strip():
            below_end = scan.find("\n", end + 1)
            below = scan[end + 1:] if below_end < 0 else scan[end + 1:below_end]
            if "\t" in below and below.strip() and not (line[:1] == "\t" and below[:1] == "\t"):
                return k
        if is_top_border(line):
            return k
        pos = end
    return n


def _next_plus(scan: str, pos: int) -> int:
    """The next `+` on a line a finder can take for it: beside a rule character, as on a grid's top border
    (`+---+`, the one finder a `+` is a mark for), or on a line with two spaces between characters (the
    aligned finder's first test, looser than a gap: a blank at the line's start or end may be a no-break
    space). Not html2text's nested list items (`  + item`): three in five candidate lines of crawl text. Only a
    line's first `+` is looked at: every `+` of a border stands beside a rule character, the first one too."""
    while (k := scan.find("+", pos)) >= 0:
        before, after = scan[k - 1:k], scan[k + 1:k + 2]  # "" at the scan's ends
        if before and before in RULE_CHARS or after and after in RULE_CHARS:
            return k
        end = scan.find("\n", k)
        end = len(scan) if end < 0 else end
        if two_spaces_between_in(scan, scan.rfind("\n", 0, k) + 1, end):
            return k
        pos = end
    return len(scan)


_GAP = compiled_on_first_use(r"  (?<=[^\n ]  )[^\S\n]*+")
"""Two spaces that start a run of spaces inside a line (not at its start), with the blanks after them. The literal
first: the engine passes over indentation in C, where each was found, sliced and stripped in Python. The blanks
are taken whole (possessive): a look ahead for a word after them would scan a run again from each of its `  `
(`x\t  \t  \t  ...`, quadratic), where the blanks taken end the run for the next search."""


def _candidates(scan: str) -> _Candidates | None:
    """`_Candidates(scan)`, or None when no line of scan can start a table (its `first_at(0)` finds none), known
    without making the object for most prose (no mark but `-`, no gap). What is looked for here is kept for the
    object's first `first_at`, not looked for twice (`+` is the last ASCII mark: its walk is the longest)."""
    n = len(scan)
    looked: dict[str, int] = {}
    for c in _ASCII_MARKS if scan.isascii() else _MARKS:
        if c in scan:
            at = looked[c] = _next_mark(scan, c, 0)
            if at < n:
                return _Candidates(scan, looked)
    if "  " not in scan:  # `in` first: a memchr-like skip, where _GAP's literal scan stops at every blank
        return None
    spaces = _gap_starting_rows(scan, 0)
    return _Candidates(scan, looked, spaces) if spaces < n else None


def _next_candidate(lines: Lines, candidates: _Candidates, i: int) -> int:
    """The first line at or after i that can start a table; a ruler line also makes the line above it one."""
    n = len(lines.strs)
    if i >= n:
        return n
    at = candidates.first_at(lines.starts[i])
    if at >= len(lines.scan):
        return n
    j = bisect_right(lines.starts, at) - 1
    s = lines.strs[j]
    if i < j and lines.strs[j - 1].strip() and ("--" in s or "==" in s):
        return j - 1  # the header line of a `simple` table sits above its ruler (unmarked, as j is the first)
    return j


def _first_found(lines: Lines, i: int) -> Found | None:
    for finder in _BY_PIPE["|" in lines.strs[i]]:
        found = finder(lines, i)
        if found is not None and _has_columns(found):
            return found
    return None


MAX_COLUMNS = 64
"""Wider than this, text in columns is a page laid out with spaces or pipes, not a table anyone wrote."""


def _has_columns(found: Found) -> bool:
    """A table of one column (once empty trailing cells are dropped) is a list, not a table, unless a
    table syntax says so: a header over a `---` delimiter row (GFM, pandoc and pandas agree), or HTML
    markup, which the HTML reader judged (it keeps one column under a header cell). One of more than
    MAX_COLUMNS is layout."""
    tables = [b for b in found.blocks if isinstance(b, Table)]
    if not tables:
        return True
    widths = found.widths or map(_width, tables)
    return any(_least_width(t) <= w <= MAX_COLUMNS for t, w in zip(tables, widths, strict=True))


def _width(t: Table) -> int:
    return widest([t.columns or (), *t.rows])


def _least_width(t: Table) -> int:
    return 1 if t.origin == "html" or t.origin == "pipe" and t.columns is not None and any(t.columns) and t.rows else 2


def _add_text(blocks: list[Block], lines: Lines, start: int, end: int) -> None:
    blocks.extend(lines.text_blocks(start, end))

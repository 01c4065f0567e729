"""The text reader's fast paths agree with the slower code they stand in for, on inputs built to hit
their edges: a plain run of pipe rows taken at once, outer pipes cut in C, a table's width found in C,
markup found by memchr, cells rendered only where they hold markup, emphasis patterns that start with
their marker, the emphasis evidence split in two, word counts by one split a column."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablefix.model import content_width, widest
from tablefix.readers import base, pipe
from tablefix.readers.aligned import MAX_WORDS_PER_CELL, _prose_in_columns
from tablefix.readers.base import Lines
from tablefix.readers.not_tables import looks_like_layout
from tablefix.readers.text import _unquote, read_text
from tablefix.text_rules import MARKUP, has_markup

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True)

PIECE = st.sampled_from(["", " ", "  ", "a", " a ", "b c", " -- ", "---", ":-:", " *x* ", "[l](u)", "\\|",
                         "\\", ">", " > q", "&amp;", "`c`", "\t", "\xa0", "é", "* ", "+ ", "~~s~~", "_y_"])
ROW = st.lists(PIECE, min_size=0, max_size=6)


def _line(pieces: list[str], lead: bool, trail: bool) -> str:
    return ("|" if lead else "") + "|".join(pieces) + ("|" if trail else "")


LINE = st.one_of(
    st.builds(_line, ROW, st.booleans(), st.booleans()),
    st.sampled_from(["", "Some prose.", "|", "| |", "||", "|||", "|| H1 || H2 ||", "> | a | b |", "---|---",
                     "|---|---|", "| -- | -- |", "----+----", "|:-|-:|", "| - | - |", "    | a | b |",
                     "A | B |---|---| 1 | 2 | 3 | 4 |", "| a \\| b | c |", "x | y"]))
TEXT = st.lists(LINE, min_size=1, max_size=12).map("\n".join)


def _grid(text: str) -> list[tuple[object, ...]]:
    doc = read_text(text)
    return [repr(b) for b in doc.blocks] + [repr(f) for f in doc.fixes]


def _grid_without(module: object, name: str, stand_in: object, text: str) -> list[tuple[object, ...]]:
    """_grid of text with `module.name`, a shortcut, replaced by `stand_in` (the path it saves)."""
    with mock.patch.object(module, name, stand_in):
        return _grid(text)


HEAD = "| a | b |\n|---|---|\n| 1 | 2 |\n"
TAIL = "\n| 3 | 4 |\n| 5 | 6 |\n| 7 | 8 |\nAfter."


@SETTINGS
@given(TEXT)
@example(HEAD + "| |" + TAIL)  # debris ends the table
@example(HEAD + "|" + TAIL)
@example(HEAD + "x | y" + TAIL)  # an unframed line under a framed table
@example(HEAD + "c | d | e" + TAIL)
@example(HEAD + "|| x | y ||" + TAIL)  # Jira header cells
@example(HEAD + "| x || y |" + TAIL)  # an empty cell, not a Jira row
@example(HEAD + "> | q | r |" + TAIL)
@example(HEAD + "| x \\| y | z |" + TAIL)  # an escaped pipe
@example(HEAD + "| x | y |\n|---|---|" + TAIL)  # a table of its own below
@example(HEAD + "| A | B |---|---| 1 | 2 |" + TAIL)  # a table glued onto a line
@example("> " + HEAD.replace("\n", "\n> ") + "| 3 | 4 |\n| 5 | 6 |\nAfter.")  # a quoted table
@example("Intro > more\n" + HEAD + "| 3 | 4 |\n> | 5 | 6 |\n| 7 | 8 |\n")
@example("a | b\n--|--\n1 | 2\n3 \\| 4\n5 | 6\n7 | 8\n")  # every pipe of a line escaped: it ends the table
def test_plain_rows_taken_at_once_read_as_the_row_loop_reads_them(text: str) -> None:
    slow = _grid_without(pipe, "_plain_rows", lambda lines, j, framed: ([], []), text)  # every row through the loop
    assert _grid(text) == slow


@SETTINGS
@given(st.lists(st.sampled_from(["-", "=", "--", "-=", "=-", " ", "  ", "\t", "a"]), max_size=8).map("".join))
@example("-=  =-")
def test_the_aligned_finder_looks_for_a_ruler_wherever_one_can_be(line: str) -> None:
    """find_aligned_table tries its ruler regex only on lines holding what a ruler needs first."""
    from tablefix.readers.aligned import _RULER, _may_be_ruler

    if _RULER.fullmatch(line):
        assert _may_be_ruler(line)


def test_a_ruler_of_mixed_dashes_is_not_read_as_a_row() -> None:
    from tablefix.model import Table

    text = "aa  bb\ncc  dd\n-=  =-\nee  ff\n"
    assert not any(isinstance(b, Table) for b in read_text(text).blocks)


def _raw_cells_one_by_one(rows: list[list[str]], width: int) -> list[list[str]]:
    """raw_cells as it was written, a PipeRow's votes at a time."""
    leading = [not p[0].strip() for p in rows]
    trailing = [not p[-1].strip() for p in rows]
    lead = sum(leading) * 2 > len(rows)
    trail = sum(trailing) * 2 > len(rows)
    cells = [p[(lead and a):len(p) - (trail and b)] for p, a, b in zip(rows, leading, trailing, strict=True)]
    if width and leading[0] and trailing[0] and len(cells[0]) != width == len(pipe.inner_pieces(rows[0])):
        cells[0] = pipe.inner_pieces(rows[0])
    return cells


@SETTINGS
@given(st.lists(st.lists(PIECE, min_size=2, max_size=6), min_size=1, max_size=6), st.integers(0, 5))
def test_outer_pipes_cut_in_c_as_row_by_row(rows: list[list[str]], width: int) -> None:
    cells, stripped = pipe._cut_rows(rows, [[p.strip() for p in r] for r in rows], width)
    want = _raw_cells_one_by_one(rows, width)
    assert cells == want
    assert stripped == [[p.strip() for p in r] for r in want]


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["", "a", "bc"]), max_size=5), max_size=6))
def test_widest_is_the_widest_content(rows: list[list[str]]) -> None:
    assert widest(rows) == max(map(content_width, rows), default=0)
    assert widest([tuple(r) for r in rows]) == max(map(content_width, rows), default=0)


@SETTINGS
@given(st.text(alphabet="ab \\`*_[<&~]|é\n", max_size=20))
def test_has_markup_is_the_markup_pattern(text: str) -> None:
    assert has_markup(text) == (MARKUP.search(text) is not None)


@SETTINGS
@given(st.lists(st.lists(PIECE, min_size=1, max_size=5), min_size=1, max_size=5), st.booleans(), st.booleans())
def test_rows_render_as_each_rows_cells(rows: list[list[str]], markdown: bool, strong: bool) -> None:
    lines = Lines("x", markdown)
    lines._strong = markdown
    assert lines.rows(rows, strong) == [lines.cells(r, strong) for r in rows]
    stripped = [[p.strip() for p in r] for r in rows]
    plain = not any(MARKUP.search(p) for r in rows for p in r)
    assert lines.rows(rows, strong, stripped, plain) == [lines.cells(r, strong) for r in rows]


_OLD_STRONG = re.compile(r"(?<![^\W_])(?<!\*)\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)"
                         r"|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])")
_OLD_EM = re.compile(r"(?<![^\W_])(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"
                     r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_OLD_STRIKE = re.compile(r"(?<!~)~~(?=\S)(.+?)(?<=\S)~~(?!~)")
"""The emphasis patterns as they were, with the look behind the marker first."""


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["*", "**", "_", "__", "~", "~~", "a", "b", " ", "1", "\\", "é", "x_y", "\n"]),
                max_size=14).map("".join))
def test_emphasis_patterns_find_what_they_found_with_the_look_behind_first(text: str) -> None:
    from tablefix import inline_md

    for old, new in ((_OLD_STRONG, inline_md._STRONG), (_OLD_EM, inline_md._EM), (_OLD_STRIKE, inline_md._STRIKE)):
        assert [m.span() + m.groups() for m in old.finditer(text)] == \
               [m.span() + m.groups() for m in new.finditer(text)]


_OLD_EMPHASIS = re.compile(r"\*(?<![\w*\\]\*)[^\s*][^*\n]*(?<![\s\\])\*(?![\w*])"
                           r"|_(?<![\w\\]_)[^\s_][^_\n]*(?<![\s\\])_(?!\w)")


def _emphasis_in_prose_as_one_pattern(text: str) -> bool:
    for m in _OLD_EMPHASIS.finditer(text):
        start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        if "|" not in text[start:end if end >= 0 else len(text)]:
            return True
    return False


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["*", "_", "a", "b c", " ", "\\", "|", "\n", "*x*", "_y_", "a_b", "**"]),
                max_size=16).map("".join))
def test_emphasis_evidence_split_in_two_patterns_agrees(text: str) -> None:
    if base._strong_evidence(text):
        return  # decided before the emphasis patterns are asked
    assert base._looks_like_markdown(text) == _emphasis_in_prose_as_one_pattern(text)


WORDY = st.sampled_from(["", "a", "one two", "a b c d e f g", "x " * 8, "seven words in this cell right here"])


@SETTINGS
@given(st.lists(st.lists(WORDY, min_size=1, max_size=4), min_size=1, max_size=5))
def test_prose_in_columns_counts_words_as_cell_by_cell(rows: list[list[str]]) -> None:
    tuples = [tuple(r) for r in rows]
    width = min(map(len, tuples))
    want = width > 0
    for k in range(width):
        cells = [r[k] for r in tuples if r[k]]
        if sum(len(c.split()) for c in cells) <= MAX_WORDS_PER_CELL * len(cells):
            want = False
            break
    assert _prose_in_columns(tuples) == want


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["", "a", "[x](y)", "* a + b", "---", ":--", "b"]), min_size=1, max_size=4),
                min_size=1, max_size=5), st.booleans())
def test_layout_check_reads_a_joined_table_as_its_own_join(rows: list[list[str]], headed: bool) -> None:
    header, body = (rows[0], rows[1:]) if headed else (None, rows)
    every = ([header] if header is not None else []) + body
    joined = "\x00".join(map("\x00".join, every))  # empty rows and cells included, as the pipe finder gives it
    assert looks_like_layout(header, body, joined) == looks_like_layout(header, body)


def _empty_columns_by_transposing(header: list[str] | None, body: list[list[str]]) -> bool:
    """The layout check's last rule as it was written: transpose the body, count the columns empty in every row."""
    body = [r for r in body if any(r)]
    columns = list(zip(*body, strict=False))
    width = len(columns)
    empty = width - 1 - sum(map(any, columns[1:])) if width else 0
    unnamed = header is None or not all(header)
    return width > 1 and empty * 2 > width - 1 and (empty >= 2 or unnamed)


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["", "", "a", "b c"]), min_size=0, max_size=6), min_size=1, max_size=6),
       st.booleans())
def test_layout_check_finds_empty_columns_as_by_transposing(rows: list[list[str]], headed: bool) -> None:
    """The first row rules out most tables before the body is transposed; the answer is the same (the earlier
    rules, which fire on few of these cells, say yes alike)."""
    header, body = (rows[0], rows[1:]) if headed else (None, rows)
    if header is not None and not [r for r in body if any(r)]:
        return
    cells = [c for r in ([header] if header is not None else []) + [r for r in body if any(r)] for c in r]
    if not any(cells) or sum(map(bool, cells)) * 3 < len(cells):
        return  # mostly blanks: said before the last rule
    assert looks_like_layout(header, body) == _empty_columns_by_transposing(header, body)


def _two_spaces_line_by_line(scan: str, pos: int) -> int:
    """The candidate scan's two spaces between words as first written: each `  ` found, its line sliced."""
    while (k := scan.find("  ", pos)) >= 0:
        line_start = scan.rfind("\n", 0, k) + 1
        line_end = scan.find("\n", k)
        line_end = len(scan) if line_end < 0 else line_end
        if not scan[k:line_end].strip():
            pos = line_end + 1
        elif not scan[line_start:k].strip():
            pos = k + len(scan[k:line_end]) - len(scan[k:line_end].lstrip())
        else:
            return k
    return len(scan)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([" ", "  ", "   ", "\t", "\n", "a", "bc", "\xa0", "\u3000", "\r", "\x0b", "|"]),
                max_size=30).map("".join))
def test_two_spaces_between_words_found_as_line_by_line(scan: str) -> None:
    from tablefix.readers.text import _two_spaces

    for pos in [0] + [k + 1 for k, c in enumerate(scan) if c == "\n"]:
        assert _two_spaces(scan, pos) == _two_spaces_line_by_line(scan, pos)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([" ", "   ", "    ", ">", "> ", "\n", "|", "a", "->", "\t"]), max_size=20).map("".join))
def test_unquote_skips_only_texts_without_a_quote_marker(text: str) -> None:
    from tablefix.readers.text import _QUOTE

    assert _unquote(text) == _QUOTE.sub(lambda m: " " * len(m.group()), text)


@SETTINGS
@given(TEXT)
@example(HEAD + "| 3 | 4 | | | |" + TAIL)  # trailing empty cells
@example("| | |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |")  # an all-empty header: no header
@example("| *a* | b |\n|---|---|\n| [x]() | 2 |\n| 3 | 4 |")  # rendered cells
def test_pipe_finder_gives_the_widths_the_one_column_check_would_measure(text: str) -> None:
    from tablefix.model import Table
    from tablefix.readers.text import _width

    lines = Lines(text, True)
    for i in range(len(lines)):
        found = pipe.find_pipe_table(lines, i)
        if found is not None and found.widths:
            assert found.widths == tuple(_width(b) for b in found.blocks if isinstance(b, Table))


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["", " a ", "*x*", " \\| ", "a\\|b", "_y_", "\x00", "a\x00*b*", "[l](u)",
                                          "&amp;", "\\", "`c`", "é"]), max_size=5), max_size=6),
       st.booleans(), st.booleans())
def test_rows_find_the_cells_to_change_as_row_by_row(rows: list[list[str]], markdown: bool, strong: bool) -> None:
    """The cells that change, found in all cells joined by NULs, are those `cells` changes row by row (empty rows
    and NULs inside cells too)."""
    lines = Lines("x", markdown)
    lines._strong = not markdown
    assert lines.rows(rows, strong) == [lines.cells(r, strong) for r in rows]


PLUS_LINE = st.one_of(
    st.lists(st.sampled_from(["+", "+", "-", "=", ":", "─", "═", "━", "├", "┼", "│", "|", " ", "  ", "\xa0",
                              "\u3000", "\t", "a", "bc", "é"]), max_size=12).map("".join),
    st.sampled_from(["+---+---+", "+===+===+", "| a | b |", "  + item", "  + item  two", "+-----+", "+═══+",
                     "├──+──┤", "+:--+--:+", "| 1 | 2 |", "a  b", "\xa0  + x", "+ x  \xa0", "-- --", "---"]))


@SETTINGS
@given(st.lists(PLUS_LINE, min_size=1, max_size=10).map("\n".join))
@example("+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n")
@example("├──+──┤\n│ a│ b│\n├──+──┤\n│ 1│ 2│\n├──+──┤\n")
@example("├──┼──+\n│ a│ b│\n├──┼──+\n│ 1│ 2│\n├──┼──+\n")  # the border's one `+` at its end
@example("\xa0  + a\n\xa0  + b\n\xa0  + c\n")  # two spaces the aligned finder takes and the gap does not
@example("+ x\n-- --\n")  # a ruler under the line: the `--` below makes it a candidate
def test_a_plus_left_out_of_the_candidates_starts_no_table(text: str) -> None:
    """The candidate scan takes a `+` only beside a rule character or on a line with two spaces between
    characters: reading is the same as with every line holding a `+` a candidate."""
    from tablefix.readers import text as text_reader

    def every_plus(scan: str, pos: int) -> int:
        k = scan.find("+", pos)
        return len(scan) if k < 0 else k

    slow = _grid_without(text_reader, "_next_plus", every_plus, text)
    assert _grid(text) == slow


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([" ", "  ", "   ", "\t", "a", "+", "\xa0", "\u3000", "\r"]), max_size=12).map("".join))
def test_two_spaces_found_literal_first_as_by_their_neighbours(line: str) -> None:
    """The aligned finder's first test, its regex written literal first, says what `[^ \\t] {2,}[^ \\t]` says."""
    from tablefix.readers.aligned import two_spaces_between

    assert two_spaces_between(line) == (re.search(r"[^ \t] {2,}[^ \t]", line) is not None)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["\\", "\\a", "\\ab", "\\|", "{", "}", "_{", "^{", "$", "$x$", "a", "|", " "]),
                max_size=8).map("".join))
def test_tex_looked_for_only_where_it_can_be(text: str) -> None:
    from tablefix.readers.not_tables import _TEX, has_tex

    assert has_tex(text) == (_TEX.search(text) is not None)


GAP_LINE = st.one_of(
    st.lists(st.sampled_from(["a", "bc", " ", "  ", "   ", "\t", "|", "+", "-", "--", "==", "\xa0", "\u3000", "中",
                              "e\u0301", " \u0301 ", "\u200b", "<", "`", "~", ":"]), max_size=10).map("".join),
    st.sampled_from(["a  b", "a  b  c", "1  2  3", "name   size", "x  y", "  a  b", "a  b  ", "-----  -----",
                     "---  ---", "=====  =====", "----", "a \u0301 b", "中文  字", "a\xa0 \xa0b", "a | b", "a\tb",
                     "+---+---+", "", "Some prose here.", "a  b\t", "```", "~~~"]))


@SETTINGS
@given(st.lists(GAP_LINE, min_size=1, max_size=10).map("\n".join))
@example("a  b\nc  d\ne  f\n")
@example("a  b\nc  d\n")
@example("a  b\nc  d\ne  f")
@example("Name  Size\n----  ----\nx     1\n")
@example("Name  Size\n-----------\nx     1\n")
@example("a  b\nc \u0301 d\ne  f\n")  # a mark dropped from the shape joins two blanks: a row
@example("a  b\n\u4e2d\u6587  \u5b57\n\u4e2d  \u6587\n")
@example("x\na  b\nc  d\ne  f\ng\n")
def test_a_gap_left_out_of_the_candidates_starts_no_table(text: str) -> None:
    """The candidate scan takes two spaces between words only on a line the aligned finder can start a table
    at (a ruler below, or two rows it would take): reading is the same as with every gap a candidate."""
    from tablefix.readers import text as text_reader

    slow = _grid_without(text_reader, "_gap_starting_rows", text_reader._two_spaces, text)
    assert _grid(text) == slow


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([" ", "  ", "   ", "\t", "\n", "a", "+", "\xa0", "\u3000", "\r"]),
                max_size=24).map("".join))
def test_two_spaces_of_a_line_found_between_its_bounds(scan: str) -> None:
    """`_next_plus` asks the aligned finder's first test of a line between its bounds in the scan, not of a
    copy of it: the same answer (the look behind sees the newline before the line, the newline after is out)."""
    from tablefix.readers.aligned import two_spaces_between, two_spaces_between_in

    for start in [0] + [k + 1 for k, c in enumerate(scan) if c == "\n"]:
        end = scan.find("\n", start)
        end = len(scan) if end < 0 else end
        assert two_spaces_between_in(scan, start, end) == two_spaces_between(scan[start:end])


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["", " ", " a ", "*x*", "**", "* *", " \\| ", "\\|", "a\\|b", "_y_", "__",
                                          "\x00", "[l](u)", "[](u)", "![](i.png)", "<!-- -->", "<b></b>", "&amp;",
                                          "&#32;", "\\", "``", "` `", "`c`", "~~~~", "é"]), max_size=5), max_size=6),
       st.booleans(), st.booleans())
def test_rendering_cells_never_widens_a_row(rows: list[list[str]], markdown: bool, strong: bool) -> None:
    """The pipe finder rejects a run of one-cell rows before rendering them: rendering may empty a cell but
    never fills an empty one, so the rendered rows are no wider than the stripped ones."""
    lines = Lines("x", markdown)
    lines._strong = markdown
    assert widest(lines.rows(rows, strong)) <= widest([[c.strip() for c in r] for r in rows])


TAB_LINE = st.one_of(
    st.lists(st.sampled_from(["a", "bc", " ", "  ", "\t", "\t\t", "|", "+", "-", "--", "<", "<table>", "<TABLE ",
                              "</table>", "\xa0", "é", "+---+", "┌──┬──┐", "├──┤", "<b>"]), max_size=8).map("".join),
    st.sampled_from(["a\tb", "\ta\tb", "a\tb\t", "\t", "x\ty\tz", "+---+---+\t", "\t+---+", "| a | b |", "a  b",
                     "<table><tr><td>1</td></tr></table>", "", "prose", "<table", "┌──┬──┐\t", "1\t2"]))


@SETTINGS
@given(st.lists(TAB_LINE, min_size=1, max_size=10).map("\n".join))
@example("a\tb\nc\td\n")
@example("\ta\tb\n\tc\td\n")  # tab-indented: no block
@example("a\tb\n\tc\n")
@example("+---+---+\t\n| a | b |\n+---+---+\n| 1 | 2 |\n+---+---+\n")  # a border with a tab at its end
@example("├──┬──┤\t\n│ a│ b│\n├──┼──┤\n│ 1│ 2│\n└──┴──┘\n")  # no mark but its tab: the finders of none try it
@example("<TABLE><tr><td>1</td><td>2</td></tr></TABLE>\n")
@example("x <table>\n<tr><td>1</td></tr></table>\n")
def test_a_tab_or_angle_left_out_of_the_candidates_starts_no_table(text: str) -> None:
    """The candidate scan takes a tab only on a line the TSV finder can start a block at or on a grid's top
    border, and a `<` only as `<table`: reading is the same as with every tab and `<` a candidate."""
    from tablefix.readers import text as text_reader

    original = text_reader._next_mark

    def every(scan: str, c: str, pos: int) -> int:
        if c in "\t<":
            k = scan.find(c, pos)
            return len(scan) if k < 0 else k
        return original(scan, c, pos)

    slow = _grid_without(text_reader, "_next_mark", every, text)
    assert _grid(text) == slow


@SETTINGS
@given(st.builds(_line, ROW, st.booleans(), st.booleans()) | LINE,
       st.sampled_from(["", "Some prose.", "---", "a - b", "> q", "x", "- item", "Name: value", "\\hat{U}", "<b>"]),
       st.booleans())
@example("Pingback: Title | Site", "", False)
@example("- [Asia](/asia) | News", "x", True)
@example("| - | - |", "", False)
@example("$x$ | $y$", "", False)
@example("- $x$ | y", "x", False)  # a list line, but TeX: not taken as text
@example("|---|---|", "x", False)  # a delimiter row alone: no header, no table, not text either
def test_a_pipe_line_alone_is_read_as_by_the_whole_finder(line: str, below: str, last: bool) -> None:
    """A pipe line over a line that is no row, delimiter row or header half takes `_one_row`; the whole finder,
    made to run by a `+` below that changes nothing it asks of that line, gives the same."""
    text = line if last else f"{line}\n{below}"
    fast = pipe.find_pipe_table(Lines(text), 0)
    slow = pipe.find_pipe_table(Lines(f"{line}\n+" if last else f"{line}\n{below} +"), 0)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        if last:  # the line alone has no newline, the slow one's has: the same line taken as text
            assert (fast.next_line, fast.fixes, [b.text + "\n" for b in fast.blocks]) == (
                slow.next_line, slow.fixes, [b.text for b in slow.blocks])
        else:
            assert (fast.start, fast.end, fast.next_line, fast.fixes) == (
                slow.start, slow.end, slow.next_line, slow.fixes)
            assert [repr(b) for b in fast.blocks] == [repr(b) for b in slow.blocks]


MENU_LINE = st.one_of(
    st.builds("| {}".format, st.sampled_from(["Home", "News", "[Home](/)", "[A](/a) [B](/b)", "---", "-", ":-:",
                                                "--+--", "a - b", "$x$", "\\\\frac", "- item", "Label: x", "x \\\\| y",
                                                "* a * b * c * d * e", "", " ", "a | b", "|", "Name", "<b>x</b>"])),
    st.sampled_from(["", "prose", "a | b", "|---|", "| --- |", "+---+", "x + y", "> | q", "> | [q](u)", "> x",
                     "|| H ||", "  | indented", "-+-",
                     "|", "| |", "Title | Site", "[Home](/) | [News](/n)", "\tx", "---"]))


@SETTINGS
@given(st.lists(MENU_LINE, min_size=1, max_size=14).map("\n".join))
@example("Menu\n| Home\n| News\n| Contact\n| About\nEnd")
@example("| Home\n| News\n| [Contact](/c)\n| [About](/a)\n")  # the tail from the third row on is a link list
@example("| Home\n| News\n| Contact\n|---|\n| x\n| y\n")
@example("| Home\n| News\n| -\n| Contact\n")  # a row of a dash heads what is below it
@example("| Home\n| News\n| Contact\n+---+\n")
@example("| Home\n| News\n| Contact\n-+-\n")  # a `-+-` rule under the last row makes it a header
@example("> | Home\n> | News\n| Contact\n| About\n> x\n")  # a run ends where its quote does
@example("Quote:\n> | Home\n> | News\n> | Contact\nEnd")
def test_a_run_of_one_column_rows_is_read_as_line_by_line(text: str) -> None:
    """Once the pipe finder rejects a run of `| X` lines as one column it says no at the run's later lines at
    once: reading is the same as asking it at each of them."""
    from tablefix.readers import pipe as pipe_reader

    slow = _grid_without(pipe_reader, "_no_table_below", lambda *args: False, text)
    assert _grid(text) == slow


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<", "table", "TABLE", "TaBlE", "tab", "le", "x", " ", "_", "\n", "\u212a", "é"]),
                max_size=8).map("".join))
def test_markup_found_with_the_case_flag_on_its_letters(text: str) -> None:
    """`_MARKUP` scopes the case flag to `table` so its search jumps between `<`s: it finds what the pattern
    with the flag on all of it finds."""
    from tablefix.readers.text import _MARKUP

    whole = re.compile(r"<table\b", re.IGNORECASE).search(text)
    assert (m.span() if (m := _MARKUP.search(text)) else None) == (whole.span() if whole else None)

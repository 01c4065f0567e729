"""The repair passes' fast paths agree with the slower code they stand in for, on inputs built to hit their
edges: a run cut where its lines are (found in the line starts, untouched lines kept together) against the
run cut a line at a time; the lines a cut covers, found from the cuts, against each line asked; a line key's
`](` against its line's; a table fitted where its rows differ against every row through `fit`."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from tablefix.model import Block, Document, Noise, SourceMap, Table, Text, by_lines, text_lines
from tablefix.repairs import cut as cut_mod
from tablefix.repairs.cut import Cut, apply_cuts

SETTINGS = settings(max_examples=500, deadline=None, derandomize=True)

LINE = st.sampled_from(["", " ", "a", "Some prose here.", "  | x | y |", "\t", "css { x: y }", "é ü", "|"])
TEXT = st.lists(LINE, min_size=1, max_size=10).map("\n".join).flatmap(
    lambda t: st.sampled_from([t, t + "\n"]))


def _old_apply_cuts(doc: Document, cuts: list[Cut]) -> list[Block]:
    """apply_cuts as it was: every run that a cut touches split into its lines, each line cut alone."""
    spans = doc.source_map().span
    cuts = sorted(cuts, key=lambda c: c.start)

    def mend(block: Block, inside: list[Cut]) -> list[Block]:
        if isinstance(block, Noise):
            return [block]
        if isinstance(block, Text) and block.kind == "raw":
            return cut_mod._with_cuts(text_lines(block), inside,
                                      lambda line, on: cut_mod._split_text(line, on, spans))
        s, e = block.span.start, block.span.end
        if inside[0].start <= s and e <= inside[0].end:
            return [Noise(doc.text[s:e], block.span, inside[0].reason)]
        return [block]

    return cut_mod._with_cuts(list(doc.blocks), cuts, mend)


@st.composite
def documents_and_cuts(draw: st.DrawFn) -> tuple[Document, list[Cut]]:
    """A text split into blocks at random offsets (runs that start or end inside a line, a table or noise
    among them) and sorted, disjoint, non-empty cuts anywhere in it."""
    text = draw(TEXT)
    n = len(text)
    bounds = sorted(set(draw(st.lists(st.integers(0, n), max_size=6))) | {0, n})
    smap = SourceMap(text)
    blocks: list[Block] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        kind = draw(st.sampled_from(["raw", "raw", "raw", "table", "noise"]))
        span = smap.span(a, b)
        if kind == "table":
            blocks.append(Table(None, (("x",),), span, "pipe"))
        elif kind == "noise":
            blocks.append(Noise(text[a:b], span, "css"))
        else:
            blocks.append(Text(text[a:b], span))
    points = sorted(set(draw(st.lists(st.integers(0, n), max_size=8))))
    cuts = [Cut(a, b, "duplicate", "c", "m") for a, b in zip(points[0::2], points[1::2], strict=False) if a < b]
    return Document(text, tuple(blocks), line_map=smap), cuts


@SETTINGS
@given(documents_and_cuts())
def test_a_run_cut_where_its_lines_are_reads_as_the_run_cut_a_line_at_a_time(
        case: tuple[Document, list[Cut]]) -> None:
    doc, cuts = case
    new, _ = apply_cuts(doc, cuts, doc.source_map().span)
    assert by_lines(new.blocks) == by_lines(_old_apply_cuts(doc, cuts))
    assert "".join(b.text if not isinstance(b, Table) else doc.text[b.span.start:b.span.end]
                   for b in new.blocks) == doc.text  # the blocks still cover the input


BLOCK_LINE = st.sampled_from(["", " ", "Home", "HOME ", "\tHome", "[Home](/) [Blog](/b)", "Straße", "STRASSE",
                              "Главная", "\u00a0", "open", "closed", "A sentence said again here.", "  x  y "])


@st.composite
def runs_and_cuts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[Cut]]:
    """A text, runs of it (the prose between tables: they may start or end inside a line) and cuts anywhere,
    overlapping or not."""
    text = "\n".join(draw(st.lists(BLOCK_LINE, min_size=1, max_size=16)))
    points = sorted(set(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=8))))
    runs = [(a, b) for a, b in zip(points[0::2], points[1::2], strict=False) if a < b]
    cuts = [Cut(a, min(len(text), a + n), "duplicate", "c", "m")
            for a, n in draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(1, 40)), max_size=4))]
    return text, runs, cuts


def _exact_not_cut(lines: list[Any], cuts: list[Cut]) -> list[Any]:
    """The lines no cut covers whole (from their first to their last non-blank character): each line asked."""
    if not cuts:
        return lines
    spans = sorted((c.start, c.end) for c in cuts)
    starts, reach, furthest = [a for a, _ in spans], [], -1
    for _, b in spans:
        furthest = max(furthest, b)
        reach.append(furthest)  # the furthest end of any cut starting here or before
    out = []
    for line in lines:
        k = bisect_right(starts, line.text_start) - 1
        if k < 0 or reach[k] < line.end:
            out.append(line)
    return out


class _OldLine(NamedTuple):
    """A line as repeated_blocks once made one for every line (its exact key)."""

    start: int
    end: int
    text_start: int
    key: str
    run: int


def _old_lines(text: str, runs: list[tuple[int, int]], fenced: list[tuple[int, int]]) -> list[_OldLine]:
    """Every non-blank line of the runs outside fenced code, as repeated_blocks._lines made them."""
    fence_starts = [a for a, _ in fenced]
    out = []
    for run, (start, end) in enumerate(runs):
        pos = start
        for line in text[start:end].split("\n"):
            key = " ".join(line.casefold().split())
            if key:
                first = pos + len(line) - len(line.lstrip())
                k = bisect_right(fence_starts, first) - 1
                if k < 0 or first >= fenced[k][1]:
                    out.append(_OldLine(pos, first + len(line.strip()), first, key, run))
            pos += len(line) + 1
    return out


def _new_lines(text: str, runs: list[tuple[int, int]]) -> tuple[Any, Any, list[bytes]]:
    """repeated_blocks._Lines of the runs, their document, and the lines' stand-ins."""
    from collections import Counter
    from types import SimpleNamespace

    from tablefix.repairs import repeated_blocks as rb
    from tablefix.repairs.repeat_scan import scan

    texts = [text[a:b] for a, b in runs]
    doc = SimpleNamespace(text=text, source_map=lambda: SourceMap(text))
    scanned = scan(texts)
    stand_ins = rb._fold_stand_ins(texts, scanned.line_folds, scanned.unknown_lines)
    said = [x for x in stand_ins if x]
    return rb._Lines(doc, runs, texts, stand_ins, said, Counter(said)), doc, stand_ins  # type: ignore[arg-type]


@SETTINGS
@given(runs_and_cuts())
def test_the_lines_a_cut_covers_are_those_not_cut_leaves_out(
        case: tuple[str, list[tuple[int, int]], list[Cut]]) -> None:
    """repeated_blocks works out where a line is only when asked, and finds the lines the cuts cover whole (or
    fenced code holds) by bisection from the cuts: they must be where the old line records had them, the lines
    each line asked leaves out, and a block the lines left may hold must show in their stand-ins."""
    from tablefix.repairs import repeated_blocks as rb

    text, runs, cuts = case
    if not runs:
        return
    lines, _, stand_ins = _new_lines(text, runs)
    old = _old_lines(text, runs, [])
    n = len(lines.keys)
    assert [(lines.start(i), lines.end(i), lines.text_start(i), lines.run(i)) for i in range(n)] == [
        (line.start, line.end, line.text_start, line.run) for line in old]
    joined = [i for i, x in enumerate(stand_ins) if x]  # each line's index among the lines stood in for
    assert len(joined) == len(old)
    exact_left = _exact_not_cut(old, cuts)
    gone = rb._covered(lines, cuts)
    assert rb._without(old, gone) == exact_left
    if rb._pair_or_links_repeat([line.key for line in exact_left], "]("):
        covered = {joined[i] for i in gone}
        assert rb._pair_or_links_repeat([x for i, x in enumerate(stand_ins) if x and i not in covered], b"(")
    fenced = sorted({(c.start, c.end) for c in cuts})
    fenced = [span for k, span in enumerate(fenced) if k == 0 or span[0] >= fenced[k - 1][1]]  # disjoint, as fences are
    in_fences = lines.starting_in(fenced)
    assert rb._without(old, in_fences) == _old_lines(text, runs, fenced)


BLOCK_DOC = st.lists(st.sampled_from(["", "Home", "HOME", "[Home](/) [Blog](/b)", "open", "closed", "Straße",
                                      "STRASSE", "x", "Venue: Linde", "A sentence said again here.", "  x  y "]),
                     min_size=1, max_size=40).map("\n".join)


@SETTINGS
@given(BLOCK_DOC, st.data())
def test_a_round_on_the_shortened_lines_finds_what_it_finds_on_all_of_them(text: str, data: st.DataObject) -> None:
    """repeated_blocks leaves out of a round all but the first of each stretch of lines said once: the block
    tests and the blocks found must be those of the round on every line (lines cut or not, runs split)."""
    from tablefix.repairs import repeated_blocks as rb

    points = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=4))) | {0, len(text)})
    runs = [(a, b) for a, b in zip(points, points[1:], strict=False) if a < b][::data.draw(st.sampled_from([1, 2]))]
    if not runs:
        return
    lines, doc, _ = _new_lines(text, runs)
    n = len(lines.keys)
    gone = sorted(set(data.draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=4)))) if n else []
    for cut in ([], gone):  # the first round (the cut lines in it) and a later one (the cut lines left out)
        ids, keys = lines.round(cut)
        every, all_keys = rb._without(list(range(n)), cut), rb._without(lines.keys, cut)
        assert set(every) >= set(ids)
        assert rb._pair_or_links_repeat(keys, "](") == rb._pair_or_links_repeat(all_keys, "](")
        assert rb._blocks(doc, lines, ids, keys, set(gone)) == rb._blocks(  # type: ignore[arg-type]
            doc, lines, every, all_keys, set(gone))


def test_a_line_key_is_its_own_key() -> None:
    """repeated_blocks lets a line said once stand for its key: no line may equal another line's key unless it
    has that key, so a key must be its own key, for every string. casefold maps each character on its own, so
    it is enough that every character a casefold gives casefolds to itself and that whitespace casefolds to
    itself and nothing else to any: a key's words then casefold to themselves, and split as they were joined."""
    import sys

    from tablefix.repairs.repeated_blocks import _line_key

    def holds(c: str) -> bool:
        folded = c.casefold()
        return (all(d.casefold() == d for d in folded) and folded != ""
                and (folded == c if c.isspace() else not any(map(str.isspace, folded))))

    assert [c for c in map(chr, range(sys.maxunicode + 1)) if not holds(c)] == []
    for line in ["  Home  ", "ÄÖ\u00a0ß", "\ufb01sh  \tfish", "\u212aelvin"]:
        assert _line_key(_line_key(line)) == _line_key(line)


def _old_fit_table(table: Table) -> tuple[Table, list[object]]:
    """ragged.fit_table as it was: every row through `fit`, the width from content_width of every row."""
    from dataclasses import replace

    from tablefix.model import Fix, content_width

    rows = list(table.rows)
    all_rows = ([table.columns] if table.columns is not None else []) + rows
    lengths = set(map(len, all_rows))
    if len(lengths) == 1 and (0 in lengths or any(r[-1] for r in all_rows)):
        return table, []
    width = max(map(content_width, all_rows), default=0)
    if lengths <= {width}:
        return table, []
    fixes: list[object] = []
    trimmed = sum(len(r) - width for r in all_rows if len(r) > width)
    if trimmed:
        fixes.append(Fix("trim-empty-cells", f"dropped {trimmed} empty trailing cells beyond the table's "
                         f"{width} columns", table.span))

    def fit(row: tuple[str, ...], k: int) -> tuple[str, ...]:
        if len(row) >= width:
            return row[:width]
        missing = width - len(row)
        label = f"row {k}" if k else "header"
        fixes.append(Fix("pad-short-row", f"{label} had {len(row)} of {width} cells; padded with {missing} "
                         "empty cell" + "s" * (missing > 1), table.span))
        return row + ("",) * missing

    columns = fit(table.columns, 0) if table.columns is not None else None
    body = tuple(fit(r, k) for k, r in enumerate(rows, 1))
    if columns == table.columns and body == table.rows:
        return table, fixes
    return replace(table, columns=columns, rows=body), fixes


CELLS = st.lists(st.sampled_from(["", "", "a", "b c"]), max_size=5).map(tuple)


@SETTINGS
@given(st.one_of(st.none(), CELLS), st.lists(CELLS, max_size=6))
def test_a_table_is_fitted_as_every_row_through_fit_would_be(columns: tuple[str, ...] | None,
                                                             rows: list[tuple[str, ...]]) -> None:
    from tablefix.repairs.ragged import fit_table

    table = Table(columns, tuple(rows), SourceMap("x").span(0, 1), "pipe")
    assert fit_table(table) == _old_fit_table(table)


def test_a_line_key_holds_a_link_exactly_when_its_line_does() -> None:
    """repeated_blocks asks a line's key for `](` before its text: casefolding and collapsing whitespace must
    neither make nor break one, so no other character may casefold to a bracket."""
    import sys

    from tablefix.repairs.repeated_blocks import _line_key

    assert [c for c in map(chr, range(sys.maxunicode + 1))
            if c not in "](" and ("]" in c.casefold() or "(" in c.casefold())] == []
    for line in ["[a](b)", " [A]( b)", "[a] (b)", "[a]\u00a0(b)", "\t[Ä](/x)  ", "a]("]:
        assert ("](" in _line_key(line)) == ("](" in line)

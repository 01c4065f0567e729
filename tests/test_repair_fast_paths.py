"""The repair passes' fast paths agree with the slower code they stand in for, on inputs built to hit their
edges: a run cut where its lines are (found in the line starts, untouched lines kept together) against the
run cut a line at a time."""

from __future__ import annotations

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
def test_a_run_cut_where_its_lines_are_reads_as_the_run_cut_a_line_at_a_time(case: tuple[Document, list[Cut]]) -> None:
    doc, cuts = case
    new, _ = apply_cuts(doc, cuts, doc.source_map().span)
    assert by_lines(new.blocks) == by_lines(_old_apply_cuts(doc, cuts))
    assert "".join(b.text if not isinstance(b, Table) else doc.text[b.span.start:b.span.end]
                   for b in new.blocks) == doc.text  # the blocks still cover the input

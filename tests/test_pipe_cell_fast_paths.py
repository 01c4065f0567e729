"""Fast paths of the pipe reader, the cell renderer and the outer-pipe cut, held to the exact rules they
stand in for, on tricky inputs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st


def _reference_render(cell: str) -> str:
    """inline_md._render_spans as it was: every emphasis pattern repeated until the text stays the same, the
    emphasized text the first group that matched."""
    from html import unescape

    from tablefix import inline_md as md

    kept: list[str] = []

    def hold(text: str) -> str:
        kept.append(text)
        return f"\x00{len(kept) - 1}\x00"

    def emphasized(m: re.Match[str]) -> str:
        return next(g for g in m.groups() if g is not None)

    def up_to_last_closer(pattern: re.Pattern[str], closer: re.Pattern[str], s: str) -> str:
        out = []
        for line in s.split("\n"):
            end = max((m.end() for m in closer.finditer(line)), default=0)
            out.append(pattern.sub(emphasized, line[:end]) + line[end:] if end else line)
        return "\n".join(out)

    s = cell
    if "`" in s:
        s = md._CODE.sub(lambda m: hold(m.group(2).strip() if m.group(2).strip() else m.group(2)), s)
    if "\\" in s:
        s = md._ESCAPE.sub(lambda m: hold(m.group(1)), s)
    if "[" in s:
        s = md._LINK.sub(r"\1", md._IMAGE.sub("", s))
    if "<" in s:
        s = md._TAG.sub("", md._BR.sub("\n", md._AUTOLINK.sub(r"\1", s)))
    for pattern, closer, mark in ((md._STRONG, md._STRONG_CLOSER, "*"), (md._STRONG, md._STRONG_CLOSER, "_"),
                                  (md._EM, md._EM_CLOSER, "*"), (md._EM, md._EM_CLOSER, "_"),
                                  (md._STRIKE, md._STRIKE_CLOSER, "~~")):
        if mark in s:
            for _ in range(3):
                new = up_to_last_closer(pattern, closer, s)
                if new == s:
                    break
                s = new
    s = md._unwrap(s.strip())
    if "&" in s:
        s = unescape(s)
    if kept:
        s = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], s)
    return s.strip()


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(["*", "**", "***", "_", "__", "~", "~~", "a", "bc", " ", "\n", "`", "\\", "\\*",
                                 "[x](y)", "<b>", "&amp;", "& ", "&", "x_y", "1"]), max_size=12).map("".join))
def test_render_spans_as_before(cell: str) -> None:
    """Emphasis stops repeating once no marker is left, the placeholder regex is compiled once: the same text."""
    from tablefix import inline_md

    assert inline_md._render_spans(cell) == _reference_render(cell)



def _reference_cut_rows(pieces: list[list[str]], stripped: list[list[str]],
                        width: int) -> tuple[list[list[str]], list[list[str]]]:
    """pipe._cut_rows as it was, both lists cut at once."""
    from tablefix.readers.pipe import inner_pieces

    n = len(stripped)
    leads, trails = [s[0] for s in stripped].count(""), [s[-1] for s in stripped].count("")
    lead, trail = leads * 2 > n, trails * 2 > n
    bounds = [((lead and not s[0]), len(s) - (trail and not s[-1])) for s in stripped]
    cells = [p[a:b] for p, (a, b) in zip(pieces, bounds, strict=True)]
    cut_stripped = [s[a:b] for s, (a, b) in zip(stripped, bounds, strict=True)]
    head = stripped[0]
    if width and not head[0] and not head[-1] and len(cells[0]) != width == len(inner_pieces(pieces[0])):
        cells[0], cut_stripped[0] = pieces[0][1:-1], head[1:-1]
    return cells, cut_stripped


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", " ", "a", " b ", "  "]), min_size=2, max_size=6), min_size=1,
                max_size=6), st.integers(0, 5))
def test_rows_cut_by_the_cutter_as_before(pieces: list[list[str]], width: int) -> None:
    """The cut made once and applied to the pieces and to the stripped pieces apart is the cut made at once."""
    from tablefix.readers import pipe

    stripped = [[p.strip() for p in row] for row in pieces]
    cut = pipe._cutter(stripped, width, pieces[0])
    assert (cut(pieces), cut(stripped)) == _reference_cut_rows(pieces, stripped, width)
    assert pipe._cut_rows(pieces, stripped, width) == _reference_cut_rows(pieces, stripped, width)

"""Inline Markdown of cells: the emphasis passes read up to each line's last closing marker only."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tablefix
from tablefix import inline_md

_PAIRS = ((inline_md._STRONG, inline_md._STRONG_CLOSER), (inline_md._EM, inline_md._EM_CLOSER),
          (inline_md._STRIKE, inline_md._STRIKE_CLOSER))


def _whole_sub(pattern: re.Pattern[str], s: str) -> str:
    """What _up_to_last_closer stands in for: the pattern over the whole text."""
    return pattern.sub(inline_md._emphasized, s)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="*_~ a\n.\\", max_size=40))
@example("**a **b** c** d**")
@example("x*a* *b*\n*c *d\n")
@example("__a__b __c__ __")
@example("~~a ~~b~~ ~~")
@example("***a***")
def test_emphasis_up_to_the_last_closer_is_the_whole_substitution(s: str) -> None:
    for pattern, closer in _PAIRS:
        assert inline_md._up_to_last_closer(pattern, closer, s) == _whole_sub(pattern, s)


def test_a_cell_of_openers_without_closers_renders_in_linear_time() -> None:
    """`**a **a **a ...` made the emphasis patterns scan to the end from each opener (quadratic); the closers
    are found first now. Counted, not timed: the substitution sees only up to the last closer."""
    cell = "**a *b __c _d ~~e " * 2000
    seen = []
    real = inline_md._STRONG
    try:
        class Spy:
            def sub(self, repl, text):  # noqa: ANN001, ANN202
                seen.append(len(text))
                return real.sub(repl, text)
        inline_md._STRONG = Spy()  # type: ignore[assignment]
        inline_md.render_inline(cell)
    finally:
        inline_md._STRONG = real
    assert seen == []  # no closing `**` or `__`: the pattern is not run at all


_OLD_STRONG_EVIDENCE = re.compile(r"\*\*\S[^\n]*?\S\*\*|__(?<!\w__)\S[^\n]*?\S__(?!\w)")
"""The strong-emphasis branches of the reader's Markdown evidence before _strong_on_a_line stood in for them."""


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="*_ ab\n.", max_size=30))
@example("**a**")
@example("**ab**")
@example("a**b** **")
@example("x__a__ __b__y")
@example("___a__")
@example("** a**b**")
def test_strong_evidence_looks_at_each_line_s_first_opening_marker(s: str) -> None:
    from tablefix.readers.base import _STRONG, _strong_on_a_line

    found = any(_strong_on_a_line(s, opening, closing) for opening, closing in _STRONG)
    assert found == (_OLD_STRONG_EVIDENCE.search(s) is not None)


@pytest.mark.parametrize(("cell", "expected"), [
    ("\x005\x00 `y`", "\x005\x00 y"),  # read as a held piece's placeholder: IndexError before
    ("*x\x000\x00* `y`", "x\x000\x00 y"),  # read as the code span's placeholder: `xy y` before
    ("#\x001\\|\x00b", "#\x001|\x00b"),
    ("**a\x00b** `c`", "a\x00b c"),
])
def test_a_cells_own_nul_characters_are_kept_as_they_are(cell: str, expected: str) -> None:
    assert inline_md.render_inline(cell) == expected


def test_a_table_cell_holding_nul_characters_is_read_without_failing() -> None:
    text = "| a | b |\n|---|---|\n| \x005\x00 `y` | 2 |\n| 3 | 4 |\n"
    assert tablefix.write(tablefix.clean(text), "csv") == "a,b\n\x005\x00 y,2\n3,4\n"


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

"""model.text_lines, made with C-level maps, against the loop it replaces: a line at a time, to the span's end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tablefix.model import Span, Text, text_lines


def _lines_one_at_a_time(block: Text) -> list[Text]:
    text = block.text
    if block.kind != "raw" or text.find("\n", 0, len(text) - 1) < 0:
        return [block]
    out, start, line = [], block.span.start, block.span.line
    for piece in text.split("\n"):
        stop = start + len(piece) + 1
        if stop > block.span.end:  # the last line, without a newline (or the empty rest after the last one)
            if piece:
                out.append(Text(piece, Span(start, start + len(piece), line, line)))
            break
        out.append(Text(text[start - block.span.start:stop - block.span.start], Span(start, stop, line, line)))
        start, line = stop, line + 1
    return out


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet="a \n\t\u2028\x0c", max_size=12), st.integers(0, 50), st.integers(1, 9),
       st.sampled_from(["raw", "raw", "paragraph"]))
def test_text_lines_splits_a_run_as_the_line_by_line_loop_did(text: str, start: int, line: int, kind: str) -> None:
    block = Text(text, Span(start, start + len(text), line, line + text.count("\n", 0, max(len(text) - 1, 0))), kind)
    got = text_lines(block)
    assert got == _lines_one_at_a_time(block)
    assert all(type(t) is Text and type(t.span) is Span for t in got)

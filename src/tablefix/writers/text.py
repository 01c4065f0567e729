"""The cleaned article as text: prose as in the source, noise left out, and tables as in the source
unless a repair changed them (those are re-rendered in place as GFM): a reader who gets their text
back should find only what was fixed rewritten."""

from __future__ import annotations

from ..model import Document, Noise, Table, Text
from ..text_rules import compiled_on_first_use
from .markdown import write_markdown_table

_BLANK_RUNS = compiled_on_first_use(r"\n[ \t]*\n(?:[ \t]*\n)+")
_SPACES = " \t"


def write_text(doc: Document, all_tables_as_gfm: bool = False) -> str:
    """Join the kept pieces. Where noise was cut from inside a line, the prose on either side
    is joined with one space, and a line left empty by the cut disappears. Where whole lines were
    removed between two lines of text, a blank line keeps those two apart, so they do not run
    together into something new (a table, one paragraph) when the output is read again.
    `all_tables_as_gfm`: re-render every table, repaired or not (a Markdown document)."""
    blocks = doc.blocks
    raw = [b.__class__ is Text and b.kind == "raw" for b in blocks]  # type: ignore[union-attr]
    if all(raw):  # most documents: prose, nothing cut
        return _BLANK_RUNS.sub("\n\n", "".join([b.text for b in blocks]))  # type: ignore[union-attr]
    raw.append(False)  # so that raw.index(False, k) finds the end of every run of raw blocks
    rewrite: set[int] | None = None  # the tables to re-render, found at the first table (most have none)
    out: list[str] = []
    cut = gap = after_gfm = False  # after_gfm: the last block kept is a table re-rendered as GFM
    k = 0
    while k < len(blocks):
        if raw[k] and not (cut or gap or after_gfm):  # raw lines with no cut, gap or table before them (most)
            end = raw.index(False, k)
            # What the loop below appends for them; but only the last two pieces of `out` are ever looked at,
            # so all but the last two blocks go in as one piece (documents of many one-line blocks: a join).
            if end - k > 2:
                out.append("".join([b.text for b in blocks[k:end - 2]]))  # type: ignore[union-attr]
            for block in blocks[max(k, end - 2):end]:
                text = block.text  # type: ignore[union-attr]
                out += [text] if text.find("\n", 0, len(text) - 1) < 0 else _line_pieces(text)
            k = end
            continue
        block = blocks[k]
        k += 1
        cls = block.__class__  # the block types have no subclasses: a class test, not isinstance, each block
        if cls is Noise:
            cut = True
            gap = gap or (block.text.endswith("\n") and (not out or out[-1].endswith("\n")))  # type: ignore[union-attr]
            continue
        if cls is Table and rewrite is None:
            rewrite = _rewritten(doc, all_tables_as_gfm)
        if cls is Table and id(block) not in rewrite:  # type: ignore[operator]
            piece = doc.text[block.span.start:block.span.end]  # as written: nothing was repaired
            if gap and "".join(out[-2:]).strip() and not "".join(out[-2:]).endswith("\n\n"):
                piece = "\n" + piece
            out.append(piece)
            cut = gap = after_gfm = False
            continue
        for piece in _line_pieces(block.text) if cls is Text and block.kind == "raw" else [_render(block)]:  # type: ignore[union-attr]
            if gap and piece.strip() and not piece.startswith("\n"):
                tail = "".join(out[-2:])
                if tail.endswith("\n") and not tail.endswith("\n\n") and tail.strip():
                    piece = "\n" + piece
            gap = False
            if cut and out:
                _join(out, piece)
                piece = piece.lstrip(_SPACES)
            if cls is Table:
                piece = _set_apart(out, piece)
            elif after_gfm and piece.strip():
                piece = "\n" + piece
            cut, after_gfm = False, cls is Table
            out.append(piece)
    return _BLANK_RUNS.sub("\n\n", "".join(out))


def _rewritten(doc: Document, all_tables_as_gfm: bool) -> set[int]:
    """The ids of the tables to re-render: repaired (a fix inside it, or holes cut out of it), read from HTML,
    or all of them."""
    tables = doc.tables
    if not doc.fixes:  # no fix to look for inside a table: table_fixes's sort and bisection are not needed
        return {id(t) for t in tables if all_tables_as_gfm or t.holes or t.origin == "html"}
    return {id(t) for t, fixes in zip(tables, doc.table_fixes(), strict=True)
            if all_tables_as_gfm or fixes or t.holes or t.origin == "html"}


def _line_pieces(text: str) -> list[str]:
    """A run of lines as the rules above see it: its first line and its last two on their own (a cut or a
    table next to the run looks at no more), the lines between in one piece."""
    first = text.find("\n") + 1  # where the second line starts (0: one line)
    if first == 0 or first == len(text):  # one line: most blocks a cut has touched
        return [text]
    last = text.rfind("\n", 0, len(text) - 1) + 1  # where the last line starts
    second_last = text.rfind("\n", 0, max(last - 1, 0)) + 1
    if 0 < first < second_last:
        return [text[:first], text[first:second_last], text[second_last:last], text[last:]]
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _set_apart(out: list[str], table: str) -> str:
    """A GFM table needs a blank line before it (after prose) and after it, or the prose joins it."""
    tail = "".join(out[-2:])
    if tail and not tail.endswith("\n\n"):
        table = ("\n" if tail.endswith("\n") else "\n\n") + table
    return table


def _join(out: list[str], piece: str) -> None:
    """Make the end of `out` meet `piece` cleanly: no dangling spaces, one space between words."""
    out[-1] = out[-1].rstrip(_SPACES)
    if out[-1] and not out[-1].endswith("\n") and piece.lstrip(_SPACES)[:1] not in ("", "\n"):
        out[-1] += " "


def _render(block: Text | Table) -> str:
    if isinstance(block, Table):
        return write_markdown_table(block)
    if block.kind == "raw":
        return block.text
    if block.kind == "heading":
        return "#" * max(1, block.level) + " " + block.text + "\n\n"
    if block.kind == "item":
        return "- " + block.text + "\n"
    return block.text + "\n\n"

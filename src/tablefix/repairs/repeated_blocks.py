"""Whole blocks said twice (a menu, a footer, a share bar): removed whole, or not at all.

A block is a run of two or more lines (or one line of nothing but links: a menu entry) that
repeats, line for line and in order, a run seen earlier. Its short lines alone would never count
as repeats ("Home", "Share"), and cutting only its long lines would leave a torn menu behind, so
the block goes as one piece. It stays when it
may be part of a record: when it holds a `Label: value` field or code, or when (holding no
prose or links) no blank line parts it from the lines around it, so the repeated lines are only
part of something larger that differs (a meal plan's day, a product's features).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from ..model import Document
from ..report import excerpt
from .cut import Cut, raw_text_runs
from .line_shapes import CODE, FIELD, LINKS, PROSE, line_shape


class _Line(NamedTuple):
    start: int
    """Where the line starts (its indentation included)."""
    end: int
    """Where its last non-blank character ends."""
    text_start: int
    """Where its first non-blank character is."""
    key: str
    run: int


def _lines(doc: Document, fenced: list[tuple[int, int]]) -> list[_Line]:
    """Every non-blank line of the document's prose, outside fenced code, with its key."""
    fence_starts = [a for a, _ in fenced]
    out = []
    new = tuple.__new__  # the named tuple's own constructor is a Python function; this runs once a line
    for run, (start, end) in enumerate(raw_text_runs(doc)):
        pos = start
        for line in doc.text[start:end].split("\n"):
            text = line.strip()
            if text:
                first = pos + len(line) - len(line.lstrip())
                k = bisect_right(fence_starts, first) - 1 if fenced else -1
                if k < 0 or first >= fenced[k][1]:
                    out.append(new(_Line, (pos, first + len(text), first, " ".join(text.casefold().split()), run)))
            pos += len(line) + 1
    return out


class _Shapes:
    """Each line's line_shape, worked out when a block asks for it (most repeated lines are in none)."""

    __slots__ = ("text", "known")

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[int, str] = {}

    def __call__(self, line: _Line) -> str:
        shape = self.known.get(line.start)
        if shape is None:
            shape = self.known[line.start] = line_shape(self.text[line.start:line.end])
        return shape

    def is_links(self, line: _Line) -> bool:
        """A line of nothing but links (a Markdown link always holds `](`: the rest need no shape)."""
        return self.text.find("](", line.start, line.end) >= 0 and self(line) == LINKS


MAX_ROUNDS = 4

CASEFOLD_TO_ASCII = ("\u00df\u0130\u0149\u017f\u01f0\u1e96"
                     "\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
"""The characters outside ASCII whose casefold holds an ASCII letter (Python's Unicode tables; a test checks)."""


def casefolds_to_ascii(text: str) -> bool:
    """Whether `text` holds one of CASEFOLD_TO_ASCII (a `str.__contains__` each: 4x cheaper than a character
    class, which the regex engine tries at every position)."""
    return any(c in text for c in CASEFOLD_TO_ASCII)


_NOT_IN_KEY = bytes(range(128, 256)) + b" \t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


def _any_ascii_key_repeats(runs: list[str]) -> bool:
    """A quick test that rules out most documents: whether two lines are equal once cased down, with only
    their ASCII letters, digits and punctuation kept (lines whose keys are equal always are, unless a
    character casefolds to ASCII), or two lines have nothing else. On UTF-8 bytes, a few C calls for all
    lines: `str.casefold` alone costs more than the floor's split and hash."""
    text = "\n".join(runs)
    if text.isascii():
        data = text.encode()
    elif casefolds_to_ascii(text):
        return True
    else:
        data = text.encode("utf-8", "surrogatepass")
        blank = data.translate(None, _NOT_IN_KEY[128:]).split(b"\n").count(b"")
        if data.translate(None, _NOT_IN_KEY).split(b"\n").count(b"") - blank > 1:
            return True  # two lines of letters outside ASCII only: not told apart here
    lines = data.translate(_LOWER, _NOT_IN_KEY).split(b"\n")
    return len(set(lines)) + lines.count(b"") - (b"" in lines) < len(lines)


def find_repeated_blocks(doc: Document, fenced: list[tuple[int, int]], cut: list[Cut]) -> list[Cut]:
    """Cuts for every later copy of a block (see the module's docstring). In the first round a line
    already `cut` (repeated prose) still belongs to the block around it; the later rounds look at what
    is left, as a second run of tablefix on the output would, so that run finds nothing more."""
    if not _any_line_repeats(doc):
        return []
    lines = _lines(doc, fenced)
    shapes = _Shapes(doc.text)
    prose_cut = {id(line) for line in lines} - {id(line) for line in _not_cut(lines, cut)}
    found = _blocks(doc, lines, prose_cut, shapes)
    for _ in range(MAX_ROUNDS):
        more = _blocks(doc, _not_cut(lines, cut + found), set(), shapes)
        if not more:
            break
        found += more
    return found


def _any_line_repeats(doc: Document) -> bool:
    """Whether any two prose lines share a key: most documents have none, and then no block can repeat
    (checked on whole runs at the speed of `str.split`, before any line's offsets are worked out)."""
    runs = [doc.text[start:end] for start, end in raw_text_runs(doc)]
    if not _any_ascii_key_repeats(runs):
        return False
    seen: set[str] = set()
    for run in runs:
        for line in run.split("\n"):
            key = " ".join(line.casefold().split())
            if key in seen:
                return True
            if key:
                seen.add(key)
    return False


def _not_cut(lines: list[_Line], cuts: list[Cut]) -> list[_Line]:
    """The lines no cut covers whole (from their first to their last non-blank character)."""
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


def _blocks(doc: Document, lines: list[_Line], prose_cut: set[int], shapes: _Shapes) -> list[Cut]:
    """Repeated runs of `lines` that are whole blocks; lines in `prose_cut` (already removed as
    repeated prose) belong to a run but are no one's neighbour."""
    first: dict[str, int] = {}
    earlier = []  # for each line, the index of its first occurrence, or -1 for a first occurrence
    for t, line in enumerate(lines):
        if line.key in first:
            earlier.append(first[line.key])
        else:
            first[line.key] = t
            earlier.append(-1)
    smap = doc.source_map()
    cuts, t, n = [], 0, len(lines)
    while t < n:
        if earlier[t] < 0:
            t += 1
            continue
        u, e = t, earlier[t]  # lines t..u repeat lines e..e + (u - t)
        while (u + 1 < n and e + u - t + 1 < t and lines[u + 1].key == lines[e + u - t + 1].key
               and lines[u + 1].run == lines[t].run):
            u += 1
        if (u > t or shapes.is_links(lines[t])) and _whole_block(doc.text, lines, t, u, prose_cut, shapes):
            a, b = lines[e].start, lines[e + u - t].end
            cuts.append(Cut(lines[t].start, lines[u].end, "duplicate", "drop-duplicate-block",
                            f"repeat of the lines {smap.line_of(a)}-{smap.line_of(b)}: "
                            f"{excerpt(doc.text[lines[t].start:lines[u].end], 50)}"))
        t = u + 1
    return cuts


def _whole_block(source: str, lines: list[_Line], t: int, u: int, prose_cut: set[int], shapes: _Shapes) -> bool:
    found = set(map(shapes, lines[t:u + 1]))
    if FIELD in found or CODE in found:
        return False
    if PROSE in found or LINKS in found:
        return True  # a passage of prose or a menu said again, whatever its lines look like around it
    before, after = _present(lines, t - 1, -1, prose_cut), _present(lines, u + 1, 1, prose_cut)
    return _apart(source, lines, before, t) and _apart(source, lines, u, after)


def _apart(source: str, lines: list[_Line], a: int, b: int) -> bool:
    """Lines a and b (in order) belong to different blocks: one of them is missing, a table or a
    blank line lies between them. A run glued to lines that differ is part of a larger record."""
    if a < 0 or b >= len(lines) or lines[a].run != lines[b].run:
        return True
    return source.count("\n", lines[a].end, lines[b].start) >= 2


def _present(lines: list[_Line], k: int, step: int, prose_cut: set[int]) -> int:
    """The nearest line from k on (going by step) that no earlier cut removed."""
    while 0 <= k < len(lines) and id(lines[k]) in prose_cut:
        k += step
    return k

"""Cut pieces out of a document without losing them: the one mechanism every removing pass uses.

A cut turns part of a verbatim text block (or a whole block) into a `Noise` block with the same
source span, so the blocks still cover the input exactly and a report can show every removed
character. A line left with nothing but whitespace is removed whole; prose left on either side
of a cut stays, and the text writer joins it with one space.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any, NamedTuple

from ..model import Block, Document, Fix, Noise, Span, Text, text_lines

SpanMaker = Callable[[int, int], Span]
_LEFTOVER = " \t\r\n|"
"""What a line may keep beside a cut and still count as empty: whitespace and stray pipes."""


def raw_text_runs(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of consecutive verbatim text blocks: the prose between tables."""
    start = end = -1
    for b in doc.blocks:
        if isinstance(b, Text) and b.kind == "raw" and b.span.start == end:
            end = b.span.end
            continue
        if start >= 0:
            yield start, end
        start, end = (b.span.start, b.span.end) if isinstance(b, Text) and b.kind == "raw" else (-1, -1)
    if start >= 0:
        yield start, end


class Cut(NamedTuple):
    """Remove source[start:end] for `reason`, reported as a Fix with `code` and `message` (a named tuple:
    a document full of repeats makes thousands)."""

    start: int
    end: int
    reason: str
    code: str
    message: str


def apply_cuts(doc: Document, cuts: list[Cut], spans: SpanMaker) -> tuple[Document, list[Fix]]:
    """Apply sorted, non-overlapping cuts. Text blocks that are verbatim slices can be cut inside;
    any other block is removed only when a cut covers it whole."""
    if not cuts:
        return doc, []
    cuts = sorted(cuts, key=_START)
    line_starts = doc.source_map().line_starts

    def mend(block: Block, inside: list[Cut]) -> list[Block]:
        if isinstance(block, Noise):
            return [block]
        if isinstance(block, Text) and block.kind == "raw":  # a run of lines is cut a line at a time
            return _cut_run(block, inside, line_starts, spans)
        s, e = block.span.start, block.span.end
        if inside[0].start <= s and e <= inside[0].end:
            return [Noise(block.text if isinstance(block, Text) else doc.text[s:e], block.span, inside[0].reason)]
        return [block]

    blocks = _with_cuts(list(doc.blocks), cuts, mend)
    fixes = [Fix(c.code, c.message, spans(c.start, c.end)) for c in cuts]
    return doc.with_blocks(tuple(blocks)), fixes


_START = attrgetter("start")


def _with_cuts(items: list[Any], cuts: list[Cut], mend: Callable[[Any, list[Cut]], list[Block]]) -> list[Block]:
    """items (blocks, or the lines of a run: in order, with spans) with the sorted, disjoint cuts applied: each
    item a cut touches becomes `mend(item, the cuts touching it)`. Those items are found by bisection on the
    items' ends and the ones between copied in slices (most are)."""
    out: list[Block] = []
    ends = [item.span.end for item in items]
    done = k = 0  # items[:done] are in out; cuts[:k] end before items[done]
    while k < len(cuts):
        i = bisect_right(ends, cuts[k].start, lo=done)  # the first item the cut touches
        if i >= len(items):
            break
        out += items[done:i]
        item = items[i]
        k, j = _touching(cuts, k, item.span.start, item.span.end)
        out += mend(item, cuts[k:j]) if j > k else [item]
        done = i + 1
        while k < len(cuts) and cuts[k].end <= item.span.end:
            k += 1
    out += items[done:]
    return out


def _cut_run(block: Text, cuts: list[Cut], line_starts: list[int], spans: SpanMaker) -> list[Block]:
    """A verbatim run with the sorted, disjoint cuts touching it applied: each line a cut touches split by
    _split_text, the lines between kept as runs of their own (the lines are found in the document's line starts,
    not by splitting the run: what `_with_cuts(text_lines(block), ...)` makes, but with untouched lines kept
    together, which every pass and writer reads as those lines)."""
    if any(c.start >= c.end for c in cuts):  # an empty cut (none is made): the exact per-line path
        return _with_cuts(text_lines(block), cuts, lambda line, on: _split_text(line, on, spans))
    s, e, text = block.span.start, block.span.end, block.text
    out: list[Block] = []
    new = tuple.__new__  # the named tuples' own constructors are Python functions
    last = len(line_starts) - 1
    pos = s  # text[:pos - s] is in out
    k, n = 0, len(cuts)
    while k < n and pos < e:
        i = bisect_right(line_starts, max(cuts[k].start, s)) - 1  # the line holding the cut's first character
        start = max(line_starts[i], s)
        if pos < start:  # the untouched lines before it, as one run
            out.append(new(Text, (text[pos - s:start - s], spans(pos, start), "raw", 0)))
        while True:  # the lines the cuts from k on touch, one after the other
            end = min(line_starts[i + 1], e) if i < last else e
            span = new(Span, (start, end, i + 1, i + 1))
            if cuts[k].start <= start and end <= cuts[k].end:  # inside one cut (most lines of a leak): all noise
                out.append(Noise(text[start - s:end - s], span, cuts[k].reason))
            else:
                j = k
                while j < n and cuts[j].start < end:
                    j += 1
                out += _split_text(new(Text, (text[start - s:end - s], span, "raw", 0)), cuts[k:j], spans)
            while k < n and cuts[k].end <= end:
                k += 1
            pos = start = end
            if k == n or cuts[k].start >= end or end == e:  # the next cut starts on a later line, or the run ends
                break
            i += 1
    if pos < e:
        out.append(new(Text, (text[pos - s:], spans(pos, e), "raw", 0)))
    return out


def _touching(cuts: list[Cut], k: int, start: int, end: int) -> tuple[int, int]:
    """cuts[k:j], the sorted cuts that touch [start, end), from k on (the cuts before k end earlier)."""
    while k < len(cuts) and cuts[k].end <= start:
        k += 1
    j = k
    while j < len(cuts) and cuts[j].start < end:
        j += 1
    return k, j


def _split_text(block: Text, cuts: list[Cut], spans: SpanMaker) -> list[Block]:
    """Pieces of one verbatim line: kept text and noise, whitespace-only leftovers folded into the noise."""
    s, e, text = block.span.start, block.span.end, block.text
    if len(cuts) == 1:  # most often the whole line, or all of it but its newline: one noise block
        a, b = max(cuts[0].start, s), min(cuts[0].end, e)
        if not text[:a - s].strip(_LEFTOVER) and not text[b - s:].strip(_LEFTOVER):
            return [Noise(text, block.span, cuts[0].reason)]
    pieces: list[tuple[int, int, str | None]] = []  # (start, end, reason or None for kept)
    pos = s
    for c in cuts:
        a, b = max(c.start, s), min(c.end, e)
        if a > pos:
            pieces.append((pos, a, None))
        pieces.append((a, b, c.reason))
        pos = b
    if pos < e:
        pieces.append((pos, e, None))
    if all(r is not None or not text[a - s:b - s].strip(_LEFTOVER) for a, b, r in pieces):
        pieces = _fold_blank(pieces)
    out: list[Block] = []
    for a, b, reason in pieces:
        piece = text[a - s:b - s]
        out.append(Noise(piece, spans(a, b), reason) if reason else Text(piece, spans(a, b)))
    return out


def _fold_blank(pieces: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """The line held nothing but removed pieces: give its whitespace to the neighbouring noise."""
    out: list[tuple[int, int, str | None]] = []
    lead = None
    for a, b, r in pieces:
        if r is None:
            if out:
                pa, _, pr = out[-1]
                out[-1] = (pa, b, pr)
            else:
                lead = a if lead is None else lead
            continue
        out.append((a if lead is None else lead, b, r))
        lead = None
    return out

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

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import contains, ne
from typing import NamedTuple, TypeVar

from ..model import Document
from ..report import excerpt
from .cut import Cut, raw_text_runs
from .line_shapes import CODE, FIELD, LINKS, PROSE, line_shape
from .repeat_scan import Scan, scan

Key = TypeVar("Key", str, bytes)
"""A line's key, or what stands in for it (its fold)."""
Item = TypeVar("Item")


class _Line(NamedTuple):
    start: int
    """Where the line starts (its indentation included)."""
    end: int
    """Where its last non-blank character ends."""
    text_start: int
    """Where its first non-blank character is."""
    key: str
    run: int


def _line_key(line: str) -> str:
    """A line's key: its whitespace collapsed, casefolded ("" for a blank line)."""
    return " ".join(line.casefold().split())


def _key_or_stand_in(line: str, fold: bytes, count: Counter[bytes]) -> str:
    """The line's key, or where its fold is not empty and no other line's (`count`: of the folds of the lines
    that are not blank) a stand-in: the line after a space. Equal keys have equal folds, so no other line has
    that line's key; where only whether keys are equal counts (and whether a key said twice holds `](`), the
    stand-in does as well: it equals no key (a key never starts with a space) and no other stand-in (their
    lines differ: their folds do). Only the lines whose fold repeats (a third in table-dense text) are split
    and joined."""
    return _line_key(line) if not fold or count[fold] > 1 else " " + line


def _keys_or_stand_ins(texts: list[str], folds: list[bytes], count: Counter[bytes]) -> list[list[str]]:
    """_key_or_stand_in of each line of the runs' `texts` (`folds`: the line folds of the texts joined by a
    blank line; `count`: of the folds of the lines that are not blank)."""
    keys, k = [], 0
    for text in texts:
        lines = text.split("\n")
        keys.append([_key_or_stand_in(line, f, count) for line, f in zip(lines, folds[k:k + len(lines)], strict=True)])
        k += len(lines) + 1  # and the blank line between two runs
    return keys


def _fold_stand_ins(texts: list[str], folds: list[bytes], unknown: int) -> list[bytes]:
    """What stands in for each line's key before keys are made (`folds`: the line folds of the runs' `texts`
    joined by a blank line): its fold, or for a line that folds to nothing but is not blank (it could be
    anything) its key after a byte no fold holds; empty for a blank line. Lines with equal keys have equal
    stand-ins, and a key holding `](` has a stand-in holding `(`. `unknown`: how many lines fold to nothing
    and may not be blank (0: the folds alone do)."""
    if not unknown:
        return folds
    out = []
    for f, line in zip(folds, "\n\n".join(texts).split("\n"), strict=True):
        key = "" if f else _line_key(line)
        out.append(b"\xff" + key.encode("utf-8", "surrogatepass") if key else f)
    return out


def _lines(doc: Document, fenced: list[tuple[int, int]], runs: list[tuple[int, int]],
           keys: list[list[str]]) -> list[_Line]:
    """Every non-blank line of the document's prose (its `runs`), outside fenced code, with its key."""
    fence_starts = [a for a, _ in fenced]
    out = []
    new = tuple.__new__  # the named tuple's own constructor is a Python function; this runs once a line
    for run, ((start, end), run_keys) in enumerate(zip(runs, keys, strict=True)):
        pos = start
        for line, key in zip(doc.text[start:end].split("\n"), run_keys, strict=True):
            if key:
                text = line.strip()
                first = pos + len(line) - len(line.lstrip())
                k = bisect_right(fence_starts, first) - 1 if fenced else -1
                if k < 0 or first >= fenced[k][1]:
                    out.append(new(_Line, (pos, first + len(text), first, key, run)))
            pos += len(line) + 1
    return out


def _unfenced_lines(runs: list[tuple[int, int]], texts: list[str], folds: list[bytes],
                    count: Counter[bytes]) -> list[_Line]:
    """_lines of a document without fenced code, with the keys (or stand-ins) _keys_or_stand_ins gives them,
    made in the same loop over the lines (`texts`: those of the runs; `folds` and `count` as there)."""
    out = []
    new = tuple.__new__  # the named tuple's own constructor is a Python function; this runs once a line
    k = 0  # the index of the run's first line in folds
    for run, ((start, _), text) in enumerate(zip(runs, texts, strict=True)):
        pos, lines = start, text.split("\n")
        for line, f in zip(lines, folds[k:k + len(lines)], strict=True):
            key = _line_key(line) if not f or count[f] > 1 else " " + line  # _key_or_stand_in, inlined
            if key:
                first = pos + len(line) - len(line.lstrip())
                out.append(new(_Line, (pos, pos + len(line.rstrip()), first, key, run)))
            pos += len(line) + 1
        k += len(lines) + 1  # and the blank line between two runs
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


def find_repeated_blocks(doc: Document, fenced: list[tuple[int, int]], cut: list[Cut],
                         runs: list[tuple[int, int]] | None = None, scanned: Scan | None = None) -> list[Cut]:
    """Cuts for every later copy of a block (see the module's docstring). In the first round a line
    already `cut` (repeated prose) still belongs to the block around it; the later rounds look at what
    is left, as a second run of tablefix on the output would, so that run finds nothing more.
    `runs`: the document's raw_text_runs, and `scanned` what repeat_scan.scan found in them, when the caller
    has them."""
    runs = list(raw_text_runs(doc)) if runs is None else runs
    texts = [doc.text[start:end] for start, end in runs]
    scanned = scan(texts) if scanned is None else scanned
    folds = scanned.line_folds
    stand_ins = _fold_stand_ins(texts, folds, scanned.unknown_lines)
    said = list(filter(None, stand_ins))
    count = Counter(said)
    # A round of _blocks finds a block only where, among the lines it looks at, two in a row repeat two in a
    # row or a line of links is said again (_pair_or_links_repeat). Without fenced code the first round looks
    # at every line that is not blank, and if it finds no block the next rounds at those no cut covers whole:
    # if neither has such lines no round finds a block (with nothing cut, every round looks at every line).
    # With fenced code some four lines' keys must be said again (_enough_repeats). Asked of the stand-ins
    # first (equal keys have equal stand-ins), then of the keys, made (or stood in for) only if they pass.
    one_round = not cut and not fenced
    may_find = _enough_repeats(count, b"(")  # what any lines need: a cheap first test
    first_round = True  # whether the first round may find a block (asked of the stand-ins without fenced code)
    if may_find and not fenced:
        may_find = first_round = _pair_or_links_repeat(said, b"(")
        may_find = may_find or bool(cut)  # the later rounds ask it of the lines no cut covers, once they are made
    if not may_find:
        return []
    if fenced:
        keys = _keys_or_stand_ins(texts, folds, count)
        said = _said(keys)
    else:  # the lines are every line that is not blank: made with their keys, in one loop over the lines
        lines = _unfenced_lines(runs, texts, folds, count)
        said = [line.key for line in lines]
    if not (_pair_or_links_repeat(said, "](") if one_round else _enough_repeats(Counter(said), "](")):
        return []
    if fenced:
        lines = _lines(doc, fenced, runs, keys)
        said = [line.key for line in lines]
    shapes = _Shapes(doc.text)
    firsts = [line.text_start for line in lines] if cut else []
    gone = _covered(lines, cut, firsts) if cut else []  # the lines the prose cuts took
    found: list[Cut] = []
    if one_round or first_round and _pair_or_links_repeat(said, "]("):  # else _blocks finds nothing
        found = _blocks(doc, lines, {id(lines[i]) for i in gone}, shapes)
    if not found and not cut:
        return found  # a later round would look at the very lines the first did
    for _ in range(MAX_ROUNDS):
        if found:
            firsts = firsts or [line.text_start for line in lines]
            gone = _covered(lines, cut + found, firsts)
        if not _pair_or_links_repeat(_without(said, gone), "]("):
            break
        more = _blocks(doc, _without(lines, gone), set(), shapes)
        if not more:
            break
        found += more
    return found


def _said(keys: list[list[str]]) -> list[str]:
    """The keys of the lines that are not blank, the runs one after the other."""
    return [k for run_keys in keys for k in run_keys if k]


def _enough_repeats(count: Counter[Key], link: Key) -> bool:
    """Whether some round of _blocks may find a block, whatever lines fences and cuts leave: it needs a line
    of links said again, or lines e, e + 1, t, t + 1 where t and t + 1 say e and e + 1 again (four lines
    whose keys are said twice or more). `count`: how often each key of a line that is not blank is said;
    `link`: what a key of a line of links holds. Cheaper than the lines themselves, which most documents
    then skip."""
    extra = count.total() - len(count)  # the lines that say a key said before: 3 or more make four such lines
    if extra >= 3 or not extra:
        return extra >= 3
    said_again = [k for k, n in count.items() if n > 1]
    return sum(count[k] for k in said_again) >= 4 or any(link in k for k in said_again)


def _pair_or_links_repeat(keys: Sequence[Key], link: Key) -> bool:
    """Whether, in these keys of lines in a row, two in a row repeat two in a row, or a line of links (its
    key holds `link`: a Markdown link holds `](`) repeats: what _blocks needs to find a block."""
    pairs = list(zip(keys, keys[1:], strict=False))
    if len(set(pairs)) < len(pairs):
        return True
    links = list(compress(keys, map(contains, keys, repeat(link))))  # `link in k` for each key, in C
    return len(set(links)) < len(links)


def _covered(lines: list[_Line], cuts: list[Cut], firsts: list[int]) -> list[int]:
    """The indices, in order, of the lines a cut covers whole (from their first to their last non-blank
    character: a cut starting there or before reaches their end). `firsts`: each line's text_start. Such a line's
    first character is inside a cut, so only those lines are looked at, found by bisection."""
    spans = sorted((c.start, c.end) for c in cuts)
    starts, reach = [a for a, _ in spans], list(accumulate([b for _, b in spans], max))  # furthest end so far
    gone = set()
    for s, e in spans:
        for i in range(bisect_left(firsts, s), bisect_left(firsts, e)):
            if reach[bisect_right(starts, firsts[i]) - 1] >= lines[i].end:
                gone.add(i)
    return sorted(gone)


def _without(items: list[Item], gone: list[int]) -> list[Item]:
    """items less those at the sorted indices `gone`, the rest copied in slices."""
    if not gone:
        return items
    out, done = [], 0
    for i in gone:
        out += items[done:i]
        done = i + 1
    return out + items[done:]


def _blocks(doc: Document, lines: list[_Line], prose_cut: set[int], shapes: _Shapes) -> list[Cut]:
    """Repeated runs of `lines` that are whole blocks; lines in `prose_cut` (already removed as
    repeated prose) belong to a run but are no one's neighbour."""
    n = len(lines)
    keys = [line.key for line in lines]
    first = dict(zip(reversed(keys), range(n - 1, -1, -1), strict=True))  # each key's first line (written last)
    earlier = list(map(first.__getitem__, keys))  # for each line, the index of its key's first line
    smap = doc.source_map()
    cuts, done = [], 0  # lines[:done] are looked at
    for t in compress(range(n), map(ne, earlier, range(n))):  # the lines said before, found in C
        if t < done:
            continue
        u, e = t, earlier[t]  # lines t..u repeat lines e..e + (u - t)
        while (u + 1 < n and e + u - t + 1 < t and lines[u + 1].key == lines[e + u - t + 1].key
               and lines[u + 1].run == lines[t].run):
            u += 1
        # a line's key holds `](` exactly when the line does: most single lines need no look at their text
        if (u > t or "](" in lines[t].key and shapes.is_links(lines[t])) and _whole_block(
                doc.text, lines, t, u, prose_cut, shapes):
            a, b = lines[e].start, lines[e + u - t].end
            cuts.append(Cut(lines[t].start, lines[u].end, "duplicate", "drop-duplicate-block",
                            f"repeat of the lines {smap.line_of(a)}-{smap.line_of(b)}: "
                            f"{excerpt(doc.text[lines[t].start:lines[u].end], 50)}"))
        done = u + 1
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

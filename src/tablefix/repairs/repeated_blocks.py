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
from operator import contains, lt, ne, or_
from typing import TypeVar

from ..model import Document
from ..report import excerpt
from .cut import Cut, raw_text_runs
from .line_shapes import CODE, FIELD, LINKS, PROSE, has_prose_words, kept_shape
from .repeat_scan import Scan, scan

Key = TypeVar("Key", str, bytes)
"""A line's key, or what stands in for it (its fold)."""
Item = TypeVar("Item")


def _line_key(line: str) -> str:
    """A line's key: its whitespace collapsed, casefolded ("" for a blank line)."""
    return " ".join(line.casefold().split())


def _fold_stand_ins(texts: list[str], folds: list[bytes], unknown: int, lines: list[str] | None = None) -> list[bytes]:
    """What stands in for each line's key before keys are made (`folds`: the line folds of the runs' `texts`
    joined by a blank line, `lines` those lines when the caller has them): its fold, or for a line that folds
    to nothing but is not blank (it could be anything) its key after a byte no fold holds; empty for a blank
    line. Lines with equal keys have equal stand-ins, and a key holding `](` has a stand-in holding `(`.
    `unknown`: how many lines fold to nothing and may not be blank (0: the folds alone do)."""
    if not unknown:
        return folds
    lines = "\n\n".join(texts).split("\n") if lines is None else lines
    out = folds.copy()
    for i, fold in enumerate(folds):
        if not fold and (line := lines[i]) and not line.isspace():  # (most lines fold to something, or are blank)
            out[i] = b"\xff" + _line_key(line).encode("utf-8", "surrogatepass")
    return out


class _Lines:
    """The lines of the document's prose that are not blank (outside fenced code), numbered in order, with
    their keys. Where a line ends and where its text starts are worked out only for the lines a block or a cut
    looks at: most lines are in no repeated run, and a record made for every line was half of `clean` for a
    long document of short lines.

    A line's key, or where its stand-in is said once (no other line has its key) the line itself: only whether
    keys are equal counts, and whether a key said twice holds `](`. Such a line equals no key: a key is its
    own key (casefolding twice changes nothing: a test checks), so a line equal to one would have that key, and
    the stand-in of the lines that have it. Only the lines whose stand-in repeats (a third in table-dense text)
    are split and joined. A line's line_shape too is worked out when a block asks for it (most repeated lines
    are in none)."""

    __slots__ = ("texts", "keys", "said_twice", "starts", "run_starts", "shapes")

    def __init__(self, doc: Document, runs: list[tuple[int, int]], texts: list[str], stand_ins: list[bytes],
                 said: list[bytes], count: Counter[bytes], lines: list[str] | None = None,
                 shapes: dict[str, str] | None = None) -> None:
        """`stand_ins`: _fold_stand_ins of the runs' `texts`, `said` those that are not empty, `count` theirs;
        `lines`: the lines of the `texts` joined by a blank line, when the caller has them; `shapes`: the line
        shapes the caller worked out (kept_shape)."""
        lines = "\n\n".join(texts).split("\n") if lines is None else lines
        self.texts = list(compress(lines, stand_ins))  # a blank line's stand-in is empty
        self.said_twice = list(map(lt, repeat(1), map(count.__getitem__, said)))  # each line's stand-in, in C
        self.keys = self.texts.copy()
        again = list(compress(range(len(said)), self.said_twice))
        # each line's _line_key, once (inlined: no call a line)
        made = {line: " ".join(line.casefold().split()) for line in dict.fromkeys(map(self.texts.__getitem__, again))}
        for i in again:
            self.keys[i] = made[self.texts[i]]
        line_starts, starts = doc.source_map().line_starts, []
        for a, b in runs:  # the run's lines are the document's from a's on (a bisection, not a count of its newlines)
            k, n = bisect_right(line_starts, a) - 1, bisect_right(line_starts, b)  # (lines k + 1 to n - 1 start in it)
            starts += [a, *line_starts[k + 1:n], b]  # (a run may start inside a line), then the blank line
        self.starts = list(compress(starts, stand_ins))
        self.run_starts = [a for a, _ in runs]
        self.shapes: dict[str, str] = {} if shapes is None else shapes

    def __len__(self) -> int:
        return len(self.texts)

    def drop(self, gone: list[int]) -> None:
        """Leaves out the lines at the sorted indices `gone` (those in fenced code), before any shape is asked."""
        self.texts, self.keys, self.said_twice, self.starts = (
            _without(x, gone) for x in (self.texts, self.keys, self.said_twice, self.starts))

    def start(self, i: int) -> int:
        """Where line i starts (its indentation included)."""
        return self.starts[i]

    def end(self, i: int) -> int:
        """Where line i's last non-blank character ends."""
        return self.starts[i] + len(self.texts[i].rstrip())

    def text_start(self, i: int) -> int:
        """Where line i's first non-blank character is."""
        line = self.texts[i]
        return self.starts[i] + len(line) - len(line.lstrip())

    def run(self, i: int) -> int:
        """The run of prose line i is in."""
        return bisect_right(self.run_starts, self.starts[i]) - 1

    def starting_in(self, spans: list[tuple[int, int]], reach: list[int] | None = None) -> list[int]:
        """The indices of the lines whose first non-blank character is in one of `spans`, found by bisection: such
        a line starts before the span ends, and its first character lies before the next line starts. With `reach`
        (the furthest end of the sorted `spans` up to each) only those the spans cover whole: from their first to
        their last non-blank character, a span starting there or before reaching their end."""
        found: set[int] = set()
        starts, texts = self.starts, self.texts
        for s, e in spans:
            lo, hi = max(bisect_right(starts, s) - 1, 0), bisect_left(starts, e)
            # a line between the first and the last starts after s and ends before the next line starts, before e
            # (where a span starting at s or later reaches): only the two at the edges need a look
            found.update(range(lo + 1, hi - 1))
            for i in range(lo, hi) if hi - lo <= 2 else (lo, hi - 1):
                line = texts[i]
                first = starts[i] + len(line) - len(line.lstrip())  # text_start(i) and end(i), inlined
                if s <= first < e and (reach is None or reach[bisect_right(spans, (first, _AFTER_ANY_END)) - 1]
                                       >= starts[i] + len(line.rstrip())):
                    found.add(i)
        return sorted(found)

    def round(self, gone: list[int]) -> tuple[list[int], list[str]]:
        """The lines a round of _blocks looks at, all but those at the sorted indices `gone`, and their keys,
        shortened: of each stretch of lines whose stand-in is said once, only the first. Their keys are said
        once, so they only part the lines around them, and one parts them as well: two lines are next to each
        other, and two keys in a row repeat, in the shortened lines exactly when they do in the lines.
        _blocks and _pair_or_links_repeat then find the same (with the neighbours looked up among all lines)."""
        ids = _without(list(range(len(self.keys))), gone)
        said_twice = _without(self.said_twice, gone)
        keep = list(map(or_, said_twice, [True, *said_twice[:-1]]))  # said twice, or the first after such a line
        return list(compress(ids, keep)), list(compress(_without(self.keys, gone), keep))

    def shape(self, i: int) -> str:
        """Line i's line_shape (from its start to its end)."""
        return kept_shape(self.shapes, self.texts[i].rstrip())

    def is_links(self, i: int) -> bool:
        """Whether line i is nothing but links (a Markdown link always holds `](`: the rest need no shape)."""
        return "](" in self.texts[i] and self.shape(i) == LINKS


MAX_ROUNDS = 4
_AFTER_ANY_END = 1 << 62
"""Greater than any offset: (start, _AFTER_ANY_END) sorts after every span starting at `start`."""


def find_repeated_blocks(doc: Document, fenced: list[tuple[int, int]], cut: list[Cut],
                         runs: list[tuple[int, int]] | None = None, scanned: Scan | None = None,
                         shapes: dict[str, str] | None = None) -> list[Cut]:
    """Cuts for every later copy of a block (see the module's docstring). In the first round a line
    already `cut` (repeated prose) still belongs to the block around it; the later rounds look at what
    is left, as a second run of tablefix on the output would, so that run finds nothing more.
    `fenced`: the spans of fenced code, sorted and disjoint (as fenced_blocks gives them). `runs`: the
    document's raw_text_runs, `scanned` what repeat_scan.scan found in them and `shapes` the line shapes it worked
    out (kept_shape), when the caller has them."""
    runs = list(raw_text_runs(doc)) if runs is None else runs
    texts = [doc.text[start:end] for start, end in runs]
    scanned = scan(texts) if scanned is None else scanned
    folds = scanned.line_folds
    lines_of_runs = "\n\n".join(texts).split("\n") if scanned.unknown_lines else None  # made once, for both
    stand_ins = _fold_stand_ins(texts, folds, scanned.unknown_lines, lines_of_runs)
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
    lines = _Lines(doc, runs, texts, stand_ins, said, count, lines_of_runs, shapes)
    ids, keys = lines.round([])
    if not (_pair_or_links_repeat(keys, "](") if one_round else _enough_repeats(Counter(keys), "](")):
        return []
    if fenced:
        lines.drop(lines.starting_in(fenced))  # the lines whose first non-blank character is in fenced code
        ids, keys = lines.round([])
    gone = _covered(lines, cut) if cut else []  # the lines the prose cuts took
    found: list[Cut] = []
    if one_round or first_round and _pair_or_links_repeat(keys, "]("):  # else _blocks finds nothing
        found = _blocks(doc, lines, ids, keys, set(gone))
    if not found and not gone:
        return found  # a later round would look at the very lines the first did
    for _ in range(MAX_ROUNDS):
        if found:
            gone = _covered(lines, cut + found)
        ids, keys = lines.round(gone)
        if not _pair_or_links_repeat(keys, "]("):
            break
        more = _blocks(doc, lines, ids, keys, set(gone))
        if not more:
            break
        found += more
    return found


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
    if len(set(zip(keys, keys[1:], strict=False))) < len(keys) - 1:  # (no list of the pairs)
        return True
    links = list(compress(keys, map(contains, keys, repeat(link))))  # `link in k` for each key, in C
    return len(set(links)) < len(links)


def _covered(lines: _Lines, cuts: list[Cut]) -> list[int]:
    """The indices, in order, of the lines a cut covers whole (from their first to their last non-blank
    character: a cut starting there or before reaches their end). Such a line's first character is inside
    a cut, so only those lines are looked at."""
    spans = sorted((c.start, c.end) for c in cuts)
    return lines.starting_in(spans, list(accumulate([b for _, b in spans], max)))  # the furthest end so far


def _without(items: list[Item], gone: list[int]) -> list[Item]:
    """items less those at the sorted indices `gone`, the rest copied in slices."""
    if not gone:
        return items
    out, done = [], 0
    for i in gone:
        out += items[done:i]
        done = i + 1
    return out + items[done:]


def _blocks(doc: Document, lines: _Lines, ids: list[int], keys: list[str], gone: set[int]) -> list[Cut]:
    """Repeated runs of the lines at `ids` in `lines` (a round's, `keys` theirs) that are whole blocks; lines in
    `gone` (removed as repeated prose, or by an earlier round) may belong to a run but are no one's neighbour."""
    n = len(keys)
    first = dict(zip(reversed(keys), range(n - 1, -1, -1), strict=True))  # each key's first line (written last)
    earlier = list(map(first.__getitem__, keys))  # for each line, the index of its key's first line
    smap = doc.source_map()
    cuts, done = [], 0  # ids[:done] are looked at
    one_run = len(lines.run_starts) == 1  # (most documents)
    for t in compress(range(n), map(ne, earlier, range(n))):  # the lines said before, found in C
        if t < done:
            continue
        u, e = t, earlier[t]  # lines t..u repeat lines e..e + (u - t)
        while (u + 1 < n and e + u - t + 1 < t and keys[u + 1] == keys[e + u - t + 1]
               and (one_run or lines.run(ids[u + 1]) == lines.run(ids[t]))):
            u += 1
        # a line's key holds `](` exactly when the line does: most single lines need no look at their text
        if (u > t or "](" in keys[t] and lines.is_links(ids[t])) and _whole_block(
                doc.text, lines, ids[t:u + 1], gone):
            a, b = lines.start(ids[e]), lines.end(ids[e + u - t])
            start, end = lines.start(ids[t]), lines.end(ids[u])
            cuts.append(Cut(start, end, "duplicate", "drop-duplicate-block",
                            f"repeat of the lines {smap.line_of(a)}-{smap.line_of(b)}: "
                            f"{excerpt(doc.text[start:end], 50)}"))
        done = u + 1
    return cuts


def _whole_block(source: str, lines: _Lines, block: list[int], gone: set[int]) -> bool:
    """Whether the repeated lines at the indices `block` are a whole block: no field or code among them, and a
    passage of prose or a menu (whatever its lines look like around it) or set apart from the lines around."""
    texts = list(map(lines.texts.__getitem__, block))
    # prose needs words enough and links need `](`: without them only lines set apart are a block, and most
    # glued runs (a record's lines) need no shapes
    may_be_prose_or_links = any(map(has_prose_words, texts)) or any(map(contains, texts, repeat("](")))
    if not may_be_prose_or_links and not _set_apart(source, lines, block, gone):
        return False
    found = set(map(lines.shape, block))
    if FIELD in found or CODE in found:
        return False
    return not may_be_prose_or_links or PROSE in found or LINKS in found or _set_apart(source, lines, block, gone)


def _set_apart(source: str, lines: _Lines, block: list[int], gone: set[int]) -> bool:
    """Whether the block's lines are apart from the lines before and after it (those in `gone` left out)."""
    before, after = _present(lines, block[0] - 1, -1, gone), _present(lines, block[-1] + 1, 1, gone)
    return _apart(source, lines, before, block[0]) and _apart(source, lines, block[-1], after)


def _apart(source: str, lines: _Lines, a: int, b: int) -> bool:
    """Lines a and b (in order) belong to different blocks: one of them is missing, a table or a
    blank line lies between them. A run glued to lines that differ is part of a larger record."""
    if a < 0 or b >= len(lines) or lines.run(a) != lines.run(b):
        return True
    return source.count("\n", lines.end(a), lines.start(b)) >= 2


def _present(lines: _Lines, k: int, step: int, gone: set[int]) -> int:
    """The nearest line from k on (going by step) that no earlier cut removed."""
    while 0 <= k < len(lines) and k in gone:
        k += step
    return k

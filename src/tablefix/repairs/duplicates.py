"""Repeated paragraphs and tables: keep the first copy, cut the later ones, in linear time.

Only what is noise when said twice is cut: a paragraph of prose, a whole repeated block (see
repeated_blocks.py), a table repeated back to back or under the same heading. A field or list
item two records share is data, and code is never touched.

Paragraphs are compared by a normalized key (case, whitespace, quote style and dashes do not
count; numbers, dates and names do). A repeat glued onto another line is found at sentence
level: each sentence key points at its first occurrence, and a run of sentences is cut only
when it is a whole earlier paragraph, or when the later paragraph is wholly inside an earlier
one. A shared single sentence between two different paragraphs is not a repeat.

Scraped text sometimes breaks one paragraph over several lines (a line per link, as
`get_text("\\n")` does); a line that starts in lower case or with punctuation continues the
paragraph before it, so both copies of such a paragraph are seen whole.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, chain

from ..detect.codeblocks import fenced_blocks
from ..model import Document, Fix, SourceMap, Table, Text
from ..report import excerpt
from ..text_rules import compiled_on_first_use, holds_any
from .cut import Cut, apply_cuts, raw_text_runs
from .line_shapes import INDENTS, LINKS, PROSE, SHORT, is_code, is_prose, kept_shape
from .repeat_scan import Scan, nfkc_by_parts, scan
from .repeated_blocks import find_repeated_blocks

MAX_ROUNDS = 3
"""Cuts within one paragraph: a whole repeat, then a leftover that repeats an earlier leftover."""

MIN_CHARS = 30
"""Shorter paragraphs (headings like "Results", "Notes") may repeat legitimately."""

_FOLD = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "′": "'",
         "`": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "\u00a0": " "}
_DASHES = compiled_on_first_use(r"-{2,}")
_SENTENCE_END = re.compile(r"([.!?…][\"'”’)\]]?)\s+(?=[\"“‘(\[]?[A-Z0-9À-Þ])")
"""The space between two sentences: after `.`, `!`, `?` or `…` (and a closing quote or bracket).
It starts with the punctuation, not a lookbehind, so the regex engine skips ahead to candidates."""

_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""The ASCII whitespace but the space (what str.split splits on): text without them, two spaces in a row or a space
at either end has its whitespace collapsed already."""
_SPACES_AFTER_NFKC = _ASCII_SPACES + "\x85\u1680\u2028\u2029"
"""The whitespace but the space that NFKC leaves as it is (it makes the others a space; a test checks)."""


def normalize(text: str) -> str:
    """The key two copies of a paragraph share however they were typeset. A text's key does not depend
    on the text around it, so a run of paragraphs can be normalized in one call."""
    if text.isascii():
        text = text.replace("`", "'") if "`" in text else text  # the one ASCII character folded
        spaces = _ASCII_SPACES
    else:
        if not unicodedata.is_normalized("NFKC", text):
            text = nfkc_by_parts(text, "\x01")  # a paragraph at a time in a run of them
        for c in _FOLD:  # a look for each character costs less than a regex's walk and a call for each one found
            if c in text:
                text = text.replace(c, _FOLD[c])
        spaces = _SPACES_AFTER_NFKC
    if holds_any(text, spaces) or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.casefold().split())
    else:  # its whitespace is collapsed already (casefold adds none): no split and join of every word
        text = text.casefold()
    return _DASHES.sub("-", text) if "--" in text else text


@dataclass(slots=True)
class Paragraph:
    """A logical paragraph: its sentence keys, and (worked out only when a cut needs them) their offsets."""

    line: int
    keys: tuple[str, ...]
    start: int = 0
    end: int = 0
    source: str = ""
    _bounds: list[tuple[int, int]] | None = None

    @property
    def bounds(self) -> list[tuple[int, int]]:
        """(start, end) source offsets of each sentence, without the space between sentences."""
        if self._bounds is None:
            text, start = self.source[self.start:self.end], self.start
            bounds, pos = [], 0
            for m in _SENTENCE_END.finditer(text):
                bounds.append((start + pos, start + m.end(1)))
                pos = m.end()
            tail = text[pos:].rstrip()
            if tail.strip():
                bounds.append((start + pos + (len(text[pos:]) - len(text[pos:].lstrip())), start + pos + len(tail)))
            self._bounds = bounds
        return self._bounds


def sentence_keys(marked: list[str]) -> list[tuple[str, ...]]:
    """The sentence keys of each paragraph, from what `_marked` made of it (its sentence ends marked \x00). They
    are normalized in one go, joined by \x01. Only a paragraph's ends may hold a space to strip (NFKC makes `´` a
    space and an accent): \x00 took the place of the spaces between an end mark or a closer and what starts a
    sentence, none of which NFKC makes a space."""
    if not marked:
        return []
    return [tuple(keys.strip().split("\x00")) for keys in normalize("\x01".join(marked)).split("\x01")]


def paragraphs(source: str, spans: list[tuple[int, int]], keys: list[tuple[str, ...]], smap: SourceMap,
               said_twice: set[str]) -> list[Paragraph]:
    """The logical paragraphs at these spans of source (`keys`: their sentence keys) that hold a sentence key
    `said_twice`: one none of whose sentences is said again is neither cut nor what a cut repeats (see
    _repeated_keys), and most are such."""
    return [Paragraph(smap.line_of(a), k, a, b, source)
            for (a, b), k in zip(spans, keys, strict=True) if not said_twice.isdisjoint(k)]


def _candidate_spans(source: str, runs: list[tuple[int, int]], scanned: Scan) -> list[tuple[int, int]]:
    """The spans of the logical paragraphs of the runs (a line and the lines that continue it, as
    repeat_scan._CONTINUED says) long enough to count, from the start of their first line; only those the
    scan found may hold a sentence said twice (the others hold none: no cut takes them or repeats them, see
    _repeated_keys). No regex over the runs: the scan has them, as the lines of the runs joined by a blank
    line. (tests/test_repeats.py keeps the regex this stands in for, and compares the two.)"""
    joined_starts = list(accumulate([b - a + 2 for a, b in runs], initial=0))  # where each run starts there
    out = []
    for a, b in scanned.paragraphs:  # each within one run: _CONTINUED never joins across the blank line
        k = bisect_right(joined_starts, a) - 1
        start = runs[k][0]
        shift = start - joined_starts[k]
        out.append((max(start, source.rfind("\n", start, a + shift) + 1), b + shift))
    return out


def _marked(source: str, spans: list[tuple[int, int]]) -> list[str]:
    """The text of the paragraph at each span, its sentence ends marked \x00 (what `normalize` turns into its
    sentence keys). Without the spaces at its ends, which keys leave out: most runs of paragraphs then have
    their whitespace collapsed already (an indented line no longer says otherwise)."""
    if not spans:
        return []
    text = "\x01".join([source[a:b].strip() for a, b in spans])
    if "\x00" in text or text.count("\x01") >= len(spans):
        text = "\x01".join([source[a:b].strip().replace("\x00", "\x02").replace("\x01", "\x02") for a, b in spans])
    parts = _SENTENCE_END.split(text)  # text, end, text, end, ..., text
    # each sentence keeps its end punctuation and the space after it becomes \x00: the substitution this
    # is, without a Python call per sentence
    return "\x00".join(map(str.__add__, parts[0::2], [*parts[1::2], ""])).split("\x01")


_NOTHING = Paragraph(0, ())
"""What is left of a paragraph cut whole."""


class SeenText:
    """First occurrences: whole paragraphs by key, and each sentence key -> (paragraph, position)."""

    def __init__(self, said_twice: set[str]) -> None:
        self.paragraphs: list[Paragraph] = []
        self.prose: list[bool] = []
        self.whole: dict[tuple[str, ...], int] = {}
        self.sentence: dict[str, tuple[int, int]] = {}
        self.said_twice = said_twice
        """The sentence keys said twice: the only ones a paragraph can look up (a key said once is looked up
        only by its own paragraph, before that is seen)."""

    def add(self, p: Paragraph, keep: list[bool] | None, prose: bool = True) -> None:
        """Index what is left of p (keep: which sentences stay; None for all). A line that is not
        prose (`Jonathan Bragg, Mausam, Daniel S. Weld`) said again alone is data; it counts as a
        repeat only glued onto another line, as scrapers glue repeats."""
        if keep is not None:
            p = _subset(p, keep)
        keys = p.keys
        if not keys or not _long_enough(keys):
            return
        idx = len(self.paragraphs)
        self.paragraphs.append(p)
        self.prose.append(prose)
        self.whole.setdefault(keys, idx)
        for k in self.said_twice.intersection(keys):  # a few keys, picked in C (most are said once)
            self.sentence.setdefault(k, (idx, keys.index(k)))

    def would_record(self, p: Paragraph) -> bool:
        """Whether add would record something of p: its keys, not seen as a whole before (a paragraph seen with
        them recorded their keys said twice too). Else adding it changes nothing a later paragraph looks up, and
        its shape need not be worked out."""
        return bool(p.keys) and _long_enough(p.keys) and p.keys not in self.whole


def _subset(p: Paragraph, keep: list[bool]) -> Paragraph:
    """The sentences of p that are kept, as a paragraph of their own."""
    return Paragraph(p.line, tuple([x for x, k in zip(p.keys, keep, strict=True) if k]),
                     _bounds=[x for x, k in zip(p.bounds, keep, strict=True) if k])


def _long_enough(keys: tuple[str, ...]) -> bool:
    return sum(map(len, keys)) >= MIN_CHARS


def find_repeats(p: Paragraph, seen: SeenText) -> list[tuple[int, int, int]]:
    """(first sentence, last sentence + 1, line of the first copy) for each repeated run in p."""
    whole = seen.whole.get(p.keys)
    if whole is not None and _long_enough(p.keys):
        return [(0, len(p.keys), seen.paragraphs[whole].line)] if seen.prose[whole] else []
    runs, i, n = [], 0, len(p.keys)
    while i < n:
        hit = seen.sentence.get(p.keys[i])
        if hit is None:
            i += 1
            continue
        q = seen.paragraphs[hit[0]]
        j, m = hit[1], 0
        while i + m < n and j + m < len(q.keys) and p.keys[i + m] == q.keys[j + m]:
            m += 1
        whole_later = i == 0 and m == n
        whole_earlier = j == 0 and m == len(q.keys) and (seen.prose[hit[0]] or not whole_later)
        whole_later = whole_later and seen.prose[hit[0]]
        if (whole_earlier or whole_later) and _long_enough(p.keys[i:i + m]):
            runs.append((i, i + m, q.line))
            i += m
        else:
            i += 1
    return runs


def _is_code(source: str, p: Paragraph) -> bool:
    """Whether p's _shape is code: its first line's is (most paragraphs are not indented: no line is cut out)."""
    if not source.startswith(INDENTS, p.start):
        return False
    end = source.find("\n", p.start, p.end)
    return is_code(source[p.start:p.end if end < 0 else end])


def _shape(source: str, p: Paragraph, shapes: dict[str, str]) -> str:
    """A paragraph's shape: its first line's, and prose only if the whole paragraph reads as prose (`shapes`: the
    line shapes worked out so far)."""
    end = source.find("\n", p.start, p.end)
    shape = kept_shape(shapes, source[p.start:p.end if end < 0 else end])
    if shape == LINKS:
        return LINKS if end < 0 or not source[end:p.end].strip() else SHORT
    return PROSE if shape == PROSE or shape == SHORT and kept_shape(shapes, source[p.start:p.end]) == PROSE else shape


def drop_duplicates(doc: Document) -> tuple[Document, list[Fix]]:
    text_runs = list(raw_text_runs(doc))
    found = scan([doc.text[start:end] for start, end in text_runs], MIN_CHARS - 1)
    cuts = _repeated_prose(doc, text_runs, found) if found.sentences or found.lines else []
    if not cuts and len(text_runs) == len(doc.blocks):  # verbatim text only (most prose): no read paragraph or table
        return doc, []
    cuts += _repeated_read_paragraphs(doc)
    cuts += _repeated_tables(doc)
    if not cuts:
        return doc, []
    return apply_cuts(doc, _disjoint(cuts), doc.source_map().span)


def _repeated_prose(doc: Document, text_runs: list[tuple[int, int]], found_by_scan: Scan) -> list[Cut]:
    """Cuts for repeated paragraphs and sentences of the verbatim text, then for repeated blocks."""
    smap = doc.source_map()
    text = doc.text  # a one-character `in` first: a memchr, where "```" stops at every backtick
    fenced = fenced_blocks(text) if "`" in text and "```" in text or "~" in text and "~~~" in text else []
    fence_starts = [a for a, _ in fenced]
    cuts: list[Cut] = []

    def in_fence(p: Paragraph) -> bool:
        k = bisect_right(fence_starts, p.start) - 1
        return k >= 0 and fenced[k][1] > p.start

    def cut(p: Paragraph, a: int, b: int, first_line: int, whole: bool) -> None:
        """Cut sentences a..b of p; what is left after an earlier cut may not be contiguous, so each
        stretch of sentences with only whitespace between them is its own cut."""
        stretches: list[list[int]] = []
        if whole:  # the whole paragraph: no need to find its sentences' offsets
            text = doc.text[p.start:p.end]
            bounds = [(p.start + len(text) - len(text.lstrip()), p.start + len(text.rstrip()))]
        else:
            bounds = p.bounds[a:b]
        for s, e in bounds:
            if stretches and not doc.text[stretches[-1][1]:s].strip():
                stretches[-1][1] = e
            else:
                stretches.append([s, e])
        for s, e in stretches:
            cuts.append(Cut(s, e, "duplicate", "drop-duplicate-paragraph" if whole else "drop-duplicate-sentences",
                            f"repeat of the paragraph at line {first_line}: {excerpt(doc.text[s:e], 50)}"))

    found: list[Paragraph] = []
    said_twice: set[str] = set()
    if found_by_scan.sentences:
        spans = _candidate_spans(doc.text, text_runs, found_by_scan)
        keys = sentence_keys(_marked(doc.text, spans))
        said_twice = _repeated_keys(keys)
        if said_twice:  # every cut needs a sentence key said twice (most documents have none)
            found = paragraphs(doc.text, spans, keys, smap, said_twice)
    seen = SeenText(said_twice)
    shapes: dict[str, str] = {}  # the line shapes worked out, for the paragraphs and the blocks
    for p in found:
        if fenced and in_fence(p):
            continue
        if _is_code(doc.text, p):
            continue
        rest = p
        for _ in range(MAX_ROUNDS):  # what is left after a cut may itself repeat something earlier
            runs = find_repeats(rest, seen)
            if not runs:
                break
            whole = runs[0][:2] == (0, len(rest.keys))
            if rest is p and "|" in doc.text[p.start:p.end]:
                break  # lines with pipes are left alone: cutting them can make their neighbours a table
            if whole:
                cut(rest, 0, len(rest.keys), runs[0][2], rest is p)
                rest = _NOTHING
                break
            keep = [True] * len(rest.keys)
            for a, b, first_line in runs:
                cut(rest, a, b, first_line, rest is p and a == 0 and b == len(p.keys))
                keep[a:b] = [False] * (b - a)
            rest = _subset(rest, keep)
        if seen.would_record(rest):  # most repeats record nothing new: no shape to work out
            shape = _shape(doc.text, p, shapes)
            if shape in (PROSE, SHORT, LINKS):  # a record's field or list item said twice is data
                seen.add(rest, None, shape != SHORT)
    if found_by_scan.lines:
        cuts += find_repeated_blocks(doc, fenced, cuts, text_runs, found_by_scan, shapes)
    return cuts


def _repeated_keys(found: list[tuple[str, ...]]) -> set[str]:
    """The sentence keys said more than once in `found` (the sentence keys of each paragraph). A cut needs one:
    the first repeat of a document is a sentence key of an earlier, uncut paragraph said again (whole paragraphs
    share their first sentence's key), and what is left of a cut paragraph is made of its keys."""
    keys = list(chain.from_iterable(found))
    if len(set(keys)) == len(keys):
        return set()
    return {k for k, n in Counter(keys).items() if n > 1}


def _disjoint(cuts: list[Cut]) -> list[Cut]:
    """Sorted cuts, each starting where the one before ended at the earliest (a repeated table's cut
    reaches back over its heading, which another cut may have taken already)."""
    out: list[Cut] = []
    for c in sorted(cuts, key=lambda c: (c.start, -c.end)):  # a cut inside another is dropped
        if out and c.start < out[-1].end:
            if c.end <= out[-1].end:
                continue
            c = c._replace(start=out[-1].end)
        out.append(c)
    return out


def _repeated_read_paragraphs(doc: Document) -> list[Cut]:
    """Paragraphs a reader made (an HTML page's `<p>`s, not verbatim slices of text): one said again
    as prose goes whole, by the same key as text paragraphs."""
    first: dict[str, int] = {}
    cuts = []
    for b in doc.blocks:
        if isinstance(b, Text) and b.kind == "paragraph" and is_prose(b.text):
            key = normalize(b.text)
            if key in first:
                cuts.append(Cut(b.span.start, b.span.end, "duplicate", "drop-duplicate-paragraph",
                                f"repeat of the paragraph at line {first[key]}: {excerpt(b.text, 50)}"))
            else:
                first[key] = b.span.line
    return cuts


def _repeated_tables(doc: Document) -> list[Cut]:
    """A table said again right after itself, or under the same heading (the heading goes with it), is
    a repeat; the same grid under another heading (a calendar for July and one for October) is data."""
    if len([b for b in doc.blocks if isinstance(b, Table)]) < 2:
        return []  # a repeat needs a table seen before
    first: dict[tuple[object, ...], tuple[int, str | None, int]] = {}
    cuts = []
    above: tuple[str, int] | None = None  # the last line of text before the table, and where it starts
    tables_seen = 0
    for b in doc.blocks:
        if isinstance(b, Text):
            if b.text.strip():
                above = _last_line(b)
            continue
        if not isinstance(b, Table):
            continue
        heading = normalize(above[0]) if above is not None else None
        heading_at = above[1] if above is not None else 0
        key = (b.columns, b.rows)
        line, above, count = first.get(key, (0, None, -1))
        if count >= 0 and (above == heading if heading is not None else count == tables_seen):
            cuts.append(Cut(b.span.start if heading is None else heading_at, b.span.end, "duplicate",
                            "drop-duplicate-table", f"repeat of the table at line {line}"))
            first[key] = (line, above, tables_seen + 1)  # a third copy right after is a repeat too
        else:
            first[key] = (b.span.line, heading, tables_seen + 1)
        tables_seen += 1
        above = None
    return cuts


def _last_line(b: Text) -> tuple[str, int]:
    """The last line of a block that holds text, and its offset (a reader's paragraph is one line)."""
    if b.kind != "raw":
        return b.text, b.span.start
    body = b.text.rstrip()
    k = body.rfind("\n") + 1
    return body[k:], b.span.start + k

"""Repeated paragraphs and tables: keep the first copy, cut the later ones, in linear time.

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
from dataclasses import dataclass

from ..model import Document, Fix
from ..report import excerpt
from ..source import SourceMap
from .cut import Cut, apply_cuts, raw_text_runs

MAX_ROUNDS = 3
"""Cuts within one paragraph: a whole repeat, then a leftover that repeats an earlier leftover."""

MIN_CHARS = 30
"""Shorter paragraphs (headings like "Results", "Notes") may repeat legitimately."""

_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"', "‘": "'", "’": "'",
                       "‚": "'", "′": "'", "`": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-",
                       "−": "-", "\u00a0": " "})
_DASHES = re.compile(r"-{2,}")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+(?=[\"“‘(\[]?[A-Z0-9À-Þ])")
"""The space between two sentences: after `.`, `!`, `?` or `…` (and a closing quote or bracket)."""
_CONTINUES = re.compile(r"\s*[a-z,.;:)\]!?%]")


def normalize(text: str) -> str:
    """The key two copies of a paragraph share however they were typeset."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = " ".join(text.casefold().split())
    return _DASHES.sub("-", text) if "--" in text else text


@dataclass(slots=True)
class Paragraph:
    """A logical paragraph: its sentence keys, and (worked out only when a cut needs them) their offsets."""

    line: int
    keys: list[str]
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
                bounds.append((start + pos, start + m.start()))
                pos = m.end()
            tail = text[pos:].rstrip()
            if tail.strip():
                bounds.append((start + pos + (len(text[pos:]) - len(text[pos:].lstrip())), start + pos + len(tail)))
            self._bounds = bounds
        return self._bounds


def paragraphs(source: str, start: int, end: int, smap: SourceMap) -> list[Paragraph]:
    """Logical paragraphs of source[start:end], a run of verbatim lines (too short ones left out:
    they can neither be cut nor make a later paragraph a repeat)."""
    out: list[Paragraph] = []
    para_start = None
    pos = start
    while pos < end:
        nl = source.find("\n", pos, end)
        stop = end if nl < 0 else nl + 1
        if not source[pos:stop].strip():
            if para_start is not None:
                out.append(_split(source, para_start, pos, smap))
                para_start = None
        elif para_start is not None and not _CONTINUES.match(source, pos):
            out.append(_split(source, para_start, pos, smap))
            para_start = pos
        elif para_start is None:
            para_start = pos
        pos = stop
    if para_start is not None:
        out.append(_split(source, para_start, end, smap))
    return [p for p in out if p.keys]


def _split(source: str, start: int, end: int, smap: SourceMap) -> Paragraph:
    """Sentence keys in one go: mark the sentence ends, normalize the paragraph once, split on the marks."""
    if end - start < MIN_CHARS:
        return Paragraph(0, [])
    text = source[start:end]
    keys = normalize(_SENTENCE_END.sub("\x00", text)).split("\x00")
    keys = [k.strip() for k in keys]
    if keys and not keys[-1]:
        keys.pop()
    return Paragraph(smap.line_of(start), keys, start, end, source)


class SeenText:
    """First occurrences: whole paragraphs by key, and each sentence key -> (paragraph, position)."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.whole: dict[tuple[str, ...], int] = {}
        self.sentence: dict[str, tuple[int, int]] = {}

    def add(self, p: Paragraph, keep: list[bool] | None) -> None:
        """Index what is left of p (keep: which sentences stay; None for all)."""
        if keep is not None:
            p = _subset(p, keep)
        keys = tuple(p.keys)
        if not keys or not _long_enough(keys):
            return
        idx = len(self.paragraphs)
        self.paragraphs.append(p)
        self.whole.setdefault(keys, idx)
        for pos, k in enumerate(keys):
            self.sentence.setdefault(k, (idx, pos))


def _subset(p: Paragraph, keep: list[bool]) -> Paragraph:
    """The sentences of p that are kept, as a paragraph of their own."""
    return Paragraph(p.line, [x for x, k in zip(p.keys, keep, strict=True) if k],
                     _bounds=[x for x, k in zip(p.bounds, keep, strict=True) if k])


def _long_enough(keys: list[str] | tuple[str, ...]) -> bool:
    return sum(len(k) for k in keys) >= MIN_CHARS


def find_repeats(p: Paragraph, seen: SeenText) -> list[tuple[int, int, int]]:
    """(first sentence, last sentence + 1, line of the first copy) for each repeated run in p."""
    whole = seen.whole.get(tuple(p.keys))
    if whole is not None and _long_enough(p.keys):
        return [(0, len(p.keys), seen.paragraphs[whole].line)]
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
        whole_earlier = j == 0 and m == len(q.keys)
        whole_later = i == 0 and m == n
        if (whole_earlier or whole_later) and _long_enough(p.keys[i:i + m]):
            runs.append((i, i + m, q.line))
            i += m
        else:
            i += 1
    return runs


def drop_duplicates(doc: Document) -> tuple[Document, list[Fix]]:
    smap = SourceMap(doc.source)
    seen = SeenText()
    cuts: list[Cut] = []

    def cut(p: Paragraph, a: int, b: int, first_line: int, whole: bool) -> None:
        """Cut sentences a..b of p; what is left after an earlier cut may not be contiguous, so each
        stretch of sentences with only whitespace between them is its own cut."""
        stretches: list[list[int]] = []
        if whole:  # the whole paragraph: no need to find its sentences' offsets
            text = doc.source[p.start:p.end]
            bounds = [(p.start + len(text) - len(text.lstrip()), p.start + len(text.rstrip()))]
        else:
            bounds = p.bounds[a:b]
        for s, e in bounds:
            if stretches and not doc.source[stretches[-1][1]:s].strip():
                stretches[-1][1] = e
            else:
                stretches.append([s, e])
        for s, e in stretches:
            cuts.append(Cut(s, e, "duplicate", "drop-duplicate-paragraph" if whole else "drop-duplicate-sentences",
                            f"repeat of the paragraph at line {first_line}: {excerpt(doc.source[s:e], 50)}"))

    for start, end in raw_text_runs(doc):
        for p in paragraphs(doc.source, start, end, smap):
            rest = p
            for _ in range(MAX_ROUNDS):  # what is left after a cut may itself repeat something earlier
                runs = find_repeats(rest, seen)
                if not runs:
                    break
                whole = runs[0][:2] == (0, len(rest.keys))
                if rest is p and "|" in doc.source[p.start:p.end]:
                    break  # lines with pipes are left alone: cutting them can make their neighbours a table
                if whole:
                    cut(rest, 0, len(rest.keys), runs[0][2], rest is p)
                    rest = Paragraph(rest.line, [])
                    break
                keep = [True] * len(rest.keys)
                for a, b, first_line in runs:
                    cut(rest, a, b, first_line, rest is p and a == 0 and b == len(p.keys))
                    keep[a:b] = [False] * (b - a)
                rest = _subset(rest, keep)
            seen.add(rest, None)
    cuts += _repeated_tables(doc)
    return apply_cuts(doc, sorted(cuts, key=lambda c: c.start), smap.span)


def _repeated_tables(doc: Document) -> list[Cut]:
    first: dict[tuple[object, ...], int] = {}
    cuts = []
    for t in doc.tables:
        key = (t.columns, t.rows)
        if key in first:
            cuts.append(Cut(t.span.start, t.span.end, "duplicate", "drop-duplicate-table",
                            f"repeat of the table at line {first[key]}"))
        else:
            first[key] = t.span.line
    return cuts


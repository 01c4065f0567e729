"""One cheap look at a document's prose that rules out repeats before any key is made.

Most documents repeat nothing, and the exact keys (`normalize`, sentence splits, line keys) cost
several times what splitting the text into lines and hashing them costs. This scan folds the prose
once into ASCII bytes, a few C calls for the whole document, and says whether a repeat is possible:

- A repeated *line* (what a repeated block is made of) has the same line key twice, so the same fold.
- The first cut of a repeated *paragraph* (duplicates.py) needs a whole paragraph X (its sentence keys)
  said again as a run of sentences of another paragraph Y, or the other way round. Folded, with each
  logical paragraph on a line of its own, X is a line, and its copy in Y starts and ends where a
  sentence does: after an end mark (`!` and `?` fold to `.`, `…` is `...` after NFKC, the closing quote
  or bracket after it is dropped) and the whitespace after it, or at Y's start or end. So cut the fold after
  every `.` whitespace follows and at every line end into pieces (see _cut): both copies start where a piece
  does and fold alike, whitespace and all, so the first piece of X's line is found at two places (the one
  thing the scan checks). A lone `.` (the rest of a `. . .`) is such a first piece only where a line starts
  with it (see _pieces_said_twice). No cut after a `.` that no whitespace follows: the dots of a link or a
  name (`www.example.com/a.html`, said all over a page) make no pieces of their own, and the paragraphs they
  are in need no keys. Short texts, where that would not pay for _cut's passes, are cut after every `.`.

The fold keeps only what a key keeps: ASCII letters cased down, digits and punctuation, without
whitespace, quotes, dashes or closing brackets (equal keys always have equal folds, so a test on folds
never misses a repeat; it may find a few that are not). The sentence fold is made after NFKC, as keys
are; the line fold is not (line keys are not), except for the few characters NFKC changes on their own that
most text holds (where one fold serves both, see _nfkc_data). Characters whose casefold holds ASCII are
casefolded first. A line that folds to nothing but is not blank (letters outside ASCII only) could be anything,
so it counts as a possible repeat. Text in ASCII or Latin-1 (most of it) is folded as Latin-1 bytes, what
NFKC would change in it applied by a byte table, without a call to unicodedata (see _nfkc_data).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import accumulate, compress, repeat
from operator import ge, not_
from typing import NamedTuple

from ..text_rules import compiled_on_first_use, holds_any

CASEFOLD_TO_ASCII = ("\u00df\u0130\u0149\u017f\u01f0\u1e96"
                     "\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
"""The characters outside ASCII whose casefold holds an ASCII letter (Python's Unicode tables; a test checks)."""


_CASEFOLD_TO_ASCII_AFTER_NFKC = "\u00df\u0130\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9e"
"""Those of CASEFOLD_TO_ASCII that NFKC leaves as they are: the others (ligatures, the long s, the Kelvin sign...)
are never in NFKC's output (a test checks), so NFKC'd text is looked at for these only."""


_SPACE = b" \t\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""ASCII whitespace but the newline (what str.split splits on); dropped as keys drop spaces."""
_DROP_BUT_SPACES = bytes(range(128, 256)) + b"\"'`-)]"
_DROP = _DROP_BUT_SPACES + _SPACE
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!?\x00\x01", b"abcdefghijklmnopqrstuvwxyz..\x02\x02")
"""Cased down; every end mark a `.`; \x00 and \x01 as \x02 (the paragraph pass reads them so in the text)."""
_FOLD_SPACED = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!?\x00\x01" + _SPACE[1:],
                               b"abcdefghijklmnopqrstuvwxyz..\x02\x02" + b" " * len(_SPACE[1:]))
"""_FOLD, and whitespace but the newline made a space (to be cut after, then dropped; see _cut)."""
_FOLD_SPACED_BUT_JOIN = _FOLD_SPACED[:0x1F] + b"\x1f" + _FOLD_SPACED[0x20:]
"""_FOLD_SPACED keeping _JOIN as it is (see _JOIN)."""
_CUT = b"\x00"
"""What _cut puts after a `.` a sentence may end at: never in a fold (_FOLD makes the text's own \x00 \x02)."""
_OTHER_SPACE_CHARS = "\x85\u1680\u2028\u2029"
"""The whitespace outside ASCII that NFKC leaves as it is (it makes the rest a space; a test checks)."""
_OTHER_SPACES = tuple((c, c.encode()) for c in _OTHER_SPACE_CHARS)
"""Each, and it as UTF-8."""
_OTHER_SPACES_LATIN1 = (("\x85", b"\x85"),)
"""Those in Latin-1 (the no-break space is NFKC'd, see _LATIN1_TO_ASCII)."""
_CAPITAL_OUTSIDE_ASCII = compiled_on_first_use("[\u00c0-\u00de]")
"""What a sentence may start with outside ASCII (duplicates._SENTENCE_END, after an opening quote or bracket)."""
_SENTENCE_FROM_CAPITAL_OUTSIDE_ASCII = compiled_on_first_use(
    "[.!?\u2026][\"'\u201d\u2019)\\]]?\\s+[\"\u201c\u2018(\\[]?[\u00c0-\u00de]")
"""A sentence after another (duplicates._SENTENCE_END) that starts with one (a test checks)."""
_CONTINUED = compiled_on_first_use(r"\n(?=[^\S\n]*[a-z,.;:)\]!?%])")
"""A line break inside a logical paragraph (duplicates._PARAGRAPH: the next line starts in lower case
or with punctuation)."""
_JOIN = "\x1f"
"""What scan makes of such a line break: whitespace to str.split and lstrip and blank to a line, as the space of
the joined paragraph would be, but kept by the sentence fold, so that the same fold, its joins made line breaks
again, serves the lines."""
_JOIN_BYTE = _JOIN.encode()
_DROP_BUT_JOIN = _DROP.replace(_JOIN_BYTE, b"")


class Scan(NamedTuple):
    """What the scan found out about a document's runs of prose."""

    sentences: bool
    """A paragraph or sentences may be a repeat (False is certain)."""
    lines: bool
    """A line may be said twice (False is certain)."""
    line_folds: list[bytes]
    """Each line of the runs joined by a blank line, folded as line keys are (no NFKC, no joined lines): lines
    with equal keys have equal folds (repeated_blocks tells lines apart by them before making keys)."""
    unknown_lines: int
    """How many line_folds are empty but not of a blank line (0: every other empty one is)."""
    paragraphs: list[tuple[int, int]]
    """When `sentences`: the (start, end) in the runs joined by a blank line of each logical paragraph (from
    its first non-blank character) that may hold a sentence said twice (see _paragraphs_that_may_repeat)."""


def scan(runs: list[str], shortest: int = 1) -> Scan:
    """Whether, in these runs of prose, a paragraph or sentences may be a repeat and a line may be said twice
    (False is certain; True only means the exact tests must look), with the line folds made on the way and
    the paragraphs (`shortest` characters or longer) that may hold a sentence said twice."""
    text = "\n\n".join(runs)  # a blank line between runs: a run's first line never continues the run before
    joins = _CONTINUED.search(text) is not None
    # a paragraph a line (a text's own _JOIN made a space first: to every step below the same)
    joined = _CONTINUED.sub(_JOIN, text.replace(_JOIN, " ")) if joins else text
    data, one_fold, spaces = _nfkc_data(joined)
    every_dot = len(joined) < _SHORT_TEXT
    if every_dot:  # the fold is cut after every `.`
        cut_with_joins = data.translate(_FOLD, _DROP_BUT_JOIN if joins else _DROP)
        marks = _EVERY_DOT
    else:
        cut_with_joins = _cut(data, joined, spaces, joins)
        marks = _AT_CUTS
    cut = cut_with_joins.replace(_JOIN_BYTE, b"") if joins else cut_with_joins
    cut_lines = cut.split(b"\n")
    unknown = _lines_folding_to_nothing(data, cut_lines)  # a line's cut is empty where its fold is
    again = _pieces_said_twice(cut, marks)
    sentences = unknown > 0 or again is not None and _first_piece_repeats(cut_lines, again, marks)
    paragraphs = _paragraphs_that_may_repeat(joined, cut_lines, again or set(), shortest, marks) if sentences else []
    if one_fold:  # one fold serves the lines too (most documents), its joins line breaks again
        fold_with_joins = cut_with_joins if every_dot else cut_with_joins.replace(_CUT, b"")
        if not joins:
            if every_dot:  # a line said twice says its first piece twice
                return Scan(sentences, unknown > 1 or again is not None and _repeats(cut_lines), cut_lines, unknown,
                            paragraphs)
            lines = fold_with_joins.split(b"\n")
            return Scan(sentences, unknown > 1 or _repeats(lines), lines, unknown, paragraphs)
        data, folded = data.replace(_JOIN_BYTE, b"\n"), fold_with_joins.replace(_JOIN_BYTE, b"\n")
    else:  # the lines as they are, without NFKC (line keys have none)
        data, folded = _fold(text)
    lines = folded.split(b"\n")
    unknown = _lines_folding_to_nothing(data, lines)
    return Scan(sentences, unknown > 1 or _repeats(lines), lines, unknown, paragraphs)


_SHORT_TEXT = 4096
"""A text shorter than this (characters) is cut after every `.` (_EVERY_DOT): _cut costs two passes more than the
fold, and pays where a long text says links and names, whose dots make pieces said all over, and many paragraphs."""
_EVERY_DOT = (b".", b".\n")
"""What cuts the fold into pieces, and what it is made before the fold is split at line breaks: every `.`."""
_AT_CUTS = (_CUT, b"\n")
"""Every _CUT (see _cut)."""


def _cut(data: bytes, text: str, spaces: tuple[tuple[str, bytes], ...], joins: bool) -> bytes:
    """data (_nfkc_data of text; `spaces`: the whitespace outside ASCII it may hold) folded as keys are, with _CUT
    after each `.` whitespace follows (once the characters the fold drops are gone), where a sentence may end: a
    sentence said twice has the same cuts in both places, as its keys see only where whitespace is, not what it
    is. `joins`: data holds _JOIN (whitespace, kept)."""
    for space, encoded in spaces:
        if space in text:  # looked for in the text: a `in` of one character is a memchr, of its bytes not
            data = data.replace(encoded, b" ")
    spaced = data.translate(_FOLD_SPACED_BUT_JOIN if joins else _FOLD_SPACED, _DROP_BUT_SPACES)
    # a regex finds the few dots and looks past them, where bytes.replace walks every space as a candidate (and
    # re's cache compiles it once, not at start-up)
    cut = re.sub(rb"\.(?=[ \x1f])" if joins else rb"\. ", b"." + _CUT, spaced)
    return cut.translate(None, b" ")  # a pass, where a replace stops at every space


_MANY_PIECES = 100
"""A text cut into this many pieces or more nearly always says one twice (a menu, a date, a link): _pieces_said_twice
counts its pieces at once, without a set first to rule out a repeat."""


def _pieces_said_twice(cut: bytes, marks: tuple[bytes, bytes]) -> set[bytes] | None:
    """The pieces of the fold (see _cut: cut at each _CUT and line end) said twice or more, when one that may start
    a sentence is; None when none is (most documents). The empty piece is never one: it says nothing (the end of
    a line after its last cut). Nor is a lone `.` (of `. . .`, or a sentence outside ASCII) unless a line starts
    with one: a sentence after another starts with a letter or a digit, and one whose capital is outside
    ASCII (dropped by the fold) makes its paragraph one to look at anyway (see _paragraphs_that_may_repeat);
    nor, then, one of dots only (`...` after a cut is made of such). `marks`: _EVERY_DOT or _AT_CUTS."""
    pieces = cut.replace(*marks).split(b"\n")
    count = Counter(pieces) if len(pieces) >= _MANY_PIECES else None  # else a set first: quicker to make
    said = _distinct(pieces) if count is None else len(count) + max(count[b""] - 1, 0)
    if said >= len(pieces):
        return None  # nothing is said twice (most documents)
    dots = pieces.count(b".")
    if dots > 1 and _a_line_starts_with_dot(cut):
        dots = 1  # counted as any piece
    if said + max(dots - 1, 0) >= len(pieces):
        return None
    count = Counter(pieces) if count is None else count
    again = set(compress(count, map((1).__lt__, count.values())))  # picked in C
    again.discard(b"")
    if dots > 1:
        again.discard(b".")
    if marks is not _EVERY_DOT:  # (which makes no other piece of dots only)
        dotted = [piece for piece in again if not piece.strip(b".")]
        if dotted and not _a_line_starts_with_dot(cut):
            again.difference_update(dotted)
    return again or None


def _a_line_starts_with_dot(cut: bytes) -> bool:
    """Whether a line of the fold starts with `.` (a pass over it: asked only where a piece of dots repeats)."""
    return cut[:1] == b"." or b"\n." in cut


def _nfkc_data(text: str) -> tuple[bytes, bool, tuple[tuple[str, bytes], ...]]:
    """NFKC of text as bytes (its blank lines are those of NFKC), whether its fold serves as the lines' fold too
    (past Latin-1: only where text is NFKC-normal once its _COMMON_NFKC characters are replaced), and the
    whitespace outside ASCII NFKC leaves that it may hold, as these bytes spell it (_cut makes it a space).

    The cheapest way its characters allow: ASCII is NFKC-normal and casefolds to itself; in Latin-1 one
    character casefolds to ASCII (`ß`, left to the general path) and NFKC changes a few, each on its own (no
    Latin-1 character combines with another), and Latin-1 bytes fold as UTF-8 does (the fold drops every byte
    outside ASCII)."""
    latin = _latin1(text)
    if latin is None:
        normal = unicodedata.is_normalized("NFKC", text)
        if not normal:
            text = _common_nfkc(text)
            normal = unicodedata.is_normalized("NFKC", text)
        nfkc = text if normal else nfkc_by_parts(text)
        return _utf8(nfkc, [c for c in _CASEFOLD_TO_ASCII_AFTER_NFKC if c in nfkc]), normal, _OTHER_SPACES
    if latin.isascii():
        return latin, True, ()
    if not holds_any(latin, _LATIN1_NOT_NFKC):
        return latin, True, _OTHER_SPACES_LATIN1
    return _latin1_nfkc(latin), True, _OTHER_SPACES_LATIN1  # its fold serves the lines too (see _LATIN1_TO_ASCII)


_COMMON_NFKC = (("\u2026", "..."), ("\u00a0", " "))
"""The characters that make most text past Latin-1 not NFKC-normal (two thirds of it in crawled pages), with what
NFKC makes of each wherever it is (a test checks). Replaced, they leave such text normal: one fold serves the
lines too, coarser than their keys as for Latin-1 (see _LATIN1_TO_ASCII), and no line needs normalizing."""


def _common_nfkc(text: str) -> str:
    """text with its _COMMON_NFKC characters replaced by what NFKC makes of them."""
    for c, nfkc in _COMMON_NFKC:
        if c in text:
            text = text.replace(c, nfkc)
    return text


def _latin1(text: str) -> bytes | None:
    """text as Latin-1 bytes (a copy), when it is ASCII or Latin-1 without `ß`; None otherwise."""
    if text.isascii():
        return text.encode("ascii")
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:  # a character past Latin-1 (the encoder stops at the first)
        return None
    return None if b"\xdf" in latin else latin


_LATIN1_NOT_NFKC = b"\xa0\xa8\xaa\xaf\xb2\xb3\xb4\xb5\xb8\xb9\xba\xbc\xbd\xbe"
"""The Latin-1 characters NFKC changes (a test checks). NFKC makes the others of them `μ` (dropped by the fold,
not blank: as it is, it folds and counts alike) or a space and a combining mark (_LATIN1_SPACED)."""
_LATIN1_TO_ASCII = bytes.maketrans(b"\xa0\xaa\xb2\xb3\xb9\xba", b" a231o")
"""NFKC of the Latin-1 characters that become one ASCII character. A line key (no NFKC) tells `x²` from `x2`,
their folds do not: the lines' fold may be coarser than their keys (a key is made where folds repeat), and
this one maps each character alike wherever it is (the no-break space is blank to a key too)."""
_LATIN1_FRACTIONS = ((b"\xbc", b"14"), (b"\xbd", b"12"), (b"\xbe", b"34"))
"""NFKC of the vulgar fractions, folded (the fraction slash is dropped)."""
_LATIN1_SPACED = ((b"\xa8", b" \xa8"), (b"\xaf", b" \xaf"), (b"\xb4", b" \xb4"), (b"\xb8", b" \xb8"))
"""The spacing accents, which NFKC makes a space and a combining mark: the space, which a key keeps and _cut cuts
after (`a.´b` is `a. ́b`), put before each (kept, so that its line is not blank; the fold drops it)."""


def _latin1_nfkc(latin: bytes) -> bytes:
    """Latin-1 text, as bytes, with what NFKC makes of its characters where the fold, a cut (the spaces it sees)
    or a blank line would tell the difference."""
    for c, nfkc in _LATIN1_FRACTIONS + _LATIN1_SPACED:
        if c in latin:
            latin = latin.replace(c, nfkc)
    return latin.translate(_LATIN1_TO_ASCII)


def nfkc_by_parts(text: str, separator: str = "\n") -> str:
    """NFKC of text, a part at a time (lines, or what `separator` parts: a control character NFKC never reaches
    across): most parts have nothing to change, and normalizing costs several times what checking does."""
    return separator.join([part if part.isascii() or unicodedata.is_normalized("NFKC", part)
                           else unicodedata.normalize("NFKC", part) for part in text.split(separator)])


def _fold(text: str) -> tuple[bytes, bytes]:
    """text as UTF-8, and that folded as keys are (the newlines kept)."""
    data = _utf8(text, [] if text.isascii() else [c for c in CASEFOLD_TO_ASCII if c in text])
    return data, data.translate(_FOLD, _DROP)


def _utf8(text: str, casefolds: list[str]) -> bytes:
    """text as UTF-8, the characters of CASEFOLD_TO_ASCII it holds (`casefolds`) casefolded: the fold keeps
    nothing else a casefold changes (it cases ASCII down itself), and casefold maps each character on its own
    (a fifth of the cost of casefolding the whole text, which most German text would need for its `ß`)."""
    for c in casefolds:
        text = text.replace(c, c.casefold())
    return text.encode("utf-8", "surrogatepass")


def _distinct(items: list[bytes]) -> int:
    """How many of items are said once counting each empty one apart (len(items) when none is said twice)."""
    return len(set(items)) + max(items.count(b"") - 1, 0)


def _repeats(items: list[bytes]) -> bool:
    """Whether two of items are equal and not empty."""
    return _distinct(items) < len(items)


def _lines_folding_to_nothing(data: bytes, lines: list[bytes]) -> int:
    """How many of the folded `lines` of data fold to nothing but are not blank (each could be anything)."""
    empty = lines.count(b"")
    if not empty:
        return 0
    data_lines = data.split(b"\n")
    if empty == data_lines.count(b""):
        return 0  # they are all empty lines (most blank lines are): no need to strip the text's spaces
    # strip only the lines that fold to nothing (picked in C), not the whole text
    return sum(map(bool, map(bytes.strip, compress(data_lines, map(not_, lines)), repeat(_SPACE))))


def _paragraphs_that_may_repeat(one_line: str, cuts: list[bytes], again: set[bytes], shortest: int,
                                marks: tuple[bytes, bytes]) -> list[tuple[int, int]]:
    """The (start, end) of each line of one_line (a logical paragraph a line), from its first non-blank
    character and `shortest` characters or longer, that may hold a sentence whose key another sentence has
    (`cuts`: the lines folded and cut, see _cut, at `marks`; `again`: the pieces said twice, see
    _pieces_said_twice).
    Such a sentence starts and ends where pieces do (see the module's docstring), so its first piece, found
    in both, is one of the pieces said twice; unless its fold is empty: then it is the whole line (which
    folds to nothing) or, after another sentence, it starts with a capital outside ASCII (duplicates.
    _SENTENCE_END; a capital in ASCII would be in its fold; a first sentence whose fold is empty or dots makes the
    line's fold start with `.`, and its pieces of dots count). A paragraph with none of these holds no
    sentence said twice: the paragraph pass needs no key of it."""
    shortest = max(shortest, 1)
    lines = one_line.split("\n")
    starts = accumulate(map((1).__add__, map(len, lines)), initial=0)
    long_enough = map(ge, map(len, lines), repeat(shortest))  # the lines too short are left in C
    every_dot, out = marks is _EVERY_DOT, []
    for line, cut, start in compress(zip(lines, cuts, starts, strict=False), long_enough):  # starts: one more
        if (not cut or not again.isdisjoint(cut.replace(*marks).split(b"\n") if every_dot else cut.split(_CUT))
                or not line.isascii() and _CAPITAL_OUTSIDE_ASCII.search(line) is not None
                and _SENTENCE_FROM_CAPITAL_OUTSIDE_ASCII.search(line) is not None):
            body = line.lstrip()  # (most long lines are not picked: stripped only when they are)
            if len(body) >= shortest:
                out.append((start + len(line) - len(body), start + len(line)))
    return out


def _first_piece_repeats(cuts: list[bytes], again: set[bytes], marks: tuple[bytes, bytes]) -> bool:
    """Whether the first piece of one of the folded lines, cut at `marks`, is found at another place too (`again`:
    the pieces said twice)."""
    mark, kept = marks[0], len(marks[1]) - 1  # the `.` is the end of the piece before a cut, the _CUT is not
    for line in cuts:
        end = line.find(mark)
        if line and (line[:end + kept] if end >= 0 else line) in again:
            return True
    return False

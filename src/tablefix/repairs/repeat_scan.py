"""One cheap look at a document's prose that rules out repeats before any key is made.

Most documents repeat nothing, and the exact keys (`normalize`, sentence splits, line keys) cost
several times what splitting the text into lines and hashing them costs. This scan folds the prose
once into ASCII bytes, a few C calls for the whole document, and says whether a repeat is possible:

- A repeated *line* (what a repeated block is made of) has the same line key twice, so the same fold.
- The first cut of a repeated *paragraph* (duplicates.py) needs a whole paragraph X (its sentence keys)
  said again as a run of sentences of another paragraph Y, or the other way round. Folded, with each
  logical paragraph on a line of its own, X is a line, and its copy in Y starts and ends where a
  sentence does: after an end mark (`!` and `?` fold to `.`, `…` is `...` after NFKC, the closing quote
  or bracket after it is dropped) or at Y's start or end. So cut the fold after every `.` and at every
  line end into pieces: both copies start where a piece does and fold alike, so the first piece of X's
  line is found at two places (the one thing the scan checks). A lone `.` (the rest of a `...`) is such a
  first piece only where a line starts with it (see _pieces_said_twice).

The fold keeps only what a key keeps: ASCII letters cased down, digits and punctuation, without
whitespace, quotes, dashes or closing brackets (equal keys always have equal folds, so a test on folds
never misses a repeat; it may find a few that are not). The sentence fold is made after NFKC, as keys
are; the line fold is not (line keys are not), except for the few characters NFKC changes on their own that
most text holds (where one fold serves both, see _sentence_fold). Characters whose casefold holds ASCII are
casefolded first. A line that folds to nothing but is not blank (letters outside ASCII only) could be anything,
so it counts as a possible repeat. Text in ASCII or Latin-1 (most of it) is folded as Latin-1 bytes, what
NFKC would change in it applied by a byte table, without a call to unicodedata (see _sentence_fold).
"""

from __future__ import annotations

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
_DROP = bytes(range(128, 256)) + b"\"'`-)]" + _SPACE
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!?\x00\x01", b"abcdefghijklmnopqrstuvwxyz..\x02\x02")
"""Cased down; every end mark a `.`; \x00 and \x01 as \x02 (the paragraph pass reads them so in the text)."""
_CAPITAL_OUTSIDE_ASCII = compiled_on_first_use("[\u00c0-\u00de]")
"""What a sentence may start with outside ASCII (duplicates._SENTENCE_END, after an opening quote or bracket)."""
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
    if _CONTINUED.search(text) is None:
        joined, drop = text, _DROP
    else:  # a paragraph a line (a text's own _JOIN made a space first: to every step below the same)
        joined, drop = _CONTINUED.sub(_JOIN, text.replace(_JOIN, " ")), _DROP_BUT_JOIN
    data, fold_with_joins, one_fold = _sentence_fold(joined, drop)
    folded = fold_with_joins if joined is text else fold_with_joins.replace(_JOIN_BYTE, b"")
    lines = folded.split(b"\n")
    unknown = _lines_folding_to_nothing(data, lines)
    again = _pieces_said_twice(folded)
    sentences = unknown > 0 or again is not None and _first_piece_repeats(lines, again)
    paragraphs = _paragraphs_that_may_repeat(joined, lines, again or set(), shortest) if sentences else []
    if joined is text and one_fold:  # one fold serves the lines too (most documents): a line said twice
        lines_may = unknown > 1 or again is not None and _repeats(lines)  # says its first piece twice
        return Scan(sentences, lines_may, lines, unknown, paragraphs)
    if one_fold:  # the same fold, its joins line breaks again
        data, folded = data.replace(_JOIN_BYTE, b"\n"), fold_with_joins.replace(_JOIN_BYTE, b"\n")
    else:  # the lines as they are, without NFKC (line keys have none)
        data, folded = _fold(text)
    lines = folded.split(b"\n")
    unknown = _lines_folding_to_nothing(data, lines)
    return Scan(sentences, unknown > 1 or _repeats(lines), lines, unknown, paragraphs)


_MANY_PIECES = 100
"""A text cut into this many pieces or more nearly always says one twice (a menu, a date, a link): _pieces_said_twice
counts its pieces at once, without a set first to rule out a repeat."""


def _pieces_said_twice(folded: bytes) -> set[bytes] | None:
    """The pieces of the fold (cut after every `.` and at line ends) said twice or more, when one that may start a
    sentence is; None when none is (most documents). The empty piece is never one: it says nothing (the end of
    a line after its last `.`). Nor is a lone `.` (the second and third dots of `...`) unless a line starts
    with one: a sentence after another starts with a letter or a digit, and one whose capital is outside
    ASCII (dropped by the fold) makes its paragraph one to look at anyway (see _paragraphs_that_may_repeat)."""
    pieces = folded.replace(b".", b".\n").split(b"\n")
    count = Counter(pieces) if len(pieces) >= _MANY_PIECES else None  # else a set first: quicker to make
    said = _distinct(pieces) if count is None else len(count) + max(count[b""] - 1, 0)
    if said >= len(pieces):
        return None  # nothing is said twice (most documents)
    dots = pieces.count(b".")
    if dots > 1 and (folded[:1] == b"." or b"\n." in folded):
        dots = 1  # counted as any piece
    if said + max(dots - 1, 0) >= len(pieces):
        return None
    count = Counter(pieces) if count is None else count
    again = set(compress(count, map((1).__lt__, count.values())))  # picked in C
    again.discard(b"")
    if dots > 1:
        again.discard(b".")
    return again


def _sentence_fold(text: str, drop: bytes = _DROP) -> tuple[bytes, bytes, bool]:
    """NFKC of text as bytes (its blank lines are those of NFKC), that folded as keys are (`drop`: what the fold
    drops, _DROP_BUT_JOIN to keep the joins of lines), and whether that fold serves as the lines' fold too (past
    Latin-1: only where text is NFKC-normal once its _COMMON_NFKC characters are replaced).

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
        data = _utf8(nfkc, [c for c in _CASEFOLD_TO_ASCII_AFTER_NFKC if c in nfkc])
        return data, data.translate(_FOLD, drop), normal
    if latin.isascii() or not holds_any(latin, _LATIN1_NOT_NFKC):
        return latin, latin.translate(_FOLD, drop), True
    data = _latin1_nfkc(latin)  # its fold serves the lines too (see _LATIN1_TO_ASCII)
    return data, data.translate(_FOLD, drop), True


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
"""The Latin-1 characters NFKC changes (a test checks). NFKC makes the others of them a space and a combining
mark (dropped by the fold, not blank) or `μ` (dropped, not blank): as they are, they fold and count alike."""
_LATIN1_TO_ASCII = bytes.maketrans(b"\xa0\xaa\xb2\xb3\xb9\xba", b" a231o")
"""NFKC of the Latin-1 characters that become one ASCII character. A line key (no NFKC) tells `x²` from `x2`,
their folds do not: the lines' fold may be coarser than their keys (a key is made where folds repeat), and
this one maps each character alike wherever it is (the no-break space is blank to a key too)."""
_LATIN1_FRACTIONS = ((b"\xbc", b"14"), (b"\xbd", b"12"), (b"\xbe", b"34"))
"""NFKC of the vulgar fractions, folded (the fraction slash is dropped)."""


def _latin1_nfkc(latin: bytes) -> bytes:
    """Latin-1 text, as bytes, with what NFKC makes of its characters where the fold or a blank line would
    tell the difference."""
    for c, ascii_digits in _LATIN1_FRACTIONS:
        if c in latin:
            latin = latin.replace(c, ascii_digits)
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


def _paragraphs_that_may_repeat(one_line: str, folds: list[bytes], again: set[bytes],
                                shortest: int) -> list[tuple[int, int]]:
    """The (start, end) of each line of one_line (a logical paragraph a line), from its first non-blank
    character and `shortest` characters or longer, that may hold a sentence whose key another sentence has
    (`folds`: the lines folded; `again`: the pieces of them said twice, see _pieces_said_twice).
    Such a sentence starts and ends where pieces do (see the module's docstring), so its first piece, found
    in both, is one of the pieces said twice; unless its fold is empty: then it is the whole line (which
    folds to nothing) or, after another sentence, it starts with a capital outside ASCII (duplicates.
    _SENTENCE_END; a capital in ASCII would be in its fold). A paragraph with none of these holds no
    sentence said twice: the paragraph pass needs no key of it."""
    shortest = max(shortest, 1)
    lines = one_line.split("\n")
    starts = accumulate(map((1).__add__, map(len, lines)), initial=0)
    long_enough = map(ge, map(len, lines), repeat(shortest))  # the lines too short are left in C
    out = []
    for line, fold, start in compress(zip(lines, folds, starts, strict=False), long_enough):  # starts: one more
        body = line.lstrip()
        if len(body) >= shortest and (
                not fold or not again.isdisjoint(fold.replace(b".", b".\n").split(b"\n"))
                or not line.isascii() and _CAPITAL_OUTSIDE_ASCII.search(line) is not None):
            out.append((start + len(line) - len(body), start + len(line)))
    return out


def _first_piece_repeats(lines: list[bytes], again: set[bytes]) -> bool:
    """Whether the first piece of one of the folded lines is found at another place too (`again`: the pieces
    said twice)."""
    for line in lines:
        end = line.find(b".") + 1
        if line and (line[:end] if end else line) in again:
            return True
    return False

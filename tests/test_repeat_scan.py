"""repeat_scan.scan's shortcuts, each against the plain computation it stands in for."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablefix.repairs import repeat_scan as rs

_CHARS = ("aAzZ09 .!?\n\n\n\t\"')]([-,;:%\x1c\x1f\u00a0\u00b2\u00bc\u00e9\u00c9\u00df\u2026\u2019\u201c\u0301\ufb01"
          "\uff26\uff01\u3000\x85\u2028\u200a\uff0e\u2018\u201d\u00d6\u0416\u00b4\u00a8")
"""What folds one way or another, starts a continued line (lower case, punctuation) or not, is blank or not; the
characters NFKC changes in Latin-1 and past it (_COMMON_NFKC among them; spacing accents, which it makes a space
and a mark), a text's own \\x1f; whitespace NFKC keeps (the next line, the line separator) or makes a space, a
full-width full stop."""
_LATIN1_CHARS = "aAzZ09 .!?\n\n\t\"')]([-,\x85\u00a0\u00a8\u00aa\u00af\u00b2\u00b4\u00b5\u00b8\u00bc\u00c9\u00e9"
"""Latin-1 only (the Latin-1 path of the scan): what NFKC changes there, the next line and the no-break space."""


def _reference_scan(runs: list[str], shortest: int, every_dot: bool) -> rs.Scan:
    """The scan as it was: continued line breaks made spaces, a fold of the NFKC of that for the sentences (cut
    into pieces after every `.`, or only after those whitespace follows) and a fold of the text as it is for the
    lines."""
    text = "\n\n".join(runs)
    one_line = rs._CONTINUED.sub(" ", text)
    nfkc = unicodedata.normalize("NFKC", one_line)
    data, folded = _plain_fold(nfkc)
    lines = folded.split(b"\n")
    unknown = _folding_to_nothing(data, lines)
    casefolded = data.decode("utf-8", "surrogatepass")  # and NFKC'd
    if every_dot:
        cuts = [line.replace(b".", b".\x00") for line in lines]
    else:
        cuts = [b"\x00".join(piece.encode("utf-8", "surrogatepass").translate(rs._FOLD, rs._DROP)
                             for piece in _SENTENCE_MAY_END.split(line)) for line in casefolded.split("\n")]
    assert [cut.replace(b"\x00", b"") for cut in cuts] == lines
    again = _reference_pieces_said_twice(b"\n".join(cuts))
    sentences = unknown > 0 or again is not None and any(cut and cut.split(b"\x00")[0] in again for cut in cuts)
    paragraphs = _paragraphs_that_may_repeat(one_line, cuts, again or set(), shortest) if sentences else []
    data, folded = _plain_fold(text)
    lines = folded.split(b"\n")
    unknown = _folding_to_nothing(data, lines)
    return rs.Scan(sentences, unknown > 1 or rs._repeats(lines), lines, unknown, paragraphs)


_SENTENCE_MAY_END = re.compile("(?<=[.!?])(?=[\"'`\\-)\\]\u0080-\U0010ffff]*?\\s)")
"""After an end mark whitespace follows, once what the fold drops (quotes, dashes, closing brackets, what is outside
ASCII) is left out."""


def _paragraphs_that_may_repeat(one_line: str, cuts: list[bytes], again: set[bytes],
                                shortest: int) -> list[tuple[int, int]]:
    """Line by line: a line (from its first non-blank character) long enough that folds to nothing, holds a
    piece said twice or a capital outside ASCII."""
    shortest = max(shortest, 1)
    out, start = [], 0
    for line, cut in zip(one_line.split("\n"), cuts, strict=True):
        body = line.lstrip()
        if len(body) >= shortest and (not cut or not again.isdisjoint(cut.split(b"\x00"))
                                      or _a_sentence_starts_outside_ascii(line)):
            out.append((start + len(line) - len(body), start + len(line)))
        start += len(line) + 1
    return out


def _a_sentence_starts_outside_ascii(line: str) -> bool:
    """Whether a sentence after another starts with a capital outside ASCII, as the paragraph pass splits them."""
    from tablefix.repairs.duplicates import _SENTENCE_END

    starts = [line[m.end():].lstrip("\"\u201c\u2018([")[:1] for m in _SENTENCE_END.finditer(line)]
    return any("\u00c0" <= c <= "\u00de" for c in starts)


def _folding_to_nothing(data: bytes, folds: list[bytes]) -> int:
    """How many lines of data fold to nothing but are not blank (hold more than spaces)."""
    lines = data.split(b"\n")
    return sum(1 for line, fold in zip(lines, folds, strict=True) if not fold and line.translate(None, rs._SPACE))


def _plain_fold(text: str) -> tuple[bytes, bytes]:
    """text as UTF-8, casefolded whole when it holds a character whose casefold is ASCII, and that folded."""
    data = (text.casefold() if any(c in text for c in rs.CASEFOLD_TO_ASCII) else text).encode("utf-8", "surrogatepass")
    return data, data.translate(rs._FOLD, rs._DROP)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.text(st.sampled_from(_CHARS), max_size=30), min_size=1, max_size=3), st.sampled_from([1, 8]))
@example(["Said twice. said twice\nand on.\n\n\x1fSaid twice. said twice\nand on."], 1)
@example(["Wait\u2026\n\u00a0\nwait...\n\u00a0\n"], 1)
@example(["x\n\n  and on\n\n\x1f\n"], 1)
@example(["A b.\u2028A b.\x85A b.\u2029A b.\u1680A b. A b.\u201d A b.\x1c"], 1)
@example(["Go to www.a.com/b.html now.\n\nAt www.a.com/b.html it is."], 1)
@example([".\u00df x. \u00df x.\n\nss x."], 1)
@example(["Ab. Cd.\n\nAb. Cd.\n\nXy. ... Zw.\n\nQr. ... St. .. x. .. y."], 1)
@example(["Xy said a.\u00b4b on.\n\nXy said a. \u00b4b on."], 1)
def test_the_scan_is_the_plain_computation(runs: list[str], shortest: int) -> None:
    """A continued line break made \\x1f (a text's own \\x1f made spaces), kept by the fold and made a line break
    again for the lines, and _COMMON_NFKC replaced before the NFKC check: the sentences and paragraphs are
    what the plain computation finds; the lines are too where nothing NFKC changes is in the text (else their
    fold may have NFKC's ASCII where a character was: tests/test_prose_fast_paths.py checks that it still tells
    lines apart only where their keys do). A short text is cut after every `.`, a long one only where
    whitespace follows (the test makes every text long too): their lines are the same."""
    scanned, reference = rs.scan(runs, shortest), _reference_scan(runs, shortest, every_dot=True)
    assert (scanned.sentences, scanned.paragraphs) == (reference.sentences, reference.paragraphs)
    short, many = rs._SHORT_TEXT, rs._MANY_PIECES
    try:
        rs._SHORT_TEXT = rs._MANY_PIECES = 0
        long, long_reference = rs.scan(runs, shortest), _reference_scan(runs, shortest, every_dot=False)
    finally:
        rs._SHORT_TEXT, rs._MANY_PIECES = short, many
    assert (long.sentences, long.paragraphs) == (long_reference.sentences, long_reference.paragraphs)
    assert long[1:4] == scanned[1:4]
    assert long.sentences <= scanned.sentences and set(long.paragraphs) <= set(scanned.paragraphs)
    if unicodedata.is_normalized("NFKC", "\n\n".join(runs)):
        assert scanned == reference
    else:
        assert len(scanned.line_folds) == len(reference.line_folds)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(st.sampled_from(_LATIN1_CHARS), max_size=30), min_size=1, max_size=3))
@example(["A b.\u00a8c d.\u00afe f.\u00b8g\n\nA b. \u00a8c d. \u00afe f. \u00b8g"])
def test_the_scan_of_latin1_text_is_the_plain_computation(runs: list[str]) -> None:
    """Latin-1 text takes its own path (what NFKC changes applied by bytes, the spacing accents' spaces among
    them): its sentences and paragraphs are the plain computation's, short and long."""
    test_the_scan_is_the_plain_computation.hypothesis.inner_test(runs, 1)  # type: ignore[attr-defined]


def test_the_common_nfkc_changes_are_nfkc_wherever_they_are() -> None:
    for c, nfkc in rs._COMMON_NFKC:
        assert unicodedata.normalize("NFKC", c) == nfkc
        for around in ("a{}b", "e\u0301{}\u0301", "\uff26{}\u3000", "{}{}", "\u1100{}\u1161"):
            text = around.format(c, c)
            assert unicodedata.normalize("NFKC", text) == unicodedata.normalize("NFKC", rs._common_nfkc(text))


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(_CHARS), max_size=40))
def test_replacing_the_common_nfkc_changes_leaves_nfkc_as_it_is(text: str) -> None:
    assert unicodedata.normalize("NFKC", rs._common_nfkc(text)) == unicodedata.normalize("NFKC", text)


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(_CHARS + rs.CASEFOLD_TO_ASCII + "\u0130\u0307\u03a3\u03c2"), max_size=30))
def test_casefolding_only_what_casefolds_to_ascii_folds_as_a_casefold_of_everything(text: str) -> None:
    casefolded = text.casefold().encode("utf-8", "surrogatepass")
    data, folded = rs._fold(text)
    assert folded == casefolded.translate(rs._FOLD, rs._DROP)
    assert rs._lines_folding_to_nothing(data, folded.split(b"\n")) == rs._lines_folding_to_nothing(
        casefolded, folded.split(b"\n"))


def _reference_pieces_said_twice(cut: bytes) -> set[bytes] | None:
    """The pieces (cut at \\x00 and line ends) said twice, but the empty one and, unless a line starts with `.`,
    those of dots only; None for none."""
    from collections import Counter

    pieces = cut.replace(b"\x00", b"\n").split(b"\n")
    again = {p for p, n in Counter(pieces).items() if n > 1 and p}
    if not any(line.startswith(b".") for line in cut.split(b"\n")):
        again = {p for p in again if p.strip(b".")}
    return again or None


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"b", b"ab", b".", b"\n", b"\n\n", b"a.\x00", b"x.y.\x00", b"...\x00", b"q",
                                 b".\x00", b"..\x00"]),
                max_size=3 * rs._MANY_PIECES).map(b"".join))
@example(b"a.\x00b.\x00c.\x00d.\n" * 30)
@example(b".\n" + b"abc.\n" * 60)
@example(b".\x00.\x00x\n" + b"abc.\x00.\x00\n" * 60)
def test_pieces_said_twice_counts_long_and_short_texts_alike(folded: bytes) -> None:
    assert rs._pieces_said_twice(folded, rs._AT_CUTS) == _reference_pieces_said_twice(folded)
    every_dot = folded.replace(b"\x00", b"")
    assert rs._pieces_said_twice(every_dot, rs._EVERY_DOT) == _reference_pieces_said_twice(
        every_dot.replace(b".", b".\x00"))


def test_the_whitespace_nfkc_keeps_outside_ascii_is_known() -> None:
    """_cut makes these a space; NFKC makes every other whitespace outside ASCII one (keys split at both)."""
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and not chr(c).isascii()]
    kept = [c for c in spaces if unicodedata.normalize("NFKC", c) == c]
    assert [(c, c.encode()) for c in kept] == list(rs._OTHER_SPACES)
    assert [(c, c.encode("latin-1")) for c in kept if c < "\u0100"] == list(rs._OTHER_SPACES_LATIN1)
    assert all(unicodedata.normalize("NFKC", c) == " " for c in spaces if c not in kept)


def test_a_sentence_from_a_capital_outside_ascii_is_found_as_the_paragraph_pass_splits() -> None:
    """_SENTENCE_FROM_CAPITAL_OUTSIDE_ASCII copies duplicates._SENTENCE_END with the capital outside ASCII."""
    import itertools

    alphabet = ".!?\u2026\"'\u201d\u2019)] \t\u00a0\x1f\u201c\u2018([\u00c9\u00de\u00dfAx"
    for n in range(1, 5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "x" + "".join(chars)
            found = rs._SENTENCE_FROM_CAPITAL_OUTSIDE_ASCII.search(text) is not None
            assert found == _a_sentence_starts_outside_ascii(text), repr(text)

"""repeat_scan.scan's shortcuts, each against the plain computation it stands in for."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablefix.repairs import repeat_scan as rs

_CHARS = ("aAzZ09 .!?\n\n\n\t\"')]-,;:%\x1c\x1f\u00a0\u00b2\u00bc\u00e9\u00c9\u00df\u2026\u2019\u201c\u0301\ufb01"
          "\uff26\uff01\u3000")
"""What folds one way or another, starts a continued line (lower case, punctuation) or not, is blank or not; the
characters NFKC changes in Latin-1 and past it (_COMMON_NFKC among them), a text's own \\x1f."""


def _reference_scan(runs: list[str], shortest: int) -> rs.Scan:
    """The scan as it was: continued line breaks made spaces, a fold of the NFKC of that for the sentences and a
    fold of the text as it is for the lines."""
    text = "\n\n".join(runs)
    one_line = rs._CONTINUED.sub(" ", text)
    nfkc = unicodedata.normalize("NFKC", one_line)
    data, folded = _plain_fold(nfkc)
    lines = folded.split(b"\n")
    unknown = _folding_to_nothing(data, lines)
    again = rs._pieces_said_twice(folded)
    sentences = unknown > 0 or again is not None and rs._first_piece_repeats(lines, again)
    paragraphs = rs._paragraphs_that_may_repeat(one_line, lines, again or set(), shortest) if sentences else []
    data, folded = _plain_fold(text)
    lines = folded.split(b"\n")
    unknown = _folding_to_nothing(data, lines)
    return rs.Scan(sentences, unknown > 1 or rs._repeats(lines), lines, unknown, paragraphs)


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
def test_the_scan_is_the_plain_computation(runs: list[str], shortest: int) -> None:
    """A continued line break made \\x1f (a text's own \\x1f made spaces), kept by the fold and made a line break
    again for the lines, and _COMMON_NFKC replaced before the NFKC check: the sentences and paragraphs are
    what the plain computation finds; the lines are too where nothing NFKC changes is in the text (else their
    fold may have NFKC's ASCII where a character was: tests/test_prose_fast_paths.py checks that it still tells
    lines apart only where their keys do)."""
    scanned, reference = rs.scan(runs, shortest), _reference_scan(runs, shortest)
    assert (scanned.sentences, scanned.paragraphs) == (reference.sentences, reference.paragraphs)
    if unicodedata.is_normalized("NFKC", "\n\n".join(runs)):
        assert scanned == reference
    else:
        assert len(scanned.line_folds) == len(reference.line_folds)


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


def _reference_pieces_said_twice(folded: bytes) -> set[bytes] | None:
    """_pieces_said_twice as it was: a set to rule a repeat out, whatever the text's length."""
    from collections import Counter

    pieces = folded.replace(b".", b".\n").split(b"\n")
    said = len(set(pieces)) + max(pieces.count(b"") - 1, 0)
    dots = pieces.count(b".")
    if dots > 1 and (folded[:1] == b"." or b"\n." in folded):
        dots = 1
    if said + max(dots - 1, 0) >= len(pieces):
        return None
    again = {p for p, n in Counter(pieces).items() if n > 1} - {b""}
    return again - {b"."} if dots > 1 else again


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"b", b"ab", b".", b"\n", b"\n\n", b"a.", b"x.y.", b"...", b"q"]),
                max_size=3 * rs._MANY_PIECES).map(b"".join))
@example(b"a.b.c.d.\n" * 30)
@example(b".\n" + b"abc.\n" * 60)
def test_pieces_said_twice_counts_long_and_short_texts_alike(folded: bytes) -> None:
    assert rs._pieces_said_twice(folded) == _reference_pieces_said_twice(folded)

"""The fast paths a document of plain prose takes, each against the exact computation it stands in for."""

from __future__ import annotations

import random
import re
import unicodedata
from itertools import accumulate
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tablefix
from tablefix.pipeline import clean, read
from tablefix.readers import text as text_reader
from tablefix.repairs import PASSES, duplicates, repair
from tablefix.repairs import repeat_scan as rs
from tablefix.repairs.cut import raw_text_runs

_LATIN1 = "".join(map(chr, range(0x80, 0x100)))
_TRICKY = ("aAzZ09 .!?\n\n\t\r\"'`-)](,;:%~|<+=" + _LATIN1 + "\u2026\ufb01\uff26\u2019\u201c\u2014\u0130\u212a\u0301"
           "\u00df\u017f\u2500\u2502")
"""ASCII that folds one way or another, every Latin-1 character (C1 controls as mojibake has them, those NFKC
changes, `ß`, the no-break space), and beyond it: an ellipsis, a ligature, a full-width letter, typographic
quotes, a dash, characters that casefold to ASCII, a combining accent (NFKC joins it to the letter before), box
drawing."""


def _reference_fold(text: str) -> tuple[bytes, bytes, bool, bool]:
    """What the scan made of a text before its fast paths: NFKC, casefolded when it holds a character that
    casefolds to ASCII, as UTF-8, folded."""
    normal = unicodedata.is_normalized("NFKC", text)
    nfkc = unicodedata.normalize("NFKC", text)
    casefolds = any(c in nfkc for c in rs.CASEFOLD_TO_ASCII)
    data = (nfkc.casefold() if casefolds else nfkc).encode("utf-8", "surrogatepass")
    return data, data.translate(rs._FOLD, rs._DROP), normal, casefolds


def _unknown(data: bytes, folded: bytes) -> int:
    return rs._lines_folding_to_nothing(data, folded.split(b"\n"))


def test_the_latin1_characters_nfkc_changes_are_known() -> None:
    changed = bytes(c for c in range(0x80, 0x100) if unicodedata.normalize("NFKC", chr(c)) != chr(c))
    assert changed == rs._LATIN1_NOT_NFKC
    for c in changed:
        folded = _reference_fold(chr(c))[1]
        assert rs._latin1_nfkc(bytes([c])).translate(rs._FOLD, rs._DROP) == folded, hex(c)
    assert [c for c in _LATIN1 if any(x.isascii() for x in c.casefold())] == ["\u00df"]


def test_the_characters_that_casefold_to_ascii_after_nfkc_are_known() -> None:
    """Each character of CASEFOLD_TO_ASCII that NFKC changes is never in its output (its quick check says No)."""
    kept = [c for c in rs.CASEFOLD_TO_ASCII if unicodedata.normalize("NFKC", c) == c]
    assert "".join(kept) == rs._CASEFOLD_TO_ASCII_AFTER_NFKC
    for c in set(rs.CASEFOLD_TO_ASCII) - set(kept):
        assert c not in unicodedata.normalize("NFKC", f"a{c}\u0301 {c}{c}"), hex(ord(c))


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(_TRICKY), max_size=40))
@example("x\u00b2 \u00bc.\n\u00a0\u00a0\n\u00a8\n")
@example("a.\u00b4b c.\u00a8d e.\u00afe f.\u00b8g\n")
@example("e\u0301t\u00e9.\n")
@example("Stra\u00dfe.\n")
@example("\ufb01ne.\n\u2026\n")
def test_the_sentence_fold_is_that_of_nfkc(text: str) -> None:
    """_nfkc_data takes shortcuts for ASCII and Latin-1; its fold, the spaces a cut sees, its blank lines and
    what it says of NFKC and the casefold are those of the full computation (past Latin-1 one fold serves the
    lines too only where the text is NFKC-normal once its commonest changes are made)."""
    data, one_fold, spaces = rs._nfkc_data(text)
    folded = data.translate(rs._FOLD, rs._DROP)
    ref_data, ref_folded, _, _ = _reference_fold(text)
    assert folded == ref_folded
    ref_text = ref_data.decode("utf-8", "surrogatepass")
    assert rs._cut(data, text, spaces, joins=False) == rs._cut(ref_data, ref_text, rs._OTHER_SPACES, joins=False)
    assert _unknown(data, folded) == _unknown(ref_data, ref_folded)
    if rs._latin1(text) is None:
        assert one_fold <= unicodedata.is_normalized("NFKC", rs._common_nfkc(text))


def _line_key(line: str) -> str:
    return " ".join(line.casefold().split())


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(st.sampled_from(_TRICKY.replace("\n", "")), max_size=12), min_size=1, max_size=6))
@example(["x\u00b2", "x2", "X\u00b2"])
@example(["\u00a0", "a", "\u00a8"])
def test_line_folds_are_told_apart_only_where_keys_are(lines: list[str]) -> None:
    """The lines' folds (Latin-1 read with what NFKC makes of it, and text past it as written) are equal where
    the lines' keys are, and a line whose fold is empty counts as unknown unless its key is empty too."""
    scanned = rs.scan(["\n".join(lines)])
    assert len(scanned.line_folds) == len(lines)
    for a, fa in zip(lines, scanned.line_folds, strict=True):
        for b, fb in zip(lines, scanned.line_folds, strict=True):
            if _line_key(a) == _line_key(b):
                assert fa == fb, (a, b)
    unknown = [a for a, f in zip(lines, scanned.line_folds, strict=True) if not f and _line_key(a)]
    assert scanned.unknown_lines >= len(unknown)


_SENTENCES = [
    "The harbour was rebuilt after the storm.", "The harbour was rebuilt after the storm\u2026",
    "The harbour was rebuilt after the storm...", "...and then the harbour was rebuilt.", "\u2026and then it was.",
    "\u00c9... the harbour was rebuilt.", "\u00c9\u2026 it rained.", "It rained... It rained.", "It rained.",
    "x\u00b2 is more than x\u00b3.", "x2 is more than x3.", "About \u00bc of them.", "About 14 of them.",
    "The 1\u00aa edition.", "The 1a edition.", "A\u00a0no-break space.", "A no-break space.", "Die Stra\u00dfe.",
    "Die Strasse.", "U.S. troops came. E.g. these.", "e.g. these.", "...", "\u2026", ". . .", "?!", "[1]",
    "Το λιμάνι ξαναχτίστηκε μετά την καταιγίδα.", "Главная страница сайта и все её части\u2026",
    "Éé àà ôô ûû îî... Ôô Çç Éé Àà.",
]


def _text(seed: int) -> str:
    rng = random.Random(seed)
    pool = rng.sample(_SENTENCES, 5)  # a few a document: most documents repeat something
    paragraphs = [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 6))]
    return rng.choice(["", "\u2019"]) + "\n\n".join(paragraphs) + "\n"


_PARAGRAPH_RE = re.compile(r"\S[^\n]*(?:\n[^\S\n]*[a-z,.;:)\]!?%][^\n]*)*")
"""A logical paragraph, as tests/test_repeats.py has it."""


def _everything_looked_at(doc: Any) -> Any:
    """drop_duplicates with every paragraph keyed and every line compared: no scan rules anything out."""
    real = duplicates.scan, duplicates._candidate_spans

    def scan_all(runs: list[str], shortest: int = 1) -> rs.Scan:
        return real[0](runs, shortest)._replace(sentences=True, lines=True)

    try:
        duplicates.scan = scan_all  # type: ignore[assignment]
        duplicates._candidate_spans = lambda source, runs, scanned: [  # type: ignore[assignment]
            (max(a, source.rfind("\n", a, m.start()) + 1), m.end())
            for a, b in runs for m in _PARAGRAPH_RE.finditer(source, a, b)
            if m.end() - m.start() >= duplicates.MIN_CHARS - 1]
        return duplicates.drop_duplicates(doc)
    finally:
        duplicates.scan, duplicates._candidate_spans = real


@pytest.mark.parametrize("seed", range(400))
def test_what_the_scan_rules_out_holds_no_repeat(seed: int) -> None:
    """The scan's shortcuts (Latin-1 read as it is, a lone `.` of `...` left out of the pieces) rule out
    nothing the exact keys would cut: ellipses at a line's start and after a capital outside ASCII, what
    NFKC makes of Latin-1 (superscripts, fractions, ordinals, the no-break space), `ß`."""
    doc = read(_text(seed))
    assert duplicates.drop_duplicates(doc) == _everything_looked_at(doc)


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from(" \t\n-=|<+`~a.\u2500\u250c\u2554\u256d\u00e9"), max_size=30))
@example("a  b")
@example("  a\n")
@example("a  \n")
@example("\t  a")
@example("a-b--")
@example("+ a\n+-+")
def test_candidates_are_none_where_the_scan_finds_none(scan: str) -> None:
    found = text_reader._Candidates(scan).first_at(0) < len(scan)
    assert (text_reader._candidates(scan) is not None) == found


def test_the_passes_but_duplicates_leave_one_block_of_text_alone() -> None:
    """pipeline.clean runs only `duplicates` on a document of one text block without leaks or fixes: each
    other pass must leave such a document (and what `duplicates` cut of it) as it is. A new pass must be
    checked here too (and in pipeline._one_text_block)."""
    assert [name for name, _ in PASSES] == ["leaks", "duplicates", "rejoin-tables", "ragged-rows"]
    text = ("A paragraph that is said twice, long enough.\n\nSomething else.\n\n"
            "A paragraph that is said twice, long enough.\n")
    doc = read(text)
    cut, fixes = duplicates.drop_duplicates(doc)
    assert fixes
    for name, run in PASSES:
        if name != "duplicates":
            assert run(doc) == (doc, []) and run(cut) == (cut, []), name


@pytest.mark.parametrize("text", [
    "Plain prose. Nothing said twice.\n",
    "A paragraph that is said twice, long enough.\n\nSomething else.\n\nA paragraph that is said twice, long enough.\n",
    "Same line\nSame line\nSame line\nOther\n\nSame line\nSame line\nSame line\n",
    "Text before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText after.\n",
    "Text .x { color: red; margin: 0 }\n\nMore text.\n",
    "",
])
@pytest.mark.parametrize("skip", [(), ("duplicates",), ("leaks",)])
def test_clean_is_read_then_repair(text: str, skip: tuple[str, ...]) -> None:
    doc, exact = clean(text, skip=skip), repair(read(text, find_leaks="leaks" not in skip), skip)
    assert doc == exact  # (fixes and all)
    assert tablefix.write(doc, "text") == tablefix.write(exact, "text")


def test_raw_text_runs_of_one_block() -> None:
    doc = read("Plain prose.\n")
    assert list(raw_text_runs(doc)) == [(0, len(doc.text))]


def _reference_normalize(text: str) -> str:
    """duplicates.normalize as it was: the whole text normalized at once, its quotes and dashes folded by a regex,
    every text's words split and joined by one space."""
    if text.isascii():
        text = text.replace("`", "'")
    else:
        text = re.sub("[" + "".join(duplicates._FOLD) + "]", lambda m: duplicates._FOLD[m.group()],
                      unicodedata.normalize("NFKC", text))
    text = " ".join(text.casefold().split())
    return re.sub("-{2,}", "-", text)


def _reference_sentence_keys(source: str, spans: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """The paragraphs' sentence keys as they were made: each paragraph's text as it is, its outer spaces too,
    normalized whole and each key stripped."""
    text = "\x01".join([source[a:b].replace("\x00", "\x02").replace("\x01", "\x02") for a, b in spans])
    parts = duplicates._SENTENCE_END.split(text)
    marked = "\x00".join(map(str.__add__, parts[0::2], [*parts[1::2], ""]))
    return [tuple([k.strip() for k in keys.split("\x00")]) for keys in _reference_normalize(marked).split("\x01")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=_TRICKY + " A.\x00\x01\x85\u00b4\u2003\u3000", max_size=30), min_size=1, max_size=4))
@example(["  \u00b4Foo. Bar.  ", "\u3000\u0301x. Y.\u2003", "\t. A"])
@example(["Foo.\u2019 \u201cBar.\u201d (Baz.) Qux\u2026 \u00c9 \u00b4Z.\u00a0A", "\u2003"])
def test_sentence_keys_leave_out_the_outer_spaces(paragraphs: list[str]) -> None:
    """_marked strips each paragraph before its sentence ends are marked: the same keys (NFKC makes `´` a space
    and an accent, whitespace beside a combining accent)."""
    source = "\n".join(paragraphs)
    starts = [0, *accumulate(len(p) + 1 for p in paragraphs)]
    spans = [(a, a + len(p)) for a, p in zip(starts, paragraphs, strict=False)]
    keys = duplicates.sentence_keys(duplicates._marked(source, spans))
    assert keys == _reference_sentence_keys(source, spans)


def test_spaces_nfkc_leaves_are_listed() -> None:
    """normalize skips the split and join for text free of these (and of doubled or outer spaces)."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert sorted(c for c in spaces if unicodedata.normalize("NFKC", c) != " ") == sorted(duplicates._SPACES_AFTER_NFKC)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TRICKY + " \x00\x01\x0b\x0c\x1c\x85\u1680\u2028\u2003\u3000\u202f--", max_size=40))
@example("a  b")
@example(" a\x00b ")
@example("A\u2003B \u2028C")
@example("\u2026 \u201c\x01\u0301e\x01\u00a0\u2014x")
def test_normalize_is_the_split_and_join(text: str) -> None:
    assert duplicates.normalize(text) == _reference_normalize(text)

"""Repeats found the same way however the text around them looks (regressions of the batched pass)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import tablefix
from tablefix.repairs import duplicates
from tablefix.repairs.cut import raw_text_runs

# The exact definitions the repeats pass's fast paths stand in for; the tests below compare them.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[^\S\n]*[a-z,.;:)\]!?%][^\n]*)*")
"""A logical paragraph: a non-blank line, and the lines after it that continue it (they start in lower case
or with punctuation)."""


def _paragraph_spans(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the logical paragraphs of source[start:end] long enough to count (one character short
    still counts: `ß` or a ligature can make the key long enough), from the start of their first line."""
    spans = [m.span() for m in _PARAGRAPH.finditer(source, start, end)
             if m.end() - m.start() >= duplicates.MIN_CHARS - 1]
    return [(max(start, source.rfind("\n", start, a) + 1), b) for a, b in spans]


def _line_keys(doc: Any, runs: list[tuple[int, int]]) -> list[list[str]]:
    """The key of each line of each run ("" for a blank line)."""
    return [[" ".join(line.split()) for line in doc.text[start:end].casefold().split("\n")] for start, end in runs]


def _any_line_repeats(doc: Any) -> bool:
    """Whether any two prose lines share a key."""
    said = [k for run in _line_keys(doc, list(raw_text_runs(doc))) for k in run if k]
    return len(set(said)) < len(said)


def codes(text: str) -> list[str]:
    return [f.code for f in tablefix.clean(text).fixes]


@pytest.mark.parametrize("text", [
    "Sentence one is quite long here.\n\nSentence one is quite long here.\x01Second part is also long enough.\n",
    "It continued, lowercase, on the next line.\n\nIt continued, lowercase, on the next line.\x00\n",
    "An article. \x00 It says \x01 a lot. It says a lot more.\n\nIt says a lot more. An article. \x00 It said.\n",
])
def test_control_characters_in_a_paragraph_are_read_without_error(text: str) -> None:
    tablefix.clean(text)


def test_a_short_paragraph_whose_key_grows_is_still_a_repeat() -> None:
    """29 characters, but `ß` folds to `ss`: long enough to count, as with its newline."""
    assert codes("Da wo er ißt, ist es so groß.\n\nOther text in between here.\n\nDa wo er ißt, ist es so groß.\n") \
        == ["drop-duplicate-paragraph"]


def test_a_paragraphs_key_does_not_depend_on_its_neighbours() -> None:
    """A backtick folds to a quote in an ASCII paragraph as in one beside accented text."""
    text = ("Use the `ls` command to list all files here.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "Café au lait is served every morning.\n\nUse the `ls` command to list all files here.\n")
    assert codes(text) == ["drop-duplicate-paragraph"]


def test_a_document_with_a_new_source_gets_a_new_line_map() -> None:
    first = tablefix.read("One paragraph that is long enough to count.\n")
    first.source_map()
    text = "\n" * 6 + "A paragraph that is long enough to count.\n\nA paragraph that is long enough to count.\n"
    doc = replace(tablefix.read(text), line_map=first.line_map)  # a stale map carried over
    [fix] = tablefix.repair(doc).fixes
    assert fix.span.line == 9 and "line 7" in fix.message


def test_a_prose_paragraph_repeated_in_an_html_page_goes_like_one_in_text() -> None:
    page = (Path(__file__).parent / "fixtures" / "html" / "page_paragraph_repeated_is_dropped.html").read_text()
    doc = tablefix.clean(page)
    kept = [b.text for b in doc.blocks if isinstance(b, tablefix.Text)]
    assert sum(t.startswith("The river rose") for t in kept) == 1
    assert kept.count("Short note.") == 2  # too short to be prose: a label may repeat
    assert [f.code for f in doc.fixes] == ["drop-duplicate-paragraph"]


def test_the_characters_that_casefold_to_ascii_are_all_known() -> None:
    """The quick repeated-lines test keeps only ASCII; it is sound only if it knows every other character
    whose casefold holds ASCII (a new Unicode version may add some)."""
    import sys

    from tablefix.repairs.repeat_scan import CASEFOLD_TO_ASCII

    found = {chr(c) for c in range(128, sys.maxunicode + 1) if any(ord(x) < 128 for x in chr(c).casefold())}
    assert found <= set(CASEFOLD_TO_ASCII)


@pytest.mark.parametrize("text", [
    "Straße und Weg, alles hier.\n\nSTRASSE UND WEG, ALLES HIER.\nNext line here.\n",
    "Ünïcödé and more of it.\nsecond line\n\nÜNÏCÖDÉ AND   MORE OF IT.\nsecond line\n",
    "ΑΒΓΔ ΕΖΗΘ\nσυνέχεια\n\nαβγδ εζηθ\nσυνέχεια\n",
])
def test_repeated_lines_outside_ascii_are_still_found(text: str) -> None:
    assert _any_line_repeats(tablefix.read(text))


@pytest.mark.parametrize("text, code", [
    # the copy broken over a continued line (a line starting in lower case), either way round
    ("The harbour was rebuilt after the storm of that winter.\n\n"
     "A new story starts here. The harbour was rebuilt after\nthe storm of that winter.\n", "drop-duplicate-sentences"),
    ("The harbour was rebuilt after\nthe storm of that winter.\n\n"
     "A new story starts here. The harbour was rebuilt after the storm of that winter.\n", "drop-duplicate-sentences"),
    # equal only once NFKC-normalized (a ligature, an ellipsis) or casefolded outside ASCII
    ("The \ufb01rst ferry left the harbour at dawn\u2026\n\nOther text in between here, long enough.\n\n"
     "The first ferry left the harbour at dawn...\n", "drop-duplicate-paragraph"),
    ("Το λιμάνι ξαναχτίστηκε μετά την καταιγίδα.\n\nOther text in between here, long enough.\n\n"
     "ΤΟ ΛΙΜΆΝΙ ΞΑΝΑΧΤΊΣΤΗΚΕ ΜΕΤΆ ΤΗΝ ΚΑΤΑΙΓΊΔΑ.\n", "drop-duplicate-paragraph"),
    # the copy after a sentence that ends in a bracket, or with `?` and `!`; typographic quotes
    ("The harbour was rebuilt after the storm of that winter.\n\n"
     "(It was the worst in memory.) The harbour was rebuilt after the storm of that winter.\n",
     "drop-duplicate-sentences"),
    ("Was the harbour rebuilt after the storm of that winter?\n\n"
     "It was! Was the harbour rebuilt after the storm of that winter? Yes.\n", "drop-duplicate-sentences"),
    ("\u201cThe harbour was rebuilt after the storm,\u201d she said.\n\nOther text in between here, long enough.\n\n"
     "\"The harbour was rebuilt after the storm,\" she said.\n", "drop-duplicate-paragraph"),
    # a paragraph with nothing the fold keeps (letters outside ASCII, no end mark) said again after a sentence
    ("Éé Àà Ôô Ûû Îî Çç Éé Àà Ôô Ûû Îî Çç\n\nOther text in between here, long enough.\n\n"
     "Something else was said first. Éé Àà Ôô Ûû Îî Çç Éé Àà Ôô Ûû Îî Çç\n", "drop-duplicate-sentences"),
    # the same, the first copy in lower case: no capital outside ASCII in its line, which folds to nothing
    ("éé àà ôô ûû îî çç éé àà ôô ûû îî çç\n\nOther text in between here, long enough.\n\n"
     "Something else was said first. Éé Àà Ôô Ûû Îî Çç Éé Àà Ôô Ûû Îî Çç\n", "drop-duplicate-sentences"),
])
def test_the_quick_scan_lets_every_kind_of_repeat_through(text: str, code: str) -> None:
    """repeat_scan.scan rules documents out on a cheap fold of their text; these repeats differ in
    what the fold must see past (line breaks, NFKC, case outside ASCII, end marks, quotes)."""
    from tablefix.repairs.repeat_scan import scan

    assert scan([text]).sentences
    assert codes(text) == [code]


def test_the_quick_scan_rules_out_prose_that_repeats_nothing() -> None:
    from tablefix.repairs.repeat_scan import scan

    text = ("A title line\n\nThe harbour was rebuilt after the storm. It took two years, e.g. the piers.\n\n"
            "Caf\u00e9s opened again\u2026 and the ferry ran twice a day. It ran e.g. on Sundays.\n")
    found = scan([text])
    assert (found.sentences, found.lines) == (False, False)


@pytest.mark.parametrize(("text", "code"), [
    ("Die Straße wurde nach dem Sturm neu gebaut.\n\nOther text in between here, long enough.\n\n"
     "DIE STRASSE WURDE NACH DEM STURM NEU GEBAUT.\n", "drop-duplicate-paragraph"),  # ß casefolds to ss
    ("Главная\nО нас\n\nSome text in between.\n\nГлавная\nО нас\n", "drop-duplicate-block"),  # folds to nothing
    ("[Home](/) [Blog](/blog)\n\nSome text in between.\n\n[Home](/) [Blog](/blog)\n", "drop-duplicate-block"),
], ids=["casefold", "outside-ascii-lines", "links"])
def test_repeats_the_quick_scan_could_miss_are_cut(text: str, code: str) -> None:
    """Each needs a part of the scan (the casefold, lines that fold to nothing, lines of links) to reach the
    exact path: a scan without it would keep the repeat."""
    assert [f.code for f in tablefix.clean(text).fixes] == [code]


def test_the_quick_scan_reads_paragraphs_and_sentence_ends_as_the_paragraph_pass_does() -> None:
    """repeat_scan copies two rules of duplicates.py: which line continues a paragraph, and which marks end
    a sentence (and the closers after them). Edit one without the other and the scan could miss repeats."""
    import re
    import unicodedata

    from tablefix.repairs.duplicates import _SENTENCE_END
    from tablefix.repairs.repeat_scan import _CAPITAL_OUTSIDE_ASCII, _CONTINUED, _fold

    for c in map(chr, range(0x20, 0x250)):
        text = f"First line\n {c}next"
        assert (len(_PARAGRAPH.findall(text)) == 1) == bool(_CONTINUED.search(text)), repr(c)
    klass = r"\[((?:\\.|[^\]\\])+)\]"  # a character class, escapes and all
    ends, closers = re.match(rf"\({klass}{klass}", _SENTENCE_END.pattern).groups()
    for c in ends:
        assert b"." in _fold(unicodedata.normalize("NFKC", c))[1], c
    for c in re.sub(r"\\(.)", r"\1", closers):
        assert _fold(unicodedata.normalize("NFKC", c))[1] == b"", c
    for c in map(chr, range(0x80, 0x3000)):  # a sentence that may fold to nothing starts with one of these
        for opening in ("", "\u201c", "\u2018", '"', "("):
            if len(_SENTENCE_END.split("It ended. " + opening + c + "x")) > 1:
                assert _CAPITAL_OUTSIDE_ASCII.fullmatch(c), repr(c)


def test_a_line_ends_as_a_sentence_as_the_end_pattern_says() -> None:
    """line_shapes.ends_as_sentence strips where the regex it replaces tried every end mark; they must agree
    (end marks, closers, whitespace outside ASCII, a closer with no end mark, an end mark mid-line)."""
    import itertools
    import re

    from tablefix.repairs.line_shapes import ends_as_sentence, is_prose

    pattern = re.compile(r"[.!?…:][\"'”’)\]]*\s*$")
    alphabet = ".!?…:\"'”’)]( \n\t\u00a0\u2028\x85\x1cab,;‘“"
    for n in range(4):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert ends_as_sentence(text) == (pattern.search(text) is not None), repr(text)
            assert ends_as_sentence("word " + text) == (pattern.search("word " + text) is not None), repr(text)
    from tablefix.repairs.line_shapes import _SENTENCE_BREAK

    words = "One two three four five six"
    for text in (words, words + ".", words[:-4] + ".", words + " \u2003", "a\u00a0b c d e f.", words + "\n",
                 "One two. Three four five six", "One two three\tfour five\u2028six \u201d"):
        expected = len(text.split()) >= 6 and bool(pattern.search(text) or _SENTENCE_BREAK.search(text))
        assert is_prose(text) == expected, repr(text)


_TRICKY_LINES = [
    "Home", "HOME", "home ", "\tHome", "Нome",  # a Cyrillic look-alike
    "Straße", "STRASSE", "strasse", "Strasſe", "\u212aelvin", "Kelvin", "\ufb01sh", "fish", "ﬁsh",
    "Главная", "ГЛАВНАЯ", "О нас", "---", "« »", "—", "\u00a0", " \u2003 ", "", "  ",
    "[Home](/) [Blog](/blog)", "[home](/)  [blog](/blog)", "\u201cQuoted\u201d line", '"Quoted" line',
    "A line\x00with a NUL", "A line\x01with a NUL", "split\u2028here", "split here", "tab\there", "x\x85y",
    "Ünïcödé and more", "ÜNÏCÖDÉ AND   MORE", "Prose said again. It ends here.", "prose said again. it ends here.",
]


def _tricky_runs(seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    runs = []
    for _ in range(rng.randint(1, 3)):
        lines = [rng.choice(_TRICKY_LINES) for _ in range(rng.randint(1, 12))]
        runs.append("\n".join(lines) + rng.choice(["", "\n"]))
    return runs


@pytest.mark.parametrize("seed", range(300))
def test_line_stand_ins_and_folds_tell_lines_apart_as_their_keys_do(seed: int) -> None:
    """repeated_blocks makes a line's key only when its fold repeats (the line itself stands for the key of any
    other), and asks its block tests of the folds first: two lines' stand-ins, and their keys as made, must be
    equal exactly when their keys are, and every test the keys pass the folds must pass (look-alikes, casefolds,
    lines that fold to nothing, whitespace outside ASCII)."""
    from collections import Counter
    from types import SimpleNamespace

    from tablefix.model import SourceMap
    from tablefix.repairs import repeated_blocks as rb
    from tablefix.repairs.repeat_scan import scan

    texts = _tricky_runs(seed)
    starts = [sum(len(t) + 2 for t in texts[:k]) for k in range(len(texts))]
    text = "\n\n".join(texts)
    doc = SimpleNamespace(text=text, source_map=lambda: SourceMap(text))
    runs = [(a, a + len(t)) for a, t in zip(starts, texts, strict=True)]
    exact = _line_keys(doc, runs)
    scanned = scan(texts)
    stand_ins = rb._fold_stand_ins(texts, scanned.line_folds, scanned.unknown_lines)
    said = [x for x in stand_ins if x]
    count = Counter(said)
    assert [bool(x) for x in stand_ins] == [bool(k) for run in exact for k in [*run, ""]][:-1]
    keys = rb._Lines(doc, runs, texts, stand_ins, said, count).keys  # type: ignore[arg-type]
    said_exact = [k for run in exact for k in run if k]
    assert len(said) == len(keys) == len(said_exact)
    twice = {k for k, n in Counter(said_exact).items() if n > 1}
    for i, (a, x) in enumerate(zip(keys, said_exact, strict=True)):
        if x in twice:
            assert a == x
        for b, y in zip(keys[i + 1:], said_exact[i + 1:], strict=True):
            assert (a == b) == (x == y), (x, y)
    for one_round in (True, False):
        if (rb._pair_or_links_repeat(said_exact, "](") if one_round
                else rb._enough_repeats(Counter(said_exact), "](")):
            assert rb._pair_or_links_repeat(said, b"(") if one_round else rb._enough_repeats(count, b"(")


def test_casefold_never_makes_or_removes_a_line_break() -> None:
    """Line keys casefold a line at a time or a run at a time: the same lines either way."""
    import sys

    assert [chr(c) for c in range(sys.maxunicode + 1) if ("\n" in chr(c).casefold()) != (c == 10)] == []


_TRICKY_SENTENCES = [
    "The harbour was rebuilt after the storm.", "THE HARBOUR WAS REBUILT AFTER THE STORM.",
    "The harbour was rebuilt after the storm!", "The harbour was rebuilt after the storm?",
    "The harbour was rebuilt after the storm\u2026", "The harbour was rebuilt after the storm...",
    "Тhe harbour was rebuilt after the storm.",  # a Cyrillic look-alike
    "Die Straße wurde gebaut.", "DIE STRASSE WURDE GEBAUT.", "Die Strasſe wurde gebaut.",
    "The \ufb01rst ferry left at dawn.", "The first ferry left at dawn.", "Ｔｈｅ first ferry left at dawn.",
    "\u201cIt rained,\u201d she said.", '"It rained," she said.', "\u2018It rained,\u2019 she said.",
    "It rained \u2013 again.", "It rained -- again.", "It rained \u2014 again.", "It rained - again.",
    "(It was the worst.)", "It was the worst.", "[It was the worst.]", "It`s the worst.", "It's the worst.",
    "Το λιμάνι ξαναχτίστηκε.", "ΤΟ ΛΙΜΆΝΙ ΞΑΝΑΧΤΊΣΤΗΚΕ.", "Главная страница сайта.", "ГЛАВНАЯ СТРАНИЦА САЙТА.",
    "Éé Àà Ôô Ûû Îî Çç Éé Àà", "A\u00a0line with a no-break space.", "A line with a no-break space.",
    "A sentence\x00with a NUL.", "A sentence\x01with a SOH.", "Numbers 12 and 3.5 count.", "Numbers 12 and 35 count.",
]


def _tricky_text(seed: int) -> str:
    import random

    rng = random.Random(seed)
    paragraphs = []
    for _ in range(rng.randint(2, 6)):
        sentences = [rng.choice(_TRICKY_SENTENCES) for _ in range(rng.randint(1, 4))]
        text = " ".join(sentences)
        if rng.random() < 0.3:  # a continued line: the paragraph broken where a word starts in lower case
            words = text.split(" ")
            cut = rng.randrange(len(words))
            words[cut] = "\n" + words[cut].lower()
            text = " ".join(words)
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("seed", range(300))
def test_paragraphs_left_without_keys_hold_no_sentence_said_twice(seed: int) -> None:
    """The paragraph pass makes sentence keys only for the paragraphs repeat_scan picks (_candidate_spans):
    every paragraph holding a sentence key said twice must be among them
    (look-alikes, casefolds, NFKC, quotes and dashes, every end mark, continued lines, sentences that fold to
    nothing), and the pass must cut what it cuts with every paragraph keyed."""
    from collections import Counter

    from tablefix.repairs import duplicates
    from tablefix.repairs.cut import raw_text_runs
    from tablefix.repairs.repeat_scan import scan

    text = _tricky_text(seed)
    doc = tablefix.read(text)
    runs = list(raw_text_runs(doc))
    spans = [span for a, b in runs for span in _paragraph_spans(doc.text, a, b)]
    keys = duplicates.sentence_keys(duplicates._marked(doc.text, spans))
    said = Counter(k for sentences in keys for k in sentences)
    scanned = scan([doc.text[a:b] for a, b in runs], duplicates.MIN_CHARS - 1)
    candidates = set(duplicates._candidate_spans(doc.text, runs, scanned)) if scanned.sentences else set()
    assert candidates <= set(spans)
    for span, sentences in zip(spans, keys, strict=True):
        if any(said[k] > 1 for k in sentences):  # (the scan may rule the document out: then no cut is possible)
            assert span in candidates or not scanned.sentences, sentences
    repaired = duplicates.drop_duplicates(doc)
    real = duplicates._candidate_spans
    try:
        duplicates._candidate_spans = lambda source, runs, scanned: [  # type: ignore[assignment]
            span for a, b in runs for span in _paragraph_spans(source, a, b)]
        assert duplicates.drop_duplicates(doc) == repaired
    finally:
        duplicates._candidate_spans = real


_SHAPE_LINES = ["    code()", "\tcode()", "    * nested item", "    1. nested", "    a) nested", "    (b) nested",
                "    [12] nested", "    \u0663. arabic digit", "    \u2022 bullet", "   three spaces", "\t- tab item",
                "    -not an item", "    Note: a field", "    [Home](/)", "plain line", "", "    ", "* item",
                "Venue: Gasthaus Linde", "[Home](/) [Blog](/blog)", "A sentence long enough to be prose here."]


def test_is_code_says_what_line_shape_says() -> None:
    """The paragraph pass asks is_code first and works out a paragraph's whole shape only when it needs it."""
    from tablefix.repairs.line_shapes import CODE, is_code, line_shape

    for line in _SHAPE_LINES:
        assert is_code(line) == (line_shape(line) == CODE), repr(line)
    said = "The harbour was rebuilt after the storm.\n\n"
    assert codes(said + "    The harbour was rebuilt after the storm.\n") == []  # code is never cut
    assert codes(said + "  The harbour was rebuilt after the storm.\n") == ["drop-duplicate-paragraph"]


def _shape_text(seed: int) -> str:
    import random

    rng = random.Random(seed)
    pieces = _SHAPE_LINES + [s for s in _TRICKY_SENTENCES if rng.random() < 0.3]
    paragraphs = []
    for _ in range(rng.randint(2, 10)):
        lines = [rng.choice(pieces) + rng.choice(["", " " + rng.choice(_TRICKY_SENTENCES)])
                 for _ in range(rng.randint(1, 3))]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("seed", range(200))
def test_paragraphs_that_record_nothing_new_need_no_shape(seed: int) -> None:
    """The paragraph pass works out a paragraph's shape only when adding it would record something (SeenText
    .would_record) and asks only whether it is code first: it must cut what it cuts with every paragraph's
    shape worked out and added (code, items, fields, links, prose, indented or not, said again or not)."""
    from tablefix.repairs import duplicates

    for text in (_shape_text(seed), _tricky_text(seed)):
        doc = tablefix.read(text)
        repaired = duplicates.drop_duplicates(doc)
        real = duplicates.SeenText.would_record
        try:
            duplicates.SeenText.would_record = lambda self, p: True  # type: ignore[method-assign]
            assert duplicates.drop_duplicates(doc) == repaired
        finally:
            duplicates.SeenText.would_record = real  # type: ignore[method-assign]

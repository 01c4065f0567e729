"""Repeats found the same way however the text around them looks (regressions of the batched pass)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import tablefix


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

    from tablefix.repairs.repeated_blocks import CASEFOLD_TO_ASCII

    found = {chr(c) for c in range(128, sys.maxunicode + 1) if any(ord(x) < 128 for x in chr(c).casefold())}
    assert found <= set(CASEFOLD_TO_ASCII)


@pytest.mark.parametrize("text", [
    "Straße und Weg, alles hier.\n\nSTRASSE UND WEG, ALLES HIER.\nNext line here.\n",
    "Ünïcödé and more of it.\nsecond line\n\nÜNÏCÖDÉ AND   MORE OF IT.\nsecond line\n",
    "ΑΒΓΔ ΕΖΗΘ\nσυνέχεια\n\nαβγδ εζηθ\nσυνέχεια\n",
])
def test_repeated_lines_outside_ascii_are_still_found(text: str) -> None:
    from tablefix.repairs.repeated_blocks import _any_line_repeats

    assert _any_line_repeats(tablefix.read(text))

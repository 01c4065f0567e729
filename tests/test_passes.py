"""Every cleaning step is a named pass: `--skip NAME` turns exactly that step off."""

from __future__ import annotations

import pytest

import tablefix

ARTICLE = ("The season ended in May and the club finished third overall.\n\n"
           "td { padding: 8px; color: #333; }\n\n"
           "A | B |\n---|---|\n1 | 2 |\n3 |\n\n"
           "The season ended in May and the club finished third overall.\n")
STEP = {"leaks": "drop-css", "duplicates": "drop-duplicate-paragraph", "ragged-rows": "pad-short-row"}


def test_the_passes_are_named_and_ordered() -> None:
    assert [name for name, _ in tablefix.PASSES] == ["leaks", "duplicates", "rejoin-tables", "ragged-rows"]


@pytest.mark.parametrize("name", sorted(STEP))
def test_skipping_a_pass_turns_off_only_its_fixes(name: str) -> None:
    every = {f.code for f in tablefix.clean(ARTICLE).fixes}
    skipped = {f.code for f in tablefix.clean(ARTICLE, skip=(name,)).fixes}
    assert every - skipped == {STEP[name]}


def test_skipping_leaks_keeps_the_css_as_text() -> None:
    out = tablefix.write(tablefix.clean(ARTICLE, skip=("leaks",)), "text")
    assert "td { padding: 8px; color: #333; }" in out
    assert "padding" not in tablefix.write(tablefix.clean(ARTICLE), "text")

"""Idempotence on documents shaped like crawl text: a second run of tablefix on its own output changes
nothing. The pieces are what real crawls hold between their prose: menus and link lists, records that
share lines (events, products, meal plans), lists with two spaces or a tab after the marker, code and
tracebacks, tables, all repeated and reordered at random, with or without blank lines between."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tablefix

PROSE = st.sampled_from([
    "The river rose by two metres overnight, and the old bridge was closed before dawn.",
    "Prices fell for the third month in a row. Analysts expect a slow recovery next year.",
    "Anna said the council would meet again in October to discuss the budget.",
    "We use cookies to improve your experience. By continuing you agree to our policy.",
])
SHORT = st.sampled_from(["Home", "News", "Sport", "Contact", "Share", "Read more", "Weather today",
                         "Culture and the arts this week", "Subscribe to our newsletter",
                         "World news and analysis from our own desk", "Jobs  Events  Imprint"])
LINK = st.sampled_from(["[Politics](/politics)", "[Business](/business \"Business | news\")",
                        "![logo](/img/logo.png)", "[Imprint](/imprint)"])
MARKER = st.sampled_from(["- ", "-  ", "* ", "*  ", "+  ", "•  ", "1.  ", "2.\t", "*\t", ""])
FIELD = st.sampled_from(["Venue: Gasthaus Linde, Hauptstrasse 1", "Date: 3 May 2025", "Tickets: 18 EUR",
                         "Breakfast: Oatmeal with blueberries", "Portion Fix Containers: 1 Purple"])
CODE = st.sampled_from([
    "```\nimport pandas as pd\nframe = pd.read_csv(\"a.csv\")\n```",
    "Traceback (most recent call last):\n  File \"a.py\", line 3, in <module>\nValueError: bad value",
    "    x = compute(a, b)\n    print(x)",
])
TABLE = st.sampled_from([
    "| Team | Points |\n|---|---|\n| Lions | 12 |\n| Bears | 9 |",
    "Name  Age  City\nAnna  31   Basel\nKarl  45   Bern\nLisa  28   Chur",
    "A | B |\n---|---|\n1 | 2 |\n3 |",
    "Size\t\tFile\n12 KB\t\treadme.txt\n3 MB\t\tdata.csv",
])
LINE = st.one_of(PROSE, SHORT, FIELD, st.tuples(MARKER, st.one_of(SHORT, LINK, FIELD)).map("".join))


@st.composite
def crawl_document(draw: st.DrawFn) -> str:
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["lines", "lines", "code", "table", "repeat"]))
        if kind == "lines":
            blocks.append("\n".join(draw(st.lists(LINE, min_size=1, max_size=6))))
        elif kind == "code":
            blocks.append(draw(CODE))
        elif kind == "table":
            blocks.append(draw(TABLE))
        elif blocks:  # a block said again, whole or in part
            lines = draw(st.sampled_from(blocks)).split("\n")
            start = draw(st.integers(0, len(lines) - 1))
            blocks.append("\n".join(lines[start:start + draw(st.integers(1, len(lines)))]))
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    return sep.join(blocks) + "\n"


@settings(max_examples=500, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crawl_document())
def test_a_second_run_on_crawl_like_text_changes_nothing(text: str) -> None:
    once = tablefix.write(tablefix.clean(text), "text")
    assert tablefix.write(tablefix.clean(once), "text") == once

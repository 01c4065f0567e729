"""Leaked CSS and script detection: golden cuts, negative cases, span properties, linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablefix.detect import find_css_and_script

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = sorted(p for p in (FIXTURES / "css").glob("*.txt") if not p.name.endswith(".expected.txt"))
NEGATIVE = sorted((FIXTURES / "negative").glob("*.txt"))


def _plain_declarations(body: str, strict: bool = False, prelude: str | None = None) -> bool:
    """What `_Finder.leaf` asks of a rule's body before any tinycss2 run: plain declarations, plain enough."""
    from tablefix.detect.css import _known, _plain_enough, _plain_names

    names = _plain_names(body)
    return names is not None and _plain_enough(body, names, _known(names), strict, prelude)


def cut_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Remove the spans; join what is left of a line with one space; drop lines left blank."""
    pieces, pos = [], 0
    for start, end, _ in spans:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    out = pieces[0]
    for piece in pieces[1:]:
        left, right = out.rstrip(" \t"), piece.lstrip(" \t")
        glue = " " if left and right and not left.endswith("\n") and not right.startswith("\n") else ""
        out = left + glue + right
    return "\n".join(line for line in out.split("\n") if line.strip())


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_cut(case: Path) -> None:
    text = read(case)
    expected = read(case.with_name(case.stem + ".expected.txt"))
    assert cut_spans(text, find_css_and_script(text)) == expected


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_negative_has_no_span(case: Path) -> None:
    text = read(case)
    assert [(text[s:e], why) for s, e, why in find_css_and_script(text)] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("These could include: table { width: 100%; } Next.", "table { width: 100%; }"),
        ("He sat at the table { width: 100% } ok", "table { width: 100% }"),
        ("I use a table {color: red} here", "table {color: red}"),
        ("Before. .a{color:red}.d em{margin:0} after", ".a{color:red}.d em{margin:0}"),
        ("tr {\n  vertical-align: top;\n}\nNext paragraph.", "tr {\n  vertical-align: top;\n}"),
        ("@media print{.x{display:none}} ok", "@media print{.x{display:none}}"),
        ("The end.\nbody .x{float:left;margin-inline-start:", "body .x{float:left;margin-inline-start:"),
        ("TD { font-size: 10pt }", "TD { font-size: 10pt }"),
        ("Title {the rebel | Role |\n.a{color:red} The cast.", ".a{color:red}"),
        ("@media print { .a { color: red } we said so } .b{margin:0}", ".a { color: red }"),
        ("x" * 5000 + " .a{color:red}", ".a{color:red}"),
    ],
)
def test_exact_css_span(text: str, found: str) -> None:
    spans = find_css_and_script(text)
    assert [(text[s:e], why) for s, e, why in spans][:1] == [(found, "css")]
    assert len(spans) == 1 or "@media" in text


@pytest.mark.parametrize(
    "text",
    [
        "The report ends with the table {width",
        "Close the brace: p {",
        "a{b:c} d{e:f}",
        "email me@example.com { later }",
    ],
)
def test_unconfident_candidates_are_left(text: str) -> None:
    assert find_css_and_script(text) == []


def test_reasons() -> None:
    text = "gtag('config', 'G-1'); Prose here. .a { color: red }"
    assert [why for _, _, why in find_css_and_script(text)] == ["script", "css"]


def test_no_tinycss2_import_without_candidates() -> None:
    import subprocess
    import sys

    code = "import sys, tablefix.detect as d; d.find_css_and_script('plain prose'); print('tinycss2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def check_spans(text: str, spans: list[tuple[int, int, str]]) -> None:
    """Sorted, non-overlapping, inside the text, non-empty, trimmed, with a known reason."""
    last = 0
    for start, end, why in spans:
        assert last <= start < end <= len(text)
        assert why in ("css", "script")
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end


CODE_ALPHABET = st.sampled_from(list("{}:;.#>,()[]'\"@/*-_ \n") + ["a", "b", "td", "color", "red", "gtag(", "1"])
CSS_SNIPPETS = [
    "table { width: 100%; }",
    ".a{color:red}.b p{margin:0 auto}",
    "#x > .y:hover { border-bottom: 1px solid #ddd !important; }",
    "@media (max-width: 600px) { .s { display: none; } }",
    "window.dataLayer = window.dataLayer || []; gtag('js', new Date());",
]
PROSE = st.text(st.sampled_from(list("abcdefghij KLMNOP,.;:!?'\"()-\n")), max_size=300)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=400) | st.lists(CODE_ALPHABET, max_size=200).map("".join))
def test_spans_are_well_formed(text: str) -> None:
    check_spans(text, find_css_and_script(text))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(PROSE)
def test_prose_without_braces_has_no_span(text: str) -> None:
    assert find_css_and_script(text) == []


@settings(max_examples=200, deadline=None, derandomize=True)
@given(PROSE, st.sampled_from(CSS_SNIPPETS), PROSE)
def test_snippet_between_prose_is_cut_exactly(before: str, snippet: str, after: str) -> None:
    text = before + ". " + snippet + " " + after
    spans = find_css_and_script(text)
    start = len(before) + 2
    assert [(s, e) for s, e, _ in spans] == [(start, start + len(snippet))]


ADVERSARIAL = (
    "{{{{ a{ b{ }}}} .x .y{color:red} a{b:c;d:e} table{ width: 100% prose {x} ; gtag( dataLayer "
    '{"@context" ((( \'\' "" /* */ @media x{ @import url(a); &gt; :not( [a= ` `` x\n```\n~~~ \n'
)


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        find_css_and_script(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_time_grows_linearly() -> None:
    small = ADVERSARIAL * 200
    big = small * 16
    small_time, big_time = _best_time(small), _best_time(big)
    assert big_time / max(small_time, 1e-4) < 40, (small_time, big_time)


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        ("color: red; width: 100%", True),
        ("color: red; zorp: 1", False),  # an unknown name: tinycss2 decides
        ("width: calc(100% - 2em; color: red", False),  # unbalanced: tinycss2 decides
        ("content: 'x'; color: red", False),  # a string: tinycss2 decides
        ("color: red /* note */", False),
        ("width: {{width}}px", False),  # braces: tinycss2 decides
        ("color: red !important", False),
        ("color\xa0: red", False),
    ],
)
def test_first_rule_skips_tinycss2_only_when_plain(body: str, plain: bool) -> None:
    assert _plain_declarations(body, strict=True) is plain


def _plain_names_one_by_one(body: str) -> list[str] | None:
    """What _plain_names returns, a part at a time (how it was first written)."""
    import re

    if "/*" in body or "\\" in body or '"' in body or "'" in body:
        return None
    names = []
    for part in body.split(";"):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(-{0,2}[A-Za-z][\w-]*)\s*:[^:;]*\S[^;]*", part)
        if m is None:
            return None
        names.append(m.group(1))
    return names


_BODY_PIECES = st.sampled_from(
    ["color", "width", "-webkit-box", "--x", "---y", "Zorp", "a", "9", "_u", ":", "::", ";", ";;", " ", "\n", "\t",
     "\xa0", "red", "1px", "!important", "(", ")", "{", "}", "/*", "\\", "'", '"', "\u00e9", "-", "x:y"])


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(_BODY_PIECES, max_size=12).map("".join))
def test_plain_names_in_one_regex_agree_with_a_part_at_a_time(body: str) -> None:
    """The one-regex reading of a declaration list names what a part-by-part reading names; and a plain list
    with a known name is one the first look for property names (_PROP_NAME) passes too."""
    from tablefix.detect.css import _PROP_NAME, _known, _plain_names
    from tablefix.detect.cssnames import is_property

    names = _plain_names(body)
    assert names == _plain_names_one_by_one(body)
    if names is not None:
        assert _known(names) == sum(map(is_property, names))
        if _known(names):
            assert any(is_property(n) for n in _PROP_NAME.findall("{" + body))


_VALUE_PIECES = st.sampled_from(
    ["red", "1px", " ", "\n", "#fff", "(", ")", "[", "]", "calc(1px", "rgba(0,0,0,.5)", "url(x)", "<!--", "-->", "*",
     "_b:", ",", "%", "x:y", "!", "important", ":", " !important", "!important"])
_DECLARATION = st.tuples(
    st.sampled_from(["", " ", "\n"]), st.sampled_from(["color", "width", "-webkit-box", "--x", "zorp", "Color"]),
    st.sampled_from([":", " : "]), st.lists(_VALUE_PIECES, max_size=4).map("".join),
    st.sampled_from(["", "!important", " !important", "! important ", "!IMPORTANT", "!important!important", "!"]),
).map("".join)
_PRELUDE_PIECES = st.sampled_from(
    [".a", "td", " ", ">", "a:not(.b)", "(", ")", "[x]", "&gt;", "@media", '"', "/*", "\\", ":", "::before", "-->",
     "<!--", "+", "~", ",", "\n", "*", "#id", ":nth-child(2n+1)", "50%", "-", "1", ".5", "\u00e9", "\xa0"])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(_DECLARATION, min_size=1, max_size=4).map(";".join), st.sampled_from(["", ";", " "]),
       st.lists(_PRELUDE_PIECES, max_size=5).map("".join))
def test_a_first_rule_with_important_skips_tinycss2_only_where_tinycss2_agrees(
    body: str, end: str, prelude: str
) -> None:
    from tablefix.detect.css import _Finder

    body += end
    if _plain_declarations(body, True, prelude) and not _plain_declarations(body, True):
        assert _Finder("").declarations_ok(prelude, body)


@pytest.mark.parametrize(
    "text",
    [
        "Set it with style = { color: red, width: 10 } in the script.",
        "The set {width: x} of the widths.",
        "if (x) { width: 100; }",
        "Set div{width: {{width}}px} in the template.",  # a template, not a rule
        "Intro.\n.a{color: !important}\nEnd.",  # no value: tinycss2 says no
        "Intro.\n.a{color\xa0: red}\nEnd.",  # a no-break space is part of the name to a CSS tokenizer
    ],
)
def test_prose_with_property_names_in_braces_is_left(text: str) -> None:
    assert find_css_and_script(text) == []


@pytest.mark.parametrize(
    "snippet",
    ["window.dataLayer = window.dataLayer || [];", "gtag('js', new Date());", "googletag.cmd.push(f);",
     "var _gaq = _gaq || [];", "fbq('init', '1');", "window['GoogleAnalyticsObject'] = 'ga';",
     "//www.google-analytics.com/analytics.js", "//www.googletagmanager.com/gtm.js",
     "document.createElement('script');", "document.write('<p>');", "document.getElementsByTagName('head')",
     "(adsbygoogle = window.adsbygoogle || []).push({});", "var _paq = window._paq || [];",
     '{"@context": "https://schema.org"}'],
)
def test_the_cheap_first_look_for_scripts_sees_every_signal(snippet: str) -> None:
    from tablefix.detect.script import _SIGNAL, _signalled

    assert _SIGNAL.search(snippet) is not None
    assert _signalled(snippet)


_SIGNAL_PIECES = st.sampled_from(
    ["dataLayer", "data", "Layer", "gtag", "g", "tag", "googletag", "google", "oogle", "Google", "manager", ".com",
     "-analytics", "AnalyticsObject", "adsby", "_gaq", "_paq", "_", "q", "fbq", "document.", "createElement",
     "write", "ln", "getElementsBy", "@context", '"', "'", "(", " ", "\n", "x", "1", "\u00e9"])


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(_SIGNAL_PIECES, max_size=8).map("".join))
def test_the_literal_led_signal_searches_agree_with_the_signal_pattern(text: str) -> None:
    from tablefix.detect.script import _SIGNAL, _signalled

    assert _signalled(text) == (_SIGNAL.search(text) is not None)


_SELECTOR_WORDS = st.sampled_from(
    ["ul", "li", "a", "div", "td", "TD", "Table", "The", "amp-img", "divx", "h1", ".x", ".foo-bar", ".-a", "._u",
     ".é", ".a\\:b", "#id", ":hover", "::before", ":not(.a)", "[x]", "*", "&gt;", ">", "+", ",", " ", "\t", "\n",
     ",\n", "I", "use", "word:", "x.", "!", "9", "-", "\u00a0"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "}", "x;", "Hello. ", "text\n", "a,\n", "xxul", "The ul", "a.b", "Zdiv"]),
       st.lists(_SELECTOR_WORDS, min_size=1, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8),
       st.integers(0, 7))
def test_plain_selector_lines_take_the_scan_s_answer(before: str, words: list[str], glued: list[bool], lo: int) -> None:
    """The shortcut for a line of plain selectors returns what the word-by-word scan returns, wherever
    the window starts (mid-word too)."""
    import re

    from tablefix.detect import selectors

    text = before + "".join(w if g else " " + w for w, g in zip(words, glued, strict=False)) + " {"
    lo = min(lo, len(before))
    fast = selectors.selector_start(text, lo, len(text) - 1)
    simple = selectors._simple_list
    selectors._simple_list = lambda: re.compile(r"(?!)")  # type: ignore[assignment]  # the slow path alone
    try:
        assert selectors.selector_start(text, lo, len(text) - 1) == fast
    finally:
        selectors._simple_list = simple  # type: ignore[assignment]


_RULE_GAPS = st.sampled_from(["", " ", "\n", " \n\t ", "\n\n", "\r\n", "\f", ";", "/* c */", "x ", "@", ",\n", "*/"])
_RULE_PRELUDES = st.sampled_from(["p", ".a", "ul li.x > .y", "#z:hover", "div, .b", "The p", "TD", "divx", "a:not(.b)",
                                  "&gt;", "td.é", "", "@media print", "from", "50%", "h1 + h2"])
_RULE_BODIES = st.sampled_from(["color:red", "color: red; margin: 0", "colr: x", "a:b; c:d; e:f", "", " ",
                                "margin:0;foo:1;bar:2", "width:1px !important", "content:'x'", "color:red;;",
                                "--x: 1", "zoom:1;*zoom:1", "x"])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.tuples(_RULE_GAPS, _RULE_PRELUDES, _RULE_BODIES), min_size=1, max_size=6), st.sampled_from(
    ["", "Prose. ", "@media screen { ", "x", "@keyframes k { "]))
def test_a_rule_right_after_a_rule_takes_the_full_check_s_answer(rules: list[tuple[str, str, str]], head: str) -> None:
    """The shortcut for a rule right after a confirmed one (blanks and a line of plain selectors between)
    finds what the full check of its window, selector and declarations finds."""
    from tablefix.detect import css

    text = head + "".join(f"{gap}{prelude}{{{body}}}" for gap, prelude, body in rules) + (" }" if "{" in head else "")
    fast = css.find_css(text)
    shortcut = css.selector_after_rule
    css.selector_after_rule = lambda text, lo, hi: None  # type: ignore[assignment]  # the full check alone
    try:
        assert css.find_css(text) == fast
    finally:
        css.selector_after_rule = shortcut  # type: ignore[assignment]

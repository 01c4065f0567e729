"""Where a CSS selector begins, scanning the text that precedes a `{`.

Leaked CSS is often glued to prose (`... These could include: table { width: 100% }`), so the
selector is the longest run of selector-looking words right before the brace. A word counts only
if it parses completely as a compound selector whose element name, if any, is a real lowercase HTML
tag: capitalised prose words, words ending in `:` and the like break the run. Every pattern here is
a flat character class or a bounded repeat, so scanning is linear in the window length.
"""

from __future__ import annotations

import re
from functools import cache

from tablefix.detect.cssnames import HTML_TAGS, WORDLIKE_TAGS

from ..text_rules import compiled_on_first_use

_WS = compiled_on_first_use(r"\s+")
_WORD = compiled_on_first_use(r"\S*")
_TYPE = compiled_on_first_use(r"[A-Za-z][A-Za-z0-9-]*")
_CUSTOM = compiled_on_first_use(r"[a-z][a-z0-9]*-[a-z0-9-]*")
_CLASS_PATTERN = r"\.-?(?:[A-Za-z_\u00a0-\uffff]|\\.)(?:[\w-]|\\.)*"
_ID = compiled_on_first_use(r"#(?:[\w-]|\\.)+")
_ATTR = compiled_on_first_use(r"\[[^\[\]{}\n]{1,200}\]")
_PSEUDO = compiled_on_first_use(r"::?-?[A-Za-z][\w-]*")
_PAREN_OK = compiled_on_first_use(r"[\w\s.#:>+~*,()\[\]=\"'^$|%-]*")
_KEYFRAME = compiled_on_first_use(r"(?:from|to|\d{1,3}(?:\.\d+)?%)(?:\s*,\s*(?:from|to|\d{1,3}(?:\.\d+)?%)){0,20}")
_SIMPLE_PART = r"(?:\.-?[A-Za-z_][\w-]*|#[\w-]+|::?-?[A-Za-z][\w-]*)"
_SIMPLE_COMPOUND = rf"(?:[a-z][a-z0-9]*{_SIMPLE_PART}*|{_SIMPLE_PART}+)"
_SIMPLE_LIST_PATTERN = (
    rf"[ \t]*{_SIMPLE_COMPOUND}(?:[ \t]*[,>+~][ \t]*{_SIMPLE_COMPOUND}|[ \t]+{_SIMPLE_COMPOUND})*[ \t]*"
)
"""One line of plain selectors only (`ul li.x > .y, #z:hover`): lowercase tags, classes, ids and pseudo-classes
without escapes, brackets or parentheses, separated by spaces or `,>+~`. Most leaked selectors are such lines."""


@cache
def _class() -> re.Pattern[str]:
    """_CLASS_PATTERN compiled on first use: its range up to U+FFFF takes the regex compiler about 4 ms, more
    than a plain run's start-up can spare, and text without leaked CSS never needs it."""
    return re.compile(_CLASS_PATTERN)


@cache
def _simple_list() -> re.Pattern[str]:
    """_SIMPLE_LIST_PATTERN compiled on first use: compiling it costs a few ms, more than a plain run's
    whole start-up budget allows, and text without leaked CSS never needs it."""
    return re.compile(_SIMPLE_LIST_PATTERN)


_SIMPLE_TAG = compiled_on_first_use(r"(?<![\w.#:-])[a-z][a-z0-9]*")
"""The element names of a line `_SIMPLE_LIST` matched: the letter runs not inside a class, id or pseudo-class
(run on the window's own slice, so that a word cut by the window's start counts as a name, as the scan reads it)."""
_SENTENCE_END = ".!?:;)\"'\u201d\u2019\u00bb\u2026"
_GT = "&gt;"
_MAX_PAREN = 300


def _paren_end(text: str, i: int, hi: int) -> int | None:
    """End of the balanced `( ... )` starting at i, for `:not(...)`, `:nth-child(...)` and friends."""
    depth = 0
    stop = min(hi, i + _MAX_PAREN)
    for k in range(i, stop):
        ch = text[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k + 1 if _PAREN_OK.fullmatch(text, i, k + 1) else None
        elif ch in "{};\n":
            return None
    return None


def _compound(text: str, i: int, hi: int) -> tuple[int, str | None] | None:
    """Parse one compound selector at i: (end, bare tag name or None), or None if it is not one."""
    bare: str | None = None
    head = False
    m = _TYPE.match(text, i, hi)
    if m:
        if m.group().lower() not in HTML_TAGS and not _CUSTOM.fullmatch(m.group()):
            return None
        i, bare, head = m.end(), m.group(), True
    elif text.startswith("*", i):
        i, head = i + 1, True
    start = i
    while i < hi:
        ch = text[i]
        if ch == ".":
            m = _class().match(text, i, hi)
        elif ch == "#":
            m = _ID.match(text, i, hi)
        elif ch == "[":
            m = _ATTR.match(text, i, hi)
        elif ch == ":":
            m = _PSEUDO.match(text, i, hi)
        else:
            break
        if m is None:
            return None
        i = m.end()
        if ch == ":" and i < hi and text[i] == "(":
            end = _paren_end(text, i, hi)
            if end is None:
                return None
            i = end
    if i > start:
        bare = None
    elif not head:
        return None
    return i, bare


def _may_start(tag: str, fresh: bool) -> bool:
    """Whether a run may start with this element name: a lowercase HTML tag anywhere, while `TD` or a
    custom element (`amp-img`) only at the start of a line; mid-line "A" or "well-known" is prose."""
    if tag.islower() and tag in HTML_TAGS:
        return True
    return fresh and (tag.isupper() or _CUSTOM.fullmatch(tag) is not None)


def _is_separator(text: str, i: int, hi: int) -> bool:
    """True when a compound may end at i: end of window, whitespace, a list comma or a combinator."""
    return i >= hi or text[i].isspace() or text[i] in ",>+~" or text.startswith(_GT, i)


def _first_line(text: str, lo: int, hi: int) -> int:
    """Start of the line holding hi, or of an earlier line when the lines between end with `,` (a list)."""
    start = max(lo, text.rfind("\n", lo, hi) + 1)
    while start > lo:
        k = start - 1  # the newline ending the line before
        while k > lo and text[k - 1] in " \t\r":
            k -= 1
        if k <= lo or text[k - 1] != ",":
            break
        start = max(lo, text.rfind("\n", lo, k) + 1)
    return start


def selector_start(text: str, lo: int, hi: int) -> int | None:
    """Start of the selector run that ends at `text[hi]` (a `{`), looking no further back than lo.

    Returns None when no valid selector directly precedes the brace.
    """
    lo = _first_line(text, lo, hi)
    if _simple_list().fullmatch(text, lo, hi):
        line = text[lo:hi]
        if HTML_TAGS.issuperset(_SIMPLE_TAG.findall(line)):
            # What the scan below returns for such a line, without its Python loop over words (5-10x slower).
            return hi - len(line.lstrip(" \t"))
    run: list[tuple[str, int, str | None]] = []  # (kind "c" | "," | ">", start, bare tag)
    i = lo
    fresh = True  # nothing but whitespace since lo or the last newline
    while i < hi:
        ch = text[i]
        if ch.isspace():
            j = _WS.match(text, i, hi).end()  # type: ignore[union-attr]
            if "\n" in text[i:j]:
                fresh = True
                if not (run and run[-1][0] == ","):
                    run = []
            i = j
            continue
        was_fresh, fresh = fresh, False
        if ch == "," or ch in ">+~" or text.startswith(_GT, i):
            kind = "," if ch == "," else ">"
            if run and run[-1][0] == "c":
                run.append((kind, i, None))
            else:
                run = []
            i += len(_GT) if ch == "&" else 1
            continue
        got = _compound(text, i, hi)
        tag = _TYPE.match(text, i, hi) if got is not None and not run else None
        if tag is not None and not _may_start(tag.group(), was_fresh):
            got = None
        if got is None or not _is_separator(text, got[0], hi):
            run = []
            i = _WORD.match(text, i, hi).end()  # type: ignore[union-attr]
            continue
        run.append(("c", i, got[1]))
        i = got[0]
    if not run or run[-1][0] != "c":
        return None
    return _trim_prose_words(text, lo, run)


_BLANK_LINES = compiled_on_first_use(r"[ \t\n]*")


def selector_after_rule(text: str, lo: int, hi: int) -> int | None:
    """`selector_start(text, lo, hi)` when text[lo:hi] is blanks and newlines, then one line of plain selectors
    (`_SIMPLE_LIST_PATTERN`, HTML tags only): the rule after another rule, most of a leaked style sheet. None
    when it is not such a prelude (the caller then asks `selector_start`). Such a prelude holds no `;`, `*/` or
    `@`, so it is the rule's whole window; its line is the one after the last newline (the lines before it
    are blank, so none ends with a list's `,`), and the selector starts after the blanks."""
    end = _BLANK_LINES.match(text, lo, hi).end()  # type: ignore[union-attr]
    line_start = max(lo, text.rfind("\n", lo, end) + 1)
    if _simple_list().fullmatch(text, line_start, hi) and HTML_TAGS.issuperset(
            _SIMPLE_TAG.findall(text[line_start:hi])):
        return end
    return None


def _trim_prose_words(text: str, lo: int, run: list[tuple[str, int, str | None]]) -> int:
    """Drop leading tag words that read as English when the run starts mid-sentence ("... a table {")
    or with a capital ("I use a table {")."""
    start = run[0][1]
    line_start = max(lo, text.rfind("\n", lo, start) + 1)
    before = text[line_start:start].rstrip()
    capital = text[start].isupper()
    if not capital and (not before or before[-1] in _SENTENCE_END):
        return start
    k = 0
    while k + 1 < len(run) and (run[k][2] or "").lower() in WORDLIKE_TAGS and run[k + 1][0] == "c":
        k += 1
    return run[k][1]


def keyframe_selector_start(text: str, lo: int, hi: int) -> int | None:
    """Start of a keyframe selector (`from`, `to`, `50%`, lists of them) right before `text[hi]`."""
    line_start = max(lo, text.rfind("\n", lo, hi) + 1)
    seg = text[line_start:hi]
    stripped = seg.strip()
    if not stripped or not _KEYFRAME.fullmatch(stripped):
        return None
    return line_start + (len(seg) - len(seg.lstrip()))

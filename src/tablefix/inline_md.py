"""Cell text as a reader sees it when a converter wrote it as Markdown.

html2text, markdownify and trafilatura write `_Polio Water_`, `**1st**`, `\\+`, `[text](url)`;
a reader sees `Polio Water`, `1st`, `+`, `text`. This is the CommonMark inline subset those
converters emit (escapes, code spans, emphasis, links, images, autolinks, raw inline HTML,
entities), done with a few linear regex passes rather than a full Markdown parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .text_rules import MARKUP, compiled_on_first_use, holds_any

_CODE = compiled_on_first_use(r"(?<![\\`])(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = compiled_on_first_use(r"\\([!-/:-@\[-`{-~])")
_DEST = r"\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
"""A link destination: `<...>`, or text with balanced parentheses (`wiki/Hotel_(TV_series)`), and a title."""
_LABEL = r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"
_IMAGE = compiled_on_first_use(r"!" + _LABEL + r"(?:" + _DEST + r"|\[[^\[\]]*\])")
_LINK = compiled_on_first_use(_LABEL + r"(?:" + _DEST + r"|\[[^\[\]]*\])")
"""Inline links `[text](url "title")` and reference links `[text][ref]`, `[text][]`."""
_AUTOLINK = compiled_on_first_use(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_BR = compiled_on_first_use(r"<br\s*/?>", re.IGNORECASE)
_TAG = compiled_on_first_use(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = compiled_on_first_use(r"\*\*(?<![^\W_]\*\*)(?<!\*\*\*)(?=\S)(.+?)(?<=\S)\*\*(?!\*)"
                               r"|__(?<![\w_]__)(?=\S)(.+?)(?<=\S)__(?![\w_])")
_EM = compiled_on_first_use(r"\*(?<![^\W_]\*)(?<!\*\*)(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"
                           r"|_(?<![\w_]_)(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
# `*` opens after any character but a letter or digit, so `_**x**_` nests as in CommonMark ("\w" held `_`).
# The look behind the opening marker comes after it: a pattern that starts with its literal is tried only
# where that literal is (a look-behind first was tried at every position of a long cell, five times slower).
_STRIKE = compiled_on_first_use(r"~~(?<!~~~)(?=\S)(.+?)(?<=\S)~~(?!~)")
_STRONG_CLOSER = compiled_on_first_use(r"\*\*(?<=\S\*\*)(?!\*)|__(?<=\S__)(?![\w_])")
_EM_CLOSER = compiled_on_first_use(r"\*(?<=[^\s*]\*)(?!\*)|_(?<=[^\s_]_)(?![\w_])")
_STRIKE_CLOSER = compiled_on_first_use(r"~~(?<=\S~~)(?!~)")
"""Where a match of _STRONG, _EM or _STRIKE can end: their closing markers, looked for alone."""
_PLACEHOLDER = "\x00"
_WHOLE_EMPHASIS = compiled_on_first_use(r"(\*\*|\*|__|_)([^\s\\`*_\[<&~](?:[^\\`*_\[<&~]*[^\s\\`*_\[<&~])?)\1")
"""`*Dirt*`, `**12.7**`: a whole cell in emphasis with no other markup, most of what tables hold (fast path)."""


def render_inline(cell: str) -> str:
    """The visible text of a Markdown cell."""
    if not MARKUP.search(cell):
        return cell
    if (whole := _WHOLE_EMPHASIS.fullmatch(cell)) is not None:
        return whole.group(2)
    return _render_spans(cell)


def _render_spans(cell: str) -> str:
    """The general case: code spans, escapes, links, tags and emphasis, each a linear regex pass."""
    kept: list[str] = []

    def hold(text: str) -> str:
        kept.append(text)
        return f"{_PLACEHOLDER}{len(kept) - 1}{_PLACEHOLDER}"

    s = cell
    if _PLACEHOLDER in s:  # the cell's own NULs held too, or `\x005\x00` would read as a held piece's placeholder
        s = s.replace(_PLACEHOLDER, hold(_PLACEHOLDER))
    if "`" in s:
        s = _CODE.sub(lambda m: hold(m.group(2).strip() if m.group(2).strip() else m.group(2)), s)
    if "\\" in s:
        s = _ESCAPE.sub(lambda m: hold(m.group(1)), s)
    if "[" in s:
        s = _LINK.sub(r"\1", _IMAGE.sub("", s))
    if "<" in s:
        s = _TAG.sub("", _BR.sub("\n", _AUTOLINK.sub(r"\1", s)))
    if "*" in s or "_" in s:
        for pattern, closer, mark in ((_STRONG, _STRONG_CLOSER, "*"), (_STRONG, _STRONG_CLOSER, "_"),
                                      (_EM, _EM_CLOSER, "*"), (_EM, _EM_CLOSER, "_")):
            if mark in s:
                s = _repeat(pattern, closer, s, "*_")
    if "~~" in s:
        s = _repeat(_STRIKE, _STRIKE_CLOSER, s, "~")
    s = _unwrap(s.strip())
    if "&" in s:
        s = _unescape()(s)
    if kept:
        s = _HELD.sub(lambda m: kept[int(m.group(1))], s)
    return s.strip()


_HELD = compiled_on_first_use(f"{_PLACEHOLDER}(\\d+){_PLACEHOLDER}")
"""A held piece's placeholder (compiled once: `re.sub` with a pattern string looks it up in re's cache each call)."""


@cache
def _unescape() -> Callable[[str], str]:
    """html.unescape; html and its entity table are imported only for text that holds an `&` (an import
    statement run a cell costs more than the look-up itself)."""
    from html import unescape

    return unescape


_WRAPPERS = ("***", "___", "**", "__", "*", "_", "~~")


def _unwrap(s: str) -> str:
    """Emphasis around the whole cell, which the span rules miss when markup inside left a space or a
    line break next to the marker (`**<span> </span>Sweden**`, `_**669.5**_`)."""
    for _ in range(3):
        if s[:1] not in ("*", "_", "~"):
            break  # no wrapper opens the cell (most): no look at each of them
        for w in _WRAPPERS:
            if len(s) > 2 * len(w) and s.startswith(w) and s.endswith(w) and s[len(w)] != w[0] != s[-len(w) - 1]:
                s = s[len(w):-len(w)].strip()
                break
        else:
            break
    return s


def _repeat(pattern: re.Pattern[str], closer: re.Pattern[str], s: str, marks: str) -> str:
    """Apply an emphasis pattern until nothing changes (nested `***a***`); at most a few rounds. A round
    with none of the `marks` its alternatives use left in the text would change nothing: none is run."""
    for _ in range(3):
        new = _up_to_last_closer(pattern, closer, s)
        if new == s:
            break
        s = new
        if not holds_any(s, marks):
            break
    return s


def _emphasized(m: re.Match[str]) -> str:
    """The emphasized text: the one group of the pattern's alternatives that took part in the match (the
    last one that matched, as no group holds another)."""
    return m.group(m.lastindex)  # type: ignore[arg-type]


def _up_to_last_closer(pattern: re.Pattern[str], closer: re.Pattern[str], s: str) -> str:
    """`pattern.sub` of the emphasis text, line by line, each line only up to the end of its last `closer`: a
    match never crosses a newline (no DOTALL) and ends with a closer, so the matches are the same; but an
    opener with no closer after it scans on to the line's end, each of them (`**a **a **a ...`: quadratic)."""
    out = []
    for line in s.split("\n") if "\n" in s else (s,):
        end = 0
        for m in closer.finditer(line):
            end = m.end()
        out.append(pattern.sub(_emphasized, line[:end]) + line[end:] if end else line)
    return "\n".join(out)


_PUNCT_ESCAPE = compiled_on_first_use(r"([\\`*_\[\]<>&~|!])")


def escape_inline(cell: str) -> str:
    """Markdown for `cell` that renders back to exactly `cell`: escape only when needed."""
    if not MARKUP.search(cell):  # no markup: only pipes need escaping (most cells)
        return cell.replace("|", "\\|") if "|" in cell else cell
    minimal = cell.replace("\\", "\\\\").replace("|", "\\|")
    if render_inline(minimal.replace("\\|", "|")) == cell.strip():
        return minimal
    return _PUNCT_ESCAPE.sub(r"\\\1", cell)

"""Find CSS that leaked into plain text (a `<style>` block read as text), and leaked scripts.

Braces are paired in one linear pass (braces.py). Each innermost block becomes a candidate rule
when a selector (or a declaration at-rule such as `@font-face`) directly precedes it; the
candidate is confirmed with tinycss2 and by its declarations using known property names, so braces
in prose, code, JSON or templates stay. Blocks holding only confirmed rules under `@media`,
`@supports`, `@keyframes` and the like are taken whole. Sizes and depths are bounded, so hostile
input (thousands of braces, one 50 MB line) costs time linear in its length.
"""

from __future__ import annotations

import re
from typing import Any

from tablefix.detect.braces import MAX_GROUP, Node, Unclosed, walk_braces
from tablefix.detect.codeblocks import code_regions
from tablefix.detect.cssnames import DECLARATION_AT_RULES, GROUP_AT_RULES, KEYFRAMES_AT_RULES, PROPERTIES, is_property
from tablefix.detect.script import find_script
from tablefix.detect.selectors import keyframe_selector_start, selector_after_rule, selector_start
from tablefix.detect.spans import GAP_OK, merge, outside, with_comments

from ..text_rules import compiled_on_first_use

__all__ = ["find_css", "find_css_and_script", "find_css_cut_short"]

MAX_RULE = 16_384
"""A declaration block longer than this is not a leaked rule."""
MAX_PRELUDE = 1024
"""How far back from a `{` a selector or at-rule prelude may start."""

_AT_NAME = compiled_on_first_use(r"@(-?[A-Za-z][\w-]*)")
_AT_PRELUDE_OK = compiled_on_first_use(r"[\w\s,():.\-/>=<'\"%*!+]*")
_STATEMENT = compiled_on_first_use(r"@(?:import|charset|namespace|layer)\b[^;{}\n]{0,300};")
_STATEMENT_ARG = compiled_on_first_use(
    r"@(?:import\s+(?:url\(|[\"'])|charset\s+[\"']|namespace\s+(?:[\w-]+\s+)?(?:url\(|[\"'])"
    r"|layer\s+[\w-]+(?:\s*,\s*[\w-]+){0,20}\s*;)"
)
_PROP_NAME = re.compile(r"(?<![\w-])(-{0,2}[A-Za-z][\w-]*)\s*:")
_IE_HACK = re.compile(r"(^|[;{\s])[*_](?=-?[A-Za-z][\w-]*\s*:)")
_COMMENT_OPEN = compiled_on_first_use(r"\*(?<=/\*)")
"""`/*`, led by its rarer character: `"/*" in text` takes 3x as long on the dev articles (`/` is common: URLs)."""
_TRUNC_TAIL = re.compile(r"\s*-{0,2}[a-z][a-z-]*\s*")


_PLAIN_PART = r"\s*-{0,2}[A-Za-z][\w-]*\s*:[^:;]*[^\s;][^;]*"
_PLAIN_LIST = compiled_on_first_use(rf"(?>{_PLAIN_PART}|\s*)(?:;(?>{_PLAIN_PART}|\s*))*")
"""`name: value; ...`, each part a declaration or blank. Atomic parts: a part matches one way or not at all,
so a failing list costs time linear in its length."""
_PLAIN_NAME = compiled_on_first_use(r"(?:^|;)\s*(-{0,2}[A-Za-z][\w-]*)")
"""The name of each declaration of a list _PLAIN_LIST matched, in order."""


_PLAIN_BODY = compiled_on_first_use(r"[\x20-\x7e\t\n\r\f]*")
"""Printable ASCII and CSS's own whitespace: Unicode spaces are part of a name to a CSS tokenizer."""
_SELECTOR_CHARS = r"[-\w \t\n\r\f.#:>+~,*]*"
_PLAIN_PRELUDE = compiled_on_first_use(rf"{_SELECTOR_CHARS}(?:\({_SELECTOR_CHARS}\){_SELECTOR_CHARS})*", re.ASCII)
"""Selectors with no string, comment, escape, bracket, entity or nested parenthesis (`ul > li:not(.x)`)."""
_IMPORTANT = compiled_on_first_use(r"[^\s:;!]\s*!\s*important\s*(?=;|\Z)")
"""An `!important` that ends a declaration, after a value token (not after the colon)."""


def _plain_names(body: str) -> list[str] | None:
    """The property names of `name: value; ...` with nothing unusual (no comment, quote or escape), in order;
    None when the body is not such a list. One regex over the whole list, not one a declaration."""
    if "/*" in body or "\\" in body or '"' in body or "'" in body:
        return None
    return _PLAIN_NAME.findall(body) if _PLAIN_LIST.fullmatch(body) else None


def _known(names: list[str]) -> int:
    """How many of `names` are known properties (most are plain lowercase names: one set look for them all)."""
    return len(names) if PROPERTIES.issuperset(names) else sum(map(is_property, names))


def _important_only(body: str, prelude: str | None) -> bool:
    """Every `!` of `body` is an `!important` ending a value that keeps a token before it, and the prelude
    is selectors tinycss2 reads as one (no string, comment, escape, bracket or nested parenthesis): tinycss2
    takes such a flag off the value and finds the same declarations, so it needs no run."""
    return (
        prelude is not None
        and _PLAIN_PRELUDE.fullmatch(prelude) is not None
        and body.count("!") == len(_IMPORTANT.findall(body))
    )


def _plain_enough(body: str, names: list[str], known: int, strict: bool, prelude: str | None) -> bool:
    """Whether a body of plain declarations (`names`: its _plain_names, `known`: how many are known) is plain
    enough to need no tokenizer run (tinycss2 is most of the cost of leaked-CSS detection): mostly known names;
    `strict`, for a rule with no confirmed rule before it, every name known and nothing a tokenizer could read
    differently (braces or unbalanced brackets, characters beyond ASCII, `!` but for an `!important` after a
    plain `prelude`)."""
    if not strict:
        return known > 0 and known * 10 >= len(names) * 6
    if known != len(names) or not known or "{" in body or "}" in body:
        return False
    balanced = body.count("(") == body.count(")") and body.count("[") == body.count("]")
    return balanced and ("!" not in body or _important_only(body, prelude)) and _PLAIN_BODY.fullmatch(body) is not None


def _window_start(text: str, o: int, prev: int, stars: bool = True) -> int:
    """Where the prelude of the block opening at o may begin: after the previous brace, `;` or comment.
    `stars`: whether the text holds a `*` at all (without one, no comment to look back for)."""
    lo = max(0, o - MAX_PRELUDE, prev + 1)
    semi = text.rfind(";", lo, o)
    while semi >= 3 and text.startswith("&gt;", semi - 3):  # an escaped `>` combinator, not a statement end
        semi = text.rfind(";", lo, semi - 3)
    comment = text.rfind("*/", lo, o) if stars else -1
    return max(lo, semi + 1, comment + 2 if comment >= 0 else 0)


def _at_rule(text: str, lo: int, o: int) -> tuple[str, int] | None:
    """(name, offset of `@`) when the prelude before o is an at-rule such as `@media screen`."""
    at = text.rfind("@", lo, o)
    if at < 0:
        return None
    m = _AT_NAME.match(text, at, o)
    if m is None or not _AT_PRELUDE_OK.fullmatch(text, m.end(), o):
        return None
    name = m.group(1).lower()
    if name in GROUP_AT_RULES or name in KEYFRAMES_AT_RULES or name in DECLARATION_AT_RULES:
        return name, at
    return None


class _Finder:
    """Holds the text while judging blocks; tinycss2 is imported only once a candidate turns up."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.has_at = "@" in text
        """Whether an at-rule can be anywhere (most text has no `@`: no look for one before each brace)."""
        self.stars = "*" in text
        """Whether a comment can be anywhere (a one-character look, then none before each brace)."""
        self.window = (-1, -1, 0)
        """(open, prev, start) of the last prelude window: a leaf block is judged right after `is_group`."""
        self.confirmed_end = -1
        """End of the last rule tinycss2 confirmed: the rules right after it take a cheaper check."""

    @property
    def css(self) -> Any:
        """The tinycss2 module, imported on first use so that importing this module stays cheap."""
        import tinycss2

        return tinycss2

    def is_group(self, o: int, prev: int) -> bool:
        """Whether the `{` at o follows a group or keyframes at-rule, so the rules inside are kept."""
        lo = _window_start(self.text, o, prev, self.stars)
        self.window = (o, prev, lo)
        if self.text.find("@", lo, o) < 0:
            return False
        at = _at_rule(self.text, lo, o)
        return at is not None and (at[0] in GROUP_AT_RULES or at[0] in KEYFRAMES_AT_RULES)

    def declarations_ok(self, prelude: str, body: str) -> bool:
        """tinycss2 reads `prelude { body }` as one rule whose declarations mostly use known properties.

        Old IE hacks (`*zoom:1`, `_height:1px`) count as the property they hide from other browsers."""
        body = _IE_HACK.sub(r"\1", body)
        rules = self.css.parse_stylesheet(prelude.replace("&gt;", ">") + "{" + body + "}", True, True)
        if len(rules) != 1 or rules[0].type not in ("qualified-rule", "at-rule") or rules[0].content is None:
            return False
        items = self.css.parse_blocks_contents(rules[0].content, True, True)
        known = sum(
            1
            for d in items
            if d.type == "declaration" and is_property(d.name) and any(t.type != "whitespace" for t in d.value)
        )
        return known > 0 and known * 10 >= len(items) * 6

    def leaf(self, node: Node, keyframes: bool = False) -> int | None:
        """Start of the rule whose block is `node` (no braces inside), or None when it is not CSS."""
        text, o, c = self.text, node.open, node.close
        if c - o > MAX_RULE or text.find(":", o, c) < 0:
            return None
        body = text[o + 1 : c]
        names = _plain_names(body)
        known = 0 if names is None else _known(names)
        # A known name of a plain list is one _PROP_NAME finds too: the scan for names is needed only without.
        if not known and not any(is_property(n) for n in _PROP_NAME.findall(text, o, c)):
            return None
        if (self.confirmed_end == node.prev + 1 and names is not None and known * 10 >= len(names) * 6 and known
                and not keyframes and o - node.prev <= MAX_PRELUDE + 1):
            # Right after a confirmed rule (its `}` the brace before): the window starts after it and, for a
            # prelude of blanks and plain selectors, the rule follows it, so mostly known names confirm it
            # (what _window_start, selector_start, GAP_OK and _plain_enough would find, in one look).
            start = selector_after_rule(text, node.prev + 1, o)
            if start is not None:
                self.confirmed_end = c + 1
                return start
        w_open, w_prev, lo = self.window
        if w_open != o or w_prev != node.prev:
            lo = _window_start(text, o, node.prev, self.stars)
        at = _at_rule(text, lo, o) if self.has_at else None
        if at is not None:
            start = at[1] if at[0] in DECLARATION_AT_RULES and not keyframes else None
        elif keyframes:
            start = keyframe_selector_start(text, lo, o)
        else:
            start = selector_start(text, lo, o)
        if start is None:
            return None
        follows = self.confirmed_end >= 0 and GAP_OK.fullmatch(text, self.confirmed_end, start) is not None
        prelude = text[start:o]
        plain = names is not None and _plain_enough(body, names, known, not follows, prelude)
        if not plain and not self.declarations_ok(prelude, body):
            return None
        self.confirmed_end = c + 1
        return start

    def visit(self, node: Node, out: list[tuple[int, int]]) -> None:
        """Append the CSS spans found in `node` (taken whole when it is a rule or an all-CSS group)."""
        o, c, children, prev = node
        if not children:
            start = self.leaf(node)
            if start is not None:
                out.append((start, c + 1))
            return
        at = None if c - o > MAX_GROUP else _at_rule(self.text, _window_start(self.text, o, prev, self.stars), o)
        if at is not None and at[0] in KEYFRAMES_AT_RULES and all(not ch.children for ch in children):
            frames = [(s, ch.close + 1) for ch in children if (s := self.leaf(ch, keyframes=True)) is not None]
            if len(frames) == len(children) and self._only_gaps(o + 1, c, frames):
                out.append((at[1], c + 1))
                return
        sub: list[tuple[int, int]] = []
        for child in children:
            self.visit(child, sub)
        if at is not None and at[0] in GROUP_AT_RULES and sub and self._only_gaps(o + 1, c, sub):
            out.append((at[1], c + 1))
        else:
            out.extend(sub)

    def _only_gaps(self, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """True when text[start:end] outside `spans` is only whitespace and comments."""
        pos = start
        for s, e in sorted(spans):
            if not GAP_OK.fullmatch(self.text, pos, s):
                return False
            pos = e
        return bool(GAP_OK.fullmatch(self.text, pos, end))

    def truncated(self, o: int, prev: int, prev_end: int) -> int | None:
        """Start of a rule cut off by the end of the text (`.x{float:left;margin-inline-start:`).

        Taken only with at least one complete known declaration, or right after other found CSS."""
        text = self.text
        body = text[o + 1 :]
        lo = _window_start(text, o, prev, self.stars)
        at = _at_rule(text, lo, o)
        start = at[1] if at and at[0] in DECLARATION_AT_RULES else None if at else selector_start(text, lo, o)
        if start is None:
            return None
        adjacent = prev_end >= 0 and GAP_OK.fullmatch(text, prev_end, start) is not None
        if not body.strip():
            return start if adjacent else None
        complete, _, tail = body.rpartition(";")
        if complete and not self.declarations_ok(text[start:o], complete):
            return None
        items = self.css.parse_blocks_contents(complete, True, True) if complete else []
        if any(d.type != "declaration" or not is_property(d.name) for d in items):
            return None
        tail_name = tail.split(":", 1)[0]
        if ":" in tail:
            tail_ok = is_property(tail_name.strip())
        else:
            name = tail.strip()
            tail_ok = not name or (
                _TRUNC_TAIL.fullmatch(tail) is not None and any(p.startswith(name) for p in PROPERTIES)
            )
        return start if tail_ok and (items or adjacent) else None


def find_css(text: str) -> list[tuple[int, int]]:
    """Spans of leaked CSS rules and at-rules in `text`, sorted, possibly adjacent (not merged)."""
    if "{" not in text and "@" not in text:
        return []
    finder = _Finder(text)
    out: list[tuple[int, int]] = []
    tail: Unclosed | None = None
    for item in walk_braces(text, finder.is_group if finder.has_at else None):
        if isinstance(item, Unclosed):
            tail = item
        else:
            finder.visit(item, out)
    if finder.has_at:
        for m in _STATEMENT.finditer(text):
            if _STATEMENT_ARG.match(text, m.start()):
                rules = finder.css.parse_stylesheet(m.group(), True, True)
                if len(rules) == 1 and rules[0].type == "at-rule" and rules[0].content is None:
                    out.append(m.span())
    if tail is not None and tail.empty and len(text) - tail.open <= MAX_RULE:
        start = finder.truncated(tail.open, tail.prev, max((e for _, e in out if e <= tail.open), default=-1))
        if start is not None:
            out.append((start, tail.open + len(text[tail.open :].rstrip())))
    if not finder.stars or _COMMENT_OPEN.search(text) is None:  # no comment: with_comments would change nothing
        return sorted(out)
    return sorted(with_comments(text, s, e) for s, e in out)


def find_css_and_script(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """Spans (start, end, reason) of leaked CSS ("css") and script ("script") inside `text`, looking
    only at text[start:] (code regions are those of the whole text).

    Sorted and non-overlapping. A span covers exactly the leaked code: not the prose before or after
    it on the same line, and not the surrounding whitespace (the caller strips and joins that).
    Code inside Markdown fences or inline `code` is an example the article shows and is left alone.
    """
    part = text[start:] if start else text
    found_script, found_css = find_script(part), find_css(part)
    if not found_script and not found_css:
        return []  # most documents: nothing to check against code regions
    if start:
        found_script = [(s + start, e + start) for s, e in found_script]
        found_css = [(s + start, e + start) for s, e in found_css]
    code = code_regions(text)
    scripts = outside(found_script, code)
    css = outside(outside(found_css, scripts), code)
    return merge([(s, e, "script") for s, e in scripts] + [(s, e, "css") for s, e in css], text)


def find_css_cut_short(text: str) -> list[tuple[int, int, str]]:
    """Leaked CSS and script in the last stretch of `text`, where a rule cut short by the end of the
    text can start (its block within MAX_RULE of the end, its prelude within MAX_PRELUDE before that).
    Run on the text with what was found already blanked out: a rule cut short that wrapped other rules
    is found then."""
    return find_css_and_script(text, max(0, len(text) - MAX_RULE - MAX_PRELUDE - 2))

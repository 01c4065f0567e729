"""Find leaked page scripts: analytics snippets and JSON-LD blobs that a converter kept as text.

Only strong signals start a search (dataLayer, gtag, googletag, _gaq, fbq, schema.org JSON-LD, ...):
a JS sample discussed in an article is rare in scraped text, and prose must never be cut. From a
signal the span grows over whole JavaScript statements, each checked for a code shape and for the
absence of prose (three plain words in a row); JSON-LD is confirmed by `json.loads`. Work is capped
by a budget proportional to the text length, so scanning stays linear.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tablefix.detect.cssnames import names_of

from ..text_rules import compiled_on_first_use

__all__ = ["find_script"]

MAX_STATEMENT = 8192
"""A leaked statement longer than this is not followed (the span stops before it)."""
MAX_JSON = 524_288
"""A JSON-LD blob longer than this is left alone."""
_LOOKBACK = 2048

_SIGNAL = compiled_on_first_use(
    r"dataLayer|gtag(?<!\wgtag)\s*\(|googletag(?<!\wgoogletag)\b|_gaq(?<!\w_gaq)\b|fbq(?<!\wfbq)\s*\("
    r"|GoogleAnalyticsObject|google-analytics\.com|googletagmanager\.com|document\.createElement\s*\("
    r"|document\.write(?:ln)?\s*\(|document\.getElementsBy|adsbygoogle(?<!\wadsbygoogle)\b|_paq(?<!\w_paq)\b"
    r"|\"@context[\"']|'@context[\"']"
)
"""Names only analytics snippets and JSON-LD use. Each branch starts with a literal and checks the word
boundary before it by a lookbehind after it, so the regex engine jumps between candidates. The definition
_signalled stands in for (tests compare them): compiled only if used, which find_script never does (600 µs)."""
_G_SIGNAL = compiled_on_first_use(
    r"g(?:tag(?<!\wgtag)\s*\(|oogle(?:tag(?:(?<!\wgoogletag)\b|manager\.com)|-analytics\.com"
    r"|(?<=adsbygoogle)(?<!\wadsbygoogle)\b)|leAnalyticsObject(?<=GoogleAnalyticsObject))"
)
_Q_SIGNAL = compiled_on_first_use(r"q(?:(?<=_[gp]aq)(?<!\w_[gp]aq)\b|(?<=fbq)(?<!\wfbq)\s*\()")
_D_SIGNAL = compiled_on_first_use(r"d(?:ocument\.(?:createElement\s*\(|write(?:ln)?\s*\(|getElementsBy)|ataLayer)")
_CONTEXT_SIGNAL = compiled_on_first_use(r"@context[\"'](?<=[\"']@context[\"'])")


@cache
def _decoder() -> Any:
    """A JSON decoder, for JSON-LD; json is imported only when a page holds some (start-up time)."""
    import json

    return json.JSONDecoder()


def _signalled(text: str) -> bool:
    """Whether _SIGNAL matches anywhere in `text`, as four searches that each start with one literal
    character (the regex engine jumps between those as `str.find` does, where _SIGNAL's alternatives are
    tried at every position, 5x slower: text that names Google would pay that for nothing).

    The rare characters `q` and `@` are looked for alone first (a memchr)."""
    return (
        _G_SIGNAL.search(text) is not None
        or "q" in text and _Q_SIGNAL.search(text) is not None
        or _D_SIGNAL.search(text) is not None
        or ("@" in text and _CONTEXT_SIGNAL.search(text) is not None)
    )


_STOP = compiled_on_first_use(r"[;(){}\[\]'\"`\n]")
_HEAD = re.compile(
    r"(?:var|let|const)\s+[\w$]+\s*[=;,]|function\b|[(!+]\s*function\b|(?:if|for|while|switch)\s*\("
    r"|try\s*\{|else\b|do\s*\{|new\s+[A-Za-z_$]|return\b|</?script\b[^>\n]{0,200}>|-->|//|/\*|<!--"
    r"|[\w$]+(?:\.[\w$]+|\[[^\]\n]{0,80}\])*\s*(?:[-+*/|&]?=(?!=)|\(|\+\+|--)"
    r"|\(\s*[\w$]+(?:\.[\w$]+)*\s*=(?!=)"
)
_SENTENCE = re.compile(r"[.!?:]\s+")
_CODE_PUNCT = compiled_on_first_use(r"[^\w$\s]+")
_KEYWORDS = names_of(
    "var let const new return typeof instanceof function else in of void delete await async if do case this "
    "true false null undefined window document"
)
_NOT_END = "=+-*/,&|?:(.!"
_SPACE = re.compile(r"\s*")
_STRINGS = compiled_on_first_use(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`]*`")
_FULL_STOP = compiled_on_first_use(r"\.\s")
_TAGS = re.compile(r"(?:</?script\b[^>\n]{0,200}>\s*){1,4}")
_COMMENTS = (("//", "\n"), ("/*", "*/"), ("<!--", "-->"))
_WRAPPERS = (
    (re.compile(r"\[\s*\Z"), re.compile(r"\s*\]")),
    (re.compile(r"<script\b[^>\n]{0,150}>\s*\Z"), re.compile(r"\s*</script>")),
)


def _string_end(text: str, q: int, limit: int) -> int | None:
    """Offset after the string literal opening at q; None if it runs past limit or across a line."""
    quote = text[q]
    k = q + 1
    newline = text.find("\n", q, limit) if quote != "`" else -1
    while True:
        k = text.find(quote, k, limit)
        if k < 0 or 0 <= newline < k:
            return None
        back = k - 1
        while text[back] == "\\":
            back -= 1
        if (k - 1 - back) % 2 == 0:
            return k + 1
        k += 1


def _statement_end(text: str, i: int, limit: int) -> tuple[int, bool] | None:
    """(end, ended by `;` or a block) of the JS statement starting at i, or None if it does not end."""
    depth = 0
    k = i
    while True:
        m = _STOP.search(text, k, limit)
        if m is None:
            return (limit, False) if depth == 0 and limit == len(text) else None
        p = m.start()
        ch = text[p]
        if ch in "'\"`":
            end = _string_end(text, p, limit)
            if end is None:
                return None
            k = end
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and ch == "}":
                nxt = text[p + 1 : p + 40].lstrip()[:1]
                if nxt not in tuple("().,[;"):
                    return p + 1, True
        elif ch == ";" and depth == 0:
            return p + 1, True
        elif ch == "\n" and depth == 0:
            b = p
            while b > i and text[b - 1] in " \t\r":
                b -= 1
            if b > i and text[b - 1] not in _NOT_END:
                return p, False
        k = p + 1


def _is_code(stmt: str) -> bool:
    """A statement with a JS head and no sign of prose: a full stop before a space, or three plain
    non-keyword words in a row."""
    if not _HEAD.match(stmt):
        return False
    bare = _STRINGS.sub(" 0 ", stmt)
    if _FULL_STOP.search(bare):
        return False
    return all(sum(1 for w in piece.split() if w not in _KEYWORDS) < 3 for piece in _CODE_PUNCT.split(bare))


class _Scanner:
    """Grows script spans from signals, remembering runs already parsed and the work spent."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.budget = 16 * len(text) + 262_144
        self.runs: dict[int, tuple[int, int] | None] = {}

    def run(self, start: int) -> tuple[int, int] | None:
        """(first, end) of the longest run of code statements from start; None if the first is not code."""
        if start in self.runs:
            return self.runs[start]
        text, n = self.text, len(self.text)
        i, first, end = start, -1, -1
        while self.budget > 0:
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            self.budget -= i - start if first < 0 else 0
            if i >= n:
                break
            limit = min(n, i + MAX_STATEMENT)
            closer = next((c for o, c in _COMMENTS if text.startswith(o, i)), None)
            if closer is not None:  # comments ride along with the code around them
                e = text.find(closer, i + 2, limit)
                if e < 0:
                    break
                first, end = (i if first < 0 else first), e + (len(closer) if closer != "\n" else 0)
                self.budget -= end - i
                i = end
                continue
            if not _HEAD.match(text, i, min(limit, i + 300)):
                break
            got = _statement_end(text, i, limit)
            self.budget -= (got[0] if got else limit) - i + 1
            if got is None or not _is_code(text[i : got[0]]):
                break
            if not got[1] and not _SIGNAL.search(text, i, got[0]) and not _TAGS.fullmatch(text, i, got[0]):
                break
            first, end, i = (i if first < 0 else first), got[0], got[0]
        while end > first >= 0 and text[end - 1].isspace():
            end -= 1
        result = (first, end) if first >= 0 else None
        self.runs[start] = result
        return result

    def starts(self, s: int) -> list[int]:
        """Where the code holding the signal at s may begin: earlier code lines, the line, its sentences."""
        text = self.text
        lo = max(0, s - _LOOKBACK)
        self.budget -= s - lo
        line = text.rfind("\n", lo, s) + 1
        if line == 0 and lo > 0:
            return [m.end() for m in _SENTENCE.finditer(text, lo, s)][-8:]
        found: list[int] = []
        k = line
        for _ in range(5):
            if k <= lo:
                break
            k = text.rfind("\n", lo, k - 1) + 1
            if k == 0 and lo > 0:
                break
            if _HEAD.match(text, k, min(len(text), k + 200)):
                found.append(k)
        found.reverse()
        found.append(line)
        found += [m.end() for m in _SENTENCE.finditer(text, line, s)][-8:]
        return found

    def scripts(self) -> list[tuple[int, int]]:
        """All script spans, sorted and non-overlapping."""
        out: list[tuple[int, int]] = []
        covered = -1
        for m in _SIGNAL.finditer(self.text):
            s = m.start()
            if self.budget <= 0:
                break
            if s < covered:
                continue
            span = self._json_ld(s) if "@context" in m.group() else self._code(s)
            if span is not None and span[0] >= covered:
                out.append(span)
                covered = span[1]
        return out

    def _code(self, s: int) -> tuple[int, int] | None:
        for start in self.starts(s):
            got = self.run(start)
            if got is not None and got[0] <= s < got[1]:
                return got
        return None

    def _decode(self, k: int) -> tuple[object, int] | None:
        """(value, end offset) of the JSON value at k, trying growing windows up to MAX_JSON.

        Windows, not the whole text: a JSON error message counts lines up to the error position."""
        size = 4096
        while True:
            chunk = self.text[k : k + size]
            self.budget -= len(chunk)
            try:
                obj, end = _decoder().raw_decode(chunk)
                return obj, k + end
            except (ValueError, RecursionError):
                if len(chunk) < size or size >= MAX_JSON:
                    return None
            size *= 8

    def _json_ld(self, s: int) -> tuple[int, int] | None:
        """Span of the schema.org JSON-LD object (or array of them) holding the `"@context"` key at s."""
        text, k = self.text, s
        for _ in range(3):
            k = text.rfind("{", max(0, s - _LOOKBACK), k)
            if k < 0:
                return None
            got = self._decode(k)
            if got is not None and isinstance(got[0], dict) and "schema.org" in str(got[0].get("@context", "")):
                start, end = k, got[1]
                for opening, closing in _WRAPPERS:  # `[ {...} ]`, then `<script ...> ... </script>`
                    before, after = opening.search(text, max(0, start - 200), start), closing.match(text, end)
                    if before and after:
                        start, end = before.start(), after.end()
                return start, end
        return None


def find_script(text: str) -> list[tuple[int, int]]:
    """Spans of leaked scripts in `text` (analytics snippets, JSON-LD), sorted and non-overlapping."""
    if not _signalled(text):
        return []
    return _Scanner(text).scripts()

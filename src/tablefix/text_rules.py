"""Small rules about text that readers, inputs and the library share, written once (a leaf module)."""

from __future__ import annotations

import codecs
import re
import sys
from typing import Any, cast


class _FirstUse:
    """A regex not compiled yet (see `compiled_on_first_use`)."""

    __slots__ = ("_args", "_home", "_compiled")

    def __init__(self, args: tuple[str, int], home: dict[str, Any]) -> None:
        self._args, self._home, self._compiled = args, home, None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
            for key, value in list(self._home.items()):  # the module's own name for it: no stand-in from now on
                if value is self:
                    self._home[key] = compiled
        return getattr(compiled, name)


def compiled_on_first_use(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, put off until the pattern is first used, when the compiled pattern takes
    the stand-in's place in the module that declared it (so later uses there cost nothing more; a module that
    imports the name keeps the stand-in, a little slower: shared patterns are compiled as usual). Start-up
    time: compiling every pattern of the text path is a tenth of a plain run, and a document needs few."""
    return cast(re.Pattern[str], _FirstUse((pattern, flags), sys._getframe(1).f_globals))


BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte-order marks and the encoding of the bytes after them (UTF-32 first: its LE mark starts as UTF-16's)."""

MARKUP_CHARS = "\\`*_[<&~"
"""The characters that can start inline Markdown (or an escape, or an entity): text without one renders as itself."""
MARKUP = re.compile(f"[{re.escape(MARKUP_CHARS)}]")


def holds_any(text: str, chars: str) -> bool:
    """Whether `text` holds one of `chars`: a `str.__contains__` (a memchr) each, mapped to stay in C, where a
    character class is tried by the regex engine at every position (4-15x slower on a whole table's text)."""
    return any(map(text.__contains__, chars))


def has_markup(text: str) -> bool:
    """`MARKUP.search(text) is not None`, by `holds_any`."""
    return holds_any(text, MARKUP_CHARS)


BULLETS = "-*+•·◦▪▸►‣–—○●■□✓✔"
"""The characters that mark a list item (before a space or a tab)."""

MARKDOWN_LINKS = re.compile(r"(?:!?\[(?:[^\[\]\n]|!?\[[^\]\n]*\]\([^)\n]*\))*\]\([^)\n]*\)[ \t]*)+")
"""Nothing but Markdown links or images (`[![logo](a.png)](https://...)`): a menu entry, a share button."""


def bom_encoding(data: bytes) -> tuple[int, str] | None:
    """(length of the byte-order mark, encoding of what follows) when `data` starts with one."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return len(bom), encoding
    return None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR read as LF, as every reader expects."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

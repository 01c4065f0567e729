"""Small rules about text that readers, inputs and the library share, written once (a leaf module)."""

from __future__ import annotations

import codecs
import re

BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte-order marks and the encoding of the bytes after them (UTF-32 first: its LE mark starts as UTF-16's)."""

MARKUP = re.compile(r"[\\`*_\[<&~]")
"""A character that can start inline Markdown (or an escape, or an entity): text without one renders as itself."""


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

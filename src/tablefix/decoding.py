"""Bytes -> text, with errors that say what went wrong and what to do.

Undecodable bytes are never dropped silently: UTF-8 (with or without BOM) is tried strictly, then a
charset the page declares, then charset-normalizer's best guess; if nothing fits, the input is refused
with a message. Gzip is recognised by its magic bytes, whatever the file is called.
"""

from __future__ import annotations

import codecs

GZIP_MAGIC = b"\x1f\x8b"


class InputError(Exception):
    """An input that cannot be read as text; the message is meant for the user."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = bytes(b for b in range(32) if b < 9 or b > 13)
"""Control bytes that text does not hold (tab, newlines, form feed and CR are text)."""


def looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 8 KB, as `file` and git judge it (a few NULs are tolerated)."""
    head = data[:8192]
    if not head:
        return False
    control = len(head) - len(head.translate(None, _CONTROL))
    return head.count(0) > len(head) // 100 + 2 or control > len(head) // 10


def decode(data: bytes, label: str) -> str:
    """Text of `data`; raises InputError naming `label` when it is binary, empty or undecodable."""
    if not data.strip():
        raise InputError(f"{label} is empty; nothing to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalize_newlines(data.decode(encoding, errors="strict"))
            except UnicodeDecodeError:
                raise InputError(f"{label} starts with a {encoding} byte-order mark but is not valid "
                                 f"{encoding}; convert it to UTF-8 first, e.g. with iconv") from None
    if looks_binary(data):
        raise InputError(f"{label} is not text (looks binary); nothing written")
    try:
        return _normalize_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _declared_html(data)
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{label}: cannot tell its text encoding (not UTF-8, none detected); "
                             "convert it to UTF-8 first, e.g. with iconv")
        text = str(best)
    return _normalize_newlines(text)


def _declared_html(data: bytes) -> str | None:
    if b"charset" not in data[:4096].lower():
        return None
    from .readers.html import decode_html_bytes

    return decode_html_bytes(data)


def _normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes are dropped from text (they only break terminals and parsers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "") if "\x00" in text else text


def gunzip(data: bytes, label: str) -> bytes:
    """The content of gzip data (recognised by its magic bytes); other data unchanged."""
    if not data.startswith(GZIP_MAGIC):
        return data
    import gzip
    import zlib

    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"{label} is a damaged gzip file ({e}); nothing written") from None

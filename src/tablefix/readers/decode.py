"""Bytes -> text, never dropping a byte silently: UTF-8 (with or without a BOM) strictly, then an HTML page
as a browser decodes it (its declared charset, else windows-1252 unless that reads wrong), then
charset-normalizer's guess; binary or undecodable input is refused with a message that says what to do."""

from __future__ import annotations

from ..text_rules import bom_encoding, normalize_newlines

_CONTROL = bytes(b for b in range(32) if b < 9 or b > 13)
"""Control bytes that text does not hold (tab, newlines, form feed and CR are text)."""


class DecodeError(ValueError):
    """Bytes that are not text, or not in an encoding tablefix can tell; the message is meant for the user."""


def looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 8 KB, as `file` and git judge it (a few NULs are tolerated)."""
    head = data[:8192]
    control = len(head) - len(head.translate(None, _CONTROL))
    return bool(head) and (head.count(0) > len(head) // 100 + 2 or control > len(head) // 10)


def not_json_text(head: bytes) -> bool:
    """The first bytes of a file cannot start JSON Lines: binary, or not UTF-8 (JSON text is UTF-8)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 3:  # not a character cut short at the end of the head
            return True
    return looks_binary(head)


def decode(data: bytes, label: str) -> str:
    """Text of `data`, CRLF and lone CR read as LF, NULs dropped; DecodeError naming `label` when it is
    binary, empty or undecodable."""
    if not data.strip():
        raise DecodeError(f"{label} is empty; nothing to read")
    text: str | None = None
    if (bom := bom_encoding(data)) is not None:
        size, encoding = bom
        try:
            text = data[size:].decode(encoding, errors="strict")
        except UnicodeDecodeError:
            raise DecodeError(f"{label} starts with a {encoding} byte-order mark but is not valid "
                              f"{encoding}; convert it to UTF-8 first, e.g. with iconv") from None
    if text is None and looks_binary(data):
        raise DecodeError(f"{label} is not text (looks binary); nothing written")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess(data, label)
    text = normalize_newlines(text)
    return text.replace("\x00", "") if "\x00" in text else text


def _guess(data: bytes, label: str) -> str:
    """Not UTF-8: an HTML page as a browser decodes it (html_charset), else charset-normalizer's best guess."""
    from .html import decode_page_bytes, looks_like_html_page

    text = decode_page_bytes(data, looks_like_html_page(data[:65536].decode("latin-1")))
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(f"{label}: cannot tell its text encoding (not UTF-8, none detected); "
                          "convert it to UTF-8 first, e.g. with iconv")
    return str(best)

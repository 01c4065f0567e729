"""Bytes from files or stdin -> text, with errors that say what went wrong and what to do.

Undecodable bytes are never dropped silently: UTF-8 (with or without BOM) is tried
strictly, then a charset the page declares, then charset-normalizer's best guess; if
nothing fits, the input is refused with a message.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path


class InputError(Exception):
    """An input that cannot be read as text; the message is meant for the user."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 8 KB, as `file` and git judge it (a few NULs are tolerated)."""
    head = data[:8192]
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return head.count(0) > len(head) // 100 + 2 or control > len(head) // 10


def decode(data: bytes, label: str) -> str:
    """Text of `data`; raises InputError naming `label` when it is binary, empty or undecodable."""
    if not data.strip():
        raise InputError(f"{label} is empty; nothing to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalize_newlines(data.decode(encoding, errors="strict"))
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
    head = data[:4096].lower()
    if b"charset" not in head:
        return None
    from .readers.html import decode_html_bytes

    return decode_html_bytes(data)


def _normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes are dropped from text (they only break terminals and parsers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "") if "\x00" in text else text


def read_input(name: str) -> str:
    """Text of a path, or of stdin for "-"."""
    if name == "-":
        return decode(sys.stdin.buffer.read(), "standard input")
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name} is a directory; give files (or a directory with --recursive)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name} does not exist; check the path") from None
    except PermissionError:
        raise InputError(f"{name} cannot be read (permission denied)") from None
    except OSError as e:
        raise InputError(f"{name} cannot be read ({e.strerror or e})") from None
    return decode(data, name)

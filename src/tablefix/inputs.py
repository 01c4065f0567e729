"""Bytes from files, gzip files, URLs or stdin -> text, with errors that say what went wrong and what to do.

Undecodable bytes are never dropped silently: UTF-8 (with or without BOM) is tried
strictly, then an HTML page is decoded as a browser would (its declared charset, else
windows-1252 unless that reads wrong), then charset-normalizer's best guess; if
nothing fits, the input is refused with a message. Gzip is recognised by its magic bytes,
whatever the file is called.
"""

from __future__ import annotations

import codecs
import sys
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"


class InputError(Exception):
    """An input that cannot be read as text; the message is meant for the user."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def is_url(name: str) -> bool:
    """fsspec URLs (`s3://`, `file://`, `https://`...) are read through fsspec; everything else is a path."""
    return "://" in name


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
    text = _html(data)
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{label}: cannot tell its text encoding (not UTF-8, none detected); "
                             "convert it to UTF-8 first, e.g. with iconv")
        text = str(best)
    return _normalize_newlines(text)


def _html(data: bytes) -> str | None:
    """An HTML page's text as a browser decodes it (readers.html_charset); None for other text."""
    from .readers.html import decode_page_bytes, looks_like_html_page

    return decode_page_bytes(data, looks_like_html_page(data[:65536].decode("latin-1")))


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


def _os_error(name: str, e: OSError) -> InputError:
    """The user's words for an OSError on input `name`."""
    if isinstance(e, FileNotFoundError):
        return InputError(f"{name} does not exist; check the path")
    if isinstance(e, IsADirectoryError):
        return InputError(f"{name} is a directory; expected a file")
    if isinstance(e, NotADirectoryError):
        return InputError(f"{name} does not exist (a part of the path is a file, not a directory)")
    if isinstance(e, PermissionError):
        return InputError(f"{name} cannot be read (permission denied)")
    return InputError(f"{name} cannot be read ({e.strerror or e})")


def open_binary(name: str) -> BinaryIO:
    """A binary stream of an input's content, gunzipped, for reading record by record; the caller closes it
    (except standard input's)."""
    import gzip

    if name == "-":
        stdin = sys.stdin.buffer
        return gzip.GzipFile(fileobj=stdin, mode="rb") if stdin.peek(2)[:2] == GZIP_MAGIC else stdin  # type: ignore
    if is_url(name):
        return _open_url(name, compression="infer")
    try:
        f = open(name, "rb")  # noqa: SIM115 - the caller closes it
        gz = f.peek(2)[:2] == GZIP_MAGIC  # opened once and peeked: a pipe (`<(cat x)`) cannot be read twice
        return gzip.GzipFile(fileobj=f, mode="rb") if gz else f  # type: ignore[return-value]
    except OSError as e:
        raise _os_error(name, e) from None


def _open_url(name: str, compression: str | None = None) -> BinaryIO:
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{name}: reading URLs needs fsspec: pip install 'tablefix[dask]'") from None
    try:
        return fsspec.open(name, "rb", compression=compression).open()
    except OSError as e:
        raise _os_error(name, e) from None
    except (ValueError, ImportError) as e:
        raise InputError(f"{name} cannot be opened ({e})") from None


def read_bytes(name: str, path: str | None = None) -> bytes:
    """Raw content of a path, URL, or stdin for "-"; read from `path` when given (messages still say `name`)."""
    if name == "-":
        try:
            return sys.stdin.buffer.read()
        except OSError as e:
            raise InputError(f"standard input cannot be read ({e.strerror or e})") from None
    where = path or name
    if is_url(where):
        with _open_url(where) as f:
            try:
                return f.read()
            except OSError as e:
                raise _os_error(name, e) from None
    try:
        with open(where, "rb") as f:
            return f.read()
    except OSError as e:
        raise _os_error(name, e) from None


def load(name: str, path: str | None = None, data: bytes | None = None) -> tuple[str, int]:
    """Text of an input (from `data` when the caller read it already) and how many bytes were read for it."""
    label = "standard input" if name == "-" else name
    if data is None:
        data = read_bytes(name, path)
    return decode(gunzip(data, label), label), len(data)


def read_input(name: str) -> str:
    """Text of a path, URL, or of stdin for "-"."""
    return load(name)[0]

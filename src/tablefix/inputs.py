"""The inputs: the files the command-line arguments name (`InputRef`), lazily, in a stable (sorted) order,
and their text.

A directory is walked recursively (hidden entries and the output directory skipped, symlinked directories
not followed, so no loops); `--glob` filters by name or relative path; URLs (`s3://`, `file://`...) go
through fsspec; gzip is known by its magic bytes. Bytes are never dropped silently: UTF-8 (with or without
a BOM) is tried strictly, then an HTML page is decoded as a browser would (its declared charset, else
windows-1252 unless that reads wrong), then charset-normalizer's guess; if nothing
fits, the input is refused with a message that says what to do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from typing import Any, BinaryIO, NamedTuple

from .text_rules import bom_encoding, normalize_newlines

GZIP_MAGIC = b"\x1f\x8b"
_CONTROL = bytes(b for b in range(32) if b < 9 or b > 13)
"""Control bytes that text does not hold (tab, newlines, form feed and CR are text)."""


class InputError(Exception):
    """An input that cannot be read as text; the message is meant for the user."""


class InputRef(NamedTuple):
    """One input file: `name` as the user knows it ("-": standard input); `rel`, its path under the argument
    it came from, mirrored under --out-dir; its size and mtime, for --resume; and `path`, where to read it
    (absolute, so that a worker in another directory finds it)."""

    name: str
    rel: str
    size: int | None = None
    mtime_ns: int | None = None
    path: str | None = None


class Unlisted(NamedTuple):
    """An argument that names no file (an unreadable directory, no matches), and why."""

    name: str
    message: str


def is_url(name: str) -> bool:
    return "://" in name


def is_single(args: Iterable[str]) -> bool:
    """One file or stdin (not a directory, not a URL): its errors are the whole run's (exit 2)."""
    args = list(args)
    return len(args) == 1 and (args[0] == "-" or not is_url(args[0]) and not os.path.isdir(args[0]))


def matches(rel: str, pattern: str | None) -> bool:
    """`pattern` matched from the right, as pathlib does: '*.txt' matches any .txt, 'news/*.txt' one folder's."""
    if pattern is None:
        return True
    if "/" not in pattern and pattern not in ("", "."):  # `*.txt`: the file's own name, as pathlib matches it
        return fnmatchcase(rel.rpartition("/")[2], pattern)
    from pathlib import PurePosixPath

    return PurePosixPath(rel).match(pattern)


def expand(args: Iterable[str], pattern: str | None = None,
           skip_dirs: Iterable[str] = ()) -> Iterator[InputRef | Unlisted]:
    """Every input file the arguments name, in order; directories in sorted order."""
    skip = {os.path.realpath(d) for d in skip_dirs}
    for arg in args:
        if arg == "-":
            yield InputRef("-", "stdin")
        elif is_url(arg):
            yield from _expand_url(arg, pattern)
        elif os.path.isdir(arg):
            found = False
            for item in _walk(arg, "", pattern, skip):
                found = found or isinstance(item, InputRef)
                yield item
            if not found:
                what = f"files matching {pattern!r}" if pattern else "files"
                yield Unlisted(arg, f"{arg} has no {what} (hidden files are skipped)")
        else:
            try:
                st: Any = os.stat(arg)
            except OSError:  # reading it will say what is wrong
                st = None
            yield InputRef(arg, os.path.basename(arg) or arg, st and st.st_size, st and st.st_mtime_ns,
                           os.path.abspath(arg))


def _walk(path: str, rel: str, pattern: str | None, skip: set[str]) -> Iterator[InputRef | Unlisted]:
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Unlisted(path, f"{path} cannot be listed ({e.strerror or e})")
        return
    for entry in entries:
        sub = f"{rel}/{entry.name}" if rel else entry.name
        try:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if os.path.realpath(entry.path) not in skip:
                    yield from _walk(entry.path, sub, pattern, skip)
            elif entry.is_file() and matches(sub, pattern):
                st = entry.stat()
                yield InputRef(entry.path, sub, st.st_size, st.st_mtime_ns, os.path.abspath(entry.path))
        except OSError as e:
            yield Unlisted(entry.path, f"{entry.path} cannot be read ({e.strerror or e})")


def _expand_url(url: str, pattern: str | None) -> Iterator[InputRef | Unlisted]:
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        yield Unlisted(url, f"{url}: reading URLs needs fsspec: pip install 'tablefix[dask]'")
        return
    try:
        fs, path = url_to_fs(url)
        if set(path) & set("*?["):
            base = path[:min(path.find(c) for c in "*?[" if c in path)].rpartition("/")[0]
            found = [p for p in sorted(fs.glob(path)) if fs.isfile(p)]
        elif fs.isdir(path):
            base, found = path.rstrip("/"), sorted(fs.find(path))
        else:
            yield InputRef(url, path.rstrip("/").rpartition("/")[2] or "input", _size(fs, path))
            return
    except (OSError, ValueError, ImportError) as e:
        yield Unlisted(url, f"{url} cannot be listed ({e})")
        return
    rels = [(p, p[len(base):].lstrip("/") if base and p.startswith(base) else p.rpartition("/")[2]) for p in found]
    rels = [(p, rel) for p, rel in rels if not any(part.startswith(".") for part in rel.split("/"))
            and matches(rel, pattern)]
    yield from (InputRef(fs.unstrip_protocol(p), rel, _size(fs, p)) for p, rel in rels)
    if not rels:
        yield Unlisted(url, f"{url} has no files" + (f" matching {pattern!r}" if pattern else ""))


def _size(fs: Any, path: str) -> int | None:
    try:
        size = fs.size(path)
    except (OSError, ValueError, NotImplementedError):
        return None
    return int(size) if size is not None else None


def os_error(name: str, e: OSError) -> InputError:
    """The user's words for an OSError on input `name`."""
    why = {FileNotFoundError: "does not exist; check the path", IsADirectoryError: "is a directory; expected a file",
           NotADirectoryError: "does not exist (a part of the path is a file, not a directory)",
           PermissionError: "cannot be read (permission denied)"}.get(type(e), f"cannot be read ({e.strerror or e})")
    return InputError(f"{name} {why}")


def open_binary(name: str) -> BinaryIO:
    """A binary stream of an input's content, gunzipped (the caller closes it, except standard input's)."""
    import gzip

    try:
        if name == "-":
            f: Any = sys.stdin.buffer
        elif is_url(name):
            return _open_url(name, compression="infer")
        else:
            f = open(name, "rb")  # noqa: SIM115 - the caller closes it
        gz = f.peek(2)[:2] == GZIP_MAGIC  # peeked, not read twice: a pipe (`<(cat x)`) cannot be read again
        return gzip.GzipFile(fileobj=f, mode="rb") if gz else f
    except OSError as e:
        raise os_error(name, e) from None


def _open_url(name: str, compression: str | None = None) -> BinaryIO:
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{name}: reading URLs needs fsspec: pip install 'tablefix[dask]'") from None
    try:
        return fsspec.open(name, "rb", compression=compression).open()
    except OSError as e:
        raise os_error(name, e) from None
    except (ValueError, ImportError) as e:
        raise InputError(f"{name} cannot be opened ({e})") from None


def read_bytes(name: str, path: str | None = None) -> bytes:
    """Raw content of a path, URL, or stdin for "-"; read from `path` when given (messages still say `name`)."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        with _open_url(path or name) if is_url(path or name) else open(path or name, "rb") as f:
            return f.read()
    except OSError as e:
        if name == "-":
            raise InputError(f"standard input cannot be read ({e.strerror or e})") from None
        raise os_error(name, e) from None


def load(name: str, path: str | None = None, data: bytes | None = None) -> tuple[str, int]:
    """Text of an input (from `data` when the caller read it already) and how many bytes were read for it."""
    label = "standard input" if name == "-" else name
    if data is None:
        data = read_bytes(name, path)
    if data.startswith(GZIP_MAGIC):
        import gzip
        import zlib

        try:
            return decode(gzip.decompress(data), label), len(data)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"{label} is a damaged gzip file ({e}); nothing written") from None
    return decode(data, label), len(data)


def read_input(name: str) -> str:
    """Text of a path, URL, or of stdin for "-"."""
    return load(name)[0]


def looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes in the first 8 KB, as `file` and git judge it (a few NULs are tolerated)."""
    head = data[:8192]
    control = len(head) - len(head.translate(None, _CONTROL))
    return bool(head) and (head.count(0) > len(head) // 100 + 2 or control > len(head) // 10)


def decode(data: bytes, label: str) -> str:
    """Text of `data`, CRLF and lone CR read as LF, NULs dropped; InputError naming `label` when it is
    binary, empty or undecodable."""
    if not data.strip():
        raise InputError(f"{label} is empty; nothing to read")
    text: str | None = None
    if (bom := bom_encoding(data)) is not None:
        size, encoding = bom
        try:
            text = data[size:].decode(encoding, errors="strict")
        except UnicodeDecodeError:
            raise InputError(f"{label} starts with a {encoding} byte-order mark but is not valid "
                             f"{encoding}; convert it to UTF-8 first, e.g. with iconv") from None
    if text is None and looks_binary(data):
        raise InputError(f"{label} is not text (looks binary); nothing written")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess(data, label)
    text = normalize_newlines(text)
    return text.replace("\x00", "") if "\x00" in text else text


def _guess(data: bytes, label: str) -> str:
    """Not UTF-8: an HTML page as a browser decodes it (readers.html_charset), else charset-normalizer's
    best guess."""
    from .readers.html import decode_page_bytes, looks_like_html_page

    text = decode_page_bytes(data, looks_like_html_page(data[:65536].decode("latin-1")))
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{label}: cannot tell its text encoding (not UTF-8, none detected); "
                         "convert it to UTF-8 first, e.g. with iconv")
    return str(best)

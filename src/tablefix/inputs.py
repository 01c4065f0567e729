"""Command-line arguments -> the inputs they name (`InputRef`), lazily, in a stable (sorted) order; and the
bytes of an input, with messages that say what went wrong.

A directory is walked recursively (hidden entries and the output directory skipped, symlinked directories
not followed, so no loops); `--glob` filters the files by name or relative path. URLs (`s3://`, `file://`,
`https://`...) go through fsspec. Each input keeps `rel`, its path relative to the argument, so that
`--out-dir` can mirror the input tree.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from typing import BinaryIO, NamedTuple

from .decoding import GZIP_MAGIC, InputError, decode, gunzip

GLOB_CHARS = frozenset("*?[")


class InputRef(NamedTuple):
    """One input file, as listed (a NamedTuple: cheap to make and to send to workers)."""

    name: str
    """The path or URL as the user would recognise it; "-" for standard input."""
    rel: str
    """Its path relative to the argument it came from (POSIX), for mirroring under --out-dir."""
    size: int | None = None
    mtime_ns: int | None = None
    path: str | None = None
    """Where to read it, when not `name`: an absolute path, so a worker in another directory finds it."""


class Unlisted(NamedTuple):
    """An argument that could not be expanded into files (an unreadable directory, no matches)."""

    name: str
    message: str


def is_url(name: str) -> bool:
    return "://" in name


def is_single(args: Iterable[str]) -> bool:
    """One file or stdin (not a directory, not a URL): its errors are the whole run's (exit 2)."""
    args = list(args)
    return len(args) == 1 and (args[0] == "-" or (not is_url(args[0]) and not os.path.isdir(args[0])))


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
                st = os.stat(arg)
            except OSError:
                yield InputRef(arg, os.path.basename(arg) or arg, path=os.path.abspath(arg))  # reading says why
                continue
            yield InputRef(arg, os.path.basename(arg) or arg, st.st_size, st.st_mtime_ns, os.path.abspath(arg))


def _walk(path: str, rel: str, pattern: str | None, skip: set[str]) -> Iterator[InputRef | Unlisted]:
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Unlisted(path, f"{path} cannot be listed ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        sub = f"{rel}/{entry.name}" if rel else entry.name
        try:
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
        if GLOB_CHARS & set(path):
            base = path[:min(path.find(c) for c in GLOB_CHARS if c in path)].rpartition("/")[0]
            found = [p for p in sorted(fs.glob(path)) if fs.isfile(p)]
        elif fs.isdir(path):
            base, found = path.rstrip("/"), sorted(fs.find(path))
        else:
            yield InputRef(url, path.rstrip("/").rpartition("/")[2] or "input", _size(fs, path))
            return
    except (OSError, ValueError, ImportError) as e:
        yield Unlisted(url, f"{url} cannot be listed ({e})")
        return
    listed = False
    for p in found:
        rel = p[len(base):].lstrip("/") if base and p.startswith(base) else p.rpartition("/")[2]
        if not any(part.startswith(".") for part in rel.split("/")) and matches(rel, pattern):
            listed = True
            yield InputRef(fs.unstrip_protocol(p), rel, _size(fs, p))
    if not listed:
        yield Unlisted(url, f"{url} has no files" + (f" matching {pattern!r}" if pattern else ""))


def _size(fs: object, path: str) -> int | None:
    try:
        size = fs.size(path)  # type: ignore[attr-defined]
    except (OSError, ValueError, NotImplementedError):
        return None
    return int(size) if size is not None else None


def os_error(name: str, e: OSError) -> InputError:
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
    """A binary stream of an input's content, gunzipped, for reading line by line; the caller closes it
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
    if name == "-":
        try:
            return sys.stdin.buffer.read()
        except OSError as e:
            raise InputError(f"standard input cannot be read ({e.strerror or e})") from None
    where = path or name
    try:
        if is_url(where):
            with _open_url(where) as f:
                return f.read()
        with open(where, "rb") as f:
            return f.read()
    except OSError as e:
        raise os_error(name, e) from None


def load(name: str, path: str | None = None, data: bytes | None = None) -> tuple[str, int]:
    """Text of an input (from `data` when the caller read it already) and how many bytes were read for it."""
    label = "standard input" if name == "-" else name
    if data is None:
        data = read_bytes(name, path)
    return decode(gunzip(data, label), label), len(data)


def read_input(name: str) -> str:
    """Text of a path, URL, or of stdin for "-"."""
    return load(name)[0]

"""Command-line arguments -> the input files they name: lazily, in a stable (sorted) order.

A directory is walked recursively (hidden entries and the output directory skipped, symlinked
directories not followed, so no loops); `--glob` filters the files by name or relative path.
URLs go through fsspec. Each file keeps `rel`, its path relative to the argument, so that
`--out-dir` can mirror the input tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from typing import NamedTuple

from .inputs import is_url

GLOB_CHARS = frozenset("*?[")


class Source(NamedTuple):
    """One input file (a NamedTuple: cheap to define at startup and to send to workers)."""

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


def matches(rel: str, pattern: str | None) -> bool:
    """`pattern` matched from the right, as pathlib does: '*.txt' matches any .txt, 'news/*.txt' one folder's."""
    if pattern is None:
        return True
    if "/" not in pattern and pattern not in ("", "."):  # `*.txt`: the file's own name, as pathlib matches it
        return fnmatchcase(rel.rpartition("/")[2], pattern)
    from pathlib import PurePosixPath

    return PurePosixPath(rel).match(pattern)


def is_single(args: list[str]) -> bool:
    """One file or stdin (not a directory, not a URL): its errors are the whole run's (exit 2)."""
    return len(args) == 1 and (args[0] == "-" or (not is_url(args[0]) and not os.path.isdir(args[0])))


def expand(args: Iterable[str], pattern: str | None = None, skip_dirs: Iterable[str] = ()) -> Iterator[
        Source | Unlisted]:
    """Every input file the arguments name, in order; directories in sorted order."""
    skip = {os.path.realpath(d) for d in skip_dirs}
    for arg in args:
        if arg == "-":
            yield Source("-", "stdin")
        elif is_url(arg):
            yield from _expand_url(arg, pattern)
        elif os.path.isdir(arg):
            yield from _expand_dir(arg, pattern, skip)
        else:
            yield _file(arg, os.path.basename(arg) or arg)


def _file(path: str, rel: str) -> Source:
    where = os.path.abspath(path)
    try:
        st = os.stat(path)
    except OSError:
        return Source(path, rel, path=where)  # reading it will say what is wrong
    return Source(path, rel, st.st_size, st.st_mtime_ns, where)


def _expand_dir(root: str, pattern: str | None, skip: set[str]) -> Iterator[Source | Unlisted]:
    found = False
    for item in _walk(root, "", pattern, skip):
        found = found or isinstance(item, Source)
        yield item
    if not found:
        what = f"files matching {pattern!r}" if pattern else "files"
        yield Unlisted(root, f"{root} has no {what} (hidden files are skipped)")


def _walk(path: str, rel: str, pattern: str | None, skip: set[str]) -> Iterator[Source | Unlisted]:
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
                yield Source(entry.path, sub, st.st_size, st.st_mtime_ns, os.path.abspath(entry.path))
        except OSError as e:
            yield Unlisted(entry.path, f"{entry.path} cannot be read ({e.strerror or e})")


def _expand_url(url: str, pattern: str | None) -> Iterator[Source | Unlisted]:
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
            base = path.rstrip("/")
            found = sorted(fs.find(path))
        else:
            yield Source(url, path.rstrip("/").rpartition("/")[2] or "input", *_info(fs, path))
            return
    except (OSError, ValueError, ImportError) as e:
        yield Unlisted(url, f"{url} cannot be listed ({e})")
        return
    any_found = False
    for p in found:
        rel = p[len(base):].lstrip("/") if base and p.startswith(base) else p.rpartition("/")[2]
        if any(part.startswith(".") for part in rel.split("/")) or not matches(rel, pattern):
            continue
        any_found = True
        yield Source(fs.unstrip_protocol(p), rel, *_info(fs, p))
    if not any_found:
        yield Unlisted(url, f"{url} has no files" + (f" matching {pattern!r}" if pattern else ""))


def _info(fs: object, path: str) -> tuple[int | None, int | None]:
    try:
        size = fs.size(path)  # type: ignore[attr-defined]
    except (OSError, ValueError, NotImplementedError):
        return None, None
    return (int(size) if size is not None else None), None

"""The inputs: the files the command-line arguments name (`InputRef`), lazily, in a stable (sorted) order,
and their bytes.

A directory is walked recursively (hidden entries and the output directory skipped, symlinked directories
not followed, so no loops); `--glob` filters by name or relative path; URLs (`s3://`, `file://`...) go
through fsspec. gzip, zstd and bzip2 are known by their first bytes and read as streams; other compressed
or archive formats are refused, never read as text. readers/decode.py turns the bytes into text.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple

GZIP_MAGIC, ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"
UNREAD = ((b"\xfd7zXZ\x00", "xz-compressed", "decompress it first (xz -d) or recompress it with gzip or zstd"),
          (b"PK\x03\x04", "a zip archive", "unzip it and give the files or their directory"),
          (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and give the files or their directory"),
          (b"\x04\x22\x4d\x18", "lz4-compressed", "decompress it first (lz4 -d) or recompress it with gzip or zstd"))
"""Compressed and archive formats recognised by their first bytes, and refused with what to do instead."""


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
        from fnmatch import fnmatchcase  # only with --glob: a run starts faster without it

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


def label(name: str) -> str:
    return "standard input" if name == "-" else name


def open_raw(name: str, path: str | None = None) -> BinaryIO:
    """The input's bytes as stored, from `path` when given (messages still say `name`). The caller closes it,
    except standard input's."""
    where = path or name
    try:
        if name == "-":
            stdin = sys.stdin.buffer
            return stdin if hasattr(stdin, "peek") else io.BufferedReader(stdin)  # type: ignore[arg-type]
        if not is_url(where):
            return open(where, "rb")  # noqa: SIM115 - the caller closes it
        try:
            import fsspec
        except ImportError:
            raise InputError(f"{name}: reading URLs needs fsspec: pip install 'tablefix[dask]'") from None
        remote = fsspec.open(where, "rb").open()
        return remote if hasattr(remote, "peek") else io.BufferedReader(remote)  # the sniffing peeks
    except OSError as e:
        raise os_error(name, e) from None
    except (ValueError, ImportError) as e:
        raise InputError(f"{name} cannot be opened ({e})") from None


def decompressed(raw: Any, name: str) -> BinaryIO:
    """`raw` decompressed as its first bytes say (gzip, zstd, bzip2), as a stream. Peeked, not read: a pipe
    (`<(cat x)`) cannot be read again."""
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)
    head = raw.peek(8)[:8]
    if head.startswith(GZIP_MAGIC):
        import gzip

        return gzip.GzipFile(fileobj=raw, mode="rb")
    if head.startswith(ZSTD_MAGIC):
        try:
            import zstandard
        except ImportError:
            raise InputError(f"{label(name)} is zstd-compressed; pip install 'tablefix[zstd]' to read it") from None
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True))
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:8] in (b"1AY&", b"\x17rE8"):  # a block, or the end
        import bz2

        return bz2.BZ2File(raw)  # type: ignore[return-value]
    for magic, what, instead in UNREAD:
        if head.startswith(magic):
            raise InputError(f"{label(name)} is {what}, which tablefix does not read; {instead}")
    return raw  # type: ignore[no-any-return]


def damaged(name: str, e: BaseException, where: str = "",
            kept: str = "its output was not written") -> InputError | None:
    """The message for a decompressor's complaint about its data (an OSError of the file itself has an errno);
    `kept`: what became of the input's output."""
    import zlib  # only once something failed: a run starts faster without it

    if isinstance(e, EOFError | zlib.error) or type(e).__name__ == "ZstdError" or (
            isinstance(e, OSError) and e.errno is None):
        return InputError(f"{label(name)} is a damaged compressed file{where} ({e}); {kept}")
    return None


def corpus_kind(head: bytes, field: str | None) -> str:
    """What an input is, by its first bytes (decompressed): "parquet", "warc" (WARC and WET), "jsonl" (with
    --field) or "document"."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"WARC/"):
        return "warc"
    return "jsonl" if field else "document"

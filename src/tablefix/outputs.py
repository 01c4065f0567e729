"""Outputs that are never half-written, outputs joined in input order, and the --resume journal.

A file is written under a temporary name beside it and renamed when complete, so an error or an
interruption never leaves half an output; a device or pipe (`-o /dev/null`, a FIFO) is written in place.
Under --out-dir, a journal (`.tablefix-done.jsonl`) records each input whose outputs are all in place, so
that --resume can skip it next time, unless the input or the options changed.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import posixpath
import signal
import stat
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any, TextIO

_names = itertools.count()
_writing: set[Any] = set()
"""Temporary files being written by this process (a corpus's output is written as it is cleaned), for a
worker stopped by SIGTERM to remove before it exits."""


def discard_unfinished() -> None:
    for out in list(_writing):
        out.discard()


def is_special(path: str | os.PathLike[str]) -> bool:
    """A device, pipe or socket (`/dev/null`, a FIFO), or a link into /dev or /proc (`/dev/stdout` may lead
    to a file the shell opened): written in place. A regular file is renamed over wherever it is."""
    p = os.path.abspath(os.fspath(path))
    for _ in range(40):  # links followed one at a time, as the kernel would
        try:
            mode = os.lstat(p).st_mode
        except OSError:
            return False
        if not stat.S_ISLNK(mode):
            return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
        if p.startswith(("/dev/", "/proc/")):
            return True
    return False


class AtomicFile:
    """A binary file written as `.NAME.PID-N.part` beside its path and renamed over it on commit (a device or
    pipe is written directly: renaming over `/dev/null` would replace the device with a file)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path, self.tmp = os.fspath(path), None
        if is_special(self.path):
            self.file = open(self.path, "wb")  # noqa: SIM115 - closed by commit or discard
            return
        folder, name = os.path.split(self.path)
        os.makedirs(folder or ".", exist_ok=True)
        while self.tmp is None:
            tmp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_names)}.part")
            with contextlib.suppress(FileExistsError):  # left by a killed run of the same pid
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as to any file
                self.tmp = tmp
        self.file = os.fdopen(fd, "wb")
        _writing.add(self)

    def commit(self) -> None:
        try:
            self.file.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
            _writing.discard(self)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        _writing.discard(self)
        with contextlib.suppress(OSError):
            self.file.close()
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGTERM waits while a file is written: a worker process it stops leaves no temporary file."""
    before = hold_sigterm(True)
    try:
        yield
    finally:
        hold_sigterm(before)


def hold_sigterm(hold: bool) -> bool:
    """Hold SIGTERM (it waits) or let it through; whether it was held before. (Windows has no signal masks.)"""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    return signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK if hold else signal.SIG_UNBLOCK, {signal.SIGTERM})


def open_output(path: str) -> Any:
    """An output committed whole or not at all: an AtomicFile here (`file://` too); on an object store
    (`s3://`...), the object, which an upload makes appear only when complete."""
    if "://" not in path or path.startswith("file://"):
        return AtomicFile(path.removeprefix("file://"))
    return RemoteFile(path)


class RemoteFile:
    def __init__(self, url: str) -> None:
        import fsspec

        self.file = fsspec.open(url, "wb").open()

    def commit(self) -> None:
        self.file.close()

    def discard(self) -> None:
        getattr(self.file, "discard", self.file.close)()  # an upload left incomplete leaves no object


def atomic_write(path: str, text: str) -> None:
    with signals_held():
        out = open_output(path)
        try:
            out.file.write(text.encode("utf-8"))
        except BaseException:
            out.discard()
            raise
        out.commit()


class Joined:
    """The outputs of consecutive jobs, in order, `separator` between those not empty: to a stream, or to a
    file made on the first write (or at the end, if `always`) and kept only at a clean end."""

    def __init__(self, stream: TextIO | None, path: str | os.PathLike[str] | None, separator: str = "",
                 always: bool = False) -> None:
        self.stream, self.path, self.separator, self.always = stream, path, separator, always
        self.file: AtomicFile | None = None
        self.empty = True
        utf8 = (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "") == "utf8"
        self.raw = getattr(stream, "buffer", None) if utf8 else None
        """The stream's bytes, where a part (UTF-8) can go as it is."""

    def add(self, result: Any) -> None:
        """A jobs.Result's output: its text, or its part file (copied a megabyte at a time, then removed)."""
        if result.part is None:
            if result.text:
                self._write([] if self.empty else [self.separator], [result.text])
            return
        try:
            if os.path.getsize(result.part):
                with open(result.part, "rb") as f:
                    self._write([] if self.empty else [self.separator], iter(partial(f.read, 1 << 20), b""))
        finally:
            os.unlink(result.part)

    def _write(self, before: list[str], pieces: Iterable[str | bytes]) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")()  # a part's chunks may cut a character in two
        for piece in itertools.chain(before, pieces):  # chained, not listed: a part is copied as it is read
            if self.path is not None:
                self.file = self.file or AtomicFile(self.path)
                self.file.file.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            elif isinstance(piece, bytes) and self.raw is not None:
                self.stream.flush()  # type: ignore[union-attr]
                self.raw.write(piece)
            else:
                self.stream.write(piece if isinstance(piece, str) else decoder.decode(piece))  # type: ignore
        self.empty = False

    def close(self, commit: bool) -> None:
        if commit and self.always and self.path is not None:
            self.file = self.file or AtomicFile(self.path)
        if self.file is not None:
            self.file.commit() if commit else self.file.discard()
        elif commit and self.stream is not None:
            self.stream.flush()


def out_stem(item: Any) -> str:
    """The mirrored path of an input without its extension(s): `sub/a.txt.gz` -> `sub/a`."""
    rel = item.rel.removesuffix(".gz").removesuffix(".zst").removesuffix(".bz2")
    return posixpath.splitext(rel)[0].removesuffix(".warc")  # `a.warc.wet.gz` -> `a`, as `a.warc.gz`


class Journal:
    """Inputs whose outputs are complete, with their size, mtime and the options they were made with. On an
    object store (which cannot append) it is rewritten whole at the end of the run."""

    def __init__(self, root: str, options: str, resume: bool) -> None:
        root = root.removeprefix("file://")
        self.remote, self.options = "://" in root, options
        name = ".tablefix-done.jsonl"
        self.path = f"{root.rstrip('/')}/{name}" if self.remote else os.path.join(root, name)
        self.done: set[tuple[object, ...]] = set()
        self.lines: list[str] = []
        self.file: TextIO | None = None
        import json  # only under --out-dir: a plain run starts without it

        with contextlib.suppress(FileNotFoundError), self._open("r" if resume else None) as f:
            for line in f:
                with contextlib.suppress(ValueError, KeyError, TypeError):  # a line torn by a kill: done again
                    e = json.loads(line)
                    self.done.add((e["input"], e["size"], e["mtime_ns"], e["options"]))
                    self.lines.append(line)

    def _open(self, mode: str | None) -> Any:
        if mode is None:
            return open(os.devnull, encoding="utf-8")
        if self.remote:
            import fsspec

            return fsspec.open(self.path, mode, encoding="utf-8").open()
        if mode == "a":
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        return open(self.path, mode, encoding="utf-8")  # noqa: SIM115 - the caller closes it

    def finished(self, item: Any) -> bool:
        return item.size is not None and (item.name, item.size, item.mtime_ns, self.options) in self.done

    def mark(self, item: Any) -> None:
        if item.name == "-" or item.size is None:
            return
        import json

        entry = {"input": item.name, "size": item.size, "mtime_ns": item.mtime_ns, "options": self.options}
        self.lines.append(json.dumps(entry) + "\n")
        if not self.remote:
            self.file = self.file or self._open("a")
            self.file.write(self.lines.pop())
            self.file.flush()

    def close(self) -> None:
        if self.remote and self.lines:
            with self._open("w") as f:
                f.writelines(self.lines)
        if self.file is not None:
            self.file.close()

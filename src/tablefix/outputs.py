"""Output files that are never half-written, outputs joined in input order, and the --resume journal.

Every file is written under a temporary name beside it and renamed when complete, so an error or an
interruption never leaves half an output; a device or pipe (`-o /dev/null`, a FIFO) is written in place.
Under `--out-dir` the input tree is mirrored, and a journal (`.tablefix-done.jsonl`) records each input
whose outputs are all in place, so `--resume` can skip it next time (unless the input or options changed).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import posixpath
import signal
import stat
from collections.abc import Iterator
from typing import Any, TextIO

JOURNAL = ".tablefix-done.jsonl"
_names = itertools.count()


def is_special(path: str | os.PathLike[str]) -> bool:
    """A device, pipe or socket (`/dev/null`, a FIFO), or a link into /dev or /proc (`/dev/stdout`, which
    may lead to a file the shell opened): written in place, never renamed over. A regular file is renamed
    over wherever it is, /dev/shm included."""
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
    """A file written as `.NAME.PID-N.part` beside its path and renamed over it on commit; a device or pipe
    is written directly (renaming over `/dev/null` would replace the device with a file)."""

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

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def commit(self) -> None:
        try:
            self.file.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGTERM waits while a file is written: a worker process stopped by it leaves no temporary file."""
    mask = getattr(signal, "pthread_sigmask", None)
    before = mask(signal.SIG_BLOCK, {signal.SIGTERM}) if mask else None
    try:
        yield
    finally:
        if mask:
            mask(signal.SIG_SETMASK, before)


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    with signals_held():
        out = AtomicFile(path)
        try:
            out.write(text.encode("utf-8"))
        except BaseException:
            out.discard()
            raise
        out.commit()


class Joined:
    """The outputs of consecutive jobs, in order, to a stream or to one file (made on the first write, or at
    the end when `always`; committed only at a clean end), with `separator` between non-empty outputs."""

    def __init__(self, stream: TextIO | None, path: str | os.PathLike[str] | None, separator: str = "",
                 always: bool = False) -> None:
        self.stream, self.path, self.separator, self.always = stream, path, separator, always
        self.file: AtomicFile | None = None
        self.count = 0
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        self.raw = getattr(stream, "buffer", None) if encoding == "utf8" else None
        """The stream's bytes, for parts (UTF-8) to go to without decoding."""

    def add(self, result: Any) -> None:
        """A result's output: its text, or its part file (read, written, removed)."""
        data: str | bytes | None = result.text
        if result.part is not None:
            with open(result.part, "rb") as f:
                data = f.read()
            os.unlink(result.part)
        if not data:
            return
        if self.count and self.separator:
            self._write(self.separator)
        self._write(data)
        self.count += 1

    def _write(self, data: str | bytes) -> None:
        if self.path is not None:
            if self.file is None:
                self.file = AtomicFile(self.path)
            self.file.write(data.encode("utf-8") if isinstance(data, str) else data)
        elif isinstance(data, bytes) and self.raw is not None:
            self.stream.flush()  # type: ignore[union-attr]
            self.raw.write(data)
        else:
            self.stream.write(data if isinstance(data, str) else data.decode("utf-8"))  # type: ignore[union-attr]

    def close(self, commit: bool) -> None:
        if commit and self.file is None and self.always and self.path is not None:
            self.file = AtomicFile(self.path)
        if self.file is not None:
            self.file.commit() if commit else self.file.discard()
        elif commit and self.stream is not None:
            self.stream.flush()


def out_stem(item: Any) -> str:
    """The mirrored path of an input without its extension(s): `sub/a.txt.gz` -> `sub/a`."""
    rel = item.rel[:-3] if item.rel.endswith(".gz") else item.rel
    return posixpath.splitext(rel)[0]


class Journal:
    """Inputs whose outputs are complete, with their size, mtime and the options they were run with."""

    def __init__(self, root: str | os.PathLike[str], options: str, resume: bool) -> None:
        self.path, self.options = os.path.join(root, JOURNAL), options
        self.done: set[tuple[object, ...]] = set()
        self.file: TextIO | None = None
        if resume and os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    try:
                        e = json.loads(line)
                        self.done.add((e["input"], e["size"], e["mtime_ns"], e["options"]))
                    except (ValueError, KeyError, TypeError):
                        continue  # a line torn by a kill: that input is simply done again

    def finished(self, item: Any) -> bool:
        return item.size is not None and (item.name, item.size, item.mtime_ns, self.options) in self.done

    def mark(self, item: Any) -> None:
        if item.name == "-" or item.size is None:
            return
        if self.file is None:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            self.file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        entry = {"input": item.name, "size": item.size, "mtime_ns": item.mtime_ns, "options": self.options}
        self.file.write(json.dumps(entry) + "\n")
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

"""Where results go, in input order: stdout, one `-o` file, or one file per input under `--out-dir`.

Every file is written under a temporary name beside it and renamed when complete, so an error or
an interruption never leaves half an output. Under `--out-dir` the input tree is mirrored, and a
journal (`.tablefix-done.jsonl`) records each input whose outputs are all in place, so `--resume`
can skip it next time (unless the input or the options changed).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import posixpath
import stat
import sys
from typing import BinaryIO, TextIO

from .batch import Result
from .sources import Source

JOURNAL = ".tablefix-done.jsonl"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    """A text file written as `.NAME.XXXX.part` beside its path and renamed over it on commit. A device or
    pipe (`-o /dev/null`) is written directly: renaming over it would replace the device with a file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import tempfile

        self.path = path
        self.tmp: str | None = None
        if is_special(path):
            self.file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by commit/discard
            return
        folder, name = os.path.split(os.fspath(path))
        os.makedirs(folder or ".", exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".part")
        os.fchmod(fd, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self.file.write(text)

    def commit(self) -> None:
        try:
            self.file.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self.file.close()
        if self.tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    out = AtomicFile(path)
    try:
        out.write(text)
    except BaseException:
        out.discard()
        raise
    out.commit()


class StreamSink:
    """All outputs, in order, to a stream or to one file; `separator` between pieces (a blank line between
    csv tables). A file is created only when something is written, and committed only at a clean end."""

    def __init__(self, stream: TextIO | None, path: os.PathLike[str] | None, separator: str) -> None:
        self.stream, self.path, self.separator = stream, path, separator
        self.file: AtomicFile | None = None
        self.count = 0
        self.spill: BinaryIO | None = None
        """The file of spilled pieces being copied: a chunk's results come together, then it is removed."""
        self.pending = (0, 0)
        """(offset, length) of spilled pieces to copy yet: neighbouring pieces go in one `sendfile`."""

    def can_copy(self) -> bool:
        """Whether pieces spilled by workers (UTF-8) can be copied into the output by `sendfile` (Linux):
        an output file, or a stream that writes UTF-8 to a file descriptor not opened for appending
        (`>> log`, where `sendfile` is refused)."""
        if sys.platform != "linux":
            return False
        import fcntl

        if self.path is not None:
            return True
        try:
            fd = self.stream.fileno()  # type: ignore[union-attr]
            appending = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND
        except (AttributeError, OSError, ValueError):
            return False
        encoding = (getattr(self.stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        return encoding == "utf8" and not appending

    def _out(self) -> TextIO | AtomicFile:
        if self.path is None:
            assert self.stream is not None
            return self.stream
        if self.file is None:
            self.file = AtomicFile(self.path)
        return self.file

    def take(self, result: Result) -> None:
        if result.error and result.kind != "record":
            return
        for piece in result.pieces:
            out = self._out()
            self._send_pending()
            if self.count and self.separator:
                out.write(self.separator)
            out.write(piece)
            self.count += 1
        if result.spilled is not None:
            path, spans = result.spilled
            if self.spill is None or self.spill.name != path:
                self._drop_spill()
                self.spill = open(path, "rb")  # noqa: SIM115 - closed when the next chunk's file comes, or at close
            for offset, length in spans:
                if self.count and self.separator:
                    self._send_pending()
                    self._out().write(self.separator)
                start, size = self.pending
                if size and start + size == offset:
                    self.pending = (start, size + length)
                else:
                    self._send_pending()
                    self.pending = (offset, length)
                self.count += 1

    def _send_pending(self) -> None:
        """Copy the spilled pieces not copied yet into the output, in the kernel (`sendfile`)."""
        offset, length = self.pending
        if not length:
            return
        assert self.spill is not None
        out = self._out()
        text = out.file if isinstance(out, AtomicFile) else out
        text.flush()
        self.pending = (0, 0)
        while length:
            try:
                sent = os.sendfile(text.fileno(), self.spill.fileno(), offset, length)
            except OSError as e:
                if e.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    raise
                self.spill.seek(offset)  # an output sendfile cannot write to: copy it here
                text.write(self.spill.read(length).decode("utf-8"))
                return
            if sent == 0:
                raise OSError(f"{self.spill.name} ended early")
            offset, length = offset + sent, length - sent

    def _drop_spill(self) -> None:
        if self.spill is not None:
            self._send_pending()
            self.spill.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.spill.name)
            self.spill = None

    def finish(self) -> None:
        """Write what is still pending: the last spilled pieces."""
        self._drop_spill()

    def close(self, commit: bool) -> None:
        if self.spill is not None:  # stopped early: nothing more is written
            self.pending = (0, 0)
            self._drop_spill()
        if self.file is not None:
            self.file.commit() if commit else self.file.discard()


def out_stem(source: Source) -> str:
    """The mirrored path of an input without its extension(s): `sub/a.txt.gz` -> `sub/a`."""
    rel = source.rel
    if rel.endswith(".gz"):
        rel = rel[:-3]
    return posixpath.splitext(rel)[0]


class Journal:
    """Inputs whose outputs are complete, with their size, mtime and the options they were run with."""

    def __init__(self, root: os.PathLike[str], options: str, resume: bool) -> None:
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

    def finished(self, source: Source) -> bool:
        return source.size is not None and (source.name, source.size, source.mtime_ns, self.options) in self.done

    def mark(self, source: Source) -> None:
        if source.name == "-" or source.size is None:
            return
        if self.file is None:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            self.file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        entry = {"input": source.name, "size": source.size, "mtime_ns": source.mtime_ns, "options": self.options}
        self.file.write(json.dumps(entry) + "\n")
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class DirSink:
    """One file per table (`STEM.N.EXT`) or per document (`STEM.EXT`), or a mirrored JSON Lines file per
    corpus, under `root`, mirroring the input tree. (Two inputs with one STEM are refused before any work.)"""

    def __init__(self, root: os.PathLike[str], ext: str, journal: Journal | None) -> None:
        self.root, self.ext, self.journal = root, ext, journal
        self.file: AtomicFile | None = None
        self.file_source: Source | None = None
        self.broken: set[str] = set()
        """Inputs that failed part way (a slice of a corpus could not be read): no output is kept for them."""

    def take(self, result: Result) -> None:
        if result.kind == "failed" and result.source is not None:
            self.broken.add(result.source.name)
            if self.file is not None and self.file_source == result.source:
                self.file.discard()
                self.file = self.file_source = None
        elif result.kind == "record":
            if result.source is None or result.source.name not in self.broken:
                self._record(result)
        elif result.kind == "end":
            self._end(result)
        elif not result.error and result.source is not None:
            stem = out_stem(result.source)
            if result.whole:
                atomic_write(os.path.join(self.root, f"{stem}.{self.ext}"), result.pieces[0])
            else:
                for k, piece in enumerate(result.pieces, result.first):
                    atomic_write(os.path.join(self.root, f"{stem}.{k}.{self.ext}"), piece)
            self._done(result.source)

    def _open(self, source: Source) -> AtomicFile:
        if self.file is None or self.file_source != source:
            if self.file is not None:
                self.file.discard()
            self.file, self.file_source = AtomicFile(os.path.join(self.root, f"{out_stem(source)}.jsonl")), source
        return self.file

    def _record(self, result: Result) -> None:
        assert result.source is not None
        self._open(result.source).write(result.pieces[0])

    def _end(self, result: Result) -> None:
        assert result.source is not None
        if not result.ok or result.source.name in self.broken:
            if self.file is not None:
                self.file.discard()
            self.file = self.file_source = None
            return
        self._open(result.source).commit()  # an empty corpus gets an empty output
        self.file = self.file_source = None
        self._done(result.source)

    def _done(self, source: Source) -> None:
        if self.journal is not None:
            self.journal.mark(source)

    def close(self, commit: bool) -> None:
        if self.file is not None:  # a corpus cut short: never leave half of it
            self.file.discard()
            self.file = None

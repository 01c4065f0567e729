"""Jobs, and what a worker does with one: read the input, clean it, render it, write the output itself.

A job is one input (a document, or a whole corpus shard), or a block of lines of a JSON Lines input that the
main process read. Under --out-dir the worker writes its input's files in place, each atomically (a block's
output goes back to be joined into its corpus's file); otherwise it leaves its output in a part file of
`spool` (worker processes) or returns it (in-process and Dask runs), and the main process joins the outputs
in input order. Nothing here raises: every failure is in the Result.
"""

from __future__ import annotations

import errno
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple

from .inputs import InputError, InputRef, corpus_kind, damaged, decompressed, label, open_raw
from .options import Options
from .outputs import atomic_write, open_output, out_stem
from .pipeline import clean

WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT,
                errno.ENOTDIR, errno.EISDIR}
"""What writing an output fails with (no room, no permission, no such folder): the run stops. Inputs were
opened already, so any other error is the input's, which fails alone."""
PART_BYTES = 1 << 16
"""Outputs this long go to a part file rather than back through the pipe with the result."""


class Job(NamedTuple):
    """A whole input, or the lines in `data` of a JSON Lines input, the first numbered `line`."""

    input: InputRef
    seq: int
    """Its place in the run (names its part file)."""
    line: int = 1
    data: bytes | None = None
    """The content, when the main process read it (a block of JSON Lines, standard input)."""
    error: str | None = None
    """Why it failed before any work (it could not be listed or read, or its output would clash)."""
    block: bool = False
    """`data` is a block of a JSON Lines input: its output is joined into the input's by the main process."""


@dataclass(slots=True)
class Result:
    """What became of a job: its output (`text`, a `part` file, or files written in place), counts, errors."""

    input: InputRef
    text: str | bytes | None = None
    """Its output, returned: text, or a block's records as their UTF-8 bytes."""
    part: str | None = None
    documents: int = 0
    """Inputs, or records, cleaned or failed."""
    nbytes: int = 0
    tables: int = 0
    found: bool = False
    """A table was found (the one --table asks for)."""
    fixes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    broken: bool = False
    """It failed before any work or part way: none of its input's output is kept."""
    reports: list[dict[str, object]] = field(default_factory=list)
    block: bool = False
    """It is a block of a JSON Lines input (Job.block)."""
    corpus: bool = False
    """Its output is records (a corpus, or a block of one)."""
    table_rows: list[dict[str, Any]] = field(default_factory=list)
    """With --tables-out: a row per table found."""
    output_error: str | None = None
    """Writing its output failed (disk full, no permission): the run stops."""


def run_task(jobs: list[Job], opts: Options, spool: str | None) -> list[Result]:
    """What a worker runs: the jobs of one task, in order."""
    return [run_job(job, opts, spool) for job in jobs]


def run_job(job: Job, opts: Options, spool: str | None = None, crashed: str | None = None) -> Result:
    """One job, never raising: a bug in the library becomes that input's error. `crashed`: the worker that
    ran it died, so it fails with that reason (a block's records are kept, with it)."""
    result = Result(job.input, errors=[job.error] if job.error else [], broken=job.error is not None,
                    block=job.block, corpus=job.block)
    if job.error or crashed and not job.block:  # a whole input whose worker died fails whole: no output
        if not job.error:
            result.errors.append(f"{job.input.name}: {crashed}")
            result.documents = 1
        result.broken = True
        return result
    out = Output(job, opts, spool)
    try:
        if job.block:
            from .corpora.shards import clean_lines

            clean_lines(job.data or b"", job.line, job.input.name, out.open(), opts, result, crashed)
        else:
            _whole(job, opts, out, result)
        out.commit(result)
    except OSError as e:
        out.discard()
        if e.errno in WRITE_ERRORS:
            where = f" {e.filename}" if getattr(e, "filename", None) else ""
            result.output_error = f"cannot write the output{where} ({e.strerror or e})"
        else:  # reading failed part way (a damaged compressed file, an I/O error, a dropped connection)
            result.errors.append(str(damaged(job.input.name, e) or f"{label(job.input.name)}: reading failed "
                                     f"({e.strerror or e}); its output was not written"))
            result.broken = True
    except BaseException as e:  # noqa: BLE001 - reported as this input's failure, never lost
        out.discard()
        if not isinstance(e, Exception):  # Ctrl-C, SIGTERM: no half-written output, and the run stops
            raise
        result.broken = True
        why = damaged(job.input.name, e)
        result.errors.append(str(e) if isinstance(e, InputError) else str(why) if why else
                             f"{job.input.name}: internal error ({type(e).__name__}: {e}); please report it")
    return result


def _whole(job: Job, opts: Options, out: Output, result: Result) -> None:
    """A whole input: a document, or a corpus (Parquet, WARC, or JSON Lines with --field), by its first bytes."""
    raw: Any = open_raw(job.input.name, job.input.path) if job.data is None else io.BufferedReader(
        io.BytesIO(job.data))  # type: ignore[arg-type]
    try:
        stream = decompressed(raw, job.input.name)  # a Parquet file is not compressed as a whole: it stays raw
        kind = corpus_kind(stream.peek(8)[:8], opts.field)
        if kind == "document":
            return _document(job, opts, stream.read(), out, result)
        if opts.to is not None:
            raise InputError(f"{label(job.input.name)} is a {kind.upper()} corpus: it is written as records, so drop "
                             "--to (--tables-out FILE collects its tables)")
        if kind == "parquet" and not opts.field:
            raise InputError(f"{label(job.input.name)} is a Parquet file: give --field NAME, its text column")
        from .corpora.shards import clean_corpus

        result.corpus = True
        parquet_out = kind == "parquet" and opts.out_dir is not None
        clean_corpus(kind, stream, job.input.name, out.open(corpus=True, parquet=parquet_out), opts, result,
                     parquet_out)
        result.nbytes = job.input.size or raw.tell()
    finally:
        if job.input.name != "-":
            raw.close()


def _document(job: Job, opts: Options, data: bytes, out: Output, result: Result) -> None:
    from .readers.decode import DecodeError, decode
    from .writers import WRITERS, render, selected
    from .writers.json import document_record

    result.documents, result.nbytes = 1, job.input.size or len(data)
    try:
        text = decode(data, label(job.input.name))
    except DecodeError as e:
        raise InputError(str(e)) from None
    doc = clean(text, job.input.name, opts.skip, opts.keep_markup,  # only tables to write: a page's text is not made
                tables_only=WRITERS[opts.fmt].table is not None and not (opts.document or opts.report
                                                                         or opts.tables_out))
    result.tables, result.found = len(doc.tables), bool(selected(doc.tables, opts.table))
    result.fixes.update(f.code for f in doc.fixes)
    if opts.report:
        result.reports.append(document_record(doc, report=True))
    if opts.tables_out:
        made = document_record(doc)["tables"]
        result.table_rows = [{"id": job.input.name, "url": job.input.name if "://" in job.input.name else None,
                              "table": k, **t} for k, t in enumerate(made, 1)]  # type: ignore[arg-type, dict-item]
    pieces = render(doc, opts.fmt, opts.table, opts.document, opts.excel_safe)
    fmt = WRITERS[opts.fmt]
    if opts.out_dir is None:
        out.open().write(fmt.separator.join(pieces).encode("utf-8", "surrogatepass"))
        return
    stem, first = os.path.join(opts.out_dir, out_stem(job.input)), opts.table or 1
    whole = fmt.table is None or opts.document
    names = [f"{stem}.{fmt.ext}"] if whole else [f"{stem}.{k}.{fmt.ext}" for k in range(first, first + len(pieces))]
    for name, piece in zip(names, pieces, strict=True):
        atomic_write(name, piece)


class Output:
    """Where a job's output goes: under --out-dir, a corpus's own file (not a block's: the main process joins
    those); else, for the main process to join in order, a part file of `spool` (worker processes; "": a
    temporary file, when this process is the worker) or memory (a Dask worker sends it back)."""

    def __init__(self, job: Job, opts: Options, spool: str | None) -> None:
        self.job, self.opts, self.spool = job, opts, spool
        self.file: Any = None
        self.buffer: BinaryIO | None = None
        self.part: str | None = None

    def open(self, corpus: bool = False, parquet: bool = False) -> BinaryIO:
        """The file to write to; `corpus`: a whole corpus's records (written as they come), `parquet`: as
        Parquet (under --out-dir only)."""
        if self.opts.out_dir is not None and not self.job.block:
            ext = "parquet" if parquet else "jsonl"
            self.file = open_output(os.path.join(self.opts.out_dir, f"{out_stem(self.job.input)}.{ext}"))
            return self.file.file  # type: ignore[no-any-return]
        if self.spool is not None and corpus:  # written as it goes, so memory stays flat however large
            if self.spool:
                self.part = os.path.join(self.spool, f"{self.job.seq}.part")
                self.buffer = open(self.part, "wb")  # noqa: SIM115 - closed by commit or discard
            else:  # this process is the worker: a temporary file of its own
                import tempfile

                fd, self.part = tempfile.mkstemp(prefix="tablefix-", suffix=".part")
                self.buffer = os.fdopen(fd, "wb")
            return self.buffer
        self.buffer = io.BytesIO()
        return self.buffer

    def commit(self, result: Result) -> None:
        if self.file is not None:
            self.file.commit()
        elif self.part is not None and self.buffer is not None:
            self.buffer.close()
            result.part = self.part
        elif self.buffer is not None:
            data = self.buffer.getvalue()  # type: ignore[attr-defined]
            if self.spool and len(data) >= PART_BYTES:
                part = os.path.join(self.spool, f"{self.job.seq}-{self.job.line}.part")
                try:
                    with open(part, "wb") as f:  # a part cut short by a kill is removed with the spool
                        f.write(data)
                    result.part = part
                    return
                except OSError:  # no room: the text goes back itself
                    pass
            # a block's records go on as the UTF-8 they are written in (not decoded here to be encoded again)
            result.text = data if self.job.block else data.decode("utf-8", "surrogatepass")

    def discard(self) -> None:
        if self.file is not None:
            self.file.discard()
        if self.part is not None and self.buffer is not None:
            self.buffer.close()
            os.unlink(self.part)
        self.file = self.buffer = self.part = None


def split(jobs: list[Job], opts: Options) -> list[Job]:
    """The jobs of a task one by one, blocks of JSON Lines split into their lines: to find the one that
    kills its worker."""
    out: list[Job] = []
    for job in jobs:
        lines = [(k, raw) for k, raw in enumerate((job.data or b"").split(b"\n"), job.line) if raw.strip()]
        out += [job._replace(line=k, data=raw) for k, raw in lines] if job.block and lines else [job]
    return out

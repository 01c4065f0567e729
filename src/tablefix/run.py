"""One command-line run: inputs -> jobs -> an engine -> outputs in input order -> an exit status.

Kept apart from cli.py so it can be driven in-process with any streams. One pipeline serves a single
file and a corpus: a single input runs in this process; a batch runs on worker processes (or Dask) with
a bounded number of chunks in flight, and ends with a summary on stderr. Exit status:
0 all went well; 1 some inputs of a batch failed, or (table formats) no input held a table;
2 usage errors, a single input that cannot be read, an output that cannot be written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, TextIO

from .batch import DocJob, FailedJob, Job, Spec, chunked, crashed, is_whole, run_chunk
from .engines import EngineError, Processes, cpu_count, make_engine
from .inputs import is_url
from .options import Options, UsageError, check
from .outputs import DirSink, Journal, StreamSink, atomic_write, out_stem
from .progress import Stats, make_progress
from .sources import Source, Unlisted, expand, is_single
from .status import ExitStatus

if TYPE_CHECKING:
    pass

__all__ = ["Options", "UsageError", "run", "check", "error", "atomic_write"]

ENGINES = ("local", "dask")


class OutputError(Exception):
    """An output that cannot be written (disk full, no permission): the run stops."""


def error(stderr: TextIO, message: str) -> None:
    stderr.write(f"tablefix: error: {message}\n")
    stderr.flush()


def spec_of(opts: Options) -> Spec:
    return Spec(to=opts.fmt, table=opts.table, document=opts.document, excel_safe=opts.excel_safe,
                keep_markup=opts.keep_markup,
                skip=opts.skip, report=bool(opts.report), field=opts.field, id_field=opts.id_field)


def fingerprint(spec: Spec) -> str:
    """The options an output depends on, so --resume does not keep outputs made with other options."""
    import hashlib

    from . import __version__

    key = repr((__version__, spec._replace(report=False, id_field=None, spill=None)))  # options shaping outputs
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _stdin_job(source: Source) -> Job:
    """Standard input is read here: a worker process (or a Dask worker) has a stdin of its own."""
    from .inputs import InputError, read_bytes

    try:
        return DocJob(source, read_bytes("-"))
    except InputError as e:
        return FailedJob("-", str(e), source)


def make_jobs(opts: Options, stats: Stats, journal: Journal | None, single: bool = False,
              slices: bool = False) -> Iterator[Job]:
    """Jobs for every input, lazily; inputs done before are skipped (--resume), clashing outputs refused.
    `slices`: a local, uncompressed JSON Lines file goes as slices its workers read themselves."""
    owners: dict[str, str] = {}
    for item in expand(opts.files, opts.glob, [str(opts.out_dir)] if opts.out_dir else []):
        if isinstance(item, Unlisted):
            yield FailedJob(item.name, item.message)
            continue
        if opts.out_dir is not None:
            stem = out_stem(item)
            owner = owners.setdefault(stem, item.name)
            if owner != item.name:
                yield FailedJob(item.name, f"{item.name}: its output would overwrite that of {owner} (both are "
                                           f"{stem}.*); give them separate --out-dir runs", item)
                continue
        if journal is not None and journal.finished(item):
            stats.skipped += 1
            continue
        if opts.field:
            from .batch_jsonl import record_jobs, slice_jobs

            regular = item.name != "-" and not is_url(item.name) and os.path.isfile(item.name)  # not a pipe
            yield from slice_jobs(item) if slices and regular else record_jobs(item)
        elif item.name == "-" and not single:
            yield _stdin_job(item)
        else:
            yield DocJob(item)


def totals(opts: Options, journal: Journal | None) -> tuple[int | None, int | None]:
    """Bytes and documents to do, for the progress bar's ETA (a second, metadata-only walk)."""
    size: int | None = 0
    docs = 0
    for item in expand(opts.files, opts.glob, [str(opts.out_dir)] if opts.out_dir else []):
        if not isinstance(item, Source) or (journal is not None and journal.finished(item)):
            continue
        docs += 1
        if size is not None:
            gz = opts.field and item.name.endswith(".gz")
            size = None if item.size is None or gz else size + item.size
    return size or None, (None if opts.field else docs)


def run(opts: Options, stdout: TextIO, stderr: TextIO) -> int:
    try:
        check(opts)
    except UsageError as e:
        error(stderr, str(e))
        return ExitStatus.ERROR
    single = not opts.field and is_single(opts.files)
    spec = spec_of(opts)
    journal = None
    if opts.out_dir is not None and (opts.resume or not single):
        journal = Journal(opts.out_dir, fingerprint(spec), opts.resume)
    sink: DirSink | StreamSink
    if opts.out_dir is not None:
        from .writers import WRITERS

        sink = DirSink(opts.out_dir, WRITERS[opts.fmt].ext, journal)
    else:
        separator = "" if opts.field or is_whole(spec) else _separator(opts.fmt)
        sink = StreamSink(stdout if opts.output is None else None, opts.output, separator)
    try:  # last: a Dask engine starts its cluster here
        engine = make_engine(opts.engine, opts.jobs or cpu_count(), opts.scheduler, batch=not single)
    except EngineError as e:
        error(stderr, str(e))
        return ExitStatus.ERROR
    spill = None
    if isinstance(engine, Processes) and isinstance(sink, StreamSink) and not opts.report and sink.can_copy():
        import tempfile

        spill = tempfile.TemporaryDirectory(prefix="tablefix-")  # workers leave outputs here for sendfile
        spec = spec._replace(spill=spill.name)
    stats = Stats()
    progress = make_progress(stderr, not single and not opts.report, partial(totals, opts, journal))
    jobs = make_jobs(opts, stats, journal, single, slices=isinstance(engine, Processes))
    done = False
    try:
        for results in engine.map(partial(run_chunk, spec=spec), chunked(jobs), crashed):
            for result in results:
                stats.add(result)
                if result.error:
                    if progress is not None:
                        progress.print(f"tablefix: error: {result.error}")
                    else:
                        error(stderr, result.error)
                if result.report is not None and opts.report:
                    from .report import write_report

                    write_report(result.report, opts.report, stderr)
                _take(sink, result)
                if progress is not None:
                    progress.advance(result)
        if isinstance(sink, StreamSink):
            _take(sink, None)  # the last pieces workers left in files
        if opts.output is None and opts.out_dir is None:
            stdout.flush()
        done = True
    except OutputError as e:
        error(stderr, str(e))
        return ExitStatus.ERROR
    finally:
        jobs.close()
        engine.close(abort=not done)
        sink.close(commit=done)
        if spill is not None:
            spill.cleanup()
        if journal is not None:
            journal.close()
        if progress is not None:
            progress.close()
    if not single:
        stderr.write(stats.summary())
        stderr.flush()
    return status(opts, stats, single)


def _separator(fmt: str) -> str:
    from .writers import WRITERS

    return WRITERS[fmt].separator


def _take(sink: DirSink | StreamSink, result: object) -> None:
    """Give a result to the sink (None: finish what is pending), an output error made a clear message."""
    try:
        sink.take(result) if result is not None else sink.finish()  # type: ignore[arg-type, union-attr]
    except BrokenPipeError:
        raise
    except OSError as e:
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        raise OutputError(f"cannot write the output{where} ({e.strerror or e}); stopped, nothing half-written "
                          "left behind") from None


def status(opts: Options, stats: Stats, single: bool) -> int:
    if stats.failed:
        return ExitStatus.ERROR if single else ExitStatus.FAILED
    if opts.field or opts.fmt == "text" or opts.document or (stats.skipped and not stats.documents):
        return ExitStatus.OK
    return ExitStatus.OK if stats.found else ExitStatus.FAILED

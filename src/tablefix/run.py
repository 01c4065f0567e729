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
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TextIO

from .batch import DocJob, FailedJob, Job, Spec, chunked, crashed, is_whole, run_chunk
from .engines import EngineError, Processes, cpu_count, make_engine
from .inputs import is_url
from .outputs import DirSink, Journal, StreamSink, atomic_write, out_stem
from .progress import Stats, make_progress
from .sources import Source, Unlisted, expand, is_single
from .status import ExitStatus

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Options", "UsageError", "run", "check", "error", "atomic_write"]

ENGINES = ("local", "dask")


@dataclass(slots=True)
class Options:
    """What one run was asked to do (treated as read-only)."""

    files: list[str]
    to: str | None = None
    """Output format; None means md (or, with --field, JSON Lines records)."""
    output: Path | None = None
    table: int | None = None
    out_dir: Path | None = None
    document: bool = False
    report: str | None = None
    excel_safe: bool = False
    keep_markup: bool = False
    skip: tuple[str, ...] = ()
    jobs: int | None = None
    """Worker processes; None means one per core."""
    glob: str | None = None
    field: str | None = None
    id_field: str | None = None
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None

    @property
    def fmt(self) -> str:
        return self.to or "md"


class UsageError(Exception):
    """Options that do not fit together; the message says which."""


class OutputError(Exception):
    """An output that cannot be written (disk full, no permission): the run stops."""


def error(stderr: TextIO, message: str) -> None:
    stderr.write(f"tablefix: error: {message}\n")
    stderr.flush()


def check(opts: Options) -> None:
    from .repairs import PASSES

    if opts.report not in (None, "text", "json"):
        raise UsageError(f"--report takes 'text' or 'json', not {opts.report!r}")
    if opts.document and opts.fmt not in ("md", "html"):
        raise UsageError("--document works with --to md or --to html")
    if opts.excel_safe and opts.fmt not in ("csv", "tsv"):
        raise UsageError("--excel-safe works with --to csv or --to tsv")
    if opts.table is not None and (opts.fmt == "text" or opts.document):
        raise UsageError("--table picks a table to write; --to text and --document write the whole article")
    if opts.output is not None and opts.out_dir is not None:
        raise UsageError("give either -o/--output or --out-dir, not both")
    if opts.output is not None and opts.output.is_dir():
        raise UsageError(f"-o {opts.output} is a directory; give a file name (or use --out-dir)")
    if opts.out_dir is not None and opts.out_dir.exists() and not opts.out_dir.is_dir():
        raise UsageError(f"--out-dir {opts.out_dir} is a file; give a directory")
    unknown = set(opts.skip) - {name for name, _ in PASSES}
    if unknown:
        raise UsageError(f"--skip: no repair pass named {', '.join(sorted(unknown))}; passes are "
                         + ", ".join(name for name, _ in PASSES))
    if opts.jobs is not None and opts.jobs < 1:
        raise UsageError("--jobs takes a number of processes, 1 or more")
    if opts.engine not in ENGINES:
        raise UsageError(f"--engine takes {' or '.join(ENGINES)}, not {opts.engine!r}")
    if opts.scheduler and opts.engine != "dask":
        raise UsageError("--scheduler works with --engine dask")
    if opts.resume and opts.out_dir is None:
        raise UsageError("--resume works with --out-dir (it skips inputs whose outputs are there)")
    if opts.id_field and not opts.field:
        raise UsageError("--id-field works with --field (JSON Lines input)")
    if opts.field:
        if opts.to not in (None, "json"):
            raise UsageError("--field writes JSON Lines records (cleaned text, tables, fixes); drop --to")
        clash = [name for name, on in (("--table", opts.table), ("--document", opts.document),
                                       ("--excel-safe", opts.excel_safe), ("--report", opts.report)) if on]
        if clash:
            raise UsageError(f"{', '.join(clash)} cannot be used with --field; records carry their tables "
                             "and fixes")


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

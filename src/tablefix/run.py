"""One run: inputs -> jobs -> a pool of workers -> results in input order -> a summary and an exit status.

The main process lists the inputs, schedules the jobs and takes the results in order: it joins outputs
into stdout, the -o file, or a corpus's file under --out-dir; prints errors and reports; keeps the
--resume journal and the counts. The workers do the rest, writing outputs themselves (jobs.py). Kept
apart from cli.py so it can be driven in-process with any streams.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import itertools
import os
from collections.abc import Iterator
from functools import partial
from typing import Any, TextIO

from . import inputs
from .inputs import InputError, InputRef, Unlisted, damaged, decompressed, expand, is_single, label, open_raw
from .jobs import Job, Result, run_job, run_task, split
from .options import Options, UsageError, check
from .outputs import Joined, Journal, out_stem
from .pools import PoolError, Processes, Serial, make_pool, ordered
from .progress import Stats

TASK_JOBS, TASK_BYTES = 64, 1 << 18
"""A task: enough jobs to spread a round trip to a worker over small documents (64 articles of 4 KB), few
enough bytes to bound memory in flight and share the work out evenly (a larger input travels alone)."""
BLOCK_BYTES = TASK_BYTES
"""JSON Lines are read in blocks of whole lines of about this size: a job, and a task, each."""


class ExitStatus(enum.IntEnum):
    OK = 0
    FAILED = 1
    """Some inputs of a batch failed, or no input held a table (table formats)."""
    ERROR = 2
    """Usage error, a single input that cannot be read, an output that cannot be written."""
    INTERRUPTED = 130
    BROKEN_PIPE = 141
    TERMINATED = 143


class OutputError(Exception):
    """An output that cannot be written (disk full, no permission): the run stops."""


def error(stderr: TextIO, message: str) -> None:
    stderr.write(f"tablefix: error: {message}\n")
    stderr.flush()


def run(opts: Options, stdout: TextIO, stderr: TextIO) -> int:
    if opts.engine == "dask" and opts.out_dir and "://" not in opts.out_dir:  # the workers run elsewhere
        opts = dataclasses.replace(opts, out_dir=os.path.abspath(opts.out_dir))
    single = not opts.field and is_single(opts.files)
    try:
        check(opts)
        pool = make_pool(opts.engine, opts.jobs, opts.scheduler, batch=not single)
    except (UsageError, PoolError) as e:
        error(stderr, str(e))
        return ExitStatus.ERROR
    journal = Journal(opts.out_dir, opts.fingerprint(), opts.resume) if opts.out_dir and (
        opts.resume or not single) else None
    spool: str | None = "" if isinstance(pool, Serial) else None  # "": a corpus's output goes to a temporary file
    if isinstance(pool, Processes):  # workers leave their outputs in files, for this process to join
        import tempfile

        spool = tempfile.mkdtemp(prefix="tablefix-")
    stats = Stats()
    if not single and not opts.report:
        stats.show_bar(stderr, partial(totals, opts, journal))
    taker = Taker(opts, stdout, stderr, journal, stats)
    jobs = make_jobs(opts, stats, journal)
    done = False
    try:
        crashed = lambda job, why: run_job(job, opts, crashed=why)  # noqa: E731 - here: its worker died
        for results in ordered(pool, partial(run_task, opts=opts, spool=spool), tasks(jobs),
                               partial(split, opts=opts), crashed):
            for result in results:
                taker.take(result)
        done = True
    except OutputError as e:
        error(stderr, str(e))
        return ExitStatus.ERROR
    finally:
        jobs.close()
        pool.close(abort=not done)
        taker.close(commit=done)
        if spool:
            import shutil

            shutil.rmtree(spool, ignore_errors=True)
        if journal is not None:
            journal.close()
        stats.close()
    if not single or stats.corpus:
        stderr.write(stats.summary())
        stderr.flush()
    if stats.failed:
        return ExitStatus.ERROR if single and not stats.corpus else ExitStatus.FAILED
    if stats.found or stats.corpus or opts.fmt == "text" or opts.document or (stats.skipped and not stats.documents):
        return ExitStatus.OK
    return ExitStatus.FAILED


class Taker:
    """Takes the results in input order: errors and reports to stderr, outputs joined into their place (a
    stream, or under --out-dir the file of a JSON Lines corpus read in blocks), tables into --tables-out,
    the journal kept."""

    def __init__(self, opts: Options, stdout: TextIO, stderr: TextIO, journal: Journal | None, stats: Stats) -> None:
        from .writers import WRITERS, is_whole

        self.opts, self.stderr, self.journal, self.stats = opts, stderr, journal, stats
        separator = "" if opts.field or is_whole(opts.fmt, opts.document) else WRITERS[opts.fmt].separator
        self.stream = None if opts.out_dir else Joined(stdout if not opts.output else None, opts.output, separator)
        self.joined: Joined | None = None
        """Under --out-dir: the file the blocks of `input` are joined into (None once one of them failed)."""
        self.input: InputRef | None = None
        self.tables: Any = None
        if opts.tables_out:
            from .corpora.table_dataset import TableDataset

            self.tables = TableDataset(opts.tables_out)

    def take(self, result: Result) -> None:
        self.stats.add(result)
        if result.output_error is not None:
            raise OutputError(f"{result.output_error}; stopped, nothing half-written left behind")
        for message in result.errors:
            self.stats.error(message, self.stderr)
        for record in result.reports:
            from .report import write_report

            write_report(record, self.opts.report or "text", self.stderr)
        try:
            if self.tables is not None:
                self.tables.add(result.table_rows)
            if self.stream is not None:
                self.stream.add(result)
            elif result.block:
                if result.input != self.input:
                    self.close_joined(commit=True)
                    self.input = result.input
                    self.joined = Joined(None, os.path.join(self.opts.out_dir or "", f"{out_stem(result.input)}.jsonl"),
                                         always=True)
                if self.joined is not None and result.broken:  # none of its output is kept
                    self.joined.close(commit=False)
                    self.joined = None
                elif self.joined is not None:
                    self.joined.add(result)
            elif self.journal is not None and not result.broken:
                self.journal.mark(result.input)  # its worker wrote its files
        except BrokenPipeError:
            raise
        except OSError as e:
            where = f" {e.filename}" if getattr(e, "filename", None) else ""
            raise OutputError(f"cannot write the output{where} ({e.strerror or e}); stopped, nothing half-written "
                              "left behind") from None

    def close_joined(self, commit: bool) -> None:
        if self.joined is not None:
            self.joined.close(commit)
            if commit and self.journal is not None and self.input is not None:
                self.journal.mark(self.input)
        self.joined = None

    def close(self, commit: bool) -> None:
        self.close_joined(commit)
        for out in (self.stream, self.tables):
            if out is not None:
                out.close(commit)


def make_jobs(opts: Options, stats: Stats, journal: Journal | None) -> Iterator[Job]:
    """Jobs for every input, lazily; inputs done before are skipped (--resume), clashing outputs refused."""
    owners: dict[str, str] = {}
    seq = itertools.count()
    for item in expand(opts.files, opts.glob, [opts.out_dir] if opts.out_dir else []):
        if isinstance(item, Unlisted):
            yield Job(InputRef(item.name, item.name), next(seq), error=item.message)
            continue
        stem = out_stem(item)
        if opts.out_dir is not None and stem in owners:
            first = owners[stem]
            what = "it is given twice" if first == item.name else f"its output would overwrite that of {first}"
            yield Job(item, next(seq), error=f"{item.name}: {what} (both are {stem}.* under --out-dir); give them "
                                             "separate --out-dir runs")
            continue
        owners[stem] = item.name
        if journal is not None and journal.finished(item):
            stats.skipped += 1
        elif item.name == "-" or opts.field and opts.engine == "local":
            yield from read_jobs(item, seq, opts)
        else:  # its worker reads it (a Dask worker: a shard, and writes the shard's output too)
            yield Job(item, next(seq))


def read_jobs(item: InputRef, seq: Iterator[int], opts: Options) -> Iterator[Job]:
    """Jobs of an input this process reads: standard input (a worker has a stdin of its own), or a JSON Lines
    corpus to share among the workers, in blocks of whole lines (at least one, so an empty corpus has its
    empty output). A Parquet or WARC file goes whole to a worker. A read error fails the input."""
    line = 1
    try:
        raw = open_raw(item.name, item.path)
        if item.name == "-" and not opts.field:  # a document, or a corpus of its own kind: read whole, as stored
            yield Job(item, next(seq), data=raw.read())
            return
        with raw if item.name != "-" else contextlib.nullcontext(raw):
            stream = decompressed(raw, item.name)
            if inputs.corpus_kind(stream.peek(8)[:8], opts.field) != "jsonl":  # Parquet, WARC: a worker reads it
                rest = stream.read() if item.name == "-" else None  # all of it (decompressed: the peek read ahead)
                yield Job(item, next(seq), data=rest)
                return
            for k in itertools.count():
                block = stream.read(BLOCK_BYTES) + stream.readline()  # to the end of the line it stops in
                from .readers.decode import not_json_text  # only for corpora

                if not k and not_json_text(block[:8192]):
                    raise InputError(f"{label(item.name)} is not JSON Lines (not UTF-8 text: binary, or compressed "
                                     "in a format tablefix does not read); nothing written")
                if block or not k:
                    yield Job(item, next(seq), line, block, block=True)
                if not block:
                    return
                line += block.count(b"\n")
    except InputError as e:
        yield Job(item, next(seq), error=str(e))
    except Exception as e:
        kept = "its output was not written" if opts.out_dir or line == 1 else "the records before it were written"
        why = damaged(item.name, e, f" after line {line - 1}" if line > 1 else "", kept)
        if why is None and not isinstance(e, OSError):
            raise
        yield Job(item, next(seq), error=str(why) if why else f"{label(item.name)}: reading failed after line "
                                                              f"{line - 1} ({e}); {kept}")


def tasks(jobs: Iterator[Job]) -> Iterator[list[Job]]:
    """Consecutive jobs grouped by count and size, order kept."""
    task: list[Job] = []
    size = 0
    for job in jobs:
        n = len(job.data) if job.data is not None else job.input.size or 0
        if task and (len(task) >= TASK_JOBS or size + n > TASK_BYTES):
            yield task
            task, size = [], 0
        task.append(job)
        size += n
    if task:
        yield task


def totals(opts: Options, journal: Journal | None) -> tuple[int | None, int | None]:
    """Bytes and documents to do, for the progress bar's ETA (a second walk, of metadata only)."""
    items = [i for i in expand(opts.files, opts.glob, [opts.out_dir] if opts.out_dir else [])
             if isinstance(i, InputRef) and not (journal and journal.finished(i))]
    unknown = any(i.size is None or (opts.field and i.name.endswith((".gz", ".zst", ".bz2"))) for i in items)
    return (None if unknown else sum(i.size or 0 for i in items) or None), (None if opts.field else len(items))

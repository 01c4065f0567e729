"""Jobs, and what a worker does with one: read the input, clean it, render it, write the output itself.

A job is one input, or (with --field) a block of lines of a JSON Lines input that the main process read.
Under --out-dir the worker writes a document's files in place, each atomically; otherwise it leaves its
output in a part file of `spool` (worker processes) or returns it (in-process and Dask runs), and the
main process joins the outputs in input order. Nothing here raises: every failure is in the Result.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from . import clean
from .inputs import InputError, InputRef, load
from .options import Options
from .outputs import atomic_write, out_stem

PART_CHARS = 1 << 16
"""Outputs this long go to a part file rather than back through the pipe with the result."""


class Job(NamedTuple):
    """A whole input, or the lines in `data` of a JSON Lines input, the first numbered `line`."""

    input: InputRef
    seq: int
    """Its place in the run (names its part file)."""
    line: int = 1
    data: bytes | None = None
    """The content, when the main process read it (JSON Lines, standard input)."""
    error: str | None = None
    """Why it failed before any work (it could not be listed or read, or its output would clash)."""


@dataclass(slots=True)
class Result:
    """What became of a job: its output (`text`, a `part` file, or files written in place), counts, errors."""

    input: InputRef
    text: str | None = None
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
    """It failed before any work or part way: under --out-dir none of its input's output is kept."""
    reports: list[dict[str, object]] = field(default_factory=list)
    output_error: str | None = None
    """Writing its output failed (disk full, no permission): the run stops."""


def run_task(jobs: list[Job], opts: Options, spool: str | None) -> list[Result]:
    """What a worker runs: the jobs of one task, in order."""
    return [run_job(job, opts, spool) for job in jobs]


def run_job(job: Job, opts: Options, spool: str | None = None, crashed: str | None = None) -> Result:
    """One job, never raising: a bug in the library becomes that input's error. `crashed`: the worker that
    ran it died, so it fails with that reason (its records are kept, with it)."""
    result = Result(job.input, errors=[job.error] if job.error else [], broken=job.error is not None)
    if job.error:
        return result
    try:
        pieces = _records(job, opts, result, crashed) if opts.field else _document(job, opts, result, crashed)
    except InputError as e:
        result.errors.append(str(e))
        return result
    except Exception as e:  # noqa: BLE001 - reported as this input's failure, never lost
        result.errors.append(f"{job.input.name}: internal error ({type(e).__name__}: {e}); please report it")
        return result
    try:
        _deliver(job, pieces, opts, spool, result)
    except OSError as e:
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        result.output_error = f"cannot write the output{where} ({e.strerror or e})"
    return result


def _document(job: Job, opts: Options, result: Result, crashed: str | None) -> list[str]:
    from .writers import render, selected
    from .writers.json import document_record

    result.documents = 1
    if crashed:
        raise InputError(f"{job.input.name}: {crashed}")
    text, result.nbytes = load(job.input.name, job.input.path, job.data)
    doc = clean(text, job.input.name, opts.skip, opts.keep_markup)
    result.tables, result.found = len(doc.tables), bool(selected(doc.tables, opts.table))
    result.fixes.update(f.code for f in doc.fixes)
    if opts.report:
        result.reports.append(document_record(doc, report=True))
    return render(doc, opts.fmt, opts.table, opts.document, opts.excel_safe)


def _deliver(job: Job, pieces: list[str], opts: Options, spool: str | None, result: Result) -> None:
    """A document's files under --out-dir (STEM.EXT, or STEM.N.EXT per table); else the output, joined."""
    from .writers import WRITERS, is_whole

    fmt = WRITERS[opts.fmt]
    if opts.out_dir is not None and not opts.field:
        stem = os.path.join(opts.out_dir, out_stem(job.input))
        first = opts.table or 1
        names = [f"{stem}.{fmt.ext}"] if is_whole(opts.fmt, opts.document) else [
            f"{stem}.{k}.{fmt.ext}" for k in range(first, first + len(pieces))]
        for name, piece in zip(names, pieces, strict=True):
            atomic_write(name, piece)
        return
    result.text = ("" if opts.field else fmt.separator).join(pieces)
    if spool is not None and len(result.text) >= PART_CHARS:
        part = os.path.join(spool, f"{job.seq}-{job.line}.part")
        try:
            with open(part, "wb") as f:  # a part cut short by a kill is removed with the spool
                f.write(result.text.encode("utf-8"))
        except (OSError, UnicodeEncodeError):  # no room, or a lone surrogate: the text goes back itself
            return
        result.text, result.part = None, part


def split(jobs: list[Job], opts: Options) -> list[Job]:
    """The jobs of a task one by one, blocks of JSON Lines split into their lines: to find the one that
    kills its worker."""
    out: list[Job] = []
    for job in jobs:
        lines = [(k, raw) for k, raw in enumerate((job.data or b"").split(b"\n"), job.line) if raw.strip()]
        out += [job._replace(line=k, data=raw) for k, raw in lines] if opts.field and lines else [job]
    return out


def _records(job: Job, opts: Options, result: Result, crashed: str | None) -> list[str]:
    """Each record of a block cleaned, an output line each (blank lines are not records)."""
    result.nbytes = len(job.data or b"")
    out = []
    for k, raw in enumerate((job.data or b"").split(b"\n"), job.line):
        if raw.strip():
            result.documents += 1
            out.append(_record(job.input.name, k, raw, opts, result, crashed))
    return out


def _record(name: str, k: int, raw: bytes, opts: Options, result: Result, crashed: str | None) -> str:
    """The input record with its field replaced by the cleaned article, and `tables` and `fixes` added. A
    record that cannot be cleaned keeps its original text and gains an `error`; a line that is not a JSON
    object comes out as {"line", "raw", "error"}. Errors also go to the result."""
    from .writers import render
    from .writers.json import document_record

    try:
        record = json.loads(raw)
    except ValueError as e:
        record, crashed = None, crashed or f"not valid JSON ({e})"
    if not isinstance(record, dict):
        reason = crashed or f"not a JSON object (a {type(record).__name__})"
        result.errors.append(f"{name}:{k}: {reason}")
        return _line({"line": k, "raw": raw.decode("utf-8", "backslashreplace").rstrip("\r"), "error": reason})
    label = f"{name}#{record[opts.id_field]}" if opts.id_field in record else f"{name}:{k}"
    text = record.get(opts.field)  # type: ignore[arg-type]
    what = "no" if text is None else f"a {type(text).__name__}, not a string, in"
    reason = crashed or (None if isinstance(text, str) else f"{what} field {opts.field!r}")
    if reason is None:
        try:
            doc = clean(text, label, opts.skip, opts.keep_markup)
            made = document_record(doc)
            line = _line({**record, opts.field: render(doc, "text")[0], "tables": made["tables"],
                          "fixes": made["fixes"]})
            result.tables += len(doc.tables)
            result.found = result.found or bool(doc.tables)
            result.fixes.update(f.code for f in doc.fixes)
            return line
        except Exception as e:  # noqa: BLE001 - the record is kept, with the reason
            reason = f"internal error ({type(e).__name__}: {e}); please report it"
    result.errors.append(f"{label}: {reason}")
    return _line({**record, "error": reason})


def _line(record: object) -> str:
    """One output line; lone surrogates (legal in JSON escapes, not in UTF-8) stay escaped."""
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(record)
    return text + "\n"

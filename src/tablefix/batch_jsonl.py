"""JSON Lines corpora: read record by record, clean one record's text field, never drop a record.

An output record is the input record with its text field replaced by the cleaned article and
`tables` and `fixes` added (as in the json contract). A record that cannot be cleaned keeps its
original text and gains an `error` field; a line that is not a JSON object comes out as
`{"line": N, "raw": "...", "error": "..."}`. Blank lines are not records.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from contextlib import nullcontext

from . import clean
from .batch import EndJob, FailedJob, Job, RecordJob, Result, SliceJob, Spec, fix_counts
from .inputs import GZIP_MAGIC, InputError, _os_error, open_binary
from .sources import Source


def record_jobs(source: Source) -> Iterator[Job]:
    """The records of one JSON Lines file, read lazily, then its end; a read error ends it as failed."""
    try:
        stream = open_binary(source.name)
    except InputError as e:
        yield FailedJob(source.name, str(e), source)
        return
    line = 0
    try:
        with stream if source.name != "-" else nullcontext(stream):
            for line, raw in enumerate(stream, 1):  # noqa: B007 - `line` is reported after the loop
                if raw and not raw.isspace():
                    yield RecordJob(source, line, raw)
    except (OSError, EOFError, zlib.error) as e:
        label = "standard input" if source.name == "-" else source.name
        yield FailedJob(source.name, f"{label}: reading failed after line {line} ({e}); its output was "
                                     "not written", source)
        yield EndJob(source, ok=False)
        return
    yield EndJob(source)


SLICE_BYTES = 1 << 18
"""About as many records as a chunk holds (64 articles of 4 KB), for an even load on the workers."""


def slice_jobs(source: Source) -> Iterator[Job]:
    """The records of a local, uncompressed JSON Lines file as slices of whole lines, then its end: the
    main process only finds line ends and counts lines; the workers read the records themselves.
    A compressed file is read here, record by record."""
    pos, line = 0, 1
    try:
        f = open(source.name, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        yield FailedJob(source.name, str(_os_error(source.name, e)), source)
        return
    try:
        with f:
            if f.read(2) == GZIP_MAGIC:
                yield from record_jobs(source)
                return
            f.seek(0)
            st = os.fstat(f.fileno())
            identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            while block := f.read(SLICE_BYTES):
                block += f.readline()  # to the end of the line the block stops in
                yield SliceJob(source, pos, pos + len(block), line, identity)
                pos, line = pos + len(block), line + block.count(b"\n")
    except OSError as e:
        yield FailedJob(source.name, f"{source.name}: reading failed after line {line - 1} "
                                     f"({e.strerror or e}); its output was not written", source)
        yield EndJob(source, ok=False)
        return
    yield EndJob(source)


def slice_records(job: SliceJob) -> Iterator[RecordJob]:
    """The records of a slice, as `record_jobs` reads them: lines ending in `\n`, blank ones left out.
    Raises OSError when the file no longer holds the slice (changed while the run went on)."""
    with open(job.source.name, "rb") as f:
        st = os.fstat(f.fileno())
        f.seek(job.start)
        data = f.read(job.end - job.start)
    if len(data) != job.end - job.start or (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != job.identity:
        raise OSError(f"{job.source.name} changed while it was read")
    lines = data.split(b"\n")
    last = lines.pop()
    for k, raw in enumerate(lines, job.line):
        if raw and not raw.isspace():
            yield RecordJob(job.source, k, raw + b"\n")
    if last and not last.isspace():
        yield RecordJob(job.source, job.line + len(lines), last)


def _name(job: RecordJob, record: dict[str, object] | None, spec: Spec) -> str:
    if record is not None and spec.id_field is not None and spec.id_field in record:
        return f"{job.source.name}#{record[spec.id_field]}"
    return f"{job.source.name}:{job.line}"


def _line(record: object) -> str:
    """One output line; lone surrogates (legal in JSON escapes, not in UTF-8) stay escaped."""
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(record)
    return text + "\n"


def _parse(job: RecordJob) -> dict[str, object] | str:
    """The record, or why the line is not one."""
    try:
        record = json.loads(job.raw)
    except ValueError as e:
        return f"not valid JSON ({e})"
    if not isinstance(record, dict):
        return f"not a JSON object (a {type(record).__name__})"
    return record


def failed_record(job: RecordJob, reason: str, spec: Spec | None = None) -> Result:
    """The record unchanged with an `error` field (or the raw line when it is not a JSON object)."""
    parsed = _parse(job)
    if isinstance(parsed, dict):
        name = _name(job, parsed, spec or Spec())
        out: dict[str, object] = {**parsed, "error": reason}
    else:
        name = f"{job.source.name}:{job.line}"
        out = {"line": job.line, "raw": job.raw.decode("utf-8", "backslashreplace").rstrip("\r\n"),
               "error": reason}
    return Result("record", name, job.source, pieces=[_line(out)], nbytes=len(job.raw), error=f"{name}: {reason}")


def clean_record(job: RecordJob, spec: Spec) -> Result:
    from .writers.json import document_record
    from .writers.text import write_text

    assert spec.field is not None
    record = _parse(job)
    if not isinstance(record, dict):
        return failed_record(job, record, spec)
    text = record.get(spec.field)
    if not isinstance(text, str):
        what = "no" if text is None else f"a {type(text).__name__}, not a string, in"
        return failed_record(job, f"{what} field {spec.field!r}", spec)
    name = _name(job, record, spec)
    try:
        doc = clean(text, name, spec.skip, spec.keep_markup)
        cleaned = write_text(doc)
        made = document_record(doc)
    except Exception as e:  # noqa: BLE001 - the record is kept, with the reason
        return failed_record(job, f"internal error ({type(e).__name__}: {e}); please report it", spec)
    out = {**record, spec.field: cleaned, "tables": made["tables"], "fixes": made["fixes"]}
    return Result("record", name, job.source, pieces=[_line(out)], nbytes=len(job.raw), tables=len(doc.tables),
                  found=bool(doc.tables), fixes=fix_counts(doc))

"""Units of batch work and the functions workers run on them; no CLI imports.

The main process turns inputs into small picklable jobs (a file to clean, a JSON Lines
record, the end of a JSON Lines file), groups them into chunks, and an engine runs
`run_chunk` on them in worker processes or on Dask. A worker renders the outputs itself, so
the main process only writes strings in input order. Every failure (a bad input, a bug, a
worker that died) becomes a `Result` with an `error`, so no input is ever lost unseen.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from . import clean
from .inputs import InputError, load
from .model import Document
from .sources import Source

CHUNK_JOBS = 64
"""Jobs per chunk: enough to amortise a round trip to a worker (~0.1 ms) over small documents."""
CHUNK_BYTES = 1 << 20
"""Bytes per chunk: bounds memory in flight; a larger record travels alone."""


class Spec(NamedTuple):
    """What a worker needs to render a document, the same for every job of a run."""

    to: str = "md"
    table: int | None = None
    document: bool = False
    excel_safe: bool = False
    keep_markup: bool = False
    skip: tuple[str, ...] = ()
    report: bool = False
    """Send the Document back so the main process can report on it."""
    field: str | None = None
    """JSON Lines mode: the record field holding the text."""
    id_field: str | None = None
    spill: str | None = None
    """A folder where worker processes leave their outputs, for the main process to copy to the output
    file by `sendfile` instead of receiving them through a pipe (worker processes on this machine)."""


class DocJob(NamedTuple):
    """Clean one input file (or stdin)."""

    source: Source
    data: bytes | None = None
    """Its content, when the main process had to read it (stdin: a worker's stdin is not ours)."""


class RecordJob(NamedTuple):
    """Clean one JSON Lines record: `raw` is its line as read."""

    source: Source
    line: int
    raw: bytes


class EndJob(NamedTuple):
    """A JSON Lines file ended (`ok`: it was read to the end), so its output can be finished or dropped."""

    source: Source
    ok: bool = True


class FailedJob(NamedTuple):
    """An input that failed before any work could start (it could not be listed or opened)."""

    name: str
    message: str
    source: Source | None = None


class SliceJob(NamedTuple):
    """Clean the JSON Lines records in bytes [start, end) of a local file, the first on line `line`: a
    worker reads them itself, so the main process neither reads nor sends them."""

    source: Source
    start: int
    end: int
    line: int
    identity: tuple[int, int, int, int] = (0, 0, 0, 0)
    """(device, inode, size, mtime) of the file when it was sliced: a worker checks it is still that file."""

    def split(self) -> list[Job]:
        """The records one by one (read here), to find the one that kills a worker."""
        from .batch_jsonl import slice_records

        return list(slice_records(self))


Job = DocJob | RecordJob | EndJob | FailedJob | SliceJob
"""Jobs are NamedTuples: cheap to define (startup time) and compact to pickle to workers."""


@dataclass(slots=True)
class Result:
    """What became of one job. `pieces` are ready-to-write strings: tables, a whole document, or one record."""

    kind: str
    """"doc", "record", "end" or "failed"."""
    name: str
    """For messages: a path, `path:LINE` or `path#ID`."""
    source: Source | None = None
    pieces: list[str] = field(default_factory=list)
    first: int = 1
    """Number of the first table in `pieces` (for STEM.N.EXT names)."""
    whole: bool = False
    """`pieces` is one whole document rather than one piece per table."""
    nbytes: int = 0
    tables: int = 0
    found: bool = False
    """A selected table was found."""
    fixes: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    ok: bool = True
    """For "end": the file was read to its end."""
    report: dict[str, object] | None = None
    spilled: tuple[str, list[tuple[int, int]]] | None = None
    """With Spec.spill: the file holding the pieces (UTF-8) and each piece's (offset, length) in it."""


def is_whole(spec: Spec) -> bool:
    """Whether a document is written as one piece (json, text, md/html --document) or one per table."""
    from .writers import is_whole as whole

    return whole(spec.to, spec.document)


def render(doc: Document, spec: Spec) -> list[str]:
    from .writers import render as pieces

    return pieces(doc, spec.to, spec.table, spec.document, spec.excel_safe)


def fix_counts(doc: Document) -> dict[str, int]:
    return dict(Counter(f.code for f in doc.fixes))


def clean_doc(job: DocJob, spec: Spec) -> Result:
    name = job.source.name
    result = Result("doc", name, job.source, whole=is_whole(spec), first=spec.table or 1)
    try:
        text, result.nbytes = load(name, job.source.path, job.data)
        doc = clean(text, name, spec.skip, spec.keep_markup)
        result.pieces = render(doc, spec)
    except InputError as e:
        result.error = str(e)
        return result
    tables = doc.tables
    result.tables = len(tables)
    result.found = bool(tables if spec.table is None else tables[spec.table - 1:spec.table])
    result.fixes = fix_counts(doc)
    if spec.report:
        from .writers.json import document_record

        result.report = document_record(doc, report=True)
    return result


def run_job(job: Job, spec: Spec) -> Result | list[Result]:
    """One job, never raising: a bug in the library becomes that input's error."""
    if isinstance(job, SliceJob):
        from .batch_jsonl import slice_records

        try:
            records = list(slice_records(job))
        except OSError as e:
            return Result("failed", job.source.name, job.source,
                          error=f"{job.source.name}: reading failed at line {job.line} ({e.strerror or e})")
        return [run_job(record, spec) for record in records]  # type: ignore[misc]
    try:
        if isinstance(job, DocJob):
            return clean_doc(job, spec)
        if isinstance(job, RecordJob):
            from .batch_jsonl import clean_record

            return clean_record(job, spec)
        if isinstance(job, EndJob):
            return Result("end", job.source.name, job.source, ok=job.ok)
        return Result("failed", job.name, job.source, error=job.message)
    except Exception as e:  # noqa: BLE001 - reported as this input's failure, never lost
        return crashed(job, f"internal error ({type(e).__name__}: {e}); please report it")


def run_chunk(jobs: list[Job], spec: Spec) -> list[Result]:
    """What a worker runs: the jobs of one chunk, in order."""
    results: list[Result] = []
    for job in jobs:
        done = run_job(job, spec)
        results += done if isinstance(done, list) else [done]
    if spec.spill is not None:
        with contextlib.suppress(OSError):  # no room in the temporary folder: the pieces go through the pipe
            spill(results, spec.spill)  # (results are marked spilled only once their file is complete)
    return results


def spill(results: list[Result], folder: str) -> None:
    """Write the pieces of a chunk's results to one file in `folder`, and say in each result where its
    pieces are: the main process copies them from there, so no output passes through its Python code.
    Pieces that are not valid UTF-8 text (a lone surrogate) stay in the results."""
    import tempfile

    try:
        blobs = [[piece.encode("utf-8") for piece in r.pieces] for r in results]
    except UnicodeEncodeError:
        return
    if not any(blobs):
        return
    fd, path = tempfile.mkstemp(dir=folder, suffix=".out")
    spans: list[list[tuple[int, int]]] = []
    try:
        with os.fdopen(fd, "wb") as f:
            pos = 0
            for mine in blobs:
                spans.append([])
                for blob in mine:
                    f.write(blob)
                    spans[-1].append((pos, len(blob)))
                    pos += len(blob)
    except OSError:
        os.unlink(path)
        raise
    for result, mine in zip(results, spans, strict=True):
        if mine:
            result.spilled, result.pieces = (path, mine), []


def crashed(job: Job, reason: str) -> Result:
    """The result for a job whose worker failed: a record keeps its original text and gains an error."""
    if isinstance(job, RecordJob):
        from .batch_jsonl import failed_record

        return failed_record(job, reason)
    if isinstance(job, DocJob):
        return Result("doc", job.source.name, job.source, error=f"{job.source.name}: {reason}")
    if isinstance(job, EndJob):
        return Result("end", job.source.name, job.source, ok=job.ok)
    return Result("failed", job.name, job.source, error=job.message)


def job_bytes(job: Job) -> int:
    if isinstance(job, SliceJob):
        return job.end - job.start
    if isinstance(job, RecordJob):
        return len(job.raw)
    if isinstance(job, DocJob):
        return job.source.size or 0
    return 0


def chunked(jobs: Iterable[Job], max_jobs: int = CHUNK_JOBS, max_bytes: int = CHUNK_BYTES) -> Iterator[list[Job]]:
    """Consecutive jobs grouped by count and size, order kept."""
    chunk: list[Job] = []
    size = 0
    for job in jobs:
        n = job_bytes(job)
        if chunk and (len(chunk) >= max_jobs or size + n > max_bytes or isinstance(job, SliceJob)):
            yield chunk
            chunk, size = [], 0
        chunk.append(job)
        size += n
    if chunk:
        yield chunk

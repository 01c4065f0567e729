"""One command-line run: read each input, repair it, write what was asked, return an exit status.

Kept apart from cli.py so it can be driven in-process with any streams. Files are written
to a temporary name and renamed, so an error or interruption never leaves half an output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from . import clean
from .inputs import InputError, read_input
from .model import Document, Table
from .writers import WRITERS, Format
from .writers.delimited import write_csv, write_tsv


@dataclass(frozen=True, slots=True)
class Options:
    files: list[str]
    to: str = "md"
    output: Path | None = None
    table: int | None = None
    out_dir: Path | None = None
    document: bool = False
    report: str | None = None
    excel_safe: bool = False
    skip: tuple[str, ...] = ()


class UsageError(Exception):
    """Options that do not fit together; the message says which."""


def error(stderr: TextIO, message: str) -> None:
    stderr.write(f"tablefix: error: {message}\n")
    stderr.flush()


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check(opts: Options) -> None:
    from .repairs import PASSES

    if opts.report not in (None, "text", "json"):
        raise UsageError(f"--report takes 'text' or 'json', not {opts.report!r}")
    if opts.document and opts.to not in ("md", "html"):
        raise UsageError("--document works with --to md or --to html")
    if opts.output is not None and opts.out_dir is not None:
        raise UsageError("give either -o/--output or --out-dir, not both")
    unknown = set(opts.skip) - {name for name, _ in PASSES}
    if unknown:
        raise UsageError(f"--skip: no repair pass named {', '.join(sorted(unknown))}; passes are "
                         + ", ".join(name for name, _ in PASSES))


def table_writer(fmt: Format, excel_safe: bool):  # noqa: ANN201 - a Callable[[Table], str]
    if excel_safe and fmt.name in ("csv", "tsv"):
        return partial(write_csv if fmt.name == "csv" else write_tsv, safe=True)
    return fmt.table


def selected(doc: Document, n: int | None) -> list[Table]:
    tables = doc.tables
    if n is None:
        return tables
    return tables[n - 1:n]


def render(doc: Document, opts: Options) -> list[str]:
    """The output pieces of one document: one per table, or one for the whole document."""
    fmt = WRITERS[opts.to]
    whole = fmt.table is None or opts.document
    if whole:
        assert fmt.document is not None
        if opts.to == "json" and opts.table is not None:
            from dataclasses import replace

            keep = set(map(id, selected(doc, opts.table)))
            doc = replace(doc, blocks=tuple(b for b in doc.blocks if not isinstance(b, Table) or id(b) in keep))
        return [fmt.document(doc)]
    write_table = table_writer(fmt, opts.excel_safe)
    return [write_table(t) for t in selected(doc, opts.table)]


def documents(opts: Options, stderr: TextIO, failed: list[str]) -> Iterator[Document]:
    for name in opts.files:
        try:
            text = read_input(name)
        except InputError as e:
            error(stderr, str(e))
            failed.append(name)
            continue
        yield clean(text, name, opts.skip)


def run(opts: Options, stdout: TextIO, stderr: TextIO) -> int:
    try:
        check(opts)
    except UsageError as e:
        error(stderr, str(e))
        return 2
    fmt = WRITERS[opts.to]
    failed: list[str] = []
    pieces: list[str] = []
    found_table = False
    for doc in documents(opts, stderr, failed):
        found_table = found_table or bool(selected(doc, opts.table))
        if opts.report:
            from .report import write_report

            write_report(doc, opts.report, stderr)
        out = render(doc, opts)
        if opts.out_dir is not None:
            write_out_dir(doc, out, opts)
        elif opts.output is None and fmt.separator == "":
            stdout.write("".join(out))
        else:
            pieces += out
    if pieces and opts.out_dir is None:
        text = (fmt.separator if fmt.table is not None and not opts.document else "").join(pieces)
        if opts.output is not None:
            atomic_write(opts.output, text)
        else:
            stdout.write(text)
    stdout.flush()
    if failed:
        return 2
    if opts.to == "text" or opts.document or found_table:
        return 0
    return 1


def write_out_dir(doc: Document, out: list[str], opts: Options) -> None:
    """One file per table (`STEM.N.EXT`), or per document for whole-document formats."""
    assert opts.out_dir is not None
    stem = Path(doc.name).stem if doc.name != "-" else "stdin"
    fmt = WRITERS[opts.to]
    if fmt.table is None or opts.document:
        atomic_write(opts.out_dir / f"{stem}.{fmt.ext}", out[0])
        return
    first = opts.table or 1
    for k, piece in enumerate(out, first):
        atomic_write(opts.out_dir / f"{stem}.{k}.{fmt.ext}", piece)

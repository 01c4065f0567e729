"""Every command-line option, declared once: a field of the frozen `Options` that the run, its workers and
the library read, with its flags, type, default and help. The rest is derived from these declarations
(cli.py): the typer command (help, completion, messages for mistakes) and the fast parser a plain run
takes instead. `check` says which options do not fit together.

(No `from __future__ import annotations`: the parsers read the fields' types as objects.)
"""

import dataclasses
import os
from types import UnionType
from typing import Any, get_args, get_origin

from .writers import WRITERS


def option(*flags: str, help: str, default: Any = None, choices: tuple[str, ...] = (), least: int | None = None,
           metavar: str | None = None, bare: str | None = None, shapes_output: bool = False) -> Any:
    """A field declared as an option. `least`: the smallest number it takes; `bare`: the value of the flag
    given alone (`--report` = `--report text`); `shapes_output`: outputs made with other values are not
    reused by --resume."""
    meta = {"flags": flags, "help": help, "choices": choices, "min": least, "metavar": metavar, "bare": bare,
            "shapes_output": shapes_output}
    return dataclasses.field(default=default, metadata=meta)


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """What one run was asked to do."""

    files: tuple[str, ...] = option(help="Input files (.gz, .zst, .bz2 too), directories (walked recursively) or "
                                         "fsspec URLs; WARC/WET and Parquet files are corpora; none or '-' reads "
                                         "stdin.", default=())
    to: str | None = option("--to", "-t", help="Output format (default: md).", choices=tuple(WRITERS),
                            shapes_output=True)
    output: str | None = option("--output", "-o", help="Write here instead of stdout.", metavar="FILE")
    table: int | None = option("--table", help="Only the Nth table (1-based).", least=1, shapes_output=True)
    out_dir: str | None = option("--out-dir", help="One file per table (STEM.N.EXT) or document, mirroring "
                                                   "the input tree.", metavar="DIR")
    document: bool = option("--document", help="md/html: the whole cleaned article.", default=False,
                            shapes_output=True)
    report: str | None = option("--report", help="Print what was found and changed to stderr (json: as JSON); "
                                                 "corpora: each record's removed text in `removed`.",
                                choices=("text", "json"), metavar="[text|json]", bare="text", shapes_output=True)
    excel_safe: bool = option("--excel-safe", help="csv/tsv: neutralise cells a spreadsheet would run as formulas "
                                                   "(=, +, -, @, tab, CR).", default=False, shapes_output=True)
    keep_markup: bool = option("--keep-markup", help="Keep Markdown in pipe-table cells (`_x_`, `**x**`, `\\*`) "
                                                     "instead of reading them as rendered.", default=False,
                               shapes_output=True)
    skip: tuple[str, ...] = option("--skip", help="Skip a repair pass by name: leaks, duplicates, rejoin-tables, "
                                                   "ragged-rows.", default=(), shapes_output=True)
    jobs: int | None = option("--jobs", "-j", help="Worker processes for a batch (default: one per core).", least=1)
    glob: str | None = option("--glob", help="In directories, only files matching this pattern, e.g. '*.txt'.")
    field: str | None = option("--field", help="Inputs are corpora (JSON Lines, Parquet): clean this field of each "
                                               "record ('a.b': field b inside a).", shapes_output=True)
    id_field: str | None = option("--id-field", help="With --field: the record id, for messages and --tables-out.")
    out_field: str | None = option("--out-field", help="Corpora: write the cleaned text to this field and keep the "
                                                       "original.", shapes_output=True)
    tables_out: str | None = option("--tables-out", help="Every table found, one row each, to this file: Parquet "
                                                         "(.parquet) or JSON Lines.", metavar="FILE")
    resume: bool = option("--resume", help="With --out-dir: skip inputs whose outputs are already complete.",
                          default=False)
    engine: str = option("--engine", help="Where a batch runs: local processes, or Dask (needs the dask extra).",
                         choices=("local", "dask"), default="local")
    scheduler: str | None = option("--scheduler", help="With --engine dask: the scheduler address, e.g. "
                                                       "tcp://host:8786 (default: a local cluster).")

    def __post_init__(self) -> None:
        """Each value of the declared type and range (the parsers give typer's messages for mistakes); no files
        means standard input."""
        if not self.files:
            object.__setattr__(self, "files", ("-",))
        for f in dataclasses.fields(self):
            if isinstance(getattr(self, f.name), os.PathLike):  # a library caller's Path is a path like any other
                object.__setattr__(self, f.name, os.fspath(getattr(self, f.name)))
            value, holds, least = getattr(self, f.name), kind(f), f.metadata["min"]
            if value is not None and (isinstance(holds, tuple) and value not in holds or least and value < least):
                raise ValueError(f"{f.metadata['flags'][0]} cannot be {value!r}")

    @property
    def fmt(self) -> str:
        """The output format: md unless --to says otherwise."""
        return self.to or "md"

    def fingerprint(self) -> str:
        """The options outputs depend on, so --resume does not keep outputs made with other options."""
        try:
            from _sha1 import sha1  # CPython's own SHA-1: hashlib loads OpenSSL first, milliseconds of start-up
        except ImportError:
            from hashlib import sha1

        from . import __version__

        shaping = [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.metadata["shapes_output"]]
        return sha1(repr((__version__, shaping)).encode()).hexdigest()[:12]


def kind(f: "dataclasses.Field[Any]") -> Any:
    """What an option holds: bool (a flag), int, str, list (repeatable), or a tuple of its choices."""
    if f.metadata["choices"]:
        return f.metadata["choices"]
    held = get_args(f.type)[0] if get_origin(f.type) is UnionType else f.type
    return list if get_origin(held) is tuple else held


class UsageError(Exception):
    """Options that do not fit together; the message says which."""


def check(opts: Options) -> None:
    """Raise UsageError for options that do not fit together (the parsers check each option alone)."""
    from .repairs import PASSES

    fmt = opts.fmt
    rules = [
        (opts.document and fmt not in ("md", "html"), "--document works with --to md or --to html"),
        (opts.excel_safe and fmt not in ("csv", "tsv"), "--excel-safe works with --to csv or --to tsv"),
        (opts.table is not None and (fmt == "text" or opts.document),
         "--table picks a table to write; --to text and --document write the whole article"),
        (opts.output is not None and opts.out_dir is not None, "give either -o/--output or --out-dir, not both"),
        (opts.output is not None and os.path.isdir(opts.output),
         f"-o {opts.output} is a directory; give a file name (or use --out-dir)"),
        (opts.out_dir is not None and os.path.exists(opts.out_dir) and not os.path.isdir(opts.out_dir),
         f"--out-dir {opts.out_dir} is a file; give a directory"),
        (bool(set(opts.skip) - {name for name, _ in PASSES}),
         f"--skip: no repair pass named {', '.join(sorted(set(opts.skip) - {n for n, _ in PASSES}))}; passes are "
         + ", ".join(name for name, _ in PASSES)),
        (opts.scheduler is not None and opts.engine != "dask", "--scheduler works with --engine dask"),
        ((opts.output or "").endswith(".parquet"), f"-o {opts.output}: -o writes text (records as JSON Lines); "
                                                  "Parquet comes out under --out-dir, a file per Parquet input"),
        (opts.resume and opts.out_dir is None,
         "--resume works with --out-dir (it skips inputs whose outputs are there)"),
        (opts.id_field is not None and not opts.field, "--id-field works with --field (a corpus)"),
        (opts.out_field is not None and opts.to is not None, "--out-field works with corpora, which are written as "
                                                             "records; drop --to"),
        (bool(opts.field) and opts.to is not None,
         "--field writes records (cleaned text, tables, fixes), in the corpus's own format; drop --to"),
        (opts.resume and opts.tables_out is not None,
         "--tables-out collects the tables of this run's inputs, and --resume skips some: run them apart"),
        (opts.out_field in ("tables", "fixes", "error", "removed"),
         f"--out-field {opts.out_field}: that field holds the record's {opts.out_field}; choose another name"),
    ]
    for broken, message in rules:
        if broken:
            raise UsageError(message)
    clash = [name for name, on in (("--table", opts.table), ("--document", opts.document),
                                   ("--excel-safe", opts.excel_safe)) if on]
    if opts.field and clash:
        raise UsageError(f"{', '.join(clash)} cannot be used with --field; records carry their tables and fixes")

"""The command line: options -> library calls -> exit status. All the work is in the library.

Startup time matters (tablefix runs once per file in shell loops), and typer, which builds a pydantic
validator for every option on each run, costs more than a whole plain run. So `main` parses a
well-formed command line itself, from the one option table below, and hands anything else (--help,
--version, a mistake) to the typer `app`, whose messages stay the reference. The app is built on first
use (`tablefix.cli.app`), so a plain run never imports typer; a test checks that both parsers agree.
(No `from __future__ import annotations` here: typer reads the annotations of a nested function.)
"""

import enum
import os
import signal
import sys
from typing import Any, TextIO

from . import __version__
from .status import ExitStatus


class Fmt(enum.StrEnum):
    csv = "csv"
    tsv = "tsv"
    md = "md"
    html = "html"
    json = "json"
    text = "text"


class EngineName(enum.StrEnum):
    local = "local"
    dask = "dask"


REPORT_KINDS = ("text", "json")

OPTIONS: dict[str, tuple[str, Any]] = {
    "--to": ("to", tuple(Fmt)), "-t": ("to", tuple(Fmt)),
    "--output": ("output", "path"), "-o": ("output", "path"),
    "--table": ("table", int),
    "--out-dir": ("out_dir", "path"),
    "--document": ("document", bool),
    "--report": ("report", REPORT_KINDS),
    "--excel-safe": ("excel_safe", bool),
    "--keep-markup": ("keep_markup", bool),
    "--skip": ("skip", list),
    "--jobs": ("jobs", int), "-j": ("jobs", int),
    "--glob": ("glob", str),
    "--field": ("field", str),
    "--id-field": ("id_field", str),
    "--resume": ("resume", bool),
    "--engine": ("engine", tuple(EngineName)),
    "--scheduler": ("scheduler", str),
}
"""Every option: flag -> (keyword of `make_options`, kind: bool, int (1 or more), str, "path", list, choices)."""


def make_options(files: list[str] | None = None, to: str | None = None, output: Any = None,
                 table: int | None = None, out_dir: Any = None, document: bool = False,
                 report: str | None = None, excel_safe: bool = False, keep_markup: bool = False,
                 skip: list[str] | None = None,
                 jobs: int | None = None, glob: str | None = None, field: str | None = None,
                 id_field: str | None = None, resume: bool = False, engine: str = "local",
                 scheduler: str | None = None) -> Any:
    """The run's Options, the same from either parser."""
    from .run import Options

    return Options(files=list(files or ["-"]), to=str(to) if to else None, output=output, table=table,
                   out_dir=out_dir, document=document, report=report, excel_safe=excel_safe, keep_markup=keep_markup,
                   skip=tuple(skip or ()), jobs=jobs, glob=glob, field=field, id_field=id_field, resume=resume,
                   engine=str(engine), scheduler=scheduler)


def fast_parse(argv: list[str]) -> dict[str, Any] | None:
    """Keywords for `make_options` from a well-formed command line, or None to let typer parse it."""
    kw: dict[str, Any] = {"files": []}
    args = iter(argv)
    for arg in args:
        if arg == "-" or not arg.startswith("-"):
            kw["files"].append(arg)
            continue
        flag, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if flag not in OPTIONS:
            return None
        dest, kind = OPTIONS[flag]
        if kind is bool:
            if eq:
                return None
            kw[dest] = True
            continue
        if not eq:
            value = next(args, None)  # type: ignore[assignment]
            if value is None or (value.startswith("-") and value != "-"):
                return None
        if kind is int:
            if not value.isascii() or not value.isdigit() or int(value) < 1:
                return None
            kw[dest] = int(value)
        elif kind is list:
            kw.setdefault(dest, []).append(value)
        elif isinstance(kind, tuple):
            if value not in kind:
                return None
            kw[dest] = value
        elif kind == "path":
            from pathlib import Path

            kw[dest] = Path(value)
        else:
            kw[dest] = value
    return kw


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every `finally` runs and no half-written output is left."""

    status = ExitStatus.TERMINATED


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def _quiet_stdout(stdout: TextIO) -> None:
    """After a closed pipe (`| head`), send what is still buffered to /dev/null so exit stays quiet."""
    try:
        fd = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def execute(opts: Any, stdout: TextIO, stderr: TextIO) -> int:
    """Run, turning Ctrl-C, SIGTERM and a closed pipe into quiet exit statuses instead of tracebacks."""
    from .run import run

    try:
        return run(opts, stdout, stderr)
    except KeyboardInterrupt as e:
        stderr.write("tablefix: interrupted; no partial output was left\n")
        stderr.flush()
        return int(getattr(e, "status", ExitStatus.INTERRUPTED))
    except BrokenPipeError:
        _quiet_stdout(stdout)
        return ExitStatus.BROKEN_PIPE


def _build_app() -> Any:
    from pathlib import Path
    from typing import Annotated

    import typer

    def _version(value: bool) -> None:
        if value:
            typer.echo(f"tablefix {__version__}")
            raise typer.Exit()

    app = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                      pretty_exceptions_enable=False)

    @app.command()
    def tablefix(
        files: Annotated[list[str] | None, typer.Argument(
            help="Input files, directories (walked recursively), .gz files or fsspec URLs; none or '-' reads "
                 "stdin.")] = None,
        to: Annotated[Fmt | None, typer.Option("--to", "-t", help="Output format (default: md).")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
        table: Annotated[int | None, typer.Option("--table", min=1, help="Only the Nth table (1-based).")] = None,
        out_dir: Annotated[Path | None, typer.Option(
            "--out-dir", help="One file per table (STEM.N.EXT) or document, mirroring the input tree.")] = None,
        document: Annotated[bool, typer.Option("--document", help="md/html: the whole cleaned article.")] = False,
        report: Annotated[str | None, typer.Option(
            "--report", metavar="[text|json]", help="Print what was found and changed to stderr (json: as "
                                                    "JSON).")] = None,
        excel_safe: Annotated[bool, typer.Option("--excel-safe", help="csv/tsv: neutralise cells a spreadsheet "
                                                 "would run as formulas (=, +, -, @, tab, CR).")] = False,
        keep_markup: Annotated[bool, typer.Option(
            "--keep-markup", help="Keep Markdown in pipe-table cells (`_x_`, `**x**`, `\\*`) instead of reading "
                                  "them as rendered.")] = False,
        skip: Annotated[list[str] | None, typer.Option("--skip", help="Skip a repair pass by name.")] = None,
        jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for a batch "
                                                 "(default: one per core).")] = None,
        glob: Annotated[str | None, typer.Option("--glob", help="In directories, only files matching this "
                                                 "pattern, e.g. '*.txt'.")] = None,
        field: Annotated[str | None, typer.Option("--field", help="Inputs are JSON Lines; clean this field of "
                                                  "each record.")] = None,
        id_field: Annotated[str | None, typer.Option("--id-field", help="With --field: the record id, used in "
                                                     "messages.")] = None,
        resume: Annotated[bool, typer.Option("--resume", help="With --out-dir: skip inputs whose outputs are "
                                             "already complete.")] = False,
        engine: Annotated[EngineName, typer.Option("--engine", help="Where a batch runs: local processes, or "
                                                   "Dask (needs the dask extra).")] = EngineName.local,
        scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --engine dask: the scheduler "
                                                      "address, e.g. tcp://host:8786 (default: a local "
                                                      "cluster).")] = None,
        version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                        help="Show the version.")] = None,
    ) -> None:
        """Pull tables out of scraped text, repair them, and write clean CSV, TSV, Markdown, HTML or JSON."""
        opts = make_options(files=files, to=to, output=output, table=table, out_dir=out_dir, document=document,
                            report=report, excel_safe=excel_safe, keep_markup=keep_markup, skip=skip, jobs=jobs,
                            glob=glob, field=field,
                            id_field=id_field, resume=resume, engine=engine, scheduler=scheduler)
        raise typer.Exit(execute(opts, sys.stdout, sys.stderr))

    return app


def __getattr__(name: str) -> Any:
    """`tablefix.cli.app`, the typer app, built on first use."""
    if name == "app":
        app = _build_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def normalize_argv(argv: list[str]) -> list[str]:
    """Let `--report` stand alone (meaning `--report text`), as click options cannot take an optional value."""
    out = []
    for k, arg in enumerate(argv):
        out.append(arg)
        if arg == "--report" and (k + 1 == len(argv) or argv[k + 1] not in REPORT_KINDS):
            out.append("text")
    return out


def _run_typer(args: list[str]) -> None:
    """The typer app for anything the fast parser declined: help, version, and mistakes, which are
    reported as `tablefix: error: ...` (exit 2) like every other error."""
    import typer

    try:
        code = __getattr__("app")(args=args, prog_name="tablefix", standalone_mode=False)
    except typer.Abort:
        raise KeyboardInterrupt from None
    except Exception as e:  # noqa: BLE001 - click's usage errors (typer vendors its own click)
        if not hasattr(e, "format_message") or getattr(e, "exit_code", None) != 2:
            raise
        sys.stderr.write(f"tablefix: error: {e.format_message().rstrip('.')}; see 'tablefix --help'\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def main(argv: list[str] | None = None) -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        args = normalize_argv(sys.argv[1:] if argv is None else argv)
        kw = fast_parse(args)
        if kw is not None:
            sys.exit(execute(make_options(**kw), sys.stdout, sys.stderr))
        _run_typer(args)
    except KeyboardInterrupt as e:
        sys.stderr.write("tablefix: interrupted\n")
        sys.exit(int(getattr(e, "status", ExitStatus.INTERRUPTED)))

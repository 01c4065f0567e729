"""The command line: options -> library calls -> exit status. All the work is in the library."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

app = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                  pretty_exceptions_enable=False)


class ExitStatus(enum.IntEnum):
    OK = 0
    NO_TABLE = 1
    ERROR = 2
    INTERRUPTED = 130


class Fmt(enum.StrEnum):
    csv = "csv"
    tsv = "tsv"
    md = "md"
    html = "html"
    json = "json"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tablefix {__version__}")
        raise typer.Exit()


@app.command()
def tablefix(
    files: Annotated[list[str] | None, typer.Argument(help="Input files; none or '-' reads stdin.")] = None,
    to: Annotated[Fmt, typer.Option("--to", "-t", help="Output format.")] = Fmt.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    table: Annotated[int | None, typer.Option("--table", min=1, help="Only the Nth table (1-based).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="One file per table: STEM.N.EXT.")] = None,
    document: Annotated[bool, typer.Option("--document", help="md/html: the whole cleaned article.")] = False,
    report: Annotated[str | None, typer.Option(
        "--report", metavar="[text|json]", help="Print what was found and changed to stderr (json: as JSON).")] = None,
    excel_safe: Annotated[bool, typer.Option("--excel-safe", help="csv/tsv: neutralise cells a spreadsheet "
                                             "would run as formulas (=, +, -, @, tab, CR).")] = False,
    skip: Annotated[list[str] | None, typer.Option("--skip", help="Skip a repair pass by name.")] = None,
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version.")] = None,
) -> None:
    """Pull tables out of scraped text, repair them, and write clean CSV, TSV, Markdown, HTML or JSON."""
    from .run import Options, run

    opts = Options(files=files or ["-"], to=to.value, output=output, table=table, out_dir=out_dir,
                   document=document, report=report, excel_safe=excel_safe, skip=tuple(skip or ()))
    raise typer.Exit(int(run(opts, sys.stdout, sys.stderr)))


REPORT_KINDS = ("text", "json")


def normalize_argv(argv: list[str]) -> list[str]:
    """Let `--report` stand alone (meaning `--report text`), as click options cannot take an optional value."""
    out = []
    for k, arg in enumerate(argv):
        out.append(arg)
        if arg == "--report" and (k + 1 == len(argv) or argv[k + 1] not in REPORT_KINDS):
            out.append("text")
    return out


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=normalize_argv(sys.argv[1:] if argv is None else argv), prog_name="tablefix")
    except KeyboardInterrupt:
        sys.stderr.write("tablefix: interrupted\n")
        sys.exit(ExitStatus.INTERRUPTED)

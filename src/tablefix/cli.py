"""The command line: argv -> Options -> a run -> an exit status. All the work is in run.py and the library.

Both parsers are derived from the declarations in options.py. Startup time matters (tablefix runs once
per file in shell loops), and typer, which builds a validator for every option on each start, costs more
than a whole plain run: so `main` parses a well-formed command line itself, and hands anything else
(--help, --version, completion, a mistake) to the typer app, whose messages are the reference. The app is
built on first use (`tablefix.cli.app`), so a plain run never imports typer.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import signal
import sys
from typing import Any, TextIO

from . import __version__
from .options import Options, kind
from .run import ExitStatus

OPTIONS = {flag: f for f in dataclasses.fields(Options) for flag in f.metadata["flags"]}
"""Every flag -> its field."""


def with_bare_values(argv: list[str]) -> list[str]:
    """`--report` alone means `--report text`: click options cannot take an optional value."""
    out = []
    for k, arg in enumerate(argv):
        out.append(arg)
        f = OPTIONS.get(arg)
        if f is not None and f.metadata["bare"] and (k + 1 == len(argv) or argv[k + 1] not in kind(f)):
            out.append(f.metadata["bare"])
    return out


def parse(argv: list[str]) -> Options | None:
    """The Options of a well-formed command line, or None to let typer parse it (and explain a mistake)."""
    values: dict[str, Any] = {"files": []}
    args = iter(argv)
    try:
        for arg in args:
            if arg == "-" or not arg.startswith("-"):
                values["files"].append(arg)
                continue
            flag, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
            f = OPTIONS[flag]
            holds = kind(f)
            if holds is bool and eq:
                return None
            if holds is not bool and not eq:
                value = next(args)
                if value.startswith("-") and value != "-":
                    return None
            if holds is list:
                values.setdefault(f.name, []).append(value)
            else:
                values[f.name] = True if holds is bool else int(value) if holds is int else value
        return Options(**{name: tuple(v) if isinstance(v, list) else v for name, v in values.items()})
    except (KeyError, StopIteration, ValueError):  # no such option, no value, not a number, out of range
        return None


def _build_app() -> Any:
    """The typer app: one parameter per declared option, in declaration order."""
    import inspect
    from typing import Annotated, Literal

    import typer

    def version(value: bool) -> None:
        if value:
            typer.echo(f"tablefix {__version__}")
            raise typer.Exit()

    def tablefix(**values: Any) -> None:
        """Pull tables out of scraped text, repair them, and write clean CSV, TSV, Markdown, HTML or JSON."""
        opts = Options(**{f.name: tuple(values[f.name] or ()) if kind(f) is list else values[f.name]
                          for f in dataclasses.fields(Options)})
        raise typer.Exit(execute(opts, sys.stdout, sys.stderr))

    params = []
    for f in dataclasses.fields(Options):
        holds, meta = kind(f), f.metadata
        hint: Any = (list[str] if holds is list else Literal[holds] if isinstance(holds, tuple) else holds)
        hint = hint if holds is bool or f.default is not None else hint | None
        info = (typer.Option(*meta["flags"], help=meta["help"], min=meta["min"], metavar=meta["metavar"])
                if meta["flags"] else typer.Argument(help=meta["help"]))
        default = None if holds is list else f.default
        params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=Annotated[hint, info]))
    params.append(inspect.Parameter("version", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
        bool | None, typer.Option("--version", callback=version, is_eager=True, help="Show the version.")]))
    tablefix.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    app = typer.Typer(context_settings={"help_option_names": ["-h", "--help"]}, pretty_exceptions_enable=False)
    app.command()(tablefix)
    return app


def __getattr__(name: str) -> Any:
    """`tablefix.cli.app`, the typer app, built on first use."""
    if name == "app":
        globals()["app"] = app = _build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def execute(opts: Options, stdout: TextIO, stderr: TextIO) -> int:
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


def _run_typer(args: list[str]) -> None:
    """The typer app for what the fast parser declined; mistakes become `tablefix: error: ...` (exit 2)."""
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
    gc.freeze()  # what start-up made (the library) lives to the end: full collections need not walk it (~4%)
    try:
        args = with_bare_values(sys.argv[1:] if argv is None else argv)
        opts = None if "_TABLEFIX_COMPLETE" in os.environ else parse(args)  # completion is typer's
        if opts is not None:
            sys.exit(execute(opts, sys.stdout, sys.stderr))
        _run_typer(args)
    except KeyboardInterrupt as e:
        sys.stderr.write("tablefix: interrupted\n")
        sys.exit(int(getattr(e, "status", ExitStatus.INTERRUPTED)))

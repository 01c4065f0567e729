"""Cold start: a plain-text run imports nothing heavy, and the fast argument parser agrees with typer's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import tablefix.cli
from tablefix.cli import OPTIONS, fast_parse, make_options, normalize_argv

HEAVY = ("bs4", "lxml", "rich", "dask", "distributed", "typer", "pydantic", "charset_normalizer")

PROBE = """
import sys, tablefix.cli
heavy = set(sys.argv[2:])
sys.argv = ["tablefix", sys.argv[1], "--to", "csv"]
try:
    tablefix.cli.main()
except SystemExit as e:
    assert e.code == 0, e.code
print("loaded:", *sorted({m.split(".")[0] for m in sys.modules} & heavy))
"""


def test_a_plain_text_run_imports_nothing_heavy(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Prose.\n\nA | B\n---|---\n1 | 2\n")
    r = subprocess.run([sys.executable, "-c", PROBE, str(article), *HEAVY], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["A,B", "1,2", "loaded:"]  # it printed its table, and loaded nothing heavy


COMMAND_LINES = [
    ["a.txt"],
    [],
    ["-"],
    ["a.txt", "b.txt", "--to", "csv"],
    ["a.txt", "-t", "tsv", "-o", "out.tsv"],
    ["--to=json", "a.txt", "--table", "2"],
    ["dir", "--out-dir", "out", "--glob", "*.txt", "--jobs", "3", "--resume"],
    ["c.jsonl", "--field", "text", "--id-field", "id", "-j", "1"],
    ["a.txt", "--report", "--to", "md", "--document"],
    ["a.txt", "--report", "json", "--excel-safe", "--to", "csv", "--skip", "duplicates", "--skip", "rejoin-tables"],
    ["s3://bucket/x", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786"],
    ["a.txt", "--to", "csv", "--to", "html"],
]


def typer_options(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    seen: list[Any] = []
    monkeypatch.setattr(tablefix.cli, "execute", lambda opts, out, err: seen.append(opts) or 0)
    r = CliRunner().invoke(tablefix.cli.app, argv)
    assert r.exit_code == 0, r.output
    return seen[0]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_fast_parser_agrees_with_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    argv = normalize_argv(argv)
    kw = fast_parse(argv)
    assert kw is not None
    assert make_options(**kw) == typer_options(argv, monkeypatch)


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--version"], ["a", "--to", "xlsx"], ["a", "--table", "0"],
                                  ["a", "--jobs", "x"], ["a", "--nope"], ["a", "-o"], ["a", "--document=yes"],
                                  ["a", "--engine", "spark"], ["a", "-tcsv"], ["--", "-a"]])
def test_anything_unusual_goes_to_typer(argv: list[str]) -> None:
    assert fast_parse(normalize_argv(argv)) is None


def test_the_option_table_lists_every_typer_option() -> None:
    import typer.main

    command = typer.main.get_command(tablefix.cli.app)
    flags = {flag for param in command.params for flag in param.opts if flag.startswith("-")}
    assert flags - {"--help", "-h", "--version"} == set(OPTIONS)
    dests = {param.name for param in command.params} - {"files", "version", "help"}
    assert dests == {dest for dest, _ in OPTIONS.values()}


def test_typer_still_explains_mistakes() -> None:
    r = subprocess.run([sys.executable, "-m", "tablefix", "a.txt", "--to", "xlsx"], capture_output=True, text=True)
    assert r.returncode == 2 and "'xlsx' is not one of" in r.stderr

"""Cold start: a plain-text run imports nothing heavy; the fast parser reads well-formed command lines and
leaves everything else to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tablefix.cli
from tablefix.cli import parse, with_bare_values
from tablefix.options import Options

HEAVY = ("bs4", "lxml", "rich", "dask", "distributed", "typer", "pydantic", "charset_normalizer",
         "concurrent", "multiprocessing", "tempfile", "pathlib", "hashlib")
"""Modules a plain run does without: the libraries, and standard ones that take milliseconds to import
(worker processes, temporary folders, paths as objects, fingerprints for --resume)."""

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


@pytest.mark.parametrize(("argv", "expected"), [
    ([], Options()),
    (["a.txt", "-", "-t", "tsv", "-o", "out.tsv"], Options(files=("a.txt", "-"), to="tsv", output="out.tsv")),
    (["--to=json", "a.txt", "--table", "2"], Options(files=("a.txt",), to="json", table=2)),
    (["dir", "--out-dir", "out", "--glob", "*.txt", "-j", "3", "--resume"],
     Options(files=("dir",), out_dir="out", glob="*.txt", jobs=3, resume=True)),
    (["a.txt", "--report", "--skip", "duplicates", "--skip", "ragged-rows"],
     Options(files=("a.txt",), report="text", skip=("duplicates", "ragged-rows"))),
    (["a.txt", "--report", "json", "--engine", "dask"], Options(files=("a.txt",), report="json", engine="dask")),
], ids=str)
def test_the_fast_parser_reads_what_the_options_declare(argv: list[str], expected: Options) -> None:
    assert parse(with_bare_values(argv)) == expected


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--version"], ["a", "--to", "xlsx"], ["a", "--table", "0"],
                                  ["a", "--jobs", "x"], ["a", "--jobs", "-1"], ["a", "--nope"], ["a", "-o"],
                                  ["a", "--document=yes"], ["a", "--engine", "spark"], ["a", "-tcsv"], ["--", "-a"],
                                  ["--install-completion"]])
def test_anything_unusual_goes_to_typer(argv: list[str]) -> None:
    assert parse(with_bare_values(argv)) is None


def test_typer_still_explains_mistakes() -> None:
    r = subprocess.run([sys.executable, "-m", "tablefix", "a.txt", "--to", "xlsx"], capture_output=True, text=True)
    assert r.returncode == 2 and "'xlsx' is not one of" in r.stderr
    r = subprocess.run([sys.executable, "-m", "tablefix", "a.txt", "-j", "0"], capture_output=True, text=True)
    assert r.returncode == 2 and "'--jobs' / '-j'" in r.stderr


def test_the_typer_command_has_every_declared_option(tmp_path: Path) -> None:
    """Help and messages come from typer; a run it parses is the same run (here: --table and --to)."""
    from typer.testing import CliRunner

    article = tmp_path / "a.txt"
    article.write_text("A | B\n---|---\n1 | 2\n\nC | D\n---|---\n3 | 4\n")
    shown = CliRunner().invoke(tablefix.cli.app, ["--help"], env={"COLUMNS": "200"}).output
    assert all(flag in shown for flag in tablefix.cli.OPTIONS)
    r = CliRunner().invoke(tablefix.cli.app, [str(article), "--table", "2", "-t", "csv"])
    assert r.exit_code == 0 and r.stdout == "C,D\n3,4\n"


def test_a_pattern_compiled_on_first_use_takes_its_stand_ins_place() -> None:
    import re
    import types

    module = types.ModuleType("declares_a_pattern")
    exec("import re\nfrom tablefix.text_rules import compiled_on_first_use\n"
         "WORD = compiled_on_first_use(r'(b+)', re.IGNORECASE)\n"
         "def first(text):\n    return WORD.search(text).group(1)\n", module.__dict__)
    assert not isinstance(module.WORD, re.Pattern)  # nothing compiled at import
    assert module.first("aBBc") == "BB"  # flags kept
    assert isinstance(module.WORD, re.Pattern) and module.WORD.pattern == "(b+)"  # the module now holds the pattern

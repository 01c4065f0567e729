"""The command-line contract scripts rely on, run in-process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tablefix.cli import app

SAMPLE_TABLES = "A | B |\n---|---|\n1 | 2 |\n\nText between.\n\nC | D |\n---|---|\n3 | x, y |\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(SAMPLE_TABLES, encoding="utf-8")
    return p


def test_csv_tables_separated_by_one_blank_line(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article), "--to", "csv"])
    assert r.exit_code == 0
    assert r.stdout == 'A,B\n1,2\n\nC,D\n3,"x, y"\n'


def test_stdin_and_dash_read_standard_input(runner: CliRunner) -> None:
    for args in ([], ["-"]):
        r = runner.invoke(app, [*args, "--to", "tsv"], input=SAMPLE_TABLES)
        assert r.exit_code == 0
        assert r.stdout.splitlines()[:2] == ["A\tB", "1\t2"]


def test_default_format_is_gfm_markdown(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article)])
    assert r.stdout.startswith("| A | B |\n|---|---|\n| 1 | 2 |\n")


def test_table_option_picks_one_table(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article), "--to", "csv", "--table", "2"])
    assert list(csv.reader(io.StringIO(r.stdout))) == [["C", "D"], ["3", "x, y"]]


def test_table_beyond_the_last_finds_nothing(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article), "--to", "csv", "--table", "3"])
    assert r.exit_code == 1
    assert r.stdout == ""


def test_out_dir_writes_one_file_per_table(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, [str(article), "--to", "csv", "--out-dir", str(out)])
    assert r.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["article.1.csv", "article.2.csv"]
    assert (out / "article.2.csv").read_text() == 'C,D\n3,"x, y"\n'


def test_json_lines_contract(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article), str(article), "--to", "json"])
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    rec = json.loads(lines[0])
    assert rec["source"] == str(article)
    first = rec["tables"][0]
    assert first["columns"] == ["A", "B"] and first["rows"] == [["1", "2"]]
    assert first["origin"] == "pipe" and first["lines"] == [1, 3]
    assert isinstance(rec["fixes"], list)


def test_no_table_exits_1(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--to", "csv"], input="Just prose | with a pipe.\n")
    assert r.exit_code == 1
    assert r.stdout == ""


def test_text_exits_0_without_tables(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--to", "text"], input="Just prose.\n")
    assert r.exit_code == 0
    assert r.stdout == "Just prose.\n"


def test_missing_file_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    r = runner.invoke(app, [str(tmp_path / "nope.txt"), "--to", "csv", "-o", str(out)])
    assert r.exit_code == 2
    assert "tablefix: error:" in r.stderr and "does not exist" in r.stderr
    assert not out.exists()


def test_binary_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    p = tmp_path / "article.bin"
    p.write_bytes(b"\x00\x01\x02\x03" * 100)
    r = runner.invoke(app, [str(p)])
    assert r.exit_code == 2
    assert "article.bin is not text (looks binary); nothing written" in r.stderr


def test_unknown_format_is_a_usage_error(runner: CliRunner, article: Path) -> None:
    r = runner.invoke(app, [str(article), "--to", "xlsx"])
    assert r.exit_code == 2


def test_output_file_is_written(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    r = runner.invoke(app, [str(article), "--to", "html", "-o", str(out), "--table", "1"])
    assert r.exit_code == 0 and r.stdout == ""
    html = out.read_text()
    assert "<thead>" in html and "<th>A</th>" in html and "<td>1</td>" in html


def test_keep_markup_keeps_markdown_in_cells(runner: CliRunner) -> None:
    text = "# Title\n\n| a | b |\n|---|---|\n| _x_ | **y** |\n"
    assert runner.invoke(app, ["--to", "csv"], input=text).stdout == "a,b\nx,y\n"
    assert runner.invoke(app, ["--to", "csv", "--keep-markup"], input=text).stdout == "a,b\n_x_,**y**\n"


ARTICLE = ("# Results\n\nThe season ended in May and the club finished third overall.\n\n"
           "- first item\n- second item\n\n"
           "A | B |\n---|---|\n1 | 2 |\n\ntd { padding: 8px; color: #333; }\n"
           "The season ended in May and the club finished third overall.\n")


def test_text_is_the_cleaned_article(runner: CliRunner) -> None:
    out = runner.invoke(app, ["--to", "text"], input=ARTICLE).stdout
    assert out.count("The season ended in May") == 1 and "padding" not in out
    assert "# Results" in out and "- first item" in out and "A | B |\n---|---|\n1 | 2 |\n" in out


def test_html_document_is_a_real_document(runner: CliRunner) -> None:
    out = runner.invoke(app, ["--to", "html", "--document"], input=ARTICLE).stdout
    assert out.startswith("<!DOCTYPE html>") and "</html>" in out
    assert "<h1>Results</h1>" in out and "<ul>\n<li>first item</li>" in out and "<th>A</th>" in out
    assert out.count("The season ended in May") == 1 and "padding" not in out


def test_md_document_is_a_markdown_document(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--to", "md", "--document"], input=ARTICLE)
    assert r.exit_code == 0 and r.stdout.startswith("# Results\n\nThe season ended in May")
    assert "- first item\n- second item\n\n| A | B |\n|---|---|\n| 1 | 2 |\n" in r.stdout
    assert r.stdout.count("The season ended in May") == 1 and "padding" not in r.stdout


def test_report_json_lists_what_was_removed(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--to", "csv", "--report", "json"], input=ARTICLE)
    rec = json.loads(r.stderr.strip().splitlines()[-1])
    assert {x["reason"] for x in rec["removed"]} == {"css", "duplicate"}
    assert rec["tables"][0]["lines"] == [8, 10]


def test_excel_safe_through_the_command_line(runner: CliRunner) -> None:
    text = "| a | b |\n|---|---|\n| =1+2 | @x |\n"
    assert runner.invoke(app, ["--to", "csv"], input=text).stdout == "a,b\n=1+2,@x\n"
    assert runner.invoke(app, ["--to", "csv", "--excel-safe"], input=text).stdout == "a,b\n'=1+2,'@x\n"
    assert runner.invoke(app, ["--to", "md", "--excel-safe"], input=text).exit_code == 2


def test_html_document_keeps_the_kinds_of_an_html_page(runner: CliRunner) -> None:
    page = ("<!DOCTYPE html><html><body><h2>Cast</h2><p>Intro text.</p><ul><li>one</li><li>two</li></ul>"
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>")
    out = runner.invoke(app, ["--to", "html", "--document"], input=page).stdout
    assert "<h2>Cast</h2>" in out and "<p>Intro text.</p>" in out
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in out and "<th>a</th>" in out


def test_output_to_a_device_is_written_in_place_not_replaced(runner: CliRunner, article: Path,
                                                             tmp_path: Path) -> None:
    """`-o /dev/null` (here through a link to it): renaming a finished file over it would replace the device."""
    import os

    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    result = runner.invoke(app, [str(article), "--to", "csv", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert not list(tmp_path.glob(".null.*"))  # no temporary file left beside it


def test_links_through_dev_or_proc_are_written_in_place(tmp_path: Path) -> None:
    """`-o /dev/stdout` may lead to a file the shell opened (`> log`, `>> log`): it must not be renamed over."""
    import os

    from tablefix.outputs import is_special

    (tmp_path / "stdout").symlink_to("/proc/self/fd/1")
    (tmp_path / "plain.csv").write_text("")
    (tmp_path / "link.csv").symlink_to(tmp_path / "plain.csv")
    assert is_special(tmp_path / "stdout") and is_special(os.devnull)
    assert not is_special(tmp_path / "plain.csv") and not is_special(tmp_path / "link.csv")
    assert not is_special(tmp_path / "new.csv")
    os.mkfifo(tmp_path / "fifo")  # README: a FIFO is written in place too
    assert is_special(tmp_path / "fifo")

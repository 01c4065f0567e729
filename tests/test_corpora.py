"""Corpora as crawls and hubs ship them: WARC/WET, Parquet, JSON Lines compressed with zstd or bzip2; the
table dataset (--tables-out); damaged files failing alone; the record API."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

import tablefix
from tablefix.options import Options
from tablefix.run import run

pq = pytest.importorskip("pyarrow.parquet", reason="pip install 'tablefix[parquet]'")
pytest.importorskip("fastwarc", reason="pip install 'tablefix[warc]'")
pytest.importorskip("zstandard", reason="pip install 'tablefix[zstd]'")

CORPORA = Path(__file__).parent / "fixtures" / "corpora"
EXPECTED = CORPORA / "expected"


def cli(*files: str | Path, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Options(files=tuple(map(str, files)), **kw), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["articles.jsonl.zst", "articles.jsonl.bz2", "articles.parquet"])
def test_compressed_json_lines_and_parquet_give_the_same_records(name: str) -> None:
    code, out, err = cli(CORPORA / name, field="text", id_field="id", jobs=1)
    assert code == 1 and out == (EXPECTED / "articles.jsonl").read_text()  # a4's text is null
    assert f"{name}#a4: field 'text' is null" in err


@pytest.mark.parametrize(("name", "expected"), [("pages.warc.gz", "pages.warc.jsonl"),
                                                ("pages.warc.wet.gz", "pages.wet.jsonl")])
def test_warc_responses_and_wet_conversions_are_documents(name: str, expected: str) -> None:
    code, out, _ = cli(CORPORA / name, jobs=1)
    assert code == 0 and out == (EXPECTED / expected).read_text()
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["url"] for r in records] == ["https://example.org/league", "https://example.org/about"]  # no robots.txt
    assert records[0]["id"].startswith("<urn:uuid:") and records[0]["tables"][0]["rows"][0] == ["Rovers", "21"]


def test_parquet_in_parquet_out_with_its_columns_and_a_fixed_schema(tmp_path: Path) -> None:
    code, out, _ = cli(CORPORA / "articles.parquet", field="text", id_field="id", out_dir=tmp_path, jobs=1,
                       report="json")
    assert code == 1 and out == ""
    table = pq.read_table(tmp_path / "articles.parquet")
    assert table.column_names == ["id", "url", "text", "meta", "tables", "fixes", "error", "removed"]
    rows = table.to_pylist()
    expected = [json.loads(line) for line in (EXPECTED / "articles.jsonl").read_text().splitlines()]
    assert [r["text"] for r in rows] == [e["text"] for e in expected] and rows[0]["meta"] == {"lang": "en"}
    assert rows[0]["tables"] == expected[0]["tables"] and rows[3]["error"] == "field 'text' is null"
    assert [r["reason"] for r in rows[1]["removed"]] == ["css", "duplicate"]
    assert str(table.schema.field("tables").type) == (
        "list<element: struct<columns: list<element: string>, rows: list<element: list<element: string>>, origin: "
        "string, lines: list<element: int64>, fixes: list<element: struct<code: string, message: string, lines: "
        "list<element: int64>, start: int64, end: int64>>>>")


def test_the_table_dataset_has_a_row_per_table_in_either_format(tmp_path: Path) -> None:
    inputs = (CORPORA / "articles.jsonl.zst", CORPORA / "pages.warc.gz")
    assert cli(*inputs, field="text", id_field="id", tables_out=tmp_path / "t.jsonl", jobs=2)[0] == 1
    assert (tmp_path / "t.jsonl").read_text() == (EXPECTED / "tables.jsonl").read_text()
    assert cli(*inputs, field="text", id_field="id", tables_out=tmp_path / "t.parquet", jobs=2)[0] == 1
    rows = pq.read_table(tmp_path / "t.parquet").to_pylist()
    assert rows == [json.loads(line) for line in (EXPECTED / "tables.jsonl").read_text().splitlines()]
    assert [(r["id"], r["table"]) for r in rows][:2] == [("a1", 1), ("a2", 1)]


def test_documents_feed_the_table_dataset_too(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A | B\n---|---\n1 | 2\n\nC | D\n---|---\n3 | 4\n")
    assert cli(tmp_path / "a.txt", to="csv", tables_out=tmp_path / "t.jsonl")[0] == 0
    rows = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert [(r["id"], r["table"], r["rows"]) for r in rows] == [(str(tmp_path / "a.txt"), 1, [["1", "2"]]),
                                                                 (str(tmp_path / "a.txt"), 2, [["3", "4"]])]


def test_nested_fields_and_a_new_field_keep_the_original() -> None:
    code, out, _ = cli(CORPORA / "nested.jsonl", field="doc.body", id_field="doc.id", out_field="doc.clean")
    assert code == 0 and out == (EXPECTED / "nested.out-field.jsonl").read_text()
    first = json.loads(out.splitlines()[0])
    assert "||||||" in first["doc"]["body"] and "||||||" not in first["doc"]["clean"]


def test_report_with_field_puts_the_removed_text_in_each_record() -> None:
    code, out, err = cli(CORPORA / "articles.jsonl.zst", field="text", report="text")
    second = json.loads(out.splitlines()[1])
    css = ".promo-box{display:none;margin:0 auto}\n"
    assert [(r["reason"], r["text"]) for r in second["removed"]][0] == ("css", css)
    assert "removed" not in err


@pytest.mark.parametrize(("name", "message"), [
    ("cut.jsonl.gz", "damaged/cut.jsonl.gz is a damaged compressed file"),
    ("cut-record.warc", "is cut short (170 of 254 bytes); its output was not written"),
    ("footer.parquet", "footer.parquet: not a readable Parquet file"),
    ("packed.jsonl.xz", "packed.jsonl.xz is xz-compressed, which tablefix does not read; decompress it first"),
])
def test_a_damaged_shard_fails_alone_with_a_message(name: str, message: str, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl.zst"
    shutil.copy(CORPORA / "articles.jsonl.zst", good)
    code, _, err = cli(CORPORA / "damaged" / name, good, field="text", out_dir=tmp_path / "out", jobs=2)
    assert code == 1 and message in err and "1 failed" not in err  # good's null record failed too
    assert (tmp_path / "out" / "good.jsonl").read_text().count("\n") == 4
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".tablefix-done.jsonl", "good.jsonl"]


def test_a_warc_is_written_as_records_not_as_tables() -> None:
    code, _, err = cli(CORPORA / "pages.warc.gz", to="csv")
    assert code == 2 and "pages.warc.gz is a WARC corpus: it is written as records, so drop --to" in err
    code, _, err = cli(CORPORA / "articles.parquet")
    assert code == 2 and "give --field NAME, its text column" in err


def test_clean_record_is_the_library_entry_point() -> None:
    record = {"id": 7, "text": "A | B\n---|---\n1 | 2\n", "keep": True}
    out = tablefix.clean_record(record, "text")
    assert out["tables"][0]["rows"] == [["1", "2"]] and out["keep"] is True and record["text"].startswith("A | B")
    assert tablefix.clean_record({"t": "x"}, "t", out_field="clean")["t"] == "x"
    with pytest.raises(tablefix.RecordError, match="field 'text' is null"):
        tablefix.clean_record({"text": None})


def test_an_out_dir_on_an_object_store_gets_whole_shards_and_a_journal() -> None:
    """fsspec's in-memory file system stands in for s3:// (this process is the worker: -j 1)."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    fs.rm("/out", recursive=True) if fs.exists("/out") else None
    code, _, _ = cli(CORPORA / "articles.parquet", CORPORA / "pages.warc.gz", field="text", out_dir="memory://out",
                     jobs=1)
    assert code == 1 and sorted(p.rpartition("/")[2] for p in fs.ls("/out", detail=False)) == [
        ".tablefix-done.jsonl", "articles.parquet", "pages.jsonl"]
    with fs.open("/out/pages.jsonl", "rb") as f:
        assert f.read().decode() == (EXPECTED / "pages.warc.jsonl").read_text()
    again = cli(CORPORA / "articles.parquet", CORPORA / "pages.warc.gz", field="text", out_dir="memory://out",
                jobs=1, resume=True)
    assert "2 inputs skipped" in again[2]


def test_a_file_that_is_not_json_text_is_refused_whole(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (random data, an unknown compressed format) are never read as lines."""
    import random

    blob = tmp_path / "mystery.jsonl"
    blob.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(5000)))
    code, out, err = cli(blob, field="text")
    assert code == 1 and out == "" and "mystery.jsonl is not JSON Lines (not UTF-8 text" in err


def test_o_is_never_a_parquet_file(tmp_path: Path) -> None:
    code, _, err = cli(CORPORA / "articles.parquet", field="text", output=tmp_path / "out.parquet")
    assert code == 2 and "Parquet comes out under --out-dir" in err and not (tmp_path / "out.parquet").exists()


def test_warc_responses_as_crawls_hold_them() -> None:
    """A DNS lookup is no page; chunked and gzip-encoded pages are decoded; a page without a Content-Type is
    known by its markup; bytes that are not a page are kept as a record with its error."""
    code, out, err = cli(CORPORA / "encodings.warc.gz")
    records = {r["url"]: r for r in map(json.loads, out.splitlines())}
    assert sorted(records) == ["http://x/binary", "http://x/chunked", "http://x/gzip", "http://x/no-type"]
    for url in ("http://x/chunked", "http://x/gzip", "http://x/no-type"):
        assert records[url]["tables"][0]["rows"] == [["1", "2"]] and "<" not in records[url]["text"]
    assert records["http://x/binary"]["error"] == "the page is not text (looks binary)" and code == 1
    assert "encodings.warc.gz#<urn:uuid:" in err and "1 failed" in err


def test_stdin_corpora_and_compressed_documents(tmp_path: Path) -> None:
    import subprocess
    import sys

    def piped(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "tablefix", "-", *args], input=data, capture_output=True)

    warc = piped((CORPORA / "pages.warc.gz").read_bytes())
    assert warc.stdout.decode() == (EXPECTED / "pages.warc.jsonl").read_text()
    assert piped((CORPORA / "pages.warc.gz").read_bytes(), "--field", "text").stdout == warc.stdout
    lines = piped((CORPORA / "articles.jsonl.zst").read_bytes(), "--field", "text", "--id-field", "id")
    assert lines.stdout.decode() == (EXPECTED / "articles.jsonl").read_text()
    import gzip

    doc = piped(gzip.compress(b"A | B\n---|---\n1 | 2\n"), "--to", "csv")
    assert doc.returncode == 0 and doc.stdout == b"A,B\n1,2\n"


def test_out_field_never_overwrites_and_old_errors_go(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in (
        {"id": 1, "text": "A | B\n---|---\n1 | 2\n", "clean": "mine"},
        {"id": 2, "text": "Plain.\n", "doc": "a string"},
        {"id": 3, "text": "Plain.\n", "error": "fetch timeout"})) + "\n")
    out = [json.loads(line) for line in cli(p, field="text", out_field="clean")[1].splitlines()]
    assert out[0]["clean"] == "mine" and "already has a field 'clean'" in out[0]["error"]
    assert "error" not in out[2] and out[2]["clean"] == "Plain.\n"
    nested = [json.loads(line) for line in cli(p, field="text", out_field="doc.clean")[1].splitlines()]
    assert nested[1]["doc"] == "a string" and "already has a field 'doc.clean'" in nested[1]["error"]
    assert nested[0]["doc"] == {"clean": "A | B\n---|---\n1 | 2\n"}


def test_parquet_floats_and_a_missing_column(tmp_path: Path) -> None:
    import pyarrow as pa

    p = tmp_path / "f.parquet"
    rows = [{"text": "Plain.\n", "score": float("nan")}, {"text": "B.\n", "score": 1.5}]
    pq.write_table(pa.Table.from_pylist(rows), p)
    out = [json.loads(line) for line in cli(p, field="text")[1].splitlines()]  # strict JSON: no bare NaN
    assert [r["score"] for r in out] == [None, 1.5]
    code, out_text, err = cli(p, field="body")
    assert code == 1 and out_text == "" and err.count("no column 'body' (its columns: text, score)") == 2

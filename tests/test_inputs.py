"""Bad inputs each get a clear `tablefix: error: ...`: exit 2 for a single input; in a batch, counted as
failed while the rest go on (exit 1). Good inputs in other shapes (gzip, BOMs, legacy charsets) are read."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from tablefix import inputs
from tablefix.inputs import InputError, decompressed, open_raw
from tablefix.options import Options
from tablefix.readers.decode import decode
from tablefix.run import run

TABLE = "A | B\n---|---\n1 | 2\n"
UNDECODABLE = bytes(range(128, 256)) * 4  # no charset fits: not UTF-8 and charset-normalizer gives up


def read_input(name: str) -> str:
    """The text of a file, as a worker reads it."""
    with open_raw(name) as raw:
        return decode(decompressed(raw, name).read(), name)


def cli(*files: str | Path, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Options(files=tuple(map(str, files)), **kw), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def bad(tmp_path: Path) -> dict[str, Path]:
    """One input of each bad kind, with the words its message must contain."""
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "latin.txt").write_bytes(UNDECODABLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    (tmp_path / "damaged.txt.gz").write_bytes(gzip.compress(TABLE.encode())[:-12])
    (tmp_path / "adir").mkdir()
    return {"binary.txt": tmp_path / "binary.txt", "latin.txt": tmp_path / "latin.txt",
            "empty.txt": tmp_path / "empty.txt", "blank.txt": tmp_path / "blank.txt",
            "damaged.txt.gz": tmp_path / "damaged.txt.gz", "missing.txt": tmp_path / "missing.txt",
            "nested": tmp_path / "binary.txt" / "x.txt"}


MESSAGES = {
    "binary.txt": "is not text (looks binary)",
    "latin.txt": "cannot tell its text encoding",
    "empty.txt": "is empty; nothing to read",
    "blank.txt": "is empty; nothing to read",
    "damaged.txt.gz": "is a damaged compressed file",
    "missing.txt": "does not exist; check the path",
    "nested": "does not exist (a part of the path is a file",
}


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_a_single_bad_input_is_exit_2_with_a_clear_message(bad: dict[str, Path], kind: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, stdout, stderr = cli(bad[kind], to="csv", output=out)
    assert code == 2
    assert stderr.startswith("tablefix: error: ") and MESSAGES[kind] in stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*"))


def test_in_a_batch_bad_inputs_are_counted_and_the_rest_go_on(bad: dict[str, Path], tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TABLE)
    names = sorted(MESSAGES)
    code, stdout, stderr = cli(*(bad[k] for k in names[:3]), good, *(bad[k] for k in names[3:]), to="csv", jobs=1)
    assert code == 1
    assert stdout == "A,B\n1,2\n"
    for kind in names:
        assert MESSAGES[kind] in stderr
    assert f"{len(names)} failed" in stderr.splitlines()[-len(names) - 2]


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(TABLE)

    def denied(*args: object, **kw: object) -> object:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(inputs, "open", denied, raising=False)  # root reads any file, so pretend
    code, _, stderr = cli(p, to="csv")
    assert code == 2 and "secret.txt cannot be read (permission denied)" in stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(TABLE)
    p.chmod(0)
    code, _, stderr = cli(p, to="csv")
    assert code == 2 and "cannot be read (permission denied)" in stderr


def test_directory_where_a_file_was_expected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory; expected a file"):
        read_input(str(tmp_path))
    src = tmp_path / "a.txt"
    src.write_text(TABLE)
    code, _, stderr = cli(src, to="csv", output=tmp_path)
    assert code == 2 and "is a directory; give a file name" in stderr


def test_gzip_input_is_read_by_its_magic(tmp_path: Path) -> None:
    for name in ("a.txt.gz", "b.txt"):
        (tmp_path / name).write_bytes(gzip.compress(TABLE.encode()))
        assert read_input(str(tmp_path / name)) == TABLE


def test_utf16_with_bom_and_legacy_charsets_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes(TABLE.replace("1", "é").encode("utf-16"))
    assert read_input(str(tmp_path / "u16.txt")) == TABLE.replace("1", "é")
    text = "Der Bürgermeister äußerte sich über die Größe der Straße, und die Übersicht zeigt es.\n" * 3 + TABLE
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    assert read_input(str(tmp_path / "cp1252.txt")) == text

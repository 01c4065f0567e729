"""The records of a corpus, streamed, whatever its format: JSON Lines (plain, gzip, zstd, bzip2), Parquet
row groups (pyarrow) and WARC/WET records (FastWARC). Each record comes as an `Item`: its label for
messages, and the record, or the reason it is not one."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple

from ..inputs import InputError, label

BATCH_ROWS = 256
"""Parquet rows read (and written) at a time: a few MB of text, so memory stays flat as a file grows."""


class Item(NamedTuple):
    where: str
    """`NAME#ID`, else `NAME:LINE` (a Parquet row's number, a WARC record's place)."""
    record: dict[str, Any]
    error: str | None = None
    """Why it cannot be cleaned as it comes (then `record` is what to write for it)."""


def _where(name: str, record: dict[str, Any], id_field: str | None, n: int) -> str:
    """`name#ID` with an `id_field`, else (or when the record has no such field) `name:N`."""
    if not id_field:
        return f"{name}:{n}"
    from .records import get_field

    try:
        return f"{name}#{get_field(record, id_field)}"
    except KeyError:
        return f"{name}:{n}"


def jsonl_items(lines: Iterable[tuple[int, bytes]], name: str, id_field: str | None) -> Iterator[Item]:
    """Numbered lines -> records; blank lines are not records, a line that is not a JSON object is kept as
    `{"line", "raw", "error"}`."""
    where = label(name)
    for n, raw in lines:
        if not raw or raw.isspace():  # blank (bytes.isspace: the whitespace bytes.strip strips; no copy made)
            continue
        try:
            record, error = json.loads(raw), None
        except ValueError as e:
            record, error = None, f"not valid JSON ({e})"
        if not isinstance(record, dict):
            error = error or f"not a JSON object (a {type(record).__name__})"
            yield Item(f"{where}:{n}", {"line": n, "raw": raw.decode("utf-8", "backslashreplace").rstrip("\r"),
                                        "error": error}, error)
        else:
            yield Item(_where(where, record, id_field, n), record)


def numbered_lines(stream: Any, name: str, first: int = 1) -> Iterator[tuple[int, bytes]]:
    """The lines of a JSON Lines stream; a stream of binary data is refused before any line is read."""
    from ..readers.decode import not_json_text

    if not_json_text(stream.peek(8192)[:8192]):
        raise InputError(f"{label(name)} is not JSON Lines (not UTF-8 text: binary, or compressed in a format "
                         "tablefix does not read); nothing written")
    for n, raw in enumerate(stream, first):
        yield n, raw.rstrip(b"\n")


def parquet_items(source: Any, name: str, id_field: str | None) -> Iterator[tuple[Any, list[Item]]]:
    """(the input's Arrow schema, the records of one batch), batch by batch."""
    try:
        import pyarrow.parquet as pq
        from pyarrow import ArrowException
    except ImportError:
        raise InputError(f"{name} is a Parquet file; pip install 'tablefix[parquet]' to read it") from None
    try:
        pf = pq.ParquetFile(source)
        n = 0
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            items = []
            for record in batch.to_pylist():
                n += 1
                items.append(Item(_where(label(name), record, id_field, n), record))
            yield pf.schema_arrow, items
        if n == 0:  # an empty file still has its schema, for an empty output
            yield pf.schema_arrow, []
    except (ArrowException, OSError) as e:  # pyarrow raises OSError for a damaged file
        why = str(e).strip()
        raise InputError(f"{name}: not a readable Parquet file ({why}); its output was not written") from None


def warc_items(stream: BinaryIO, name: str) -> Iterator[Item]:
    """Each `response` record with an HTML payload (a page: `text` is its HTML, its transfer and content
    encodings undone) and each WET `conversion` record (extracted text), as {"id", "url", "text"}; other
    records (DNS lookups, images, robots.txt, requests, metadata) are not documents."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        raise InputError(f"{name} is a WARC file; pip install 'tablefix[warc]' to read it") from None
    from ..readers.decode import DecodeError, decode

    wanted = WarcRecordType.response | WarcRecordType.conversion
    for rec in ArchiveIterator(stream, record_types=wanted, parse_http=True, auto_decode="all"):
        rid, url = rec.record_id, rec.headers.get("WARC-Target-URI")
        where = f"{label(name)}#{rid}"
        response = rec.record_type == WarcRecordType.response
        http = rec.http_headers if response else None
        if response and http is None:  # not an HTTP response (`dns:` lookups): no page
            continue
        content_type = http.get("Content-Type", "").lower() if http is not None else ""
        if response and content_type and "html" not in content_type:
            continue
        body = rec.reader.read()
        if response and not content_type and body.lstrip()[:1] != b"<":  # no type given, and not markup
            continue
        encoded = http is not None and (http.get("Transfer-Encoding") or http.get("Content-Encoding"))
        if len(body) < rec.content_length and not encoded:  # decoding changes the length; otherwise a cut
            raise InputError(f"{name}: WARC record {rid} is cut short ({len(body)} of {rec.content_length} bytes); "
                             "its output was not written")
        record: dict[str, Any] = {"id": rid, "url": url, "text": None}
        try:
            record["text"] = _http_text(body, content_type) if response else decode(body, "the text")
        except DecodeError as e:
            why = str(e).removesuffix("; nothing written")  # the record is written, with its error
            yield Item(where, {**record, "error": why}, why)
            continue
        yield Item(where, record)


def _http_text(body: bytes, content_type: str) -> str:
    """A page's text: the charset its HTTP header declares, when the body is valid in it; else as a browser
    reads a page that declares none (its BOM or `<meta charset>`, then windows-1252)."""
    from ..readers.decode import decode

    charset = content_type.partition("charset=")[2].split(";")[0].strip(" \"'")
    if charset and not body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            from ..text_rules import normalize_newlines

            return normalize_newlines(body.decode(charset))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, "the page") if body.strip() else ""

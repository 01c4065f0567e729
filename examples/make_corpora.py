"""Make the tiny corpora in examples/ and tests/fixtures/corpora/ (our own text; rerun to rebuild them).

    python examples/make_corpora.py    # needs warcio, pyarrow and zstandard (the test extra)
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "corpora"

ARTICLES = [
    ("a1", "https://example.org/markets/rates",
     "Rates held steady this quarter.\n\n| Bank | Rate | Change | ||||||\n|---|---|---|---|---|\n"
     "| North | 4.25% | 0 |\n| South | 3.90% | -0.10 |\n\nAnalysts expect a cut in spring.\n"),
    ("a2", "https://example.org/town/budget",
     "The council met on Tuesday to agree the budget for next year.\n\n.promo-box{display:none;margin:0 auto}\n\n"
     "The council met on Tuesday to agree the budget for next year.\n\n"
     "Item | Spend\n---|---\nRoads | 1.2m\nParks | 0.4m\n"),
    ("a3", "https://example.org/notes/plain", "Nothing tabular here, just a short note about the weather.\n"),
    ("a4", None, None),
]
"""id, url, text: a ragged pipe table; leaked CSS, a repeated paragraph and a table; prose; no text."""

PAGES = [
    ("https://example.org/league", "<html><head><title>League</title><style>td{padding:2px}</style></head><body>"
     "<h1>Standings</h1><p>After round nine.</p><table><tr><th>Team</th><th>Points</th></tr>"
     "<tr><td>Rovers</td><td>21</td></tr><tr><td>United</td><td>18</td></tr></table></body></html>"),
    ("https://example.org/about", "<html><head><title>About</title></head><body><p>We write about sport.</p>"
     "</body></html>"),
]


def warc(wet: bool) -> bytes:
    """Response records (two HTML pages, a robots.txt that is not a page) or their WET conversions."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in PAGES + [("https://example.org/robots.txt", "User-agent: *\n")]:
        kind = "text/html; charset=utf-8" if url.endswith(("league", "about")) else "text/plain"
        if wet:
            if kind.startswith("text/plain"):
                continue
            league = "Standings\nAfter round nine.\nTeam | Points\n---|---\nRovers | 21\nUnited | 18\n"
            text = league if "league" in url else "We write about sport.\n"
            record = writer.create_warc_record(url, "conversion", payload=io.BytesIO(text.encode()),
                                               warc_content_type="text/plain")
        else:
            http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=http)
        number = int(hashlib.md5(url.encode()).hexdigest()[:12], 16) % 10**12
        record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>")
        record.rec_headers.replace_header("WARC-Date", "2026-01-01T00:00:00Z")
        writer.write_record(record)
    return out.getvalue()


def encodings_warc() -> bytes:
    """Responses as crawls hold them: a DNS lookup (no HTTP), a chunked page, a gzip-encoded page, a page with no
    Content-Type, and bytes that are not a page although declared one."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    html = (b"<html><body><p>Hello there.</p><table><tr><th>A</th><th>B</th></tr>"
            b"<tr><td>1</td><td>2</td></tr></table></body></html>")
    records = [("dns:example.org", b"20260101 example.org. 300 IN A 192.0.2.1", None),
               ("http://x/chunked", b"%x\r\n%s\r\n0\r\n\r\n" % (len(html), html),
                [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]),
               ("http://x/gzip", gzip.compress(html, mtime=0),
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]),
               ("http://x/no-type", html, []),
               ("http://x/binary", bytes(range(256)) * 20, [("Content-Type", "text/html")])]
    for url, payload, headers in records:
        http = None if headers is None else StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                           warc_content_type="text/dns" if http is None else None)
        record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{hashlib.md5(url.encode()).hexdigest()}>")
        record.rec_headers.replace_header("WARC-Date", "2026-01-01T00:00:00Z")
        writer.write_record(record)
    return out.getvalue()


def main() -> None:
    rows = [{"id": i, "url": u, "text": t, "meta": {"lang": "en"}} for i, u, t in ARTICLES]
    jsonl = "".join(json.dumps(r) + "\n" for r in rows).encode()
    for folder in (HERE, FIXTURES):
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), folder / "articles.parquet", row_group_size=2)
        (folder / "pages.warc.gz").write_bytes(warc(wet=False))
        (folder / "pages.warc.wet.gz").write_bytes(warc(wet=True))
    (FIXTURES / "articles.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(jsonl))
    (FIXTURES / "articles.jsonl.bz2").write_bytes(bz2.compress(jsonl))
    (FIXTURES / "encodings.warc.gz").write_bytes(encodings_warc())
    nested = "".join(json.dumps({"doc": {"id": i, "body": t}}) + "\n" for i, _, t in ARTICLES[:2]).encode()
    (FIXTURES / "nested.jsonl").write_bytes(nested)
    # damaged inputs: each fails alone, with a message
    (FIXTURES / "damaged" ).mkdir(exist_ok=True)
    (FIXTURES / "damaged" / "cut.jsonl.gz").write_bytes(gzip.compress(jsonl, mtime=0)[:-30])
    whole = gzip.decompress(warc(wet=False))
    (FIXTURES / "damaged" / "cut-record.warc").write_bytes(whole[:whole.index(b"Rovers")])
    data = (FIXTURES / "articles.parquet").read_bytes()
    (FIXTURES / "damaged" / "footer.parquet").write_bytes(data[:-12] + b"\0" * 8 + b"PAR1")
    (FIXTURES / "damaged" / "packed.jsonl.xz").write_bytes(b"\xfd7zXZ\x00" + b"\0" * 40)


if __name__ == "__main__":
    main()

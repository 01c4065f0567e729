"""A longer fuzz run than the unit suite: many generated inputs through the whole pipeline.

    python tests/fuzz/fuzz_tablefix.py --examples 20000

Checks, for each input: bytes decode or raise DecodeError (never anything else); cleaning never
raises; every writer runs; for text input the blocks cover the source exactly and cleaning its
own text output changes nothing. Prints how many inputs were tried and what failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import tablefix  # noqa: E402
from tablefix.readers.decode import DecodeError, decode  # noqa: E402
from tablefix.writers import WRITERS  # noqa: E402
from test_properties import article, covers_source  # noqa: E402

HTML_BITS = st.sampled_from(["<table>", "</table>", "<tr>", "<td>", "</td>", "<th colspan=3>", "<td rowspan=99>",
                             "<br>", "<div style='display:none'>", "<style>", "</style>", "<p>", "&amp;",
                             "<html><body>", "x", " | ", "\n", "{", "}", "td { color: red; }"])
INPUTS = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400),
    article(),
    st.lists(HTML_BITS, max_size=60).map("".join),
    st.lists(st.sampled_from(["|", "-", "+", " ", "\t", "a", "1", "\n", ":", "=", "\\", "*", "_"]),
             max_size=300).map("".join),
)

stats = {"tried": 0, "bytes_refused": 0, "tables": 0, "failures": 0}


def check(value: bytes | str) -> None:
    stats["tried"] += 1
    if isinstance(value, bytes):
        try:
            text = decode(value, "fuzz input")
        except DecodeError:
            stats["bytes_refused"] += 1
            return
    else:
        text = value.replace("\r", "\n")
    doc = tablefix.clean(text)
    stats["tables"] += len(doc.tables)
    for fmt in WRITERS:
        tablefix.write(doc, fmt)
    for fmt in ("md", "html"):
        tablefix.write(doc, fmt, document=True)
    if "<" not in text:  # text input (whole HTML pages keep visible text, not source slices)
        assert covers_source(doc), f"blocks do not cover the input {text!r}"
        once = tablefix.write(doc, "text")
        assert tablefix.write(tablefix.clean(once), "text") == once, f"not idempotent on {text!r}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=5000)
    a = ap.parse_args()
    t0 = time.perf_counter()
    run = settings(max_examples=a.examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))(given(INPUTS)(check))
    try:
        run()
        outcome = "no failure found"
    except Exception as e:  # noqa: BLE001 - report whatever the fuzzer found
        stats["failures"] += 1
        outcome = f"FAILURE: {type(e).__name__}: {e}"
    dt = time.perf_counter() - t0
    print(f"tried {stats['tried']} inputs in {dt:.0f} s ({stats['bytes_refused']} byte inputs refused as "
          f"not text, {stats['tables']} tables found): {outcome}")
    return 1 if stats["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

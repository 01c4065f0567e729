"""What tablefix found and changed in a document, for people (a rich table on stderr) and for machines
(`--report json`, the record of writers/json.py). Made from that record, so a worker process only sends
the record, and both views say the same."""

from __future__ import annotations

import os
from typing import Any, TextIO


def excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text[: 4 * width].split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def rows(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """One row per thing found or changed, in line order: each table, each fix (a cut is one fix, however many
    lines its removed text spans), and removed text no fix stands for (hidden elements of an HTML page)."""
    cuts = [(f["start"], f["end"], f["code"]) for f in record["fixes"] if f["code"].startswith("drop-")]

    def cut(r: dict[str, Any]) -> bool:
        return any(a < r["end"] and r["start"] < b and code.startswith(f"drop-{r['reason']}") for a, b, code in cuts)

    found = [((t["lines"][0], 0), t["lines"], f"table ({t['origin']})", f"{t['columns']} columns x {t['rows']} rows")
             for t in record["tables"]]
    found += [((f["lines"][0], 1), f["lines"], f["code"], excerpt(f["message"], 80)) for f in record["fixes"]]
    found += [((r["lines"][0], 1), r["lines"], f"removed {r['reason']}", excerpt(r["text"]))
              for r in record["removed"] if not cut(r)]
    return [(f"{lines[0]}-{lines[1]}", what, detail) for _, lines, what, detail in sorted(found, key=lambda r: r[0])]


def write_report(record: dict[str, Any], kind: str, stream: TextIO) -> None:
    if kind == "json":
        import json

        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(file=stream, no_color="NO_COLOR" in os.environ, highlight=False, soft_wrap=False)
    grid = RichTable(title=f"tablefix: {record['source']}", show_lines=False)
    for col in ("lines", "what", "detail"):
        grid.add_column(col)
    for row in rows(record):
        grid.add_row(*row)
    console.print(grid)

"""What tablefix found and changed, for people (a rich table on stderr) and machines (JSON)."""

from __future__ import annotations

import json
import os
from typing import TextIO

from .model import Document, Noise, Table


def excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text[: 4 * width].split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def removed_blocks(doc: Document) -> list[Noise]:
    """Every removed piece, in source order: noise blocks and the holes inside tables."""
    out: list[Noise] = []
    for b in doc.blocks:
        if isinstance(b, Noise):
            out.append(b)
        elif isinstance(b, Table):
            out += b.holes
    return out


def report_record(doc: Document) -> dict[str, object]:
    """Everything found and changed in one document, every removed character with its span."""
    tables = [{"lines": [t.span.line, t.span.end_line], "origin": t.origin, "columns": t.width,
               "rows": len(t.rows), "fixes": [f.as_dict() for f in fixes]}
              for t, fixes in zip(doc.tables, doc.table_fixes(), strict=True)]
    removed = [{"reason": b.reason, "lines": [b.span.line, b.span.end_line], "start": b.span.start,
                "end": b.span.end, "text": b.text} for b in removed_blocks(doc)]
    return {"source": doc.name, "tables": tables, "removed": removed, "fixes": [f.as_dict() for f in doc.fixes]}


def write_report(doc: Document, kind: str, stream: TextIO) -> None:
    if kind == "json":
        stream.write(json.dumps(report_record(doc), ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(file=stream, no_color="NO_COLOR" in os.environ, highlight=False, soft_wrap=False)
    grid = RichTable(title=f"tablefix: {doc.name}", show_lines=False)
    for col in ("lines", "what", "detail"):
        grid.add_column(col)
    for b in doc.blocks:
        if isinstance(b, Table):
            grid.add_row(f"{b.span.line}-{b.span.end_line}", f"table ({b.origin})",
                         f"{b.width} columns x {len(b.rows)} rows")
        for n in [b] if isinstance(b, Noise) else b.holes if isinstance(b, Table) else []:
            grid.add_row(f"{n.span.line}-{n.span.end_line}", f"removed {n.reason}", excerpt(n.text))
    for f in doc.fixes:
        grid.add_row(f"{f.span.line}-{f.span.end_line}", f.code, excerpt(f.message, 80))
    console.print(grid)

"""Every JSON shape, built in one place: a document's record (`--to json`, one JSON Lines object per input;
its tables and fixes are also what a `--field` record gains) and the report's record (`--report json`)."""

from __future__ import annotations

from ..model import Document, Fix, Noise, Table


def table_record(table: Table, fixes: list[Fix], report: bool = False) -> dict[str, object]:
    """A table with its cells, or (for the report) its size."""
    lines = [table.span.line, table.span.end_line]
    if report:
        return {"lines": lines, "origin": table.origin, "columns": table.width, "rows": len(table.rows),
                "fixes": [f.as_dict() for f in fixes]}
    return {"columns": list(table.columns) if table.columns is not None else None,
            "rows": list(map(list, table.rows)), "origin": table.origin, "lines": lines,
            "fixes": [f.as_dict() for f in fixes]}


def removed(doc: Document) -> list[Noise]:
    """Every removed piece, in source order: noise blocks and the holes inside tables."""
    out: list[Noise] = []
    for b in doc.blocks:
        if isinstance(b, Noise):
            out.append(b)
        elif isinstance(b, Table):
            out += b.holes
    return out


def removed_records(doc: Document) -> list[dict[str, object]]:
    """Every removed piece with its reason, lines, offsets and text."""
    return [{"reason": b.reason, "lines": [b.span.line, b.span.end_line], "start": b.span.start, "end": b.span.end,
             "text": b.text} for b in removed(doc)]


def document_record(doc: Document, report: bool = False) -> dict[str, object]:
    """`{"source", "tables", "fixes"}`; the report's adds every removed piece, with its text and offsets,
    so the kept and removed spans rebuild the input."""
    tables = doc.tables
    fixes = doc.table_fixes() if tables and doc.fixes else [[] for _ in tables]  # most documents: neither
    out: dict[str, object] = {"source": doc.name, "tables": [
        table_record(t, f, report) for t, f in zip(tables, fixes, strict=True)]}
    if report:
        out["removed"] = removed_records(doc)
    out["fixes"] = [f.as_dict() for f in doc.fixes]
    return out


def write_json(doc: Document) -> str:
    import json  # only for --to json: a plain run starts faster without it

    return json.dumps(document_record(doc), ensure_ascii=False) + "\n"

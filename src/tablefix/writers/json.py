"""JSON Lines: one object per input document, the contract scripts rely on."""

from __future__ import annotations

import json

from ..model import Document, Fix, Table


def table_record(table: Table, fixes: list[Fix]) -> dict[str, object]:
    return {"columns": list(table.columns) if table.columns is not None else None,
            "rows": [list(r) for r in table.rows], "origin": table.origin,
            "lines": [table.span.line, table.span.end_line],
            "fixes": [f.as_dict() for f in fixes]}


def document_record(doc: Document) -> dict[str, object]:
    return {"source": doc.name,
            "tables": [table_record(t, fixes) for t, fixes in zip(doc.tables, doc.table_fixes(), strict=True)],
            "fixes": [f.as_dict() for f in doc.fixes]}


def write_json(doc: Document) -> str:
    return json.dumps(document_record(doc), ensure_ascii=False) + "\n"

"""Parquet outputs, with a fixed schema: a cleaned corpus (the input's columns, the cleaned text, and
`tables`, `fixes`, `error`, `removed`), and the table dataset of `--tables-out` (one row per table)."""

from __future__ import annotations

from typing import Any


def _types() -> dict[str, Any]:
    import pyarrow as pa

    lines = pa.list_(pa.int64())
    fix = pa.struct([("code", pa.string()), ("message", pa.string()), ("lines", lines), ("start", pa.int64()),
                     ("end", pa.int64())])
    table = [("columns", pa.list_(pa.string())), ("rows", pa.list_(pa.list_(pa.string()))), ("origin", pa.string()),
             ("lines", lines), ("fixes", pa.list_(fix))]
    removed = pa.struct([("reason", pa.string()), ("lines", lines), ("start", pa.int64()), ("end", pa.int64()),
                         ("text", pa.string())])
    return {"fix": fix, "table": pa.struct(table), "table_fields": table, "removed": removed}


def corpus_schema(source: Any, out_field: str | None, report: bool) -> Any:
    """The input's schema with the cleaned text's column (a new `out_field`, or `field` as a string) and
    `tables`, `fixes`, `error` (and `removed` with --report) after its own columns."""
    import pyarrow as pa

    t = _types()
    added = [("tables", pa.list_(t["table"])), ("fixes", pa.list_(t["fix"])), ("error", pa.string())]
    added += [("removed", pa.list_(t["removed"]))] if report else []
    if out_field:
        added.insert(0, (out_field, pa.string()))
    kept = [f for f in source if f.name not in {name for name, _ in added}]
    return pa.schema(kept + [pa.field(name, kind) for name, kind in added], metadata=source.metadata)


def tables_schema() -> Any:
    """One row per table: the document's id and url, the table's place in it (1-based), and the table."""
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("url", pa.string()), ("table", pa.int64())] + _types()["table_fields"])


class ParquetSink:
    """Records written to a Parquet file in batches (the caller owns and commits the file)."""

    def __init__(self, file: Any, schema: Any) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        self.writer = pq.ParquetWriter(file, schema)

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        if rows:
            self.writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


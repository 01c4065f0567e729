"""What a worker does with a corpus, or a block of one: each record cleaned (or kept with its `error`), in
order, written to one output as JSON Lines or Parquet, and the rows of the table dataset collected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..inputs import InputError
from .formats import Item, jsonl_items, numbered_lines, parquet_items, warc_items
from .records import RecordError, clean_record, get_field, json_line


def clean_items(items: Iterable[Item], opts: Any, result: Any, crashed: str | None = None) -> Iterator[dict[str, Any]]:
    """Every item's output record: cleaned, or as it came with an `error` (also in `result.errors`).
    `crashed`: the worker that ran them died, so each fails with that reason."""
    for item in items:
        result.documents += 1
        reason = item.error or crashed
        if reason is None:
            try:
                out = clean_record(item.record, opts.field or "text", out_field=opts.out_field, skip=opts.skip,
                                   keep_markup=opts.keep_markup, report=bool(opts.report), name=item.where)
            except RecordError as e:
                reason = str(e)
            except Exception as e:  # noqa: BLE001 - the record is kept, with the reason
                reason = f"internal error ({type(e).__name__}: {e}); please report it"
            else:
                _count(item, out, opts, result)
                yield out
                continue
        result.errors.append(f"{item.where}: {reason}")
        yield item.record if item.error else {**item.record, "error": reason}


def _count(item: Item, out: dict[str, Any], opts: Any, result: Any) -> None:
    result.tables += len(out["tables"])
    result.found = result.found or bool(out["tables"])
    if out["fixes"]:
        result.fixes.update(f["code"] for f in out["fixes"])
    if opts.tables_out and out["tables"]:
        try:
            value = get_field(item.record, opts.id_field or "id")
        except KeyError:
            value = None
        key = item.where if value is None else str(value)
        url = item.record.get("url")
        result.table_rows += [{"id": key, "url": url if isinstance(url, str) else None, "table": k, **t}
                              for k, t in enumerate(out["tables"], 1)]


def clean_lines(data: bytes, first: int, name: str, out: BinaryIO, opts: Any, result: Any,
                crashed: str | None = None) -> None:
    """A block of JSON Lines, its first line numbered `first`."""
    result.nbytes += len(data)
    lines = enumerate(data.split(b"\n"), first)
    out.writelines(map(json_line, clean_items(jsonl_items(lines, name, opts.id_field), opts, result, crashed)))


def clean_corpus(kind: str, stream: BinaryIO, name: str, out: BinaryIO, opts: Any, result: Any,
                 parquet_out: bool) -> None:
    """A whole corpus of `kind` ("parquet", "warc" or "jsonl"), read from `stream`; Parquet out when `parquet_out`."""
    if kind != "parquet":
        items = (warc_items(stream, name) if kind == "warc"
                 else jsonl_items(numbered_lines(stream, name), name, opts.id_field))
        out.writelines(map(json_line, clean_items(items, opts, result)))
        return
    sink = None
    try:
        for schema, batch in parquet_items(stream, name, opts.id_field):
            top = (opts.field or "text").partition(".")[0]
            if sink is None and opts.field not in schema.names and top not in schema.names:
                raise InputError(f"{name}: no column {opts.field!r} (its columns: {', '.join(schema.names)})")
            if sink is None and opts.out_field and ("." in opts.out_field or opts.out_field in schema.names):
                raise InputError(f"{name}: --out-field {opts.out_field} must be a new top-level column of the "
                                 f"Parquet file (its columns: {', '.join(schema.names)})")
            rows = list(clean_items(batch, opts, result))
            if not parquet_out:
                out.writelines(map(json_line, rows))
                continue
            if sink is None:
                from .parquet import ParquetSink, corpus_schema

                sink = ParquetSink(out, corpus_schema(schema, opts.out_field, bool(opts.report)))
            sink.write(rows)
    finally:
        if sink is not None:
            sink.close()

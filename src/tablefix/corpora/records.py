"""One record cleaned: its text field in, the cleaned text with the record's tables and fixes out.

The library's entry point for data pipelines (`datasets.map`, Spark, Beam): `tablefix.clean_record` never
prints; a record it cannot clean raises RecordError saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ..pipeline import clean
from ..writers import write
from ..writers.json import document_record, removed_records


class RecordError(ValueError):
    """A record without a text to clean (no such field, null, not a string)."""


def get_field(record: dict[str, Any], field: str) -> Any:
    """`record[field]`, where `a.b` is field b of the object in field a (when no field is named `a.b`).
    KeyError when there is no such field."""
    if field in record or "." not in field:
        return record[field]
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, dict):
            raise KeyError(field)
        value = value[part]
    return value


def with_field(record: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """A copy of `record` with `field` (`a.b`: nested) set to `value`; the record itself is left as it was."""
    if field in record or "." not in field:
        return {**record, field: value}
    head, _, rest = field.partition(".")
    inner = record.get(head)
    return {**record, head: with_field(inner if isinstance(inner, dict) else {}, rest, value)}


def _has_field(record: dict[str, Any], field: str) -> bool:
    """Whether the record has `field`, or a part of its path (`a` of `a.b`) that is not an object."""
    if field in record:
        return True
    head, dot, rest = field.partition(".")
    return bool(dot) and head in record and (not isinstance(record[head], dict) or _has_field(record[head], rest))


def text_of(record: dict[str, Any], field: str) -> str:
    try:
        text = get_field(record, field)
    except KeyError:
        raise RecordError(f"no field {field!r}") from None
    if text is None:
        raise RecordError(f"field {field!r} is null")
    if not isinstance(text, str):
        raise RecordError(f"a {type(text).__name__}, not a string, in field {field!r}")
    return text


def clean_record(record: dict[str, Any], field: str = "text", *, out_field: str | None = None,
                 skip: tuple[str, ...] = (), keep_markup: bool = False, report: bool = False,
                 name: str = "-") -> dict[str, Any]:
    """The record with its `field` cleaned (as `--to text` writes it; into `out_field` instead when given,
    the original kept), and `tables` and `fixes` added as in the JSON contract; with `report`, `removed`
    too: every removed piece with its text and offsets. `name` names the record in fixes' messages.

        >>> clean_record({"id": 1, "text": "A | B\\n---|---\\n1 | 2\\n"})["tables"][0]["rows"]
        [['1', '2']]
    """
    text = text_of(record, field)
    if out_field is not None and _has_field(record, out_field):
        raise RecordError(f"it already has a field {out_field!r}; --out-field needs a new name")
    doc = clean(text, name, skip, keep_markup)
    made = document_record(doc)
    out = with_field(record, out_field or field, write(doc, "text"))
    out.pop("error", None)  # an error from an earlier run is no longer this record's
    out.pop("removed", None)
    out["tables"], out["fixes"] = made["tables"], made["fixes"]
    if report:
        out["removed"] = removed_records(doc)
    return out


def _no_nan(value: Any) -> Any:
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def json_line(record: object) -> bytes:
    """One output line; lone surrogates (legal in JSON escapes, not in UTF-8) stay escaped; values JSON has no
    type for (a Parquet timestamp, bytes) are written as text."""
    try:
        text = _encoder()(record)
    except ValueError:  # NaN or infinity (a Parquet float): JSON has none, null stands for them
        import json

        record = _no_nan(record)
        text = json.dumps(record, ensure_ascii=False, default=str)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        import json

        return (json.dumps(record, default=str) + "\n").encode("utf-8")


@cache
def _encoder() -> Callable[[object], str]:
    """`json.dumps(record, ensure_ascii=False, default=str, allow_nan=False)`, its encoder made once (json.dumps
    makes one a call when given options) and json imported on first use (start-up time)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, default=str, allow_nan=False).encode

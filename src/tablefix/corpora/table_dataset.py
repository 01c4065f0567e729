"""`--tables-out`: every table of a run as one dataset, a row each, in input order."""

from __future__ import annotations

from typing import Any

from .parquet import ParquetSink, tables_schema


class TableDataset:
    """Parquet or JSON Lines by the file's extension; committed whole at the end of a run that was not
    interrupted, else nothing is left."""

    ROWS = 1024
    """Rows per Parquet row group."""

    def __init__(self, path: str) -> None:
        from ..outputs import open_output

        self.file = open_output(path)
        self.sink = ParquetSink(self.file.file, tables_schema()) if path.endswith(".parquet") else None
        self.rows: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        if self.sink is None:
            from .records import json_line

            self.file.file.writelines(map(json_line, rows))
            return
        self.rows += rows
        if len(self.rows) >= self.ROWS:
            self.sink.write(self.rows)
            self.rows = []

    def close(self, commit: bool) -> None:
        if not commit:
            self.file.discard()
            return
        if self.sink is not None:
            self.sink.write(self.rows)
            self.sink.close()
        self.file.commit()

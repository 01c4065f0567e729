"""Ordered repair passes: each a pure function Document -> (Document, [Fix]), named so `--skip` can
turn it off and the report can say which pass made each change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Document, Fix
from .duplicates import drop_duplicates
from .leaks import drop_leaks
from .ragged import fix_ragged_rows
from .rejoin import rejoin_interrupted_tables

Pass = Callable[[Document], tuple[Document, list[Fix]]]

PASSES: list[tuple[str, Pass]] = [
    ("leaks", drop_leaks),
    ("duplicates", drop_duplicates),
    ("rejoin-tables", rejoin_interrupted_tables),
    ("ragged-rows", fix_ragged_rows),
]


def repair(doc: Document, skip: Iterable[str] = ()) -> Document:
    """Run every pass not in `skip`, in order; the fixes they report are added to the document."""
    skipped = set(skip)
    fixes: list[Fix] = list(doc.fixes)
    for name, run in PASSES:
        if name not in skipped:
            doc, found = run(doc)
            fixes += found
    fixes.sort(key=lambda f: (f.span.start, f.span.end))
    return doc.with_fixes(tuple(fixes))

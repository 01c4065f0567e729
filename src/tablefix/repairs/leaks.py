"""Leaked `<style>` rules and script text: cut exactly the code, keep the prose around it."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Fix, Text
from ..report import excerpt
from ..source import SourceMap
from .cut import Cut, apply_cuts


def raw_text_runs(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of consecutive verbatim text blocks: the prose between tables."""
    start = end = -1
    for b in doc.blocks:
        if isinstance(b, Text) and b.kind == "raw" and b.span.start == end:
            end = b.span.end
            continue
        if start >= 0:
            yield start, end
        start, end = (b.span.start, b.span.end) if isinstance(b, Text) and b.kind == "raw" else (-1, -1)
    if start >= 0:
        yield start, end


def drop_leaked_code(doc: Document) -> tuple[Document, list[Fix]]:
    from ..detect.css import find_css_and_script

    cuts = []
    for start, end in raw_text_runs(doc):
        for a, b, reason in find_css_and_script(doc.source[start:end]):
            code = doc.source[start + a:start + b]
            cuts.append(Cut(start + a, start + b, reason, f"drop-{reason}",
                            f"removed leaked {reason}: {excerpt(code, 50)}"))
    if not cuts:
        return doc, []
    return apply_cuts(doc, cuts, SourceMap(doc.source).span)

"""The `leaks` pass: leaked CSS and script, found by the reader, cut out as noise.

The reader finds them first and blanks them out while it looks for tables, so a rule glued into
or between table rows does not hide the table (readers/text.py); this pass then removes them: a
leak inside a table's span becomes one of the table's holes, anywhere else it is cut from the text.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document, Fix, Noise, Table
from ..report import excerpt
from .cut import Cut, apply_cuts


def drop_leaks(doc: Document) -> tuple[Document, list[Fix]]:
    if not doc.leaks:
        return doc, []
    spans = doc.source_map().span
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    holes: dict[int, list[Noise]] = {}
    cuts: list[Cut] = []
    fixes: list[Fix] = []
    k = 0
    for a, b, reason in doc.leaks:
        while k < len(tables) and tables[k].span.end <= a:
            k += 1
        code = doc.text[a:b]
        message = f"removed leaked {reason}: {excerpt(code, 50)}"
        if k < len(tables) and tables[k].span.start <= a and b <= tables[k].span.end:
            holes.setdefault(k, []).append(Noise(code, spans(a, b), reason))
            fixes.append(Fix(f"drop-{reason}", message, spans(a, b)))
        else:
            cuts.append(Cut(a, b, reason, f"drop-{reason}", message))  # apply_cuts makes its fix
    if holes:
        done = {id(tables[k]): replace(tables[k], holes=tables[k].holes + tuple(h)) for k, h in holes.items()}
        doc = doc.with_blocks(tuple(done.get(id(b), b) for b in doc.blocks))
    doc, cut_fixes = apply_cuts(doc, cuts, spans)
    # the document without its leaks, made as with_blocks makes one (dataclasses.replace costs more)
    return Document(doc.text, doc.blocks, doc.name, doc.fixes, doc.keep_markup, doc.line_map), fixes + cut_fixes

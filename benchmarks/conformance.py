"""How many tables of the reference suites tablefix reads as the reference reader does.

Reads the table examples of a local pandoc checkout (test/tables.markdown, test/pipe-tables.txt,
the markdown and rst command tests in test/command/) and of a local docutils checkout (the grid
and simple tables of test_parsers/test_rst/test_tables.py), runs the reference reader on each
example (`pandoc -t json`, docutils' parser), runs tablefix on it, and prints exact/total per suite.
An example counts when the reference finds a table in it; it is exact when tablefix finds the same
tables with the same header and cells (spanning cells copied into every covered position,
whitespace collapsed). Nothing of the suites is committed: the checkouts' paths are arguments.

    python benchmarks/conformance.py --pandoc PANDOC_ROOT [--docutils DOCUTILS_ROOT]
                                     [--docutils-lib DIR] [-v]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tablefix

Grid = tuple[tuple[str, ...] | None, tuple[tuple[str, ...], ...]]


_QUOTES = str.maketrans("‘’“”", "''\"\"")


def _norm(s: str) -> str:
    """Whitespace collapsed; pandoc's smart quotes read as typed."""
    return " ".join(s.translate(_QUOTES).split())


def _join(col: tuple[str, ...]) -> str:
    """A column's header rows joined; a cell spanning header rows counts once."""
    parts = [c for k, c in enumerate(col) if c and (k == 0 or c != col[k - 1])]
    return _norm(" ".join(parts))


def _big(tables: list[Grid]) -> list[Grid]:
    """Tables of at least 2x2 (header included): smaller ones tablefix reads as text on purpose."""
    return [t for t in tables if len(t[1]) + (t[0] is not None) >= 2
            and max(len(r) for r in [t[0] or (), *t[1]]) >= 2]


def _inlines(xs: list[Any]) -> str:
    out = []
    for x in xs:
        t, c = x.get("t"), x.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Code", "Math", "RawInline"):
            out.append(c[1])
        elif t in ("Link", "Image"):
            out.append(_inlines(c[1]))
        elif t in ("Quoted",):
            q = '"' if c[0]["t"] == "DoubleQuote" else "'"
            out.append(q + _inlines(c[1]) + q)
        elif t in ("Cite", "Span"):
            out.append(_inlines(c[1] if t == "Span" else c[1]))
        elif isinstance(c, list):
            out.append(_inlines([y for y in c if isinstance(y, dict)]))
    return "".join(out)


def _blocks(bs: list[Any]) -> str:
    out = []
    for b in bs:
        t, c = b.get("t"), b.get("c")
        if t in ("Plain", "Para"):
            out.append(_inlines(c))
        elif t == "CodeBlock":
            out.append(c[1])
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            out.extend(_blocks(item) for item in items)
        elif t == "Div":
            out.append(_blocks(c[1]))
    return _norm(" ".join(out))


def _place(rows: list[Any], width: int) -> list[list[str]]:
    """Rows of pandoc cells with their spans laid out on a grid, a spanning cell's text in every position."""
    grid: list[list[str | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        k = 0
        for cell in row[1]:
            _, _, rs, cs, content = cell
            while k < width and grid[r][k] is not None:
                k += 1
            text = _blocks(content)
            for dr in range(rs):
                for dc in range(cs):
                    if r + dr < len(grid) and k + dc < width:
                        grid[r + dr][k + dc] = text
            k += cs
    return [[c or "" for c in row] for row in grid]


def pandoc_tables(text: str, fmt: str) -> list[Grid] | None:
    """The tables pandoc reads in `text`, or None when pandoc does not know the format."""
    run = subprocess.run(["pandoc", "-f", fmt, "-t", "json"], input=text, capture_output=True, text=True)
    if run.returncode:
        return None
    found: list[Grid] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Table":
                _, _, colspecs, head, bodies, foot = node["c"]
                width = len(colspecs)
                heads = _place(head[1], width)
                body = [r for b in bodies for r in _place(b[2] + b[3], width)] + _place(foot[1], width)
                header = tuple(map(_join, zip(*heads, strict=True))) if heads else None
                if header is not None and not any(header):
                    header = None
                found.append((header, tuple(tuple(r) for r in body)))
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(run.stdout)["blocks"])
    return found


def tablefix_tables(text: str) -> list[Grid]:
    doc = tablefix.clean(text)
    return [(tuple(map(_norm, t.columns)) if t.columns is not None else None,
             tuple(tuple(map(_norm, r)) for r in t.rows)) for t in doc.tables]


def _sections(text: str) -> Iterator[str]:
    """A test file cut at its `Title of the example:` lines."""
    parts = re.split(r"\n(?=[A-Z][^\n|]*:\n\n)", text)
    yield from (p for p in parts if p.strip())


def pandoc_files(root: Path) -> Iterator[tuple[str, str, str]]:
    """(suite, example, format) from tables.markdown and pipe-tables.txt."""
    for name in ("tables.markdown", "pipe-tables.txt"):
        path = root / "test" / name
        if path.exists():
            for part in _sections(path.read_text(encoding="utf-8")):
                yield f"pandoc {name}", part, "markdown"


_COMMAND = re.compile(r"^```+\n% pandoc([^\n]*)\n(.*?)\n\^D\n", re.MULTILINE | re.DOTALL)


def pandoc_commands(root: Path) -> Iterator[tuple[str, str, str]]:
    """(suite, input, format) from the command tests that read markdown or rst (rst read by docutils
    when it is importable: pandoc's reST reader differs from docutils in places)."""
    for path in sorted((root / "test" / "command").glob("*.md")):
        for m in _COMMAND.finditer(path.read_text(encoding="utf-8")):
            args = m.group(1).split()
            fmt = next((args[k + 1] for k, a in enumerate(args[:-1]) if a in ("-f", "--from", "-r")), "markdown")
            fmt = next((a.split("=", 1)[1] for a in args if a.startswith(("--from=", "-f="))), fmt)
            base = re.split(r"[+-]", fmt, maxsplit=1)[0]
            if base in ("markdown", "rst", "gfm", "commonmark_x", "markdown_strict"):
                yield f"pandoc command ({base})", m.group(2) + "\n", fmt


def docutils_cases(root: Path) -> Iterator[tuple[str, str, str]]:
    path = next(root.rglob("test_parsers/test_rst/test_tables.py"))
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.targets[0].slice, ast.Constant)
                and node.targets[0].slice.value in ("grid_tables", "simple_tables")):
            for case in node.value.elts if isinstance(node.value, ast.List) else []:
                try:
                    yield f"docutils {node.targets[0].slice.value}", ast.literal_eval(case.elts[0]), "rst"
                except ValueError:  # an input built with an expression
                    continue


def docutils_tables(text: str) -> list[Grid]:
    from docutils import nodes
    from docutils.core import publish_doctree

    doc = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5})
    for message in list(doc.findall(nodes.system_message)):
        message.parent.remove(message)
    found: list[Grid] = []
    for table in doc.findall(nodes.table):
        width = len(list(table.findall(nodes.colspec)))
        parts = []
        for part in (nodes.thead, nodes.tbody):
            rows = [r for sec in table.findall(part) for r in sec.children if isinstance(r, nodes.row)]
            grid: list[list[str | None]] = [[None] * width for _ in rows]
            for r, row in enumerate(rows):
                k = 0
                for entry in row.children:
                    while k < width and grid[r][k] is not None:
                        k += 1
                    rs, cs = entry.get("morerows", 0) + 1, entry.get("morecols", 0) + 1
                    for dr in range(rs):
                        for dc in range(cs):
                            if r + dr < len(grid) and k + dc < width:
                                grid[r + dr][k + dc] = _norm(entry.astext())
                    k += cs
            parts.append([[c or "" for c in row] for row in grid])
        heads, body = parts
        header = tuple(map(_join, zip(*heads, strict=True))) if heads else None
        found.append((header, tuple(tuple(r) for r in body)))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pandoc", type=Path, help="a pandoc checkout (its test/ directory is read)")
    ap.add_argument("--docutils", type=Path, help="a docutils checkout")
    ap.add_argument("--docutils-lib", help="where the docutils package is importable from, if not installed")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each example that is not exact")
    args = ap.parse_args()
    if args.docutils_lib:
        sys.path.insert(0, args.docutils_lib)
    cases: list[tuple[str, str, str]] = []
    if args.pandoc:
        cases += [*pandoc_files(args.pandoc), *pandoc_commands(args.pandoc)]
    if args.docutils:
        cases += list(docutils_cases(args.docutils))
    has_docutils = importlib.util.find_spec("docutils") is not None
    score: dict[str, list[int]] = {}
    for suite, text, fmt in cases:
        if suite.startswith("docutils") or fmt.startswith("rst") and has_docutils:
            ref = docutils_tables(text)  # docutils, not pandoc, is the reference reader for reST
        else:
            ref = pandoc_tables(text, fmt)
        ref = _big(ref or [])
        if not ref:
            continue
        if re.search(r"^\s*\.\. (list|csv)-table::", text, re.MULTILINE):
            suite = "pandoc rst directive tables"
        got = _big(tablefix_tables(text))
        s = score.setdefault(suite, [0, 0])
        s[1] += 1
        if got == ref:
            s[0] += 1
        elif args.verbose:
            print(f"--- {suite}\n{text}\nreference: {ref}\ntablefix:  {got}\n")
    for suite, (exact, total) in sorted(score.items()):
        print(f"{suite:32} {exact:3}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""GFM pipe tables as their reference readers read them: tablefix against the expected HTML of the
cmark-gfm spec and extension tests and of markdown-it-py's table fixtures.

The suites are not part of this repository; point the script at local copies:

    python benchmarks/conformance_gfm.py --spec spec.txt --extensions extensions.txt --mdit tables.md

(`spec.txt` and `extensions.txt` from github/cmark-gfm `test/`, `tables.md` from executablebooks/
markdown-it-py `tests/test_port/fixtures/`). For every example it compares the tables tablefix reads
from the Markdown with the `<table>`s of the expected HTML (header cells as `columns`, cell text as a
browser shows it). It prints, per suite, how many examples with a table of at least 2x2 come out
exact, and how many examples without a table get one invented.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # this checkout, not an installed copy
import tablefix  # noqa: E402

Grid = tuple[tuple[str, ...] | None, tuple[tuple[str, ...], ...]]


def spec_examples(text: str, only: str | None) -> list[tuple[str, str]]:
    """(markdown, html) of each ```` example ```` block (with `only`: those tagged so, e.g. "table")."""
    fence = "`" * 32
    out = []
    for m in re.finditer(rf"^{fence} example([^\n]*)\n(.*?)^\.\n(.*?)^{fence}$", text, re.M | re.S):
        if only is None or only in m.group(1).split():
            out.append((m.group(2).replace("→", "\t"), m.group(3).replace("→", "\t")))
    return out


def mdit_examples(text: str) -> list[tuple[str, str]]:
    """markdown-it-py's fixture format: a title line, then `.`, markdown, `.`, html, `.`."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^\.\n(.*?)^\.\n(.*?)^\.$", text, re.M | re.S)]


def _cell(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def expected_grids(page: str) -> list[Grid]:
    if "<table" not in page:
        return []
    grids: list[Grid] = []
    for table in lxml_html.fromstring(f"<div>{page}</div>").iter("table"):
        head = table.find("thead")
        columns = tuple(_cell(c) for c in head.iter("th")) if head is not None else None
        body = table.find("tbody")
        rows = tuple(tuple(_cell(c) for c in tr if c.tag in ("td", "th")) for tr in body.iter("tr")) \
            if body is not None else ()
        grids.append((columns, rows))
    return grids


def found_grids(markdown: str) -> list[Grid]:
    doc = tablefix.clean(markdown)
    return [(None if t.columns is None else tuple(" ".join(c.split()) for c in t.columns),
             tuple(tuple(" ".join(c.split()) for c in r) for r in t.rows)) for t in doc.tables]


def big_enough(grid: Grid) -> bool:
    columns, rows = grid
    width = max([len(columns or ())] + [len(r) for r in rows])
    return width >= 2 and len(rows) + (columns is not None) >= 2


def score(name: str, examples: list[tuple[str, str]], verbose: bool) -> None:
    exact = total = invented = empty = 0
    for k, (markdown, page) in enumerate(examples):
        want, got = expected_grids(page), found_grids(markdown)
        if not want:
            empty += 1
            invented += bool(got)
            if got and verbose:
                print(f"  {name} #{k}: invented {got}\n{markdown}")
            continue
        if not all(map(big_enough, want)):
            continue
        total += 1
        exact += got == want
        if got != want and verbose:
            print(f"  {name} #{k}: want {want}\n    got {got}\n{markdown}")
    print(f"{name:<16} exact {exact} of {total} examples with tables of 2x2 or more; "
          f"tables invented in {invented} of {empty} examples without one")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spec", type=Path, help="cmark-gfm test/spec.txt")
    ap.add_argument("--extensions", type=Path, help="cmark-gfm test/extensions.txt")
    ap.add_argument("--mdit", type=Path, help="markdown-it-py tests/test_port/fixtures/tables.md")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args()
    if args.spec:
        text = args.spec.read_text(encoding="utf-8")
        score("gfm-spec tables", spec_examples(text, "table"), args.verbose)
        score("gfm-spec all", spec_examples(text, None), args.verbose)
    if args.extensions:
        text = args.extensions.read_text(encoding="utf-8")
        tables_part = text.split("## Strikethroughs")[0]
        score("gfm-extensions", spec_examples(tables_part, None), args.verbose)
    if args.mdit:
        score("markdown-it-py", mdit_examples(args.mdit.read_text(encoding="utf-8")), args.verbose)


if __name__ == "__main__":
    main()

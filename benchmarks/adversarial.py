"""Adversarial inputs for every reader and repair, and how their cost grows from 1x to 16x.

Run: python benchmarks/adversarial.py        (prints seconds at 1x and 16x and the ratio)
Linear code shows a ratio near 16; quadratic code shows ~256. tests/test_linear.py runs the
same cases and fails on super-linear growth.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import tablefix


def _para(k: int) -> str:
    return f"The council reported that spending rose {k % 97}.{k % 7} percent in district {k % 13} this year."


CASES: dict[str, Callable[[int], str]] = {
    "long pipe run": lambda n: "|" * (4000 * n) + "\n",
    "many pipe rows": lambda n: "a | b | c\n---|---|---\n" + "1 | 2 | 3 ||||||||\n" * (400 * n),
    "pipes around plus signs": lambda n: "|   +   +\n" * (300 * n),
    "pipes in prose": lambda n: "word | other words here | more\n" * (400 * n),
    "collapsed row": lambda n: "A | B |---|---| " + "1 | 2 | " * (1000 * n) + "\n",
    "many braces": lambda n: "{" * (4000 * n) + "}" * (4000 * n) + "\n",
    "brace soup": lambda n: "a{b:c} d{ e{f:g}} {" * (300 * n) + "\n",
    "css rules": lambda n: "td { padding: 8px; color: #333; } " * (300 * n) + "\n",
    "near-identical paragraphs": lambda n: "\n".join(_para(k) for k in range(300 * n)) + "\n",
    "a long blank line": lambda n: "Some prose that is long enough.\n" + " " * (2000 * n) + "\nMore prose here.\n",
    "tabs and spaces after a word": lambda n: "word" + "\t  " * (700 * n) + "\nMore prose here.\n",
    "one long line of sentences": lambda n: " ".join(_para(k % 50) for k in range(300 * n)) + "\n",
    "many tables with fixes": lambda n: "".join(f"Intro {k}.\n\nA | B | C |\n---|---|---|\n{k} | 2 |\n\n"
                                                for k in range(150 * n)),
    "table interrupted many times": lambda n: "A | B | C\n---|---|---\n1 | 2 | 3\n"
                                              + "td { padding: 8px; }\n4 | 5 | 6\n" * (500 * n),
    "emphasis openers in a cell": lambda n: "a | b\n---|---\n1 | " + "**x _y *z ~~w " * (250 * n) + "\n",
    "aligned columns": lambda n: "Name  Count  Place\n" + "Ash   12     North\n" * (400 * n),
    "grid borders": lambda n: "+---+---+\n" + "| 1 | 2 |\n+---+---+\n" * (300 * n),
    # the spanning cell's text is short: copied into every row it covers, a long one makes the output grow as n^2
    "grid with a tall spanning cell": lambda n: "+---+---+\n| 0 | 2 |\n" + "| 1 |   |\n+---+   +\n" * (300 * n)
                                                + "| 9 |   |\n+---+---+\n",
    "ruled lines without blanks": lambda n: "==  ==\n" * (400 * n) + "-----\nword\n--  --\n" * (100 * n),
    "multiline rows": lambda n: "-------\n a   b\n--- ---\n" + " 1   2\n 3   4\n\n" * (300 * n) + "-------\n",
    "unclosed table tags": lambda n: "Text.\n<table>\n" + "<tr><td>x<td>y\n" * (400 * n),
    "unclosed nested tables": lambda n: "<table><tr><td>x\n" * (2100 * n),
    # past libxml2's depth limit (2048) at every size, so both sizes take the same (bs4) path
    "deep html": lambda n: "<html><body>" + "<div>" * (2100 * n) + "<table><tr><td>a</td><td>b</td></tr>"
                           "<tr><td>c</td><td>d</td></tr></table>" + "</div>" * (2100 * n) + "</body></html>",
}


def cost(make: Callable[[int], str], n: int, repeats: int = 5) -> float:
    """Best-of-`repeats` CPU seconds to clean and write the input of size n. The garbage collector is paused
    while timing: its passes over a large heap are not the code's growth, and on a loaded machine they
    made a linear case look super-linear. CPU time, not wall time: the time other processes take of the
    core is not the code's growth either (under a load of 4 on 2 cores, wall time gave linear cases 65-72)."""
    text = make(n)
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            doc = tablefix.clean(text)
            tablefix.write(doc, "json")
            tablefix.write(doc, "text")
            best = min(best, time.process_time() - t0)
        finally:
            gc.enable()
    return best


def growth(make: Callable[[int], str], factor: int = 16) -> tuple[float, float, float]:
    small, big = cost(make, 1), cost(make, factor)
    return small, big, big / max(small, 1e-9)


def main() -> None:
    print(f"{'case':30s} {'1x s':>8s} {'16x s':>8s} {'ratio':>7s}")
    for name, make in CASES.items():
        small, big, ratio = growth(make)
        print(f"{name:30s} {small:8.4f} {big:8.4f} {ratio:7.1f}")


if __name__ == "__main__":
    main()

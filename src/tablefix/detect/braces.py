"""Pair `{` and `}` in one linear pass, handing each pair on as soon as it can be judged.

Stray braces are common in scraped prose, so an unmatched `}` is ignored and an unmatched `{` just
stays open. Only a brace the caller marks as a possible group (`@media ... {`) keeps the pairs inside
it; every other pair is yielded when it closes, so memory stays small on huge inputs. The stack is
bounded too: past MAX_DEPTH open braces the outermost is given up as never closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

MAX_DEPTH = 16
"""Open braces kept at once; a style sheet nests three or four deep at most."""
MAX_GROUP = 262_144
"""A group brace stops keeping the pairs inside once it spans more than this."""


def _braces(text: str) -> Iterator[tuple[int, bool]]:
    """(offset, is `{`) of every brace, in order.

    Two `str.find` cursors, not a regex for `[{}]`: the regex tests a character class at every
    position (about 20x slower on text with a few braces); each cursor still moves forward only."""
    find = text.find
    o, c = find("{"), find("}")
    while o >= 0 or c >= 0:
        if c < 0 or 0 <= o < c:
            yield o, True
            o = find("{", o + 1)
        else:
            yield c, False
            c = find("}", c + 1)


class Node(NamedTuple):
    """A matched `{ ... }` pair."""

    open: int
    """Offset of `{`."""
    close: int
    """Offset of the matching `}`."""
    children: list[Node]
    """Pairs directly inside, in order; kept only for a possible group, else empty."""
    prev: int
    """Offset of the brace before `open` (-1 if none): a prelude cannot start before it."""


class Unclosed(NamedTuple):
    """The last `{` that was never closed: a rule cut off by the end of the text, perhaps."""

    open: int
    prev: int
    empty: bool
    """True when no pair closed inside it, as in `.x{float:left;margin`."""


def walk_braces(text: str, is_group: Callable[[int, int], bool] | None) -> Iterator[Node | Unclosed]:
    """Yield matched pairs (a group with the pairs inside it), then the last unclosed `{` if any.

    `is_group(open, prev)` tells whether the brace at `open` may start a group worth keeping whole
    (None: no brace does, as in text without an at-rule).
    """
    stack: list[list] = []  # [open, kept children or None, previous brace, a pair closed inside]
    last = -1
    for p, opening in _braces(text):
        if opening:
            if len(stack) >= MAX_DEPTH:
                yield from stack.pop(0)[1] or ()
            stack.append([p, [] if is_group is not None and is_group(p, last) else None, last, False])
        elif stack:
            o, children, prev, _ = stack.pop()
            node = Node(o, p, children or [], prev)
            if not stack:
                yield node
            else:
                parent = stack[-1]
                parent[3] = True
                if parent[1] is not None and p - parent[0] > MAX_GROUP:
                    yield from parent[1]
                    parent[1] = None
                if parent[1] is None:
                    yield node
                else:
                    parent[1].append(node)
        last = p
    for frame in stack:
        yield from frame[1] or ()
    if stack:
        yield Unclosed(stack[-1][0], stack[-1][2], not stack[-1][3])

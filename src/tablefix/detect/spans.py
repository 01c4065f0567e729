"""Small span helpers: widen over adjacent CSS comments, filter against taken spans, merge neighbours."""

from __future__ import annotations

import re

MAX_COMMENT = 2048
"""A CSS comment next to a found rule is taken along when it is no longer than this."""

GAP_OK = re.compile(r"\s*(?:/\*[^*]{0,2000}\*+(?:[^/*][^*]{0,2000}\*+){0,20}/\s*){0,20}")
"""Whitespace and CSS comments only: what may separate pieces of one leaked style sheet."""


def with_comments(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a CSS span over `/* ... */` comments right before or after it (only whitespace between)."""
    lo, hi = max(0, s - MAX_COMMENT), min(len(text), e + MAX_COMMENT)
    k = lo + len(text[lo:s].rstrip())  # back over the whitespace before s (in C, not a step a character)
    if text.startswith("*/", k - 2):
        opening = text.rfind("/*", lo, k - 2)
        if opening >= 0 and text.find("*/", opening + 2, k - 2) < 0:
            s = opening
    k = hi - len(text[e:hi].lstrip())  # forward over the whitespace after e
    if text.startswith("/*", k):
        closing = text.find("*/", k + 2, hi)
        if closing >= 0:
            e = closing + 2
    return s, e


def outside(spans: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted `spans` that overlap none of the sorted, disjoint `taken` spans (one linear sweep)."""
    if not taken:  # most often: no code regions, or no script
        return spans
    kept, j = [], 0
    for s, e in spans:
        while j < len(taken) and taken[j][1] <= s:
            j += 1
        if j == len(taken) or e <= taken[j][0]:
            kept.append((s, e))
    return kept


def merge(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Sort, then join same-reason spans that overlap (a shared comment) or have only whitespace between."""
    merged: list[tuple[int, int, str]] = []
    for s, e, why in sorted(spans):
        if merged and merged[-1][2] == why and (s < merged[-1][1] or GAP_OK.fullmatch(text, merged[-1][1], s)):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]), why)
        elif not merged or s >= merged[-1][1]:
            merged.append((s, e, why))
    return merged

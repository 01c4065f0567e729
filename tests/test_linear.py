"""No super-linear time: every adversarial input of benchmarks/adversarial.py, at 1x and 16x.

Linear code gives a ratio near 16 and quadratic code near 256; the bound of 64 leaves room for
a noisy machine without letting quadratic growth through. (This is a growth check, not a speed
check: speed is measured in benchmarks/.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from adversarial import CASES, growth  # noqa: E402

HEAVY = {"unclosed nested tables"}  # linear, but seconds at 16x: checked at 4x here


@pytest.mark.parametrize("name", sorted(CASES))
def test_cost_grows_linearly(name: str) -> None:
    factor = 4 if name in HEAVY else 16
    small, big, ratio = growth(CASES[name], factor)
    assert ratio < 4 * factor, f"{name}: {small:.4f}s -> {big:.4f}s at {factor}x (ratio {ratio:.0f})"

"""Percentages: exact, rounded half-up to two places (rules.md §8; docs/rules/percentages.md).

The one rounding policy of the package: a share is computed exactly as a fraction and
rounded half-up (0.005 → 0.01) to two decimal places. Only whole numbers are ever divided,
so the result is exact whatever the size of the congress.
"""

from __future__ import annotations

from fractions import Fraction


def round_half_up(value: Fraction) -> int:
    """The integer nearest to a non-negative `value`, halves rounded up."""
    return int((value * 2 + 1) // 2)


def percent(part: int, whole: int) -> str:
    """`part` as a percentage of `whole`, two decimals, half-up: percent(74, 147) == "50.34".
    A share of a zero whole is "0.00"."""
    if whole == 0:
        return "0.00"
    # part / whole in hundredths of a percent, rounded half-up, in integers only.
    hundredths = (part * 20_000 + whole) // (2 * whole)
    return f"{hundredths // 100}.{hundredths % 100:02d}"

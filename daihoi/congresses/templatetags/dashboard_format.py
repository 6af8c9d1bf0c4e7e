"""Vietnamese number formats for the dashboard (core.formatting): 1.234 · 86,36%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django import template

from daihoi.core.formatting import vi_date, vi_int, vi_percent
from daihoi.counting.shares import percent

register = template.Library()


@register.filter
def n(value: int | None) -> str:
    """16138 → "16.138"."""
    return vi_int(int(value or 0))


@register.filter
def pct(value: str | Decimal) -> str:
    """A share already in percent ("86.36") → "86,36%"."""
    return vi_percent(value)


@register.filter
def share(value: Fraction | None) -> str:
    """An exact share (votes / base) → "82,35%"."""
    if value is None:
        return "—"
    return vi_percent(percent(value.numerator, value.denominator))


@register.filter
def day(value: dt.date | None) -> str:
    return vi_date(value) if value else "—"

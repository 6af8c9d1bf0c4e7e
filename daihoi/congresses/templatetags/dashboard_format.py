"""Numbers of the dashboard as people read them (core.formatting): counts grouped in the
active language (1.234 / 1,234), shares with two decimals (86,36% / 86.36%), dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils import translation
from django.utils.formats import number_format

from daihoi.core.formatting import grouped, vi_date, vi_percent
from daihoi.counting.shares import percent

register = template.Library()


@register.filter
def n(value: int | None) -> str:
    """16138 → "16.138" (Vietnamese), "16,138" (English)."""
    return grouped(int(value or 0))


@register.filter
def pct(value: str | Decimal) -> str:
    """A share already in percent, exact to two places ("86.36") → "86,36%"."""
    if (translation.get_language() or "vi").startswith("vi"):
        return vi_percent(value)
    return number_format(Decimal(value), decimal_pos=2, force_grouping=True) + "%"


@register.filter
def share(value: Fraction | None) -> str:
    """An exact share (votes / base) → "82,35%"."""
    if value is None:
        return "—"
    return pct(percent(value.numerator, value.denominator))


@register.filter
def day(value: dt.date | None) -> str:
    return vi_date(value) if value else "—"

"""Vietnamese formats for generated documents (pages use Django's format modules):
1.234 · 82,00% · "Uông Bí, ngày 06 tháng 6 năm 2020"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def grouped(n: int) -> str:
    """A count shown to a person on a page or in a message, grouped in the active language:
    1.234 in Vietnamese, 1,234 in English (templates: |intcomma). Settings leave plain
    numbers ungrouped so that ids and form values stay "1391"; documents use vi_int."""
    return number_format(n, force_grouping=True)


def vi_int(n: int) -> str:
    """16138 → "16.138"."""
    return f"{n:,}".replace(",", ".")


def vi_decimal(value: Decimal | str, places: int = 2) -> str:
    """Decimal("82.5") → "82,50" (half-up, the project's single rounding policy)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:.{places}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = vi_int(int(whole.lstrip("-")))
    return f"{sign}{whole},{fraction}" if places else f"{sign}{whole}"


def vi_percent(value: Decimal | str) -> str:
    """A share already in percent ("86.36") → "86,36%"."""
    return f"{vi_decimal(value)}%"


def vi_date_line(place: str, day: dt.date) -> str:
    """The place-and-date line of a Party document: the day always with two digits, the
    month with two digits for January and February (so "tháng 1" cannot become "tháng 11")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def vi_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")

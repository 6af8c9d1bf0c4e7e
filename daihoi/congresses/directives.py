"""The Politburo directives daihoi knows, with the deadline of each level.

The initial data migration writes them; `ensure_directives()` writes any that are missing
(a database emptied by the test runner's flush, a server restored without them)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from daihoi.congresses.models import Directive, DirectiveDeadline
from daihoi.organizations.models import Level

_BASE_LEVELS = (Level.BASE, Level.SUB_BASE, Level.CELL)

# (number, issued on, term, title, {level: deadline}); rules.md §11: base by 30/6,
# upper-base and commune by 31/8, province by 31/10 of the congress year.
DIRECTIVES = [
    (
        "35-CT/TW",
        dt.date(2019, 5, 30),
        "2020-2025",
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        2020,
    ),
    (
        "45-CT/TW",
        dt.date(2025, 4, 14),
        "2025-2030",
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        2025,
    ),
]


def deadlines_for(year: int) -> dict[int, dt.date]:
    deadlines = {level: dt.date(year, 6, 30) for level in _BASE_LEVELS}
    deadlines[Level.UPPER_BASE] = dt.date(year, 8, 31)
    deadlines[Level.PROVINCIAL] = dt.date(year, 10, 31)
    return deadlines


@transaction.atomic
def ensure_directives() -> None:
    for number, issued_on, term, title, year in DIRECTIVES:
        directive, _ = Directive.objects.get_or_create(
            number=number, issued_on=issued_on, defaults={"term": term, "title": title}
        )
        for level, deadline in deadlines_for(year).items():
            DirectiveDeadline.objects.get_or_create(
                directive=directive, level=level, defaults={"deadline": deadline}
            )

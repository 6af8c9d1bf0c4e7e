"""Builders for the dashboard tests: the term's directive and congresses written directly
(with their org_path/org_level and secretary_percent copies), as the actions leave them."""

from __future__ import annotations

import datetime as dt

from daihoi.congresses.dashboard_rules import secretary_percent
from daihoi.congresses.models import (
    Congress,
    CongressResult,
    CongressStatus,
    Directive,
    DirectiveDeadline,
    ResultSource,
)
from daihoi.organizations.models import Level, Organization

TERM = "2025-2030"
OTHER_TERM = "2020-2025"
# CT 45/2025 (as the migration seeds it): base, sub-base and cells by 30/6, upper-base by
# 31/8, provinces by 31/10.
DEADLINES = {
    Level.PROVINCIAL: dt.date(2025, 10, 31),
    Level.UPPER_BASE: dt.date(2025, 8, 31),
    Level.BASE: dt.date(2025, 6, 30),
    Level.SUB_BASE: dt.date(2025, 6, 30),
    Level.CELL: dt.date(2025, 6, 30),
}


def ensure_directive() -> Directive:
    """The 2025-2030 directive with its deadlines (a transactional test may have flushed
    the rows the migration seeded)."""
    directive, _ = Directive.objects.get_or_create(
        number="45-CT/TW",
        issued_on=dt.date(2025, 4, 14),
        defaults={"term": TERM, "title": "Về đại hội đảng bộ các cấp"},
    )
    for level, deadline in DEADLINES.items():
        DirectiveDeadline.objects.get_or_create(
            directive=directive, level=level, defaults={"deadline": deadline}
        )
    return directive


def add_congress(
    org: Organization,
    *,
    term: str = TERM,
    status: str = CongressStatus.PLANNED,
    kind: str = "general",
    is_pilot: bool = False,
    direct_secretary: bool = False,
    starts_on: dt.date | None = None,
    held_on: dt.date | None = None,
    votes: int | None = None,
    base: int | None = None,
    with_result: bool = True,
) -> Congress:
    """A congress of `org`; reported and approved ones get a result (the secretary's
    votes of `base` when given)."""
    congress = Congress.objects.create(
        organization=org,
        term=term,
        kind=kind,
        status=status,
        is_pilot=is_pilot,
        direct_secretary=direct_secretary,
        starts_on=starts_on,
        held_on=held_on,
        org_path=org.path,
        org_level=org.level,
        directive=Directive.objects.filter(term=term).order_by("-issued_on").first(),
    )
    if with_result and status in (CongressStatus.REPORTED, CongressStatus.APPROVED):
        CongressResult.objects.create(
            congress=congress,
            source=ResultSource.FORM,
            secretary_elected=votes is not None,
            secretary_direct=direct_secretary,
            secretary_votes=votes,
            secretary_base=base,
            reported_on=held_on or dt.date(2025, 6, 1),
        )
        congress.secretary_percent = secretary_percent(direct_secretary, votes, base)
        congress.save(update_fields=["secretary_percent"])
    return congress

"""Reads of the hierarchy. Subtree queries are index range scans on `path`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from daihoi.core.text import fold
from daihoi.organizations.models import Level, Organization, path_ids


def subtree(org: Organization) -> QuerySet[Organization]:
    """X and everything under it."""
    return Organization.objects.filter(path__gte=org.path, path__lt=org.subtree_end)


def path_to(org: Organization) -> list[Organization]:
    """The organizations from the root down to X (X included), in order."""
    ids = path_ids(org.path)
    found = Organization.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class LevelCount:
    level: int
    label: str
    units: int
    official_members: int
    probationary_members: int


@dataclass(frozen=True)
class SubtreeTotals:
    units: int
    official_members: int
    probationary_members: int
    by_level: list[LevelCount]

    @property
    def total_members(self) -> int:
        return self.official_members + self.probationary_members


def subtree_member_totals(org: Organization) -> tuple[int, int, int]:
    """(units, official, probationary) under X, X included: one covering-index scan."""
    # count(*), not count(id): id is not in the covering index, and on PostgreSQL naming it
    # turns the index-only scan into one that visits every row of the table.
    row = subtree(org).aggregate(
        units=Count("*"),
        official=Sum("official_members"),
        probationary=Sum("probationary_members"),
    )
    return row["units"], row["official"] or 0, row["probationary"] or 0


def subtree_totals_by_level(org: Organization) -> SubtreeTotals:
    rows = (
        subtree(org)
        .values("level")
        .annotate(
            units=Count("*"),
            official=Sum("official_members"),
            probationary=Sum("probationary_members"),
        )
        .order_by("level")
    )
    labels = dict(Level.choices)
    by_level = [
        LevelCount(
            r["level"],
            str(labels[r["level"]]),
            r["units"],
            r["official"] or 0,
            r["probationary"] or 0,
        )
        for r in rows
    ]
    return SubtreeTotals(
        units=sum(lc.units for lc in by_level),
        official_members=sum(lc.official_members for lc in by_level),
        probationary_members=sum(lc.probationary_members for lc in by_level),
        by_level=by_level,
    )


def children_of(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(parent=org).order_by("level", "name")


def search_within(
    base: QuerySet[Organization], query: str, limit: int = 50
) -> QuerySet[Organization]:
    """Accent-insensitive search on name and code inside an already scoped queryset."""
    folded = fold(query)
    if not folded:
        return base.none()
    return (
        base.filter(search_name__contains=folded) | base.filter(code__iexact=query.strip())
    ).order_by("depth", "name")[:limit]


def children_with_counts(org: Organization) -> list[Organization]:
    """Direct children, each annotated with `child_count` (to show an expand control)."""
    return list(
        Organization.objects.filter(parent=org)
        .annotate(child_count=Count("children"))
        .order_by("level", "name")
    )

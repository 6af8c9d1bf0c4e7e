"""Reads of the campaign: directives and deadlines, the congresses under an organization
with their late flags, the units that have no congress yet, and the figures the default
kind needs.

"Today" is always a parameter (the views pass timezone.localdate()): tests freeze it by
passing a date, never by mocking the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, When

from daihoi.congresses import rules
from daihoi.congresses.models import (
    Congress,
    CongressStatus,
    Directive,
    DirectiveDeadline,
    StatusChange,
)
from daihoi.organizations.models import (
    PATH_SEGMENT,
    SUBTREE_END,
    Level,
    Organization,
    OrganizationForm,
)

DEFAULT_GENERAL_MEETING_BELOW = 200  # CT 35/2019, when a term has no directive stored


# --- Directives ---------------------------------------------------------------------------------


def directive_for(term: str) -> Directive | None:
    """The directive of the term (the latest issued, should there be two)."""
    return Directive.objects.filter(term=term).order_by("-issued_on").first()


def deadlines_of(directive: Directive | None) -> dict[int, dt.date]:
    """Level → by when its congresses must be held."""
    if directive is None:
        return {}
    return dict(
        DirectiveDeadline.objects.filter(directive=directive).values_list("level", "deadline")
    )


def general_meeting_below(directive: Directive | None) -> int:
    return directive.general_meeting_below if directive else DEFAULT_GENERAL_MEETING_BELOW


def known_terms() -> list[str]:
    """Terms with a directive, newest first (the term selector of the plan page)."""
    return list(Directive.objects.order_by("-term").values_list("term", flat=True).distinct())


# --- The default kind -------------------------------------------------------------------------


def subtree_official_totals(root: Organization, paths: Iterable[str]) -> dict[str, int]:
    """Official members in the whole subtree of each organization whose path is in `paths`
    (all inside `root`'s subtree): ONE scan of the root's subtree on the covering index,
    each row added to those of its ancestors that were asked for (≤ 6 lookups a row)."""
    wanted = set(paths)
    totals = dict.fromkeys(wanted, 0)
    if not wanted:
        return totals
    shortest = min(len(p) for p in wanted)
    rows = Organization.objects.filter(path__gte=root.path, path__lt=root.subtree_end)
    for path, official in rows.values_list("path", "official_members").iterator(chunk_size=5000):
        for end in range(shortest, len(path) + 1, PATH_SEGMENT):
            prefix = path[:end]
            if prefix in totals:
                totals[prefix] += official
    return totals


def default_kind_for(organization: Organization, term: str) -> str:
    """The kind the directive of `term` gives `organization` (the create form's default)."""
    directive = directive_for(term)
    subtree_official = 0
    if organization.form != OrganizationForm.CHI_BO and organization.level != Level.CELL:
        subtree_official = subtree_official_totals(organization, [organization.path])[
            organization.path
        ]
    return rules.default_kind(
        form=organization.form,
        level=organization.level,
        subtree_official=subtree_official,
        general_meeting_below=general_meeting_below(directive),
    )


# --- The congresses under an organization -------------------------------------------------------


def congresses_under(root: Organization, term: str) -> QuerySet[Congress]:
    """The congresses of the term of `root` and every organization under it: one range scan
    of the dashboard index on the denormalized org_path."""
    return Congress.objects.filter(
        term=term, org_path__gte=root.path, org_path__lt=root.path + SUBTREE_END
    )


def late_condition(deadlines: dict[int, dt.date], today: dt.date) -> Q:
    """Congresses not yet held whose level's deadline has passed by `today`."""
    levels = [level for level, deadline in deadlines.items() if today > deadline]
    return Q(status__in=rules.NOT_HELD, org_level__in=levels)


def late_congresses(root: Organization, term: str, *, today: dt.date) -> QuerySet[Congress]:
    deadlines = deadlines_of(directive_for(term))
    return congresses_under(root, term).filter(late_condition(deadlines, today))


def missing_units(
    root: Organization, term: str, *, level: int | None = None
) -> QuerySet[Organization]:
    """Units of the congress levels (provincial … cell) under `root` (itself included) that
    have no congress for the term."""
    levels = [level] if level is not None else list(rules.CONGRESS_LEVELS)
    has_congress = Congress.objects.filter(organization=OuterRef("pk"), term=term)
    return (
        Organization.objects.filter(
            path__gte=root.path, path__lt=root.subtree_end, level__in=levels
        )
        .filter(~Exists(has_congress))
        .order_by("path")
    )


@dataclass(frozen=True)
class LevelProgress:
    level: int
    label: str
    units: int
    planned: int  # units with a congress of the term, whatever its status
    held: int  # held, reported or approved
    late: int
    missing: int  # units without a congress of the term


def progress_by_level(root: Organization, term: str, *, today: dt.date) -> list[LevelProgress]:
    """Per congress level under `root`: units, congresses, held, late and missing. Two
    grouped queries (organizations, congresses), whatever the size of the subtree."""
    deadlines = deadlines_of(directive_for(term))
    units = dict(
        Organization.objects.filter(
            path__gte=root.path, path__lt=root.subtree_end, level__in=rules.CONGRESS_LEVELS
        )
        .values_list("level")
        .annotate(n=Count("*"))
        .values_list("level", "n")
    )
    held_statuses = [s for s in CongressStatus.values if s not in rules.NOT_HELD]
    rows = (
        congresses_under(root, term)
        .values("org_level")
        .annotate(
            n=Count("*"),
            held=Count("org_level", filter=Q(status__in=held_statuses)),
            late=Count("org_level", filter=late_condition(deadlines, today)),
        )
    )
    by_level = {r["org_level"]: r for r in rows}
    labels = dict(Level.choices)
    out = []
    for level in rules.CONGRESS_LEVELS:
        count = units.get(level, 0)
        row = by_level.get(level, {"n": 0, "held": 0, "late": 0})
        if not count and not row["n"]:
            continue
        out.append(
            LevelProgress(
                level=level,
                label=str(labels[level]),
                units=count,
                planned=row["n"],
                held=row["held"],
                late=row["late"],
                missing=max(count - row["n"], 0),
            )
        )
    return out


@dataclass(frozen=True)
class PlanFilters:
    level: int | None = None
    status: str = ""
    kind: str = ""
    late_only: bool = False
    pilot_only: bool = False


def plan_list(
    root: Organization, term: str, filters: PlanFilters, *, today: dt.date
) -> QuerySet[Congress]:
    """The plan page's table, filtered, in hierarchy order, each congress annotated with
    `late` (bool) — computed in the query, not per row."""
    deadlines = deadlines_of(directive_for(term))
    late = late_condition(deadlines, today)
    rows = congresses_under(root, term)
    if filters.level is not None:
        rows = rows.filter(org_level=filters.level)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.pilot_only:
        rows = rows.filter(is_pilot=True)
    if filters.late_only:
        rows = rows.filter(late)
    return (
        rows.annotate(late=Case(When(late, then=True), default=False, output_field=BooleanField()))
        .select_related("organization")
        .order_by("org_path")
    )


def is_late(congress: Congress, *, today: dt.date) -> bool:
    deadline = deadlines_of(congress.directive).get(congress.org_level)
    return rules.is_late(congress.status, deadline, today)


def deadline_of(congress: Congress) -> dt.date | None:
    return deadlines_of(congress.directive).get(congress.org_level)


def status_history(congress: Congress) -> list[StatusChange]:
    return list(congress.status_changes.select_related("by").order_by("id"))  # as recorded


def congress_levels_below(root: Organization) -> list[tuple[int, str]]:
    """The congress levels deeper than `root` (choices of the bulk-plan form)."""
    labels = dict(Level.choices)
    return [(lv, str(labels[lv])) for lv in rules.CONGRESS_LEVELS if lv > root.level]

"""The figures of the term's summary report (Báo cáo tổng kết), computed from the data.

For an organization and a term, every level below the organization gets the figures the
organization departments quote (shared/seeds/): units and congresses planned and held
("100% of 17.118 chi bộ"), kinds ("9/10 ward committees held a congress of delegates"),
pilots, contents, direct secretary elections ("45/46") and the secretaries' vote shares,
what the congresses elected (committee, re-elected, new, women, young, ethnic minority,
standing committee, secretaries, deputies, inspection, delegates to the upper congress),
and the late and missing units.

Everything is aggregated in the database over one range of congress.org_path (the subtree
is org_path >= P AND org_path < P || '~', an index range, no join for the progress
counts); the few per-level lists are limited to LIST_LIMIT rows. Counts are ints, shares
exact fractions, percentages half-up to two places (daihoi.counting.shares.percent).

Definitions (docs/decisions/0009-summary-report.md):
- held: status held, reported or approved; planned: any congress of the term;
- missing: a unit without any congress of the term; late: not held and the directive's
  deadline for its level has passed (deadline < today); held after the deadline: held_on
  later than the deadline;
- direct: the reported result says so when the congress has a result, otherwise the
  congress's own flag (planned as direct);
- shares: secretaries elected directly whose result gives votes and a base > 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from daihoi.congresses import queries as congress_queries
from daihoi.congresses import rules as congress_rules
from daihoi.congresses.models import (
    Congress,
    CongressResult,
    Directive,
)
from daihoi.core.documents import in_vietnamese
from daihoi.counting.shares import percent
from daihoi.organizations.models import Organization
from daihoi.reports import rules

HELD_STATUSES = congress_rules.HELD
LIST_LIMIT = 100  # names listed per level and list; the counts are always complete
CONTENTS = (4, 3, 2)


@dataclass(frozen=True)
class UnitRef:
    """An organization named in a list (pilot, not direct, late, missing)."""

    code: str
    name: str
    status: str = ""  # the congress's status, for late units


@dataclass(frozen=True)
class KindRow:
    """Units and held congresses of one organization kind (territorial, agency, …)."""

    organization_kind: str
    units: int
    held: int
    delegates: int
    general: int


@dataclass(frozen=True)
class LowestShare:
    code: str
    name: str
    votes: int
    base: int
    share: str  # "82.00"
    congress_kind: str
    convened: int


@dataclass(frozen=True)
class Shares:
    """Secretaries elected directly at the congress: their vote shares (votes / base)."""

    count: int = 0
    min: str | None = None
    max: str | None = None
    at_min: int = 0
    at_max: int = 0
    at_100: int = 0
    at_least_98: int = 0
    below_98: int = 0
    lowest: LowestShare | None = None


@dataclass(frozen=True)
class Committee:
    """Sums over the reported results of the held congresses of a level."""

    results: int = 0
    elected: int = 0
    reelected: int = 0
    women: int = 0
    young: int = 0
    ethnic_minority: int = 0
    standing: int = 0
    secretaries: int = 0
    deputies: int = 0
    inspection: int = 0
    delegates: int = 0
    alternates: int = 0

    @property
    def new(self) -> int:
        return self.elected - self.reelected

    def percent_of_elected(self, part: int) -> str:
        return percent(part, self.elected)


@dataclass(frozen=True)
class LevelFigures:
    level: int
    deadline: dt.date | None
    units: int
    planned: int
    held: int
    missing: int
    late: int
    held_after_deadline: int
    last_held_on: dt.date | None
    delegates_kind: int
    general_kind: int
    pilot: int
    contents: dict[int, int]
    direct: int
    by_organization_kind: tuple[KindRow, ...] = ()
    shares: Shares = field(default_factory=Shares)
    committee: Committee = field(default_factory=Committee)
    pilot_units: tuple[UnitRef, ...] = ()
    not_direct_units: tuple[UnitRef, ...] = ()
    late_units: tuple[UnitRef, ...] = ()
    missing_units: tuple[UnitRef, ...] = ()

    @property
    def not_held(self) -> int:
        return max(self.units - self.held, 0)

    @property
    def held_percent(self) -> str:
        return percent(self.held, self.units)

    @property
    def planned_percent(self) -> str:
        return percent(self.planned, self.units)

    @property
    def not_direct(self) -> int:
        return self.held - self.direct

    @property
    def direct_percent(self) -> str:
        return percent(self.direct, self.held)

    @property
    def noun(self) -> str:
        return rules.LEVEL_NOUNS.get(self.level, "")


@dataclass(frozen=True)
class OwnCongress:
    """The organization's own congress of the term (the one the levels below elect
    delegates to), when it has one."""

    title: str
    kind: str
    status: str
    ordinal: int | None
    convened: int
    starts_on: dt.date | None
    held_on: dt.date | None
    direct_secretary: bool
    is_pilot: bool


@dataclass(frozen=True)
class SummaryFigures:
    organization: Organization
    term: str
    directive: Directive | None
    as_of: dt.date
    own_congress: OwnCongress | None
    levels: tuple[LevelFigures, ...]

    @property
    def committee(self) -> str:
        return rules.committee_name(self.organization.name, self.organization.level)


# --- Terms ----------------------------------------------------------------------------------


def _in_subtree(organization: Organization, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}org_path__gte": organization.path,
            f"{prefix}org_path__lt": organization.subtree_end,
        }
    )


def terms_for(organization: Organization) -> list[str]:
    """The terms a report can be asked for: those of the directives and of any congress in
    the subtree, newest first."""
    terms = set(
        Congress.objects.filter(_in_subtree(organization))
        .order_by()
        .values_list("term", flat=True)
        .distinct()
    )
    terms |= set(Directive.objects.order_by().values_list("term", flat=True))
    return sorted(terms, reverse=True)


def default_term(organization: Organization) -> str:
    """The newest term with a congress in the subtree, else the newest directive's term."""
    latest = (
        Congress.objects.filter(_in_subtree(organization))
        .order_by("-term")
        .values_list("term", flat=True)
        .first()
    )
    if latest:
        return latest
    return Directive.objects.order_by("-issued_on").values_list("term", flat=True).first() or ""


# --- The figures ----------------------------------------------------------------------------


@in_vietnamese
def summary_figures(
    organization: Organization, term: str, *, today: dt.date | None = None
) -> SummaryFigures:
    today = today or timezone.localdate()
    directive = Directive.objects.filter(term=term).order_by("-issued_on").first()
    deadlines = (
        {d.level: d.deadline for d in directive.deadlines.all()} if directive is not None else {}
    )
    below = Congress.objects.filter(
        _in_subtree(organization), term=term, org_level__gt=organization.level
    )
    units = _units(organization)
    groups = list(_congress_groups(below))
    levels = sorted({level for level, _kind in units} | {g["org_level"] for g in groups})
    late, held_late = _deadline_counts(below, deadlines, today)
    missing = _missing_counts(organization, term)
    by_kind = _by_organization_kind(below, units)
    results = CongressResult.objects.filter(
        _in_subtree(organization, "congress__"),
        congress__term=term,
        congress__org_level__gt=organization.level,
        congress__status__in=HELD_STATUSES,
    )
    committees = _committees(results)
    direct_results = results.filter(
        secretary_direct=True,
        secretary_elected=True,
        secretary_votes__isnull=False,
        secretary_base__gt=0,
    )
    shares = _shares(direct_results)
    figures = []
    for level in levels:
        mine = [g for g in groups if g["org_level"] == level]
        held = [g for g in mine if g["status"] in HELD_STATUSES]
        deadline = deadlines.get(level)
        figures.append(
            LevelFigures(
                level=level,
                deadline=deadline,
                units=sum(n for (lv, _k), n in units.items() if lv == level),
                planned=_sum(mine),
                held=_sum(held),
                missing=missing.get(level, 0),
                late=late.get(level, 0),
                held_after_deadline=held_late.get(level, 0),
                last_held_on=max((g["last"] for g in held if g["last"]), default=None),
                delegates_kind=_sum(g for g in held if g["kind"] == "delegates"),
                general_kind=_sum(g for g in held if g["kind"] == "general"),
                pilot=_sum(g for g in held if g["is_pilot"]),
                contents={c: _sum(g for g in held if g["contents"] == c) for c in CONTENTS},
                direct=_sum(g for g in held if g["direct"]),
                by_organization_kind=by_kind.get(level, ()),
                shares=_level_shares(direct_results, level, shares.get(level, [])),
                committee=committees.get(level, Committee()),
                pilot_units=_refs(
                    below.filter(org_level=level, status__in=HELD_STATUSES, is_pilot=True)
                ),
                not_direct_units=_refs(
                    _with_direct(below.filter(org_level=level, status__in=HELD_STATUSES)).filter(
                        direct=False
                    )
                ),
                late_units=_late_refs(below, level, deadline, today),
                missing_units=_missing_refs(organization, term, level),
            )
        )
    return SummaryFigures(
        organization=organization,
        term=term,
        directive=directive,
        as_of=today,
        own_congress=_own_congress(organization, term),
        levels=tuple(figures),
    )


def _sum(groups: Any) -> int:
    return sum(g["n"] for g in groups)


def _units(organization: Organization) -> dict[tuple[int, str], int]:
    """Organizations below, by (level, kind): one range scan of organizations.path."""
    rows = (
        Organization.objects.filter(
            path__gte=organization.path,
            path__lt=organization.subtree_end,
            level__gt=organization.level,
        )
        .order_by()
        .values("level", "kind")
        .annotate(n=Count("pk"))
    )
    return {(r["level"], r["kind"]): r["n"] for r in rows}


def _with_direct(congresses: QuerySet[Congress]) -> QuerySet[Congress]:
    """Annotate `direct`: the reported result's word when there is one, else the plan."""
    return congresses.annotate(direct=Coalesce("result__secretary_direct", "direct_secretary"))


def _congress_groups(below: QuerySet[Congress]) -> QuerySet[Any]:
    return (
        _with_direct(below)
        .order_by()
        .values("org_level", "status", "kind", "is_pilot", "contents", "direct")
        .annotate(n=Count("pk"), last=Max("held_on"))
    )


def _count_by_level(queryset: QuerySet[Any], level_field: str = "org_level") -> dict[int, int]:
    rows = queryset.order_by().values(level_field).annotate(n=Count("pk"))
    return {r[level_field]: r["n"] for r in rows}


def _deadline_counts(
    below: QuerySet[Congress], deadlines: dict[int, dt.date], today: dt.date
) -> tuple[dict[int, int], dict[int, int]]:
    """(late: not held and the level's deadline passed, held after the deadline) by level."""
    late = _count_by_level(below.filter(congress_queries.late_condition(deadlines, today)))
    after = Q(pk__in=[])
    for level, deadline in deadlines.items():
        after |= Q(org_level=level, held_on__gt=deadline)
    held_late = _count_by_level(below.filter(status__in=HELD_STATUSES).filter(after))
    return late, held_late


def _without_congress(organization: Organization, term: str) -> QuerySet[Organization]:
    """The units under `organization` (not itself) without a congress of the term."""
    missing = congress_queries.missing_units(organization, term)
    return missing.filter(level__gt=organization.level)


def _missing_counts(organization: Organization, term: str) -> dict[int, int]:
    return _count_by_level(_without_congress(organization, term), "level")


def _by_organization_kind(
    below: QuerySet[Congress], units: dict[tuple[int, str], int]
) -> dict[int, tuple[KindRow, ...]]:
    rows = (
        below.filter(status__in=HELD_STATUSES)
        .order_by()
        .values("org_level", "organization__kind", "kind")
        .annotate(n=Count("pk"))
    )
    held: dict[tuple[int, str], dict[str, int]] = {}
    for r in rows:
        key = (r["org_level"], r["organization__kind"])
        held.setdefault(key, {})[r["kind"]] = r["n"]
    out: dict[int, list[KindRow]] = {}
    for level, kind in sorted(set(units) | set(held)):
        kinds = held.get((level, kind), {})
        out.setdefault(level, []).append(
            KindRow(
                organization_kind=kind,
                units=units.get((level, kind), 0),
                held=sum(kinds.values()),
                delegates=kinds.get("delegates", 0),
                general=kinds.get("general", 0),
            )
        )
    return {level: tuple(rows) for level, rows in out.items()}


def _committees(results: QuerySet[CongressResult]) -> dict[int, Committee]:
    rows = (
        results.order_by()
        .values("congress__org_level")
        .annotate(
            results=Count("pk"),
            elected=Sum("committee_elected"),
            reelected=Sum("committee_reelected"),
            women=Sum("committee_women"),
            young=Sum("committee_young"),
            ethnic_minority=Sum("committee_ethnic_minority"),
            standing=Sum("standing_elected"),
            secretaries=Count("pk", filter=Q(secretary_elected=True)),
            deputies=Sum("deputies_elected"),
            inspection=Sum("inspection_elected"),
            delegates=Sum("delegates_elected"),
            alternates=Sum("alternates_elected"),
        )
    )
    out = {}
    for r in rows:
        level = r.pop("congress__org_level")
        out[level] = Committee(**{k: int(v or 0) for k, v in r.items()})
    return out


def _shares(direct_results: QuerySet[CongressResult]) -> dict[int, list[tuple[int, int, int]]]:
    """(votes, base, how many) by level: distinct pairs counted in the database, compared
    exactly as fractions here."""
    rows = (
        direct_results.order_by()
        .values("congress__org_level", "secretary_votes", "secretary_base")
        .annotate(n=Count("pk"))
    )
    out: dict[int, list[tuple[int, int, int]]] = {}
    for r in rows:
        out.setdefault(r["congress__org_level"], []).append(
            (r["secretary_votes"], r["secretary_base"], r["n"])
        )
    return out


def _level_shares(
    direct_results: QuerySet[CongressResult], level: int, pairs: list[tuple[int, int, int]]
) -> Shares:
    stats = rules.share_stats(pairs)
    if stats.minimum is None:
        return Shares()
    return Shares(
        count=stats.count,
        min=rules.share_percent(stats.minimum),
        max=rules.share_percent(stats.maximum),
        at_min=stats.at_min,
        at_max=stats.at_max,
        at_100=stats.at_100,
        at_least_98=stats.at_least_98,
        below_98=stats.below_98,
        lowest=_lowest(direct_results, level, stats.minimum),
    )


def _lowest(
    direct_results: QuerySet[CongressResult], level: int, share: Fraction
) -> LowestShare | None:
    """The first (in hierarchy order) secretary whose share is exactly `share`: votes × q =
    base × p for share = p/q, compared in integers."""
    result = (
        direct_results.filter(congress__org_level=level)
        .alias(
            lhs=F("secretary_votes") * share.denominator,
            rhs=F("secretary_base") * share.numerator,
        )
        .filter(lhs=F("rhs"))
        .select_related("congress__organization")
        .order_by("congress__org_path")
        .first()
    )
    if result is None:  # pragma: no cover - the share came from these very rows
        return None
    congress = result.congress
    return LowestShare(
        code=congress.organization.code,
        name=congress.organization.name,
        votes=int(result.secretary_votes or 0),
        base=int(result.secretary_base or 0),
        share=percent(share.numerator, share.denominator),
        congress_kind=congress.kind,
        convened=congress.convened,
    )


def _refs(congresses: QuerySet[Congress]) -> tuple[UnitRef, ...]:
    rows = congresses.order_by("org_path").values_list("organization__code", "organization__name")[
        :LIST_LIMIT
    ]
    return tuple(UnitRef(code, name) for code, name in rows)


def _late_refs(
    below: QuerySet[Congress], level: int, deadline: dt.date | None, today: dt.date
) -> tuple[UnitRef, ...]:
    if deadline is None:
        return ()
    rows = (
        below.filter(org_level=level)
        .filter(congress_queries.late_condition({level: deadline}, today))
        .order_by("org_path")
        .values_list("organization__code", "organization__name", "status")[:LIST_LIMIT]
    )
    return tuple(UnitRef(code, name, status) for code, name, status in rows)


def _missing_refs(organization: Organization, term: str, level: int) -> tuple[UnitRef, ...]:
    rows = (
        _without_congress(organization, term)
        .filter(level=level)
        .order_by("path")
        .values_list("code", "name")[:LIST_LIMIT]
    )
    return tuple(UnitRef(code, name) for code, name in rows)


def _own_congress(organization: Organization, term: str) -> OwnCongress | None:
    congress = (
        Congress.objects.filter(organization=organization, term=term)
        .select_related("organization")
        .first()
    )
    if congress is None:
        return None
    return OwnCongress(
        title=congress.title,
        kind=congress.kind,
        status=congress.status,
        ordinal=congress.ordinal,
        convened=congress.convened,
        starts_on=congress.starts_on,
        held_on=congress.held_on,
        direct_secretary=congress.direct_secretary,
        is_pilot=congress.is_pilot,
    )

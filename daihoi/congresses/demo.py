"""The demo campaign: the 2020-2025 congresses of every base organization and cell of the
city of Uông Bí, held and reported, so that the city's summary report shows figures of the
kind its organization department published (shared/seeds/, the Uông Bí report of 6/6/2020):

- 46 base organizations, 100% held by the end of May 2020; 45/46 elected their secretary
  directly and held all 4 contents — all but the city's military committee (3 contents: its
  committee is not elected at the congress);
- of the 10 ward and commune committees, 9 held a congress of delegates and 1 a general
  meeting (182 members convened) — the one whose secretary had the lowest share, 82%;
- the secretaries of the two pilot congresses (held first) elected with 100%, the others
  one or two votes short of all (from 98% up where the congress is large);
- the base congresses elected 335 committee members (237 re-elected), 73 standing committee
  members, 45 secretaries and 51 deputies, and 255 delegates and 56 alternates to the city
  congress (290 convened with the city committee's members);
- every cell held its general meeting earlier in the spring.

Written with bulk inserts and ONE audit entry (like organizations' demo import). Congresses
that exist already are kept (one per organization and term): the elections demo makes the
congresses of the ward of Quang Trung and of the city. If Quang Trung's congress is not yet
held it is marked held on its opening day and, without a reported result, gets the figures
its counted elections give (15 committee members, secretary with 117 of 123, 6 delegates and
1 alternate) — so the totals above hold whether or not its result was reported by daihoi.

The delegates and alternates each base congress elected to the city congress are spread at
random within bounds of its size, or, given `upper_seats` (the demo's city congress
allocation, daihoi/delegates/demo.py), are what it was allotted: they must then add up to the
totals above.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from daihoi.congresses.models import (
    STATUS_ORDER,
    Congress,
    CongressKind,
    CongressResult,
    CongressStatus,
    Contents,
    Directive,
    ResultSource,
    StatusChange,
)
from daihoi.core.audit import append_entry
from daihoi.organizations.models import (
    Level,
    Organization,
    OrganizationForm,
    OrganizationKind,
)

TERM = "2020-2025"
SEED = 2020_06_06
# What the base congresses elect in all (the Uông Bí report's figures).
TARGETS = {
    "committee_elected": 335,
    "committee_reelected": 237,
    "standing_elected": 73,
    "deputies_elected": 51,
    "delegates_elected": 255,
    "alternates_elected": 56,
}
# The congress whose elections daihoi/elections/demo.py counts (its figures, when the
# campaign has to report them itself).
ELECTIONS_WARD = "QN-UB-03"
ELECTIONS_WARD_RESULT = {
    "committee_elected": 15,
    "committee_reelected": 10,
    "committee_women": 4,
    "committee_young": 2,
    "committee_ethnic_minority": 0,
    "standing_elected": 5,
    "secretary_elected": True,
    "secretary_direct": True,
    "secretary_votes": 117,
    "secretary_base": 123,
    "deputies_elected": 1,
    "inspection_elected": 5,
    "delegates_elected": 6,
    "alternates_elected": 1,
}
EX_OFFICIO = 15  # members of the outgoing ward committee, convened besides the delegates
LAST_DAY = dt.date(2020, 5, 29)  # the last base congress: "đến hết tháng 5 năm 2020"


@dataclass
class Plan:
    """One congress to insert (or an existing one to complete) with its reported result."""

    org: Organization
    kind: str
    convened: int
    held_on: dt.date
    direct: bool = True
    pilot: bool = False
    contents: int = Contents.FOUR
    ordinal: int | None = None
    result: dict[str, Any] = field(default_factory=dict)
    existing: Congress | None = None

    @property
    def status(self) -> str:
        # Approved a fortnight after the congress; the last ones are still being approved.
        if self.held_on <= dt.date(2020, 5, 15):
            return CongressStatus.APPROVED
        return CongressStatus.REPORTED


def spread(rng: random.Random, total: int, bounds: Sequence[tuple[int, int]]) -> list[int]:
    """`total` handed out over units, each between its (low, high), uniformly at random."""
    values = [low for low, _high in bounds]
    room = total - sum(values)
    slots = [i for i, (low, high) in enumerate(bounds) for _ in range(high - low)]
    if room < 0 or room > len(slots):
        raise ValueError(f"cannot spread {total} over {bounds}")
    rng.shuffle(slots)
    for i in slots[:room]:
        values[i] += 1
    return values


def _members(orgs: list[Organization]) -> dict[int, int]:
    """Official members of each base organization's whole subtree (its cells included)."""
    by_id = {o.pk: o for o in orgs}
    totals: dict[int, int] = {}
    for org in orgs:
        base = org if org.level == Level.BASE else by_id.get(org.parent_id or 0)
        if base is not None:
            totals[base.pk] = totals.get(base.pk, 0) + org.official_members
    return totals


def _share(rng: random.Random, base: int) -> int:
    """Votes for a secretary: most get (nearly) everyone's, never below 90%."""
    against = min(rng.choice([0, 0, 0, 1, 1, 2, 3]), base // 10)
    return base - against


def _base_votes(rng: random.Random, plan: Plan, base: int, lowest: bool) -> int:
    """A base secretary's votes: 123 of 150 (82%) at the lowest, all of them at the two pilot
    congresses, otherwise one or two short of all (from 98% up in a large congress)."""
    if lowest:
        return 123
    if plan.pilot or base < 10:  # (a vote short of a tiny base would fall below 90%)
        return base
    return base - rng.randint(1, max(1, base // 50))


def _cell_plans(
    rng: random.Random, cells: list[Organization], parents: dict[int, Plan]
) -> list[Plan]:
    plans = []
    for cell in cells:
        parent = parents[cell.parent_id or 0]
        official = cell.official_members
        committee = 5 if official >= 30 else 3 if official >= 9 else 0
        base = official - rng.randint(0, min(2, official // 10))
        delegates = max(1, official // 4) if parent.kind == CongressKind.DELEGATES else 0
        plans.append(
            Plan(
                org=cell,
                kind=CongressKind.GENERAL,
                convened=cell.total_members,
                held_on=dt.date(2020, 2, 10) + dt.timedelta(days=rng.randint(0, 35)),
                result={
                    "committee_elected": committee,
                    "committee_reelected": rng.randint(1, committee - 1) if committee else 0,
                    "committee_women": rng.randint(0, 1) if committee else 0,
                    "committee_young": rng.randint(0, 1) if committee >= 5 else 0,
                    "secretary_elected": True,
                    "secretary_direct": True,
                    "secretary_votes": _share(rng, base),
                    "secretary_base": base,
                    "deputies_elected": 1 if committee else 0,
                    "delegates_elected": delegates,
                    "alternates_elected": 1 if delegates and official >= 30 else 0,
                },
            )
        )
    return plans


def _base_plans(
    rng: random.Random,
    bases: list[Organization],
    members: dict[int, int],
    delegates_from_cells: dict[int, int],
    existing: dict[int, Congress],
    upper_seats: Mapping[str, tuple[int, int]] | None = None,
) -> tuple[list[Plan], Organization]:
    """The base congresses, and the ward that holds a general meeting."""
    wards = [b for b in bases if b.kind == OrganizationKind.TERRITORIAL]
    general_ward = [w for w in wards if w.pk not in existing][-1]
    pilots = [wards[0], *(b for b in bases if b.kind == OrganizationKind.POLICE)]
    days = sorted(
        dt.date(2020, 3, 20) + dt.timedelta(days=rng.randint(0, 68)) for _ in range(len(bases))
    )
    days[-1] = LAST_DAY
    rng.shuffle(days)
    plans = []
    for base, day in zip(bases, days, strict=True):
        plan = Plan(base, CongressKind.GENERAL, members.get(base.pk, 0), day)
        if base.pk in existing:
            congress = existing[base.pk]
            plan.existing, plan.kind, plan.convened = congress, congress.kind, congress.convened
            plan.held_on = congress.held_on or congress.starts_on or day
        elif base == general_ward:
            plan.convened = 182
        elif base in wards:
            plan.kind = CongressKind.DELEGATES
            plan.convened = delegates_from_cells.get(base.pk, 0) + EX_OFFICIO
        if base.kind == OrganizationKind.ARMY:
            plan.direct, plan.contents = False, Contents.THREE
        if base in pilots and plan.existing is None:
            # Pilot congresses ("đại hội điểm") are held first, as a model for the others.
            plan.pilot = True
            plan.held_on = dt.date(2020, 3, 10) + dt.timedelta(days=2 * pilots.index(base))
        plans.append(plan)
    _base_results(rng, plans, general_ward, upper_seats)
    return plans, general_ward


def _committee_size(plan: Plan) -> tuple[int, int]:
    if plan.org.kind == OrganizationKind.TERRITORIAL:
        return (13, 15)
    return (7, 11) if plan.org.form == OrganizationForm.DANG_BO else (3, 5)


def _delegate_bounds(plan: Plan) -> tuple[tuple[int, int], tuple[int, int]]:
    """(delegates, alternates) a base congress elects to the city congress, by its size."""
    if plan.org.kind == OrganizationKind.TERRITORIAL:
        return (10, 16), (2, 3)
    if plan.org.form == OrganizationForm.DANG_BO:
        return (3, 6), (1, 2)
    return (1, 3), (0, 1)


def _base_results(
    rng: random.Random,
    plans: list[Plan],
    general_ward: Organization,
    upper_seats: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """Spread the city's totals (TARGETS) over the base congresses whose figures are not
    known already (a result reported before, or the elections demo's ward); the delegates and
    alternates to the city congress as `upper_seats` allots them (unit code → both), if given."""
    for plan in plans:
        if plan.existing is None:
            continue
        if hasattr(plan.existing, "result"):
            plan.result = {k: getattr(plan.existing.result, k) for k in TARGETS}
        elif plan.org.code == ELECTIONS_WARD:
            plan.result = dict(ELECTIONS_WARD_RESULT)
    known = [p for p in plans if p.result]
    totals = {k: t - sum(p.result.get(k, 0) for p in known) for k, t in TARGETS.items()}
    open_ = [p for p in plans if not p.result]
    electing = [p for p in open_ if p.contents == Contents.FOUR]

    elected = spread(rng, totals["committee_elected"], [_committee_size(p) for p in electing])
    reelected = spread(rng, totals["committee_reelected"], [((e + 1) // 2, e - 1) for e in elected])
    standing = spread(
        rng,
        totals["standing_elected"],
        [(4, 6) if e >= 13 else (3, 5) if e >= 9 else (0, 0) for e in elected],
    )
    deputies = spread(
        rng,
        totals["deputies_elected"],
        [(1, 2) if p.org.kind == OrganizationKind.TERRITORIAL else (1, 1) for p in electing],
    )
    for p, e, r, s, d in zip(electing, elected, reelected, standing, deputies, strict=True):
        lowest = p.org == general_ward
        base = 150 if lowest else max(p.convened - rng.randint(0, 3), 1)
        p.result = {
            "committee_elected": e,
            "committee_reelected": r,
            "committee_women": rng.randint(e // 6, e // 3),
            "committee_young": rng.randint(0, e // 5),
            "committee_ethnic_minority": rng.randint(0, 1) if e >= 9 else 0,
            "standing_elected": s,
            "secretary_elected": True,
            "secretary_direct": p.direct,
            "secretary_votes": _base_votes(rng, p, base, lowest) if p.direct else None,
            "secretary_base": base if p.direct else None,
            "deputies_elected": d,
            "inspection_elected": 5 if e >= 13 else 3 if e >= 7 else 0,
        }
    if upper_seats is not None:
        delegates = [upper_seats[p.org.code][0] for p in open_]
        alternates = [upper_seats[p.org.code][1] for p in open_]
        if (sum(delegates), sum(alternates)) != (
            totals["delegates_elected"],
            totals["alternates_elected"],
        ):
            raise ValueError(f"upper_seats do not add up to {TARGETS}")
    else:
        bounds = [_delegate_bounds(p) for p in open_]
        delegates = spread(rng, totals["delegates_elected"], [b[0] for b in bounds])
        alternates = spread(rng, totals["alternates_elected"], [b[1] for b in bounds])
    for p, n, a in zip(open_, delegates, alternates, strict=True):
        p.result.setdefault("secretary_elected", False)  # a congress without 4 contents
        p.result["delegates_elected"] = n
        p.result["alternates_elected"] = a


def _congress(plan: Plan, directive: Directive | None) -> Congress:
    status = plan.status
    return Congress(
        organization=plan.org,
        term=TERM,
        ordinal=plan.ordinal,
        kind=plan.kind,
        starts_on=plan.held_on,
        ends_on=plan.held_on,
        place=plan.org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ "),
        convened=plan.convened,
        direct_secretary=plan.direct,
        is_pilot=plan.pilot,
        directive=directive,
        contents=plan.contents,
        status=status,
        status_changed_on=_approved_on(plan) if status == CongressStatus.APPROVED else plan.held_on,
        held_on=plan.held_on,
        approved_on=_approved_on(plan) if status == CongressStatus.APPROVED else None,
        org_path=plan.org.path,
        org_level=plan.org.level,
    )


def _approved_on(plan: Plan) -> dt.date:
    return plan.held_on + dt.timedelta(days=14)


def _history(congress: Congress, plan: Plan, *, since: str) -> list[StatusChange]:
    """The status changes from `since` (excluded) up to the congress's status."""
    days = {
        CongressStatus.PLANNED: dt.date(2019, 10, 15),
        CongressStatus.PREPARING: plan.held_on - dt.timedelta(days=30),
        CongressStatus.HELD: plan.held_on,
        CongressStatus.REPORTED: plan.held_on + dt.timedelta(days=3),
        CongressStatus.APPROVED: _approved_on(plan),
    }
    start = STATUS_ORDER.index(since) + 1 if since else 0
    stop = STATUS_ORDER.index(plan.status) + 1
    return [
        StatusChange(congress=congress, status=status, on=days[CongressStatus(status)])
        for status in STATUS_ORDER[start:stop]
    ]


def _result(congress: Congress, figures: dict[str, Any], on: dt.date) -> CongressResult:
    return CongressResult(congress=congress, source=ResultSource.FORM, reported_on=on, **figures)


def _complete_existing(plan: Plan, changes: list[StatusChange], results: list[CongressResult]):
    """A congress made by another demo: held on its opening day and reported, if not yet."""
    congress = plan.existing
    assert congress is not None
    if STATUS_ORDER.index(congress.status) < STATUS_ORDER.index(CongressStatus.HELD):
        since = congress.status
        congress.status = plan.status
        congress.held_on = plan.held_on
        congress.status_changed_on = plan.held_on
        if plan.status == CongressStatus.APPROVED:
            congress.approved_on = congress.status_changed_on = _approved_on(plan)
        congress.save(update_fields=["status", "held_on", "status_changed_on", "approved_on"])
        changes += _history(congress, plan, since=since)
    if not hasattr(congress, "result"):
        results.append(_result(congress, plan.result, plan.held_on + dt.timedelta(days=3)))


@transaction.atomic
def build_demo_campaign(
    city: Organization, *, upper_seats: Mapping[str, tuple[int, int]] | None = None
) -> int:
    """Create the 2020-2025 congresses of every base organization and cell under `city`
    (keeping those that exist); return how many were created. One audit entry."""
    rng = random.Random(SEED)
    orgs = list(
        Organization.objects.filter(
            path__gte=city.path, path__lt=city.subtree_end, level__in=[Level.BASE, Level.CELL]
        ).order_by("code")
    )
    existing = {
        c.organization_id: c
        for c in Congress.objects.filter(term=TERM, organization__in=orgs).select_related("result")
    }
    bases = [o for o in orgs if o.level == Level.BASE]
    cells = [o for o in orgs if o.level == Level.CELL]
    provisional = {
        b.pk: Plan(
            org=b,
            kind=CongressKind.DELEGATES
            if b.kind == OrganizationKind.TERRITORIAL
            else CongressKind.GENERAL,
            convened=0,
            held_on=LAST_DAY,
        )
        for b in bases
    }
    cell_plans = _cell_plans(rng, cells, provisional)
    from_cells: dict[int, int] = {}
    for plan in cell_plans:
        parent = plan.org.parent_id or 0
        from_cells[parent] = from_cells.get(parent, 0) + plan.result["delegates_elected"]
    base_plans, general_ward = _base_plans(
        rng, bases, _members(orgs), from_cells, existing, upper_seats
    )
    # The general-meeting ward's cells elect no delegates: its whole membership attends.
    for plan in cell_plans:
        if plan.org.parent_id == general_ward.pk:
            plan.result["delegates_elected"] = plan.result["alternates_elected"] = 0

    directive = Directive.objects.filter(term=TERM).order_by("-issued_on").first()
    new_plans = [p for p in [*base_plans, *cell_plans] if p.org.pk not in existing]
    congresses = Congress.objects.bulk_create([_congress(p, directive) for p in new_plans])
    changes: list[StatusChange] = []
    results: list[CongressResult] = []
    for congress, plan in zip(congresses, new_plans, strict=True):
        changes += _history(congress, plan, since="")
        results.append(_result(congress, plan.result, plan.held_on + dt.timedelta(days=3)))
    for plan in base_plans:
        if plan.existing is not None:
            _complete_existing(plan, changes, results)
    StatusChange.objects.bulk_create(changes)
    CongressResult.objects.bulk_create(results)
    append_entry(
        acting_user=None,
        action="congress.demo_campaign",
        object_type="organization",
        object_id=city.pk,
        summary=(
            f"Dữ liệu mẫu: {len(congresses)} đại hội nhiệm kỳ {TERM} của các tổ chức cơ sở "
            f"đảng và chi bộ trực thuộc {city.name}"
        ),
        after={"term": TERM, "congresses": len(congresses), "results": len(results)},
    )
    return len(congresses)

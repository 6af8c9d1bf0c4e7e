"""Reads of the delegates app: the upper congress, the roster in Vietnamese order, the live
figures (convened, present, quorum, base) and what a lower congress must elect."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.text import fold
from daihoi.counting.names import name_key
from daihoi.delegates.models import (
    AllocatedSeats,
    Allocation,
    CheckIn,
    Delegate,
    DelegateKind,
    NotConvenedReason,
    Roster,
    SeatStatus,
    Session,
)
from daihoi.delegates.rules import base as base_rule
from daihoi.organizations.models import Organization


def upper_congress(lower: Congress) -> Congress | None:
    """The congress a lower congress elects delegates to: the one of the same term whose
    allocation in force names the lower organization, else that of the nearest ancestor."""
    allocated = (
        AllocatedSeats.objects.filter(
            organization_id=lower.organization_id, allocation__congress__term=lower.term
        )
        .select_related("allocation__congress__organization")
        .order_by("-allocation__saved_at", "-allocation_id")
        .first()
    )
    if allocated is not None:
        return allocated.allocation.congress
    ancestors = lower.organization.ancestor_ids()[:-1]
    found = {
        c.organization_id: c
        for c in Congress.objects.filter(
            organization_id__in=ancestors, term=lower.term
        ).select_related("organization")
    }
    for org_id in reversed(ancestors):
        if org_id in found:
            return found[org_id]
    return None


def allocation_in_force(congress: Congress) -> Allocation | None:
    return Allocation.objects.filter(congress=congress).order_by("-saved_at", "-id").first()


@dataclass(frozen=True)
class Allotment:
    """What the upper congress allocated to a lower congress's organization."""

    upper: Congress
    official: int
    alternates: int
    reason: str


def allotment_for(lower: Congress) -> Allotment | None:
    upper = upper_congress(lower)
    if upper is None:
        return None
    allocation = allocation_in_force(upper)
    if allocation is None:
        return None
    seats = allocation.units.filter(organization_id=lower.organization_id).first()
    if seats is None:
        return None
    return Allotment(upper, seats.official, seats.alternates, seats.reason)


def roster(congress: Congress) -> list[Delegate]:
    """Everyone on the roster, delegation by delegation, people in Vietnamese name order."""
    delegates = list(
        Delegate.objects.filter(congress=congress).select_related(
            "person", "unit", "delegation", "replaces__person"
        )
    )
    return sorted(delegates, key=reading_order)


def reading_order(d: Delegate) -> tuple[object, ...]:
    delegation = d.delegation.position if d.delegation else 0
    return (delegation, name_key(d.person.full_name, d.person.birth_date), d.pk)


def search(congress: Congress, text: str, *, limit: int = 12) -> list[Delegate]:
    """Delegates whose name contains every typed word, accents ignored ("nguyen an" finds
    "Nguyễn Văn An")."""
    words = fold(text[:100]).split()
    if not words:
        return []
    found = Delegate.objects.filter(congress=congress).select_related("person", "unit")
    for word in words[:6]:
        found = found.filter(person__search_name__contains=word)
    return sorted(found[:200], key=reading_order)[:limit]


def current_session(congress: Congress) -> Session | None:
    return Session.objects.filter(congress=congress, is_current=True).order_by("pk").first()


def runs_checkin(congress: Congress) -> bool:
    """A congress runs check-in in daihoi once it has a session: its rounds then take their
    base from here (typing it by hand is for congresses run without check-in)."""
    return Session.objects.filter(congress=congress).exists()


def roster_settings(congress: Congress) -> Roster:
    return Roster.objects.filter(congress=congress).first() or Roster(congress=congress)


# --- The live figures -----------------------------------------------------------------------------


def seats(congress: Congress, session: Session | None) -> list[base_rule.Seat]:
    """The roster as the base rule sees it, in one statement."""
    rows = (
        Delegate.objects.filter(congress=congress)
        .exclude(status=SeatStatus.WAITING)
        .order_by()  # counted, not listed: without the roster's ordering (a join and a sort)
        .annotate(
            attended=Exists(CheckIn.objects.filter(delegate=OuterRef("pk"))),
            present=Exists(
                CheckIn.objects.filter(
                    delegate=OuterRef("pk"), session_id=session.pk if session else 0
                )
            ),
        )
        .values_list(
            "kind", "status", "not_convened_reason", "absence", "replaces_id", "attended", "present"
        )
    )
    general = congress.kind == CongressKind.GENERAL
    suspension = {NotConvenedReason.SUSPENDED, NotConvenedReason.PROSECUTED}
    out = []
    for kind, status, why, absence, replaces, attended, present in rows:
        suspended = general and status == SeatStatus.NOT_CONVENED and why in suspension
        out.append(
            base_rule.Seat(
                kind=base_rule.SeatKind(kind),
                convened=status == SeatStatus.ACTIVE or suspended,
                present=bool(present) and not suspended,
                attended=bool(attended),
                absence=base_rule.Absence(absence),
                suspended=suspended,
                replacing=replaces is not None,
            )
        )
    return out


def figures(congress: Congress, session: Session | None = None) -> base_rule.Figures:
    """Convened, present, quorum and base B now (at `session`, default the current one)."""
    session = session or current_session(congress)
    return base_rule.figures(
        seats(congress, session),
        meeting="general" if congress.kind == CongressKind.GENERAL else "delegates",
        quorum_two_thirds=roster_settings(congress).quorum_two_thirds,
    )


def roster_counts(congress: Congress) -> dict[str, int]:
    """How many of each kind are on the roster and hold a seat (the roster page's header)."""
    counts = {k: 0 for k in DelegateKind.values}
    counts["waiting"] = 0
    for kind, status in Delegate.objects.filter(congress=congress).values_list("kind", "status"):
        if status == SeatStatus.ACTIVE:
            counts[kind] += 1
        elif status == SeatStatus.WAITING:
            counts["waiting"] += 1
    return counts


def delegates_in(congress: Congress) -> QuerySet[Delegate]:
    return Delegate.objects.filter(congress=congress)


def units_below(congress: Congress) -> list[Organization]:
    """The organizations directly under the congress's organization: the units seats are
    allocated to."""
    return list(Organization.objects.filter(parent_id=congress.organization_id).order_by("code"))

"""`allocate`: checks the request, counts the official seats (by the formula or by sharing
the total) and the alternates, and words each unit's reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from daihoi.delegates.rules.allocation.checks import check
from daihoi.delegates.rules.allocation.methods import Apportionment, apportion
from daihoi.delegates.rules.allocation.model import (
    Allocation,
    Method,
    PerMembers,
    Request,
    Tie,
    Unit,
    UnitAllocation,
)
from daihoi.delegates.rules.allocation.reasons import (
    apportioned_words,
    base_words,
    official_reason,
    per_members_words,
)


def _tie(kind: str, app: Apportionment, ids: Sequence[str]) -> tuple[Tie, ...]:
    if not app.tied or app.tie_value is None:
        return ()
    criterion = "remainder" if app.method is Method.LARGEST_REMAINDER else "quotient"
    return (Tie(kind, tuple(ids[i] for i in app.tied), app.tied_seats, criterion, app.tie_value),)


@dataclass(frozen=True)
class _Officials:
    """Per unit: the base, the seats by members, and the words for both; the apportionment
    when a total was shared (it may hold a tie)."""

    bases: list[int]
    by_members: list[int]
    words: list[str]
    apportionment: Apportionment | None = None


def _by_formula(units: Sequence[Unit], rule: PerMembers) -> _Officials:
    q, r = rule.members_per_seat, rule.remainder_at_least
    return _Officials(
        bases=[rule.base(u) for u in units],
        by_members=[u.members // q + (u.members % q >= r) for u in units],
        words=[f"{base_words(rule, u)} + {per_members_words(rule, u.members)}" for u in units],
    )


def _by_sharing(units: Sequence[Unit], request: Request) -> _Officials:
    ids = [u.id for u in units]
    left = request.seats - request.minimum * len(units)
    app = apportion(request.method, [u.members for u in units], left)
    first = f"tối thiểu {request.minimum} + " if request.minimum else ""
    return _Officials(
        bases=[request.minimum] * len(units),
        by_members=list(app.won),
        words=[first + apportioned_words(app, i, ids) for i in range(len(units))],
        apportionment=app,
    )


def allocate(request: Request) -> Allocation:
    """Official seats and alternates per unit, in input order, each with its reason."""
    check(request)
    units, ids = request.units, [u.id for u in request.units]
    if request.method is Method.PER_MEMBERS and request.per_members is not None:
        officials = _by_formula(units, request.per_members)
    else:
        officials = _by_sharing(units, request)
    alternates = apportion(
        request.method_for_alternates, [u.members for u in units], request.alternates
    )
    allocated = []
    for i, unit in enumerate(units):
        official = officials.bases[i] + officials.by_members[i] + unit.extra
        reason = official_reason(officials.words[i], unit.extra, official)
        if request.alternates:
            reason += f"; dự khuyết: {apportioned_words(alternates, i, ids)}"
        allocated.append(
            UnitAllocation(
                id=unit.id,
                name=unit.name,
                members=unit.members,
                base=officials.bases[i],
                by_members=officials.by_members[i],
                extra=unit.extra,
                alternates=alternates.won[i],
                reason=reason,
            )
        )
    shared = officials.apportionment
    return Allocation(
        method=request.method,
        alternates_method=request.method_for_alternates,
        profile=request.profile,
        units=tuple(allocated),
        ties=(
            (_tie("official", shared, ids) if shared else ()) + _tie("alternates", alternates, ids)
        ),
        seats_unallocated=shared.tied_seats if shared else 0,
        alternates_unallocated=alternates.tied_seats,
        ex_officio=request.ex_officio,
        appointed=request.appointed,
    )

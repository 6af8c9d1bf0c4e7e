"""Candidate lists before a ballot is printed (rules.md §4, Art. 14; docs/rules/lists.md).

- Surplus (số dư) for the executive and the standing committee: more candidates than
  seats; the convening committee's list carries 10–15%, the congress may go up to 30%;
  bodies of 3–5 members at most 1 more. Percentages become whole persons by the switch
  `surplus_whole_persons` (default: minimum rounded up, maxima rounded down; E11).
- A floor or self nominee enters the list with the agreement of more than 30% of those
  present (E12).
- A list above the 30% cap: an opinion ballot on the floor and self nominees keeps them by
  votes, highest first, up to the cap (E13).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from daihoi.counting.election import Body
from daihoi.counting.regulation import DEFAULT_PROFILE, PROFILES, Regulation
from daihoi.counting.selection import select
from daihoi.counting.shares import percent, round_half_up

#: The bodies whose lists Art. 14 bounds.
SURPLUS_BODIES = frozenset({Body.EXECUTIVE, Body.STANDING})
#: Bodies of 3–5 members: at most 1 more candidate than seats.
SMALL_BODY_SEATS = range(3, 6)


@dataclass(frozen=True)
class SurplusBounds:
    """How many candidates beyond `seats` a list may carry."""

    seats: int
    prepared_min: int
    prepared_max: int
    maximum: int
    small_body: bool


@dataclass(frozen=True)
class ListCheck:
    seats: int
    listed: int
    surplus: int
    surplus_percent: str
    bounds: SurplusBounds
    ok: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class FloorNomination:
    present: int
    agreeing: int
    votes_needed: int
    enters: bool


@dataclass(frozen=True)
class OpinionCut:
    """The opinion ballot on floor and self nominees when the list exceeds the cap."""

    seats: int
    cap: int
    committee_listed: int
    places: int
    ballot_needed: bool
    kept: tuple[str, ...]
    tied: tuple[str, ...]
    dropped: tuple[str, ...]


def _default(regulation: Regulation | None) -> Regulation:
    return regulation or PROFILES[DEFAULT_PROFILE]


def surplus_rule_applies(body: Body) -> bool:
    """Art. 14 bounds the lists of the executive and the standing committee only."""
    return body in SURPLUS_BODIES


def surplus_bounds(seats: int, regulation: Regulation | None = None) -> SurplusBounds:
    """The surplus allowed for a body of `seats` members (E11)."""
    if seats in SMALL_BODY_SEATS:
        return SurplusBounds(seats, 1, 1, 1, small_body=True)
    ten, fifteen, thirty = (Fraction(seats * p, 100) for p in (10, 15, 30))
    if _default(regulation).switches.surplus_whole_persons:
        low, high, cap = -(-ten.numerator // ten.denominator), int(fifteen), int(thirty)
    else:
        low, high, cap = (round_half_up(x) for x in (ten, fifteen, thirty))
    # "More candidates than seats": at least one more, whatever the rounding gives.
    low = max(low, 1)
    high = max(high, low)
    return SurplusBounds(seats, low, high, max(cap, high), small_body=False)


def _check(seats: int, listed: int, low: int, high: int, bounds: SurplusBounds) -> ListCheck:
    surplus = listed - seats
    problems: list[str] = []
    if surplus < low:
        problems.append(
            f"danh sách {listed} người cho {seats} chỉ tiêu: số dư {surplus}, cần ít nhất {low}"
        )
    if surplus > high:
        problems.append(
            f"danh sách {listed} người cho {seats} chỉ tiêu: số dư {surplus}, tối đa {high}"
        )
    return ListCheck(
        seats=seats,
        listed=listed,
        surplus=surplus,
        surplus_percent=percent(max(surplus, 0), seats),
        bounds=bounds,
        ok=not problems,
        problems=tuple(problems),
    )


def check_convener_list(seats: int, listed: int, regulation: Regulation | None = None) -> ListCheck:
    """The convening committee's list: a surplus of 10–15% (E11)."""
    bounds = surplus_bounds(seats, regulation)
    return _check(seats, listed, bounds.prepared_min, bounds.prepared_max, bounds)


def check_ballot_list(seats: int, listed: int, regulation: Regulation | None = None) -> ListCheck:
    """The list the congress votes on: more candidates than seats, at most the cap."""
    bounds = surplus_bounds(seats, regulation)
    return _check(seats, listed, 1, bounds.maximum, bounds)


def floor_nominee(present: int, agreeing: int) -> FloorNomination:
    """A floor or self nominee enters the list iff more than 30% of those present agree
    (E12: 143 present → 43 needed)."""
    needed = present * 3 // 10 + 1
    return FloorNomination(present, agreeing, needed, agreeing >= needed)


def opinion_ballot_cut(
    seats: int,
    committee_listed: int,
    nominee_votes: Sequence[tuple[str, int]],
    regulation: Regulation | None = None,
) -> OpinionCut:
    """Keep the floor and self nominees by opinion-ballot votes, highest first, until the
    list reaches the cap of seats + maximum surplus (E13). Nominees tied across the last
    place are reported as `tied`: the congress decides."""
    cap = seats + surplus_bounds(seats, regulation).maximum
    nominees = tuple(cid for cid, _ in nominee_votes)
    if committee_listed + len(nominees) <= cap:
        return OpinionCut(seats, cap, committee_listed, len(nominees), False, nominees, (), ())
    places = max(cap - committee_listed, 0)
    chosen = select(nominee_votes, places, 0) if places else None
    kept = chosen.elected if chosen else ()
    tied = chosen.tied if chosen else ()
    dropped = tuple(cid for cid in nominees if cid not in kept and cid not in tied)
    return OpinionCut(seats, cap, committee_listed, places, True, kept, tied, dropped)

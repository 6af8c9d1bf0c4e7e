"""Who is elected (rules.md §6; docs/rules/selection.md).

Candidates who reach the votes needed are ranked by votes; if more pass than there are
seats the highest win; candidates who pass with equal votes across the last seat are all
*tied* and none of them is elected in this round (they are re-voted for the seats left);
seats nobody fills stay open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    ELECTED = "elected"
    NOT_ELECTED = "not_elected"
    TIED = "tied"
    #: Only with the switch passing_delegates_become_alternates (Art. 18).
    ALTERNATE = "alternate"


class NextStep(StrEnum):
    DONE = "done"
    REVOTE_TIED = "revote_tied"
    FURTHER_ROUND_ALLOWED = "further_round_allowed"
    APPOINTMENT_BY_UPPER_COMMITTEE = "appointment_by_upper_committee"


@dataclass(frozen=True)
class Selection:
    """The outcome of ranking one round: `elected` by votes (highest first, equal votes in
    ballot order), `tied` in ballot order, and the seats this round leaves unfilled (the
    seats of the tied included)."""

    elected: tuple[str, ...]
    tied: tuple[str, ...]
    seats_unfilled: int


def select(votes: Sequence[tuple[str, int]], seats: int, votes_needed: int) -> Selection:
    """Select up to `seats` of the candidates `votes` ((id, votes) in ballot order) who have
    at least `votes_needed` votes."""
    passing = [(cid, v) for cid, v in votes if v >= votes_needed]
    # sorted() is stable: equal votes keep the ballot order.
    ranked = sorted(passing, key=lambda item: -item[1])
    if len(ranked) <= seats:
        elected = tuple(cid for cid, _ in ranked)
        return Selection(elected, (), seats - len(elected))
    cut = ranked[seats - 1][1]
    if ranked[seats][1] < cut:
        return Selection(tuple(cid for cid, _ in ranked[:seats]), (), 0)
    elected = tuple(cid for cid, v in ranked if v > cut)
    tied = tuple(cid for cid, v in passing if v == cut)
    return Selection(elected, tied, seats - len(elected))


def rest_of_common_list(
    candidate_ids: Sequence[str], elected: Sequence[str], alternates: Sequence[str] = ()
) -> tuple[str, ...]:
    """Art. 18: the common list of delegates and alternates; official delegates are elected
    first and the rest of the list goes to the alternates round (ballot order kept)."""
    taken = set(elected) | set(alternates)
    return tuple(cid for cid in candidate_ids if cid not in taken)

"""Elections ↔ delegates: the two places an election meets the congress's roster.

- A round of a congress run with check-in takes its base figures from the delegates app when
  it opens (convened, present, the exclusions of rules.md §6, read at the current session),
  frozen in the round; only congresses run without check-in type them by hand.
- A closed round that elects delegates or alternates to the upper congress sends its elected
  up: they join the upper congress's roster (delegates.actions.receive_elected).

elections imports delegates, never the other way (import-linter contract).
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.congresses.models import Congress
from daihoi.core.models import User
from daihoi.delegates import queries as delegate_queries
from daihoi.delegates.actions import checkin as checkin_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.rules.base import Figures
from daihoi.elections.models import Body, Candidate, Election, Meeting, Round


@dataclass(frozen=True)
class LiveBase:
    figures: Figures
    session_title: str  # "" when no session is current

    @property
    def exclusions(self) -> tuple[tuple[str, int], ...]:
        return tuple((e.label, e.count) for e in self.figures.exclusions if e.count)

    @property
    def exclusion_rows(self) -> list[dict[str, object]]:
        return [
            {"reason": e.label, "count": e.count, "code": e.code}
            for e in self.figures.exclusions
            if e.count
        ]


def allotment(congress: Congress) -> delegate_queries.Allotment | None:
    """What the upper congress allocated to this congress (official and alternate seats)."""
    return delegate_queries.allotment_for(congress)


def live_base(election: Election) -> LiveBase | None:
    """The base figures from check-in, or None when the round's figures are typed: the
    congress runs no check-in in daihoi, or the meeting is a committee conference (its base
    is the incumbent members, not the congress's delegates)."""
    congress = election.congress
    if election.meeting == Meeting.COMMITTEE or not delegate_queries.runs_checkin(congress):
        return None
    session = delegate_queries.current_session(congress)
    figures = delegate_queries.figures(congress, session)
    return LiveBase(figures, checkin_actions.session_title(session) if session else "")


def _person_data(candidate: Candidate, unit_id: int) -> roster_actions.PersonData:
    return roster_actions.PersonData(
        full_name=candidate.full_name,
        birth_date=candidate.birth_date,
        gender=candidate.gender,
        ethnicity=candidate.ethnicity,
        position_title=candidate.position_title,
        organization_id=unit_id,
    )


def _elected(round_: Round, ids: list[str]) -> list[roster_actions.Elected]:
    """The elected as persons: a candidate without a person record gets one now (found by
    name and birth date, or new) and keeps it, so the same round sent twice is the same
    people, and the person stays one record upward."""
    votes = {str(c["id"]): int(c["votes"]) for c in (round_.result or {}).get("candidates", [])}
    by_id = {str(c.pk): c for c in Candidate.objects.filter(pk__in=[int(i) for i in ids])}
    unit = round_.election.congress.organization_id
    elected = []
    for i in ids:
        candidate = by_id.get(i)
        if candidate is None:
            continue
        data = _person_data(candidate, unit)
        if candidate.person_id is None:
            candidate.person = roster_actions.find_or_create_person(data)
            candidate.save(update_fields=["person"])
        elected.append(roster_actions.Elected(data, votes.get(i, 0), candidate.person_id))
    return elected


def round_closed(round_: Round, *, acting_user: User | None) -> None:
    """Send the elected of a delegates' or alternates' round up to the upper congress's
    roster (officials first, then alternates in vote order)."""
    if round_.body not in (Body.UPPER_DELEGATES, Body.UPPER_ALTERNATES) or not round_.result:
        return
    lower = round_.election.congress
    elected = [str(i) for i in round_.result.get("elected", [])]
    # Candidates who passed beyond the official seats, taken as alternates by the switch
    # passing_delegates_become_alternates: outcome "alternate", in vote order.
    passing = [c for c in round_.result.get("candidates", []) if c["outcome"] == "alternate"]
    absorbed = [str(c["id"]) for c in sorted(passing, key=lambda c: -int(c["votes"]))]
    officials = round_.body == Body.UPPER_DELEGATES
    if elected:
        roster_actions.receive_elected(
            lower,
            _elected(round_, elected),
            alternates=not officials,
            round_id=round_.pk,
            acting_user=acting_user,
        )
    if officials and absorbed:
        roster_actions.receive_elected(
            lower,
            _elected(round_, absorbed),
            alternates=True,
            round_id=round_.pk,
            acting_user=acting_user,
        )

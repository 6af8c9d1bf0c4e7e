"""A congress counted in daihoi reports its results upward by itself: finishing its elections
moves it to "held", and once every election is done its figures (committee, re-elected,
women, young, ethnic minority, standing committee, secretary with the direct-election vote,
deputies, inspection, delegates and alternates) are computed from the stored results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from daihoi.congresses import actions as congress_actions
from daihoi.congresses.models import CongressResult, CongressStatus, StatusChange
from daihoi.congresses.rules import ResultFigures
from daihoi.core.models import AuditEntry
from daihoi.elections import actions, reporting
from daihoi.elections.models import Election, RoundPurpose, StaffRole
from daihoi.elections.testing import CountingTeam, close_keyed, make_congress, make_team

CONVENED = 10


@dataclass(frozen=True)
class Person:
    name: str
    gender: str = "male"
    born: dt.date | None = None
    ethnicity: str = ""
    incumbent: bool = False


def election_of(
    congress,
    team: CountingTeam,
    people: Sequence[Person],
    *,
    body: str,
    seats: int,
    alternate_seats: int = 0,
    meeting: str = "",
) -> Election:
    election = actions.create_election(
        congress,
        acting_user=None,
        body=body,
        seats=seats,
        alternate_seats=alternate_seats,
        meeting=meeting,
    )
    for p in people:
        actions.add_candidate(
            election,
            acting_user=None,
            full_name=p.name,
            gender=p.gender,
            birth_date=p.born,
            ethnicity=p.ethnicity,
            is_incumbent=p.incumbent,
        )
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=None)
    for typist in team.typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=None)
    actions.confirm_list(election, acting_user=None)
    return election


def vote(election: Election, team: CountingTeam, lines: Sequence[str], **round_kwargs):
    round_ = actions.open_round(
        election,
        acting_user=None,
        typists=team.typists,
        figures=actions.BaseFigures(convened=CONVENED, present=CONVENED, ballots_issued=CONVENED),
        **round_kwargs,
    )
    return close_keyed(round_, team, lines)


# The congress is held on 15/07/2025 (make_congress): Bình is 34 that day (young), Cường
# exactly 35 (not young under the default limit of 35).
AN = Person("Nguyễn Thị An", "female", dt.date(1995, 1, 1), "Tày", incumbent=True)
BINH = Person("Lê Văn Bình", "male", dt.date(1990, 7, 16), "Kinh")
CUONG = Person("Trần Văn Cường", "male", dt.date(1990, 7, 15), "", incumbent=True)
DUNG = Person("Phạm Thị Dung", "female", dt.date(1980, 3, 3), "Kinh")


@pytest.fixture
def congress(world):
    return make_congress(world, convened=CONVENED)


@pytest.fixture
def team():
    return make_team()


def elect_executive(congress, team) -> Election:
    """An, Bình, Cường elected (Dung struck on every ballot)."""
    executive = election_of(congress, team, [AN, BINH, CUONG, DUNG], body="executive", seats=3)
    vote(executive, team, ["4"] * CONVENED)
    return executive


def elect_secretary(congress, team, *, meeting: str = "") -> Election:
    """An, alone on the list: 8 agree, 2 disagree, base 10."""
    secretary = election_of(congress, team, [AN], body="secretary", seats=1, meeting=meeting)
    vote(secretary, team, [""] * 8 + ["1"] * 2)
    return secretary


def elect_delegates(congress, team) -> Election:
    """Two delegates (Dung and Bình), then Cường as the alternate on the common list."""
    delegates = election_of(
        congress, team, [BINH, CUONG, DUNG], body="upper_delegates", seats=2, alternate_seats=1
    )
    officials = vote(delegates, team, ["2"] * CONVENED)
    rest = [c for c in delegates.candidates.all() if str(c.pk) not in officials.result["elected"]]
    vote(delegates, team, [""] * CONVENED, purpose=RoundPurpose.ALTERNATES, candidates=rest)
    return delegates


def test_when_every_election_is_finished_the_congress_reports_its_figures(congress, team):
    executive = elect_executive(congress, team)
    secretary = elect_secretary(congress, team)
    delegates = elect_delegates(congress, team)
    for election in (executive, secretary, delegates):
        actions.finish_election(election, acting_user=team.head)

    congress.refresh_from_db()
    result = CongressResult.objects.get(congress=congress)
    assert congress.status == CongressStatus.REPORTED
    assert congress.held_on == dt.date(2025, 7, 15)
    assert result.source == "daihoi"
    assert (result.committee_elected, result.committee_reelected, result.committee_new) == (3, 2, 1)
    assert result.committee_women == 1
    assert result.committee_young == 2
    assert result.committee_ethnic_minority == 1
    assert result.secretary_elected and result.secretary_direct
    assert (result.secretary_votes, result.secretary_base) == (8, 10)
    assert congress.secretary_percent == 80
    assert (result.delegates_elected, result.alternates_elected) == (2, 1)
    assert (result.standing_elected, result.deputies_elected, result.inspection_elected) == (
        0,
        0,
        0,
    )
    statuses = list(
        StatusChange.objects.filter(congress=congress)
        .order_by("id")
        .values_list("status", flat=True)
    )
    assert statuses == ["planned", "held", "reported"]


def test_finishing_one_election_while_others_remain_marks_the_congress_held_only(congress, team):
    executive = elect_executive(congress, team)
    election_of(congress, team, [AN], body="secretary", seats=1)  # not voted yet

    actions.finish_election(executive, acting_user=team.head)

    congress.refresh_from_db()
    assert congress.status == CongressStatus.HELD
    assert not CongressResult.objects.filter(congress=congress).exists()
    assert AuditEntry.objects.filter(action="congress.held", object_id=congress.pk).count() == 1


def test_a_later_election_updates_the_reported_figures(congress, team):
    executive = elect_executive(congress, team)
    actions.finish_election(executive, acting_user=team.head)
    assert CongressResult.objects.get(congress=congress).standing_elected == 0

    standing = election_of(
        congress, team, [AN, BINH], body="standing", seats=1, meeting="committee"
    )
    vote(standing, team, ["2"] * CONVENED)
    actions.finish_election(standing, acting_user=team.head)

    result = CongressResult.objects.get(congress=congress)
    assert (result.committee_elected, result.standing_elected) == (3, 1)
    assert CongressResult.objects.filter(congress=congress).count() == 1


def test_a_secretary_elected_by_the_committee_is_not_a_direct_election(congress, team):
    elect_executive(congress, team)
    secretary = elect_secretary(congress, team, meeting="committee")
    for election in Election.objects.filter(congress=congress):
        actions.finish_election(election, acting_user=team.head)

    result = CongressResult.objects.get(congress=congress)
    assert result.secretary_elected and not result.secretary_direct
    assert result.secretary_votes is None and result.secretary_base is None
    assert secretary.meeting == "committee"


def test_the_age_limit_of_young_members_is_a_setting(congress, team, settings):
    settings.DAIHOI_YOUNG_AGE = 31  # only An (30) is young then
    executive = elect_executive(congress, team)
    actions.finish_election(executive, acting_user=team.head)
    assert CongressResult.objects.get(congress=congress).committee_young == 1


def test_an_approved_congress_is_left_as_it_was_approved(world, congress, team):
    congress_actions.advance_congress(
        congress, "preparing", dt.date(2025, 7, 1), acting_user=world.staff_a
    )
    congress_actions.advance_congress(
        congress, "held", dt.date(2025, 7, 15), acting_user=world.staff_a
    )
    figures = ResultFigures(committee_elected=9)
    congress_actions.report_results(congress, figures, source="form", acting_user=world.staff_a)
    congress_actions.approve_congress(congress, acting_user=world.staff_p)

    executive = elect_executive(congress, team)
    actions.finish_election(executive, acting_user=team.head)

    congress.refresh_from_db()
    assert congress.status == CongressStatus.APPROVED
    assert CongressResult.objects.get(congress=congress).committee_elected == 9


def test_the_figures_count_only_finished_elections(congress, team):
    elect_executive(congress, team)  # counted but not finished
    assert reporting.congress_figures(congress) == ResultFigures()

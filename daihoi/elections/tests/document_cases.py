"""Elections with closed rounds for the document tests (built through the actions only).

- executive_with_tie: 5 names for 4 seats, two exclusions from the base, two invalid
  ballots; An, Bình and Cường elected, Dung and Em tied at 22 for the last seat, then a
  second round (tie re-vote) that elects Dung.
- direct_secretary: one name on an agree/disagree ballot, with a ballot marked in both boxes
  and a ballot without the congress's stamp; elected.
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.elections import actions
from daihoi.elections.models import Candidate, Election, Round, RoundPurpose
from daihoi.elections.testing import (
    CountingTeam,
    close_keyed,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)
from daihoi.testing import World

EXECUTIVE_NAMES = [
    "Nguyễn Văn An",
    "Lê Thị Bình",
    "Trần Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
]
EXCLUSIONS = (
    ("Ốm đau, điều trị dài ngày", 1),
    ("Đi công tác được cấp có thẩm quyền cho phép", 1),
)
# Convened 14, two not counted: B = 12, 7 votes needed. 12 paper ballots (numbers struck
# out): An 10, Bình 8, Cường 8, Dung 7, Em 7; one with a name added and one keeping all five
# names (more than the 4 seats) are invalid.
EXECUTIVE_LINES = ["5"] * 3 + ["4"] * 3 + ["3"] * 2 + ["2"] * 2 + ["5 t", ""]
# The tie re-vote between Dung (1) and Em (2) for one seat.
REVOTE_LINES = ["2"] * 8 + ["1"] * 4

SECRETARY_NAME = "Đặng Quốc Hùng"
SECRETARY_LINES = [""] * 9 + ["1", "1c", "d"]


@dataclass
class ExecutiveCase:
    election: Election
    team: CountingTeam
    candidates: list[Candidate]
    first: Round
    second: Round | None = None


def executive_with_tie(world: World, *, revote: bool = True, prefix: str = "") -> ExecutiveCase:
    congress = make_congress(world)
    team = make_team(prefix)
    election, candidates = make_election(congress, team, EXECUTIVE_NAMES, seats=4)
    first = open_first_round(election, team, convened=14, present=12, exclusions=EXCLUSIONS)
    first = close_keyed(first, team, EXECUTIVE_LINES)
    case = ExecutiveCase(election, team, candidates, first)
    if revote:
        by_name = {c.full_name: c for c in candidates}
        second = actions.open_round(
            election,
            acting_user=None,
            typists=team.typists,
            purpose=RoundPurpose.TIE_REVOTE,
            candidates=[by_name["Phạm Thị Dung"], by_name["Hoàng Văn Em"]],
            seats=1,
            figures=actions.BaseFigures(
                convened=14, present=12, ballots_issued=12, exclusions=EXCLUSIONS
            ),
        )
        case.second = close_keyed(second, team, REVOTE_LINES)
    return case


def direct_secretary(world: World, *, prefix: str = "bt") -> tuple[Election, Round]:
    from daihoi.elections.models import Congress

    congress = Congress.objects.filter(organization=world.district_a).first() or make_congress(
        world
    )
    team = make_team(prefix)
    election, _ = make_election(congress, team, [SECRETARY_NAME], body="secretary", seats=1)
    round_ = open_first_round(election, team, convened=12, present=12)
    return election, close_keyed(round_, team, SECRETARY_LINES)

"""The running totals per typist (the console's table the typists' figures must agree on
before closing) equal a plain recount of every typist's latest entry of every paper, however
the papers stand: confirmed, in conflict, re-read, or keyed by some typists only."""

from __future__ import annotations

from collections import Counter

import pytest

from daihoi.elections import actions, queries
from daihoi.elections.models import BallotEntry, Round
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]


def recount(round_: Round) -> dict[int, Counter[int]]:
    latest: dict[tuple[int, int], BallotEntry] = {}
    for entry in BallotEntry.objects.filter(round=round_).order_by("revision"):
        latest[(entry.typist_id, entry.seq)] = entry
    totals: dict[int, Counter[int]] = {t.pk: Counter() for t in round_.typists.all()}
    for (typist, _seq), entry in latest.items():
        if round_.ballot_style == "strike":
            totals[typist].update(entry.struck)
        else:
            totals[typist].update(int(n) for n, m in entry.marks.items() if m == "disagree")
    return totals


def key(round_: Round, typist, seq: int, line: str, revision: int = 0) -> None:
    actions.enter_ballot(round_, seq=seq, revision=revision, line=line, acting_user=typist)


# Per ballot style: the election, and the lines keyed (a, b, c, d: four different readings).
CASES = {
    "strike": ("executive", NAMES, 3, {"a": "1 2", "b": "3", "c": "4", "d": "2 4"}),
    "agree_disagree": ("secretary", NAMES[:1], 1, {"a": "1", "b": "", "c": "1c", "d": "1o"}),
}


@pytest.mark.parametrize("case", CASES)
def test_running_totals_equal_a_recount_of_the_latest_entries(world, case):
    body, names, seats, line = CASES[case]
    team = make_team()
    election, _ = make_election(make_congress(world), team, names, body=body, seats=seats)
    round_ = open_first_round(election, team, convened=10, present=10, issued=10)
    one, two, three = team.typists
    for typist in team.typists:  # papers 1 and 2: confirmed
        key(round_, typist, 1, line["a"])
        key(round_, typist, 2, line["b"])
    key(round_, one, 3, line["a"])  # paper 3: a conflict, re-read, confirmed differently
    key(round_, two, 3, line["b"])
    key(round_, three, 3, line["a"])
    assert queries.typist_totals(round_) == recount(round_)
    actions.request_reread(round_, seq=3, acting_user=team.head)
    for typist in team.typists:
        key(round_, typist, 3, line["c"], revision=1)
    key(round_, one, 4, line["d"])  # paper 4: keyed by two typists so far
    key(round_, two, 4, line["d"])
    key(round_, one, 5, line["a"])  # paper 5: one typist ahead
    totals = queries.typist_totals(round_)
    assert totals == recount(round_)
    assert totals[one.pk] != totals[three.pk]  # typist three has not keyed papers 4 and 5

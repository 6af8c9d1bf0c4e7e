"""One whole congress, as a counting committee lives it: the executive committee with a tie
for the last seat (re-voted), the secretary elected directly on an agree/disagree ballot, and
the delegates to the upper congress then their alternate on the common list — three typists
keying every ballot at the same time on their own connections, one disagreement resolved by
re-reading the paper — and the minutes of every round compared with golden files."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from daihoi.core.models import User
from daihoi.elections import actions, queries
from daihoi.elections.documents import minutes
from daihoi.elections.models import BallotEntry, Body, Candidate, Round, RoundPurpose
from daihoi.elections.testing import CountingTeam, make_congress, make_election, make_team
from daihoi.elections.tests.extract import pdf_text
from daihoi.testing import database_for_threads, run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("threads")]

FIGURES = actions.BaseFigures(
    convened=13, present=12, ballots_issued=12, exclusions=(("Ốm đau nằm viện", 1),)
)  # base 12, need 7


def key_concurrently(
    round_: Round,
    team: CountingTeam,
    lines: Sequence[str],
    connect: Callable[[], None],
    slips: dict[tuple[int, int], str] | None = None,
) -> None:
    """Each typist keys every paper ballot on their own thread and connection, all at once.
    `slips` maps (typist index, seq) to a mistyped line."""

    def typist_work(index: int, typist: User) -> Callable[[], None]:
        def work() -> None:
            for seq, line in enumerate(lines, start=1):
                typed = (slips or {}).get((index, seq), line)
                actions.enter_ballot(round_, seq=seq, revision=0, line=typed, acting_user=typist)

        return work

    run_together(connect, [typist_work(i, t) for i, t in enumerate(team.typists)])


def reread(round_: Round, team: CountingTeam, seq: int, line: str) -> None:
    actions.request_reread(round_, seq=seq, acting_user=team.head)
    for typist in team.typists:
        task = queries.next_task_for(round_, typist)
        assert (task.seq, task.revision) == (seq, 1)
        actions.enter_ballot(round_, seq=seq, revision=1, line=line, acting_user=typist)


def names(round_: Round, key: str) -> list[str]:
    ids = [int(i) for i in round_.result[key]]
    by_id = Candidate.objects.in_bulk(ids)
    return [by_id[i].full_name for i in ids]


def open_round(election, team, **kwargs) -> Round:
    return actions.open_round(
        election, acting_user=None, figures=FIGURES, typists=team.typists, **kwargs
    )


def test_a_whole_congress_is_counted_with_three_concurrent_typists(
    world, tmp_path, golden, fixed_now
):
    congress = make_congress(world, convened=13)
    team = make_team()
    executive, _ = make_election(
        congress,
        team,
        [
            "Nguyễn Văn An",
            "Lê Thị Bình",
            "Trần Văn Cường",
            "Phạm Thị Dung",
        ],
        seats=3,
    )
    secretary, _ = make_election(
        congress, make_team("bt_"), ["Nguyễn Văn An"], body=Body.SECRETARY, seats=1
    )
    delegates, _ = make_election(
        congress,
        make_team("db_"),
        [
            "Vũ Thị Giang",
            "Đỗ Văn Hải",
            "Bùi Thị Khánh",
            "Ngô Văn Long",
        ],
        body=Body.UPPER_DELEGATES,
        seats=2,
        alternate_seats=1,
    )
    secretary_team = CountingTeam(
        *[secretary.staff.get(role=r).user for r in ("head", "member")],
        typists=[s.user for s in secretary.staff.filter(role="typist")],
    )
    delegates_team = CountingTeam(
        *[delegates.staff.get(role=r).user for r in ("head", "member")],
        typists=[s.user for s in delegates.staff.filter(role="typist")],
    )

    with database_for_threads(tmp_path) as connect:
        # Executive, 3 seats (a small body: surplus 1): names in ballot order An 1, Bình 2,
        # Cường 3, Dung 4. Every ballot strikes one name; struck 0, 2, 5, 5 times → 12, 10,
        # 7, 7 votes: Cường and Dung tie at 7 (= votes needed) for the third seat.
        lines = ["4", "3", "4", "3", "4", "3", "4", "3", "4", "3", "2", "2"]
        first = open_round(executive, team)
        key_concurrently(first, team, lines, connect, slips={(1, 4): "4"})
        conflicts = queries.progress(first).conflicts
        assert [c.seq for c in conflicts] == [4]
        with pytest.raises(actions.ElectionActionError, match="nhập không khớp"):
            actions.close_round(first, acting_user=team.head)
        reread(first, team, 4, "3")
        first = actions.close_round(first, acting_user=team.head)
        assert names(first, "elected") == ["Nguyễn Văn An", "Lê Thị Bình"]
        assert names(first, "tied") == ["Trần Văn Cường", "Phạm Thị Dung"]
        assert first.result["next"] == "revote_tied"
        assert BallotEntry.objects.filter(round=first).count() == 12 * 3 + 3

        tied = list(Candidate.objects.filter(pk__in=[int(i) for i in first.result["tied"]]))
        revote = open_round(
            executive, team, purpose=RoundPurpose.TIE_REVOTE, candidates=tied, seats=1
        )
        key_concurrently(revote, team, ["2"] * 8 + ["1"] * 4, connect)
        revote = actions.close_round(revote, acting_user=team.head)
        assert names(revote, "elected") == ["Trần Văn Cường"]
        actions.finish_election(executive, acting_user=None)

        # The secretary, directly: 10 agree, 1 disagrees, 1 marks both boxes (invalid).
        round_ = open_round(secretary, secretary_team)
        assert round_.ballot_style == "agree_disagree"
        key_concurrently(round_, secretary_team, [""] * 10 + ["1", "1c"], connect)
        secretary_round = actions.close_round(round_, acting_user=secretary_team.head)
        assert names(secretary_round, "elected") == ["Nguyễn Văn An"]
        assert secretary_round.result["ballots"]["invalid"] == 1

        # Delegates, then the alternate from the rest of the common list.
        officials = open_round(delegates, delegates_team)
        order = [rc.candidate.full_name for rc in officials.ballot_names.all()]
        assert order == ["Vũ Thị Giang", "Đỗ Văn Hải", "Bùi Thị Khánh", "Ngô Văn Long"]
        key_concurrently(officials, delegates_team, ["3 4"] * 9 + ["2 4", "2 4", "1 2"], connect)
        officials = actions.close_round(officials, acting_user=delegates_team.head)
        assert names(officials, "elected") == ["Vũ Thị Giang", "Đỗ Văn Hải"]
        rest = [
            c for c in delegates.candidates.all() if str(c.pk) not in officials.result["elected"]
        ]
        alternates = open_round(
            delegates, delegates_team, purpose=RoundPurpose.ALTERNATES, candidates=rest
        )
        assert (alternates.body, alternates.seats) == (Body.UPPER_ALTERNATES, 1)
        key_concurrently(alternates, delegates_team, ["2"] * 9 + ["1"] * 3, connect)
        alternates = actions.close_round(alternates, acting_user=delegates_team.head)
        assert names(alternates, "elected") == ["Bùi Thị Khánh"]

        for label, round_ in [
            ("executive_r1", first),
            ("executive_r2", revote),
            ("secretary", secretary_round),
            ("delegates_r1", officials),
            ("delegates_r2", alternates),
        ]:
            assert actions.verify_round(round_)
            golden(f"full_congress_{label}.pdf.txt", pdf_text(minutes.minutes_pdf(round_)))

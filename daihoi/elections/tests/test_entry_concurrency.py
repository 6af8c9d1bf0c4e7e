"""Two counting rooms at once on one server: the typists of two elections key their ballots
at the same time, each on their own connection. Every entry takes its round's lock, then the
audit chain's head in the statement that reads what it checks (elections.entry_sql), so the
rooms never wait on each other's rounds, and the chain stays one unbroken line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from daihoi.core.audit import verify_chain
from daihoi.core.models import User
from daihoi.elections import actions
from daihoi.elections.models import ConfirmedBallot, Round
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round
from daihoi.testing import database_for_threads, run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("threads")]

PAPERS = ["1", "2", "", "1 3", "3"] * 4


def test_two_rooms_key_at_once_and_the_audit_chain_stays_whole(world, tmp_path):
    with database_for_threads(tmp_path) as connect:
        congress = make_congress(world)
        rooms: list[tuple[Round, list[User]]] = []
        for prefix, body in (("a_", "executive"), ("b_", "inspection")):
            team = make_team(prefix)
            election, _ = make_election(
                congress,
                team,
                ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"],
                body=body,
                seats=2,
            )
            round_ = open_first_round(election, team, convened=20, present=20, issued=20)
            rooms.append((round_, team.typists))

        def typist_work(round_: Round, typist: User) -> Callable[[], None]:
            def work() -> None:
                for seq, line in enumerate(PAPERS, start=1):
                    actions.enter_ballot(
                        round_.pk, seq=seq, revision=0, line=line, acting_user=typist
                    )

            return work

        run_together(
            connect,
            [typist_work(round_, typist) for round_, typists in rooms for typist in typists],
        )
        for round_, _ in rooms:
            assert ConfirmedBallot.objects.filter(round=round_).count() == len(PAPERS)
        checked, chain_break = verify_chain()
        assert chain_break is None
        assert checked > 6 * len(PAPERS)

"""Test builders for elections: a congress of district A with a counting committee and three
typists, on top of daihoi.testing's named world."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.models import User
from daihoi.elections import actions
from daihoi.elections.models import Candidate, Election, Round, StaffRole
from daihoi.testing import PASSWORD, World


@dataclass
class CountingTeam:
    head: User
    member: User
    typists: list[User]


def make_congress(world: World, *, convened: int = 40) -> Congress:
    return create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=convened,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
        place="An Lạc",
        direct_secretary=True,
    )


def make_team(prefix: str = "") -> CountingTeam:
    def user(name: str, full: str) -> User:
        return core_actions.create_user(
            f"{prefix}{name}", PASSWORD, acting_user=None, full_name=full
        )

    return CountingTeam(
        head=user("truongban", "Đỗ Thị Kiểm"),
        member=user("uyvien", "Vũ Văn Đếm"),
        typists=[
            user(f"may{i}", f"Người Nhập {name}")
            for i, name in enumerate(["Một", "Hai", "Ba"], start=1)
        ],
    )


def make_election(
    congress: Congress,
    team: CountingTeam,
    names: Sequence[str],
    *,
    body: str = "executive",
    seats: int = 3,
    acting_user: User | None = None,
    alternate_seats: int = 0,
) -> tuple[Election, list[Candidate]]:
    election = actions.create_election(
        congress, acting_user=acting_user, body=body, seats=seats, alternate_seats=alternate_seats
    )
    candidates = [
        actions.add_candidate(election, acting_user=acting_user, full_name=n) for n in names
    ]
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=acting_user)
    actions.add_staff(election, team.member, StaffRole.MEMBER, acting_user=acting_user)
    for typist in team.typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=acting_user)
    actions.confirm_list(election, acting_user=acting_user)
    return election, candidates


def open_first_round(
    election: Election,
    team: CountingTeam,
    *,
    convened: int = 40,
    present: int = 40,
    issued: int | None = None,
    exclusions: tuple[tuple[str, int], ...] = (),
) -> Round:
    return actions.open_round(
        election,
        acting_user=None,
        typists=team.typists,
        figures=actions.BaseFigures(
            convened=convened,
            present=present,
            ballots_issued=issued if issued is not None else present,
            exclusions=exclusions,
        ),
    )


def key_all(round_: Round, team: CountingTeam, lines: Sequence[str]) -> None:
    """Every typist keys every line, in order (the happy path)."""
    for typist in team.typists:
        for line in lines:
            task = actions.queries.next_task_for(round_, typist)
            actions.enter_ballot(
                round_, seq=task.seq, revision=task.revision, line=line, acting_user=typist
            )


def close_keyed(round_: Round, team: CountingTeam, lines: Sequence[str]) -> Round:
    """Every typist keys every line, then the head closes the round."""
    key_all(round_, team, lines)
    return actions.close_round(round_, acting_user=team.head)

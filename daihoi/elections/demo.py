"""Demo elections, built through the same actions a counting committee uses:

- the congress of the ward committee of Quang Trung (Uông Bí), 2020–2025, with every election
  counted and closed: the executive committee (a tie for the last seat, re-voted), the
  secretary elected directly on an agree/disagree ballot, delegates to the city congress and
  then their alternate on the common list;
- the congress of the city committee of Uông Bí, 2020–2025, whose executive-committee round is
  open for the demo typists (may1, may2, may3) and head (truongban) to try. It is created
  first, with its allocation of seats, so that the ward's delegates flow into its roster as
  their rounds close; its roster, credentials, badges and check-in are the delegates demo's
  (daihoi/delegates/demo.py), and the round takes its base from the preparatory session's
  check-in (290 convened, 286 present, 4 absent throughout: B = 286, 286 ballots issued).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.models import User
from daihoi.delegates import demo as delegates_demo
from daihoi.delegates import queries as delegate_queries
from daihoi.elections import actions, queries
from daihoi.elections.models import Body, Candidate, Election, Round, RoundPurpose, StaffRole
from daihoi.organizations.models import Organization

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Phan",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Tạ",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Ngọc", "Mạnh", "Trọng"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thu", "Thanh", "Thị Hồng", "Bích"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Hòa",
    "Thành",
    "Toàn",
    "Trung",
    "Kiên",
]
GIVEN_F = [
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Phương",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
    "Huyền",
    "Oanh",
]


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct (full name, gender) pairs."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        female = rng.random() < 0.3
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        name = f"{rng.choice(FAMILY)} {middle} {given}"
        if name not in seen:
            seen.add(name)
            out.append((name, "female" if female else "male"))
    return out


def _strike_lines(strikes: Sequence[int], ballots: int, per_ballot: int) -> list[str]:
    """Keyed lines for `ballots` valid strike ballots, each striking exactly `per_ballot`
    names, name n (1-based) being struck strikes[n-1] times in all. Tokens sorted by name are
    dealt round-robin, so no ballot strikes the same name twice (each count ≤ ballots)."""
    assert sum(strikes) == ballots * per_ballot and max(strikes) <= ballots
    tokens = [n for n, count in enumerate(strikes, start=1) for _ in range(count)]
    lines: list[list[int]] = [[] for _ in range(ballots)]
    for i, name in enumerate(tokens):
        lines[i % ballots].append(name)
    return [" ".join(str(n) for n in sorted(line)) for line in lines]


def key_lines(round_: Round, typists: Sequence[User], lines: Sequence[str]) -> None:
    """Every typist keys every paper ballot, as the counting committee reads them out."""
    for line in lines:
        for typist in typists:
            task = queries.next_task_for(round_, typist)
            actions.enter_ballot(
                round_, seq=task.seq, revision=task.revision, line=line, acting_user=typist
            )


def _team(prefix: str, names: Sequence[str]) -> dict[str, User]:
    from daihoi.demo import DEMO_PASSWORD

    logins = ["truongban", "uyvien1", "uyvien2", "may1", "may2", "may3"]
    return {
        login: core_actions.create_user(
            f"{prefix}{login}", DEMO_PASSWORD, acting_user=None, full_name=name
        )
        for login, name in zip(logins, names, strict=True)
    }


def _staff(election: Election, team: dict[str, User]) -> list[User]:
    actions.add_staff(election, team["truongban"], StaffRole.HEAD, acting_user=None)
    for key in ("uyvien1", "uyvien2"):
        actions.add_staff(election, team[key], StaffRole.MEMBER, acting_user=None)
    typists = [team[k] for k in ("may1", "may2", "may3")]
    for typist in typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=None)
    return typists


def _election(
    congress: Congress,
    body: str,
    seats: int,
    names: Sequence[tuple[str, str]],
    team: dict[str, User],
    rng: random.Random,
    alternate_seats: int = 0,
) -> tuple[Election, list[Candidate], list[User]]:
    election = actions.create_election(
        congress, acting_user=None, body=body, seats=seats, alternate_seats=alternate_seats
    )
    candidates = [
        actions.add_candidate(
            election,
            acting_user=None,
            full_name=name,
            gender=gender,
            birth_date=dt.date(rng.randint(1962, 1990), rng.randint(1, 12), rng.randint(1, 28)),
            is_incumbent=rng.random() < 0.6,
        )
        for name, gender in names
    ]
    typists = _staff(election, team)
    actions.confirm_list(election, acting_user=None)
    return election, candidates, typists


FIGURES = actions.BaseFigures(
    convened=125,
    present=122,
    ballots_issued=122,
    exclusions=(("Đi công tác được cấp có thẩm quyền đồng ý", 2),),
)
INVALID = ["d", "d t"]  # two papers without the congress's stamp (one with a name added)


def _closed_ward_congress(ward: Organization, rng: random.Random) -> Congress:
    congress = create_congress(
        ward,
        acting_user=None,
        term="2020-2025",
        kind=CongressKind.DELEGATES,
        convened=125,
        ordinal=5,
        starts_on=dt.date(2020, 4, 22),
        place="Uông Bí",
        direct_secretary=True,
    )
    team = _team(
        "qt_",
        [
            "Phạm Văn Kiểm",
            "Nguyễn Thị Soát",
            "Lê Văn Phiếu",
            "Trần Thị Nhập",
            "Vũ Văn Gõ",
            "Đỗ Thị Máy",
        ],
    )
    people = _names(rng, 25)

    # Executive committee: 15 seats, 17 names; names 15 and 16 tie for the last seat.
    executive, _, typists = _election(congress, Body.EXECUTIVE, 15, people[:17], team, rng)
    first = actions.open_round(executive, acting_user=None, figures=FIGURES, typists=typists)
    strikes = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 20, 30, 30, 56]
    order = list(range(1, 18))
    rng.shuffle(order)  # who gets which count does not follow the ballot order
    by_number = [0] * 17
    for count, number in zip(strikes, order, strict=True):
        by_number[number - 1] = count
    key_lines(first, typists, _strike_lines(by_number, 120, 2) + INVALID)
    first = actions.close_round(first, acting_user=team["truongban"])
    tied = [c for c in Candidate.objects.filter(pk__in=[int(i) for i in first.result["tied"]])]
    left = first.seats - len(first.result["elected"])
    revote = actions.open_round(
        executive,
        acting_user=None,
        figures=FIGURES,
        typists=typists,
        purpose=RoundPurpose.TIE_REVOTE,
        candidates=tied,
        seats=left,
    )
    key_lines(revote, typists, ["2"] * 75 + ["1"] * 45 + INVALID)
    actions.close_round(revote, acting_user=team["truongban"])
    actions.finish_election(executive, acting_user=None)

    # The secretary, elected directly at the congress: one name, agree/disagree ballot.
    secretary, _, typists = _election(congress, Body.SECRETARY, 1, people[:1], team, rng)
    round_ = actions.open_round(secretary, acting_user=None, figures=FIGURES, typists=typists)
    key_lines(round_, typists, [""] * 117 + ["1"] * 3 + ["1c", "d"])
    actions.close_round(round_, acting_user=team["truongban"])
    actions.finish_election(secretary, acting_user=None)

    # Delegates to the city congress, then their alternate, on one common list.
    delegates, _, typists = _election(
        congress, Body.UPPER_DELEGATES, 6, people[17:25], team, rng, alternate_seats=1
    )
    officials = actions.open_round(delegates, acting_user=None, figures=FIGURES, typists=typists)
    key_lines(officials, typists, _strike_lines([5, 8, 11, 14, 17, 20, 70, 95], 120, 2) + INVALID)
    officials = actions.close_round(officials, acting_user=team["truongban"])
    elected = {int(i) for i in officials.result["elected"]}
    rest = [c for c in delegates.candidates.all() if c.pk not in elected]
    alternates = actions.open_round(
        delegates,
        acting_user=None,
        figures=FIGURES,
        typists=typists,
        purpose=RoundPurpose.ALTERNATES,
        candidates=rest,
    )
    key_lines(alternates, typists, ["2"] * 80 + ["1"] * 40 + INVALID)
    actions.close_round(alternates, acting_user=team["truongban"])
    actions.finish_election(delegates, acting_user=None)
    return congress


def _city_congress(city: Organization) -> Congress:
    return create_congress(
        city,
        acting_user=None,
        term="2020-2025",
        kind=CongressKind.DELEGATES,
        convened=290,
        ordinal=21,
        starts_on=dt.date(2020, 7, 28),
        place="Uông Bí",
        direct_secretary=True,
    )


def _open_city_executive(congress: Congress, rng: random.Random) -> None:
    team = _team(
        "",
        [
            "Hoàng Văn Kiểm",
            "Bùi Thị Đếm",
            "Ngô Văn Soát",
            "Đinh Thị Một",
            "Tạ Văn Hai",
            "Dương Thị Ba",
        ],
    )
    executive, _, typists = _election(congress, Body.EXECUTIVE, 35, _names(rng, 39), team, rng)
    # The congress runs check-in: convened, present and the exclusions come from it (the
    # preparatory session, 286 of 290 present); only the ballots issued are counted by hand.
    present = delegate_queries.figures(congress).present
    actions.open_round(
        executive,
        acting_user=None,
        typists=typists,
        figures=actions.BaseFigures(convened=290, present=present, ballots_issued=present),
    )


def build_demo_elections(city: Organization) -> None:
    rng = random.Random(2020)
    ward = Organization.objects.get(code="QN-UB-03")  # phường Quang Trung
    # The city congress and its allocation first: the ward's election of delegates asks for
    # the allotted number, and its elected flow into the city congress's roster.
    city_congress = _city_congress(city)
    delegates_demo.save_demo_allocation(city_congress)
    _closed_ward_congress(ward, rng)
    delegates_demo.prepare_congress(city_congress, names=_names)
    _open_city_executive(city_congress, rng)
    delegates_demo.open_official_session(city_congress)

"""The delegates of the demo city congress (Đại hội đại biểu Đảng bộ thành phố Uông Bí lần
thứ XXI, 2020–2025), built through the actions the organization department (`bantochuc`),
the secretariat (`letan`) and the credentials committee (`thamtra`) use. The elections demo
(daihoi/elections/demo.py) calls it in three steps around its own:

1. `save_demo_allocation`, right after creating the city congress and before the ward of
   Quang Trung (QN-UB-03) creates its election of delegates, which must then ask for exactly
   the allotted number (elections.actions.create_election);
2. the ward's congress counts its rounds: its 6 delegates and 1 alternate flow into the city
   congress's roster (elections.delegates_bridge), with their round and votes;
3. `prepare_congress`: the rest of the roster in ONE import (one audit entry), the staff, the
   credentials committee's review, one replacement, the badges, two sessions and the
   preparatory session's check-in; the elections demo then opens the executive committee's
   first round, which takes its base from check-in;
4. `open_official_session`: the afternoon session made current, half checked in so far.

The allocation (46 units: every organization directly under the city — all base
organizations, none a cell directly under the city; whether its congress is one of delegates
(9 ward committees) or a general meeting of its members, each elects delegates to the city
congress, so each gets seats; members: the official members of each unit's subtree, 5,993 in
all).

Quang Trung's 6 delegates are fixed by its counted election, and with 432 members (7.2%) any
share by members above a minimum gives it 7 or more (largest remainder over 255 seats with a
minimum of 5: 7; with 4: 9). So the city shares 248 seats by largest remainder with a
minimum of 5 (230 seats, then 18 by members: Quang Trung's quota 432 × 18 / 5,993 = 1.2975…,
1 seat, 6 in all) and adds one fixed seat (`extra`) to seven units it weighs more: the
armed forces (military committee, police), the city People's Committee's agencies and the
four coal and power companies — 255 officials, no tie; with the 35 ex-officio members of the
outgoing committee, 290 convened (the congress's convened figure). The wards get 6 or 7, the
others 5 or 6: a near-flat allocation, which is what Quang Trung's 6 of 255 implies.

Alternates are shared by members without a minimum or extra seats (decision 0013 §3), and
no method of the contract gives Quang Trung 1: with 432 of 5,993 members it gets 4 or 5 of
any total from 50 to 59. The city allots 59 alternates (largest remainder: Quang Trung 4, the
others 55, 25 small units none), and Quang Trung's congress, which decides how many
alternates it elects, elected 1 of its 4: the base congresses elected 255 delegates and 56
alternates, the figures of the city's summary report (daihoi/congresses/demo.py, whose
campaign reports each other base congress as electing its allotment: `allotted_seats`).

The roster: Quang Trung's 6 + 1 from the flow; 249 delegates and 55 alternates of the 45
other units, synthetic (names from the elections demo's generator, ~30% women, a few ethnic
minorities, birth dates, education, political theory, the year they joined), and the 35
ex-officio, in one import. Then: the credentials committee accepts everyone but one delegate,
challenged with a reason; the Quang Trung delegate with the fewest votes is absent with an
approved reason and the ward's alternate takes the seat; a badge for all 346. Preparatory
session (morning of 28/07/2020): 286 of the 290 convened check in (4 absent: one ex-officio
member and three delegates of units without alternates), so the executive committee's first
round opens with 290 convened, 286 present, 4 absent throughout, B = 286. Official session
(afternoon): made current with 145 of 290 checked in — the presidium page shows 145/290.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.db import transaction

from daihoi.congresses.models import Congress
from daihoi.core.models import User
from daihoi.delegates import queries
from daihoi.delegates.actions import allocation, badges, checkin, credentials, roster, staff
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import (
    AbsenceKind,
    Allocation,
    CheckInMethod,
    Credentials,
    Delegate,
    DelegateKind,
    HalfDay,
    SeatStatus,
    SessionKind,
    StaffRole,
)
from daihoi.organizations.models import Organization
from daihoi.organizations.queries import subtree_member_totals

#: (count) → `count` distinct (full name, gender "male"/"female") pairs: the elections demo's
#: generator (delegates does not import elections).
NameSource = Callable[[random.Random, int], list[tuple[str, str]]]

SEED = 2020_07_28
TERM = "2020-2025"
ORGANIZATION_DEPARTMENT = "bantochuc"
CREDENTIALS_HEAD = "thamtra"
SECRETARIAT = "letan"

SEATS = 248  # shared: minimum 5 × 46 units + 18 by members
MINIMUM = 5
ALTERNATES = 59
EX_OFFICIO = 35
#: One fixed seat more (`extra`): the armed forces, the People's Committee's agencies and the
#: coal and power companies.
EXTRA_SEAT_UNITS = (
    "QN-UB-11",  # Quân sự thành phố
    "QN-UB-12",  # Công an thành phố
    "QN-UB-14",  # Cơ quan Ủy ban nhân dân thành phố
    "QN-UB-30",  # Công ty Than Uông Bí
    "QN-UB-31",  # Công ty Than Vàng Danh
    "QN-UB-32",  # Công ty Than Nam Mẫu
    "QN-UB-33",  # Công ty Nhiệt điện Uông Bí
)
OUTGOING_COMMITTEE = "Ban Chấp hành Đảng bộ thành phố khóa XX"
ABSENT_AT_OPENING = 4
DAY = dt.date(2020, 7, 28)

MINORITIES = ["Tày", "Dao", "Sán Dìu", "Nùng", "Sán Chỉ"]
EX_OFFICIO_TITLES = [
    "Bí thư Thành ủy",
    "Phó Bí thư Thường trực Thành ủy",
    "Phó Bí thư Thành ủy, Chủ tịch Ủy ban nhân dân thành phố",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy",
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Thành ủy",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy",
    "Ủy viên Ban Thường vụ, Chỉ huy trưởng Ban Chỉ huy Quân sự thành phố",
    "Ủy viên Ban Thường vụ, Trưởng Công an thành phố",
    "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc thành phố",
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _congress(city: Organization) -> Congress:
    return Congress.objects.get(organization=city, term=TERM)


# --- 1. The allocation ---------------------------------------------------------------------------


def allocation_request(congress: Congress) -> dict[str, Any]:
    """The daihoi.allocate/1 request: the units directly under the city, by code."""
    units = []
    for org in queries.units_below(congress):
        unit: dict[str, Any] = {
            "id": org.code,
            "name": org.name,
            "members": subtree_member_totals(org)[1],
        }
        if org.code in EXTRA_SEAT_UNITS:
            unit["extra"] = 1
        units.append(unit)
    return {
        "format": "daihoi.allocate/1",
        "method": "largest_remainder",
        "seats": SEATS,
        "minimum": MINIMUM,
        "alternates": ALTERNATES,
        "ex_officio": EX_OFFICIO,
        "units": units,
    }


def save_demo_allocation(congress: Congress) -> Allocation:
    return allocation.save_allocation(
        congress, allocation_request(congress), acting_user=_user(ORGANIZATION_DEPARTMENT)
    )


def allotted_seats(city: Organization) -> dict[str, tuple[int, int]]:
    """Unit code → (delegates, alternates) the city congress's allocation in force allots:
    what the demo campaign reports each base congress as electing."""
    found = queries.allocation_in_force(_congress(city))
    if found is None:
        return {}
    return {
        code: (official, alternates)
        for code, official, alternates in found.units.values_list(
            "organization__code", "official", "alternates"
        )
    }


# --- 3. The roster, credentials, badges and the preparatory session -----------------------------


def _person(
    rng: random.Random, name: str, gender: str, *, unit: Organization | None, senior: bool
) -> PersonData:
    """A delegate's record: the outgoing committee's members (`senior`) are older and more
    trained than the delegates of the units."""
    year = int(rng.triangular(1962, 1982, 1970) if senior else rng.triangular(1962, 1994, 1976))
    ethnic = rng.random()
    if senior:
        education = rng.choices(["Thạc sĩ", "Đại học"], [45, 55])[0]
        theory = rng.choices(["Cao cấp", "Cử nhân chính trị"], [85, 15])[0]
    else:
        education = rng.choices(
            ["Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp"], [1, 18, 66, 8, 7]
        )[0]
        theory = rng.choices(["Cao cấp", "Trung cấp", "Sơ cấp"], [30, 55, 15])[0]
    return PersonData(
        full_name=name,
        birth_date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        gender=gender,
        ethnicity=rng.choice(MINORITIES) if ethnic < 0.05 else "Kinh",
        religion="Phật giáo" if ethnic > 0.98 else "Không",
        education=education,
        theory_level=theory,
        party_joined_year=min(year + rng.randint(20, 30), 2019),
        organization_id=unit.pk if unit else None,
    )


def _fresh_names(
    rng: random.Random, names: NameSource, congress: Congress, count: int
) -> list[tuple[str, str]]:
    """`count` names nobody on the roster already bears."""
    taken = {
        d.person.full_name
        for d in Delegate.objects.filter(congress=congress).select_related("person")
    }
    return [n for n in names(rng, count + len(taken)) if n[0] not in taken][:count]


def _roster_rows(
    rng: random.Random, names: NameSource, congress: Congress
) -> list[tuple[PersonData, str, Organization | None, str, int | None]]:
    """The ex-officio members, then every unit whose delegates did not flow up from a counted
    congress: its officials, then its alternates in order."""
    seats = queries.allocation_in_force(congress)
    assert seats is not None, "save_demo_allocation first"
    flowed = set(
        Delegate.objects.filter(congress=congress, source_congress__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    units = [
        s
        for s in seats.units.select_related("organization").order_by("organization__code")
        if s.organization_id not in flowed
    ]
    count = EX_OFFICIO + sum(s.official + s.alternates for s in units)
    people = iter(_fresh_names(rng, names, congress, count))
    rows: list[tuple[PersonData, str, Organization | None, str, int | None]] = []
    for i in range(EX_OFFICIO):
        name, gender = next(people)
        title = EX_OFFICIO_TITLES[i] if i < len(EX_OFFICIO_TITLES) else "Thành ủy viên"
        data = replace(_person(rng, name, gender, unit=None, senior=True), position_title=title)
        rows.append(
            (data, DelegateKind.EX_OFFICIO, congress.organization, OUTGOING_COMMITTEE, None)
        )
    for s in units:
        unit = s.organization
        for _ in range(s.official):
            name, gender = next(people)
            rows.append(
                (
                    _person(rng, name, gender, unit=unit, senior=False),
                    DelegateKind.ELECTED,
                    unit,
                    "",
                    None,
                )
            )
        for rank in range(1, s.alternates + 1):
            name, gender = next(people)
            rows.append(
                (
                    _person(rng, name, gender, unit=unit, senior=False),
                    DelegateKind.ALTERNATE,
                    unit,
                    "",
                    rank,
                )
            )
    return rows


@transaction.atomic
def prepare_congress(congress: Congress, *, names: NameSource) -> None:
    """Everything up to the executive committee's first round (see the module docstring)."""
    rng = random.Random(SEED)
    department = _user(ORGANIZATION_DEPARTMENT)
    head = _user(CREDENTIALS_HEAD)
    desk = _user(SECRETARIAT)
    staff.add_congress_staff(
        congress, head, role=StaffRole.CREDENTIALS, is_head=True, acting_user=department
    )
    staff.add_congress_staff(congress, desk, role=StaffRole.SECRETARIAT, acting_user=department)
    roster.import_delegates(
        congress,
        _roster_rows(rng, names, congress),
        acting_user=department,
        file_name="danh-sach-dai-bieu-dai-hoi-XXI.xlsx",
    )
    delegates = list(
        Delegate.objects.filter(congress=congress)
        .select_related("person", "unit")
        .order_by("number")
    )

    # The credentials committee: everyone accepted but one delegate of a ward.
    challenged = next(
        d
        for d in delegates
        if d.kind == DelegateKind.ELECTED and d.unit and d.unit.code == "QN-UB-02"
    )
    for delegate in delegates:
        if delegate.pk == challenged.pk:
            credentials.review_delegate(
                delegate,
                decision=Credentials.CHALLENGED,
                reason=(
                    "Có đơn phản ánh về việc kê khai năm vào Đảng trong lý lịch; Ban đang xác "
                    "minh với Đảng ủy phường Nam Khê"
                ),
                acting_user=head,
            )
        else:
            credentials.review_delegate(delegate, decision=Credentials.ACCEPTED, acting_user=head)

    # Quang Trung's delegate with the fewest votes is away; the ward's alternate takes the seat.
    away = min(
        (d for d in delegates if d.kind == DelegateKind.ELECTED and d.source_round_id),
        key=lambda d: (d.votes or 0, d.number),
    )
    roster.record_absence(
        away,
        kind=AbsenceKind.APPROVED,
        reason="đi học tập trung dài hạn, được Ban Thường vụ Thành ủy chấp thuận",
        acting_user=department,
    )
    roster.replace_with_alternate(away, acting_user=department)

    # Four do not come to the preparatory session: an ex-officio member and three delegates
    # of units that elected no alternate (nobody can take their seats).
    without_alternates = sorted(
        {d.unit_id for d in delegates if d.kind == DelegateKind.ELECTED}
        - {d.unit_id for d in delegates if d.kind == DelegateKind.ALTERNATE}
    )
    ex_officio = [d for d in delegates if d.kind == DelegateKind.EX_OFFICIO]
    absent = [ex_officio[20]] + [
        [d for d in delegates if d.unit_id == unit and d.kind == DelegateKind.ELECTED][-1]
        for unit in rng.sample(without_alternates, ABSENT_AT_OPENING - 1)
    ]
    reasons = [  # the fourth has not sent word: no absence recorded
        (AbsenceKind.APPROVED, "ốm đau, đang điều trị tại bệnh viện"),
        (AbsenceKind.APPROVED, "đi công tác nước ngoài, được cấp ủy triệu tập đồng ý"),
        (AbsenceKind.NOT_APPROVED, "không báo cáo lý do"),
    ]
    for delegate, (kind, reason) in zip(absent, reasons, strict=False):
        roster.record_absence(delegate, kind=kind, reason=reason, acting_user=department)

    badges.issue_badges(congress, acting_user=desk)
    preparatory = checkin.add_session(
        congress, kind=SessionKind.PREPARATORY, day=DAY, half=HalfDay.MORNING, acting_user=desk
    )
    checkin.add_session(
        congress, kind=SessionKind.OFFICIAL, day=DAY, half=HalfDay.AFTERNOON, acting_user=desk
    )
    checkin.set_current_session(preparatory, acting_user=desk)
    skipped = {d.pk for d in absent}
    seated = Delegate.objects.filter(congress=congress, status=SeatStatus.ACTIVE).exclude(
        pk__in=skipped
    )
    _check_in(list(seated.select_related("person").order_by("number")), desk)


def _check_in(delegates: list[Delegate], desk: User) -> None:
    """At four desks, most by the badge's QR on the scanner, some found by name."""
    for i, delegate in enumerate(delegates):
        method = CheckInMethod.SEARCH if i % 9 == 8 else CheckInMethod.SCANNER
        outcome = checkin.check_in_delegate(
            delegate, acting_user=desk, method=method, desk=f"Bàn {i % 4 + 1}"
        )
        if not outcome.ok:
            raise RuntimeError(outcome.message)


# --- 4. The official session, half checked in -------------------------------------------------------


@transaction.atomic
def open_official_session(congress: Congress) -> None:
    """The afternoon session made current while the hall fills: half the convened checked in."""
    rng = random.Random(SEED + 1)
    desk = _user(SECRETARIAT)
    afternoon = congress.sessions.get(kind=SessionKind.OFFICIAL, day=DAY, half=HalfDay.AFTERNOON)
    morning = congress.sessions.get(kind=SessionKind.PREPARATORY, day=DAY, half=HalfDay.MORNING)
    checkin.set_current_session(afternoon, acting_user=desk)
    came = list(
        Delegate.objects.filter(congress=congress, checkins__session=morning).select_related(
            "person"
        )
    )
    half = queries.figures(congress, afternoon).convened // 2
    _check_in(sorted(rng.sample(came, half), key=lambda d: d.number), desk)

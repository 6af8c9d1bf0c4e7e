"""A congress of delegates from end to end (issue 9, "Done means"): the roster flows up from
two lower congresses' closed rounds, two absent officials are replaced by alternates, the
credentials committee rejects one delegate, the rest check in across two sessions, the quorum
holds, and the executive committee's first round takes the base of rules.md §6 — computed by
hand below — from check-in."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry
from daihoi.delegates import queries
from daihoi.delegates.actions import badges, checkin, credentials, roster, staff
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import (
    AbsenceKind,
    Badge,
    CheckIn,
    Delegate,
    DelegateKind,
    HalfDay,
    NotConvenedReason,
    SeatStatus,
    SessionKind,
    StaffRole,
)
from daihoi.elections import actions as election_actions
from daihoi.elections.documents.minutes import minutes_docx
from daihoi.elections.models import BaseSource, Body, RoundPurpose
from daihoi.elections.testing import close_keyed, make_election, make_team, open_first_round
from daihoi.elections.tests.extract import docx_text, words

pytestmark = pytest.mark.django_db

TERM = "2025-2030"

# An Bình (A1) elects 3 delegates and 2 alternates. Ballot order: An 1, Bình 2, Cường 3,
# Dung 4, Em 5, Giang 6. Votes: An 10, Cường 9, Bình 8; then Dung 9, Em 7 as alternates.
A1_NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
]
A1_OFFICIAL_LINES = ["4 5 6"] * 7 + ["3 5 6", "2 5 6", "2 4 6"]
A1_ALTERNATE_LINES = ["3"] * 6 + ["2"] * 3 + ["1"]
# The school's cell (A2) elects 2 and 1 alternate: Hùng 16, Khánh 12; then Long 15.
A2_NAMES = ["Đặng Văn Hùng", "Bùi Thị Khánh", "Mai Văn Long", "Ngô Thị Mai"]
A2_OFFICIAL_LINES = ["3 4"] * 12 + ["2 4"] * 4 + ["1 2"] * 2
A2_ALTERNATE_LINES = ["2"] * 15 + ["1"] * 3

EX_OFFICIO = ["Trịnh Văn Bảo", "Lương Thị Hoa", "Kiều Văn Toàn", "Tạ Thị Yến"]


def lower_congress(world, org, kind: str, convened: int) -> Congress:
    return create_congress(
        org,
        acting_user=world.staff_a,
        term=TERM,
        kind=kind,
        convened=convened,
        starts_on=dt.date(2025, 5, 10),
    )


def elect_upward(congress: Congress, prefix: str, names, seats: int, alternates: int, lines):
    """The lower congress elects its delegates, then its alternates among the rest."""
    team = make_team(prefix)
    election, candidates = make_election(
        congress, team, names, body=Body.UPPER_DELEGATES, seats=seats, alternate_seats=alternates
    )
    present = len(lines[0])
    first = open_first_round(election, team, convened=present, present=present)
    first = close_keyed(first, team, lines[0])
    elected = {str(i) for i in first.result["elected"]}
    rest = [c for c in candidates if str(c.pk) not in elected]
    second = election_actions.open_round(
        election,
        acting_user=None,
        typists=team.typists,
        purpose=RoundPurpose.ALTERNATES,
        candidates=rest,
        figures=election_actions.BaseFigures(
            convened=present, present=present, ballots_issued=present
        ),
    )
    close_keyed(second, team, lines[1])


def by_name(congress: Congress) -> dict[str, Delegate]:
    return {
        d.person.full_name: d
        for d in Delegate.objects.filter(congress=congress).select_related("person")
    }


def test_a_congress_of_delegates_from_roster_to_the_base_of_its_first_election(world):
    city = create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=0,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
    )
    a1 = lower_congress(world, world.base_a, CongressKind.DELEGATES, 10)
    a2_org = world.district_a.children.get(code="A2")
    a2 = lower_congress(world, a2_org, CongressKind.GENERAL, 18)

    # 1. The lower congresses close their rounds: the elected flow up, officials then
    #    alternates in vote order.
    elect_upward(a1, "a1", A1_NAMES, 3, 2, (A1_OFFICIAL_LINES, A1_ALTERNATE_LINES))
    elect_upward(a2, "a2", A2_NAMES, 2, 1, (A2_OFFICIAL_LINES, A2_ALTERNATE_LINES))
    people = by_name(city)
    assert {n for n, d in people.items() if d.kind == DelegateKind.ELECTED} == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Đặng Văn Hùng",
        "Bùi Thị Khánh",
    }
    alternates = Delegate.objects.filter(congress=city, kind=DelegateKind.ALTERNATE)
    assert [
        (d.person.full_name, d.alternate_rank, d.votes)
        for d in alternates.order_by("unit__code", "alternate_rank")
    ] == [("Phạm Thị Dung", 1, 9), ("Hoàng Văn Em", 2, 7), ("Mai Văn Long", 1, 15)]
    assert all(d.status == SeatStatus.WAITING for d in alternates)
    assert people["Lê Văn Cường"].votes == 9 and people["Lê Văn Cường"].unit == world.base_a
    assert people["Lê Văn Cường"].delegation.name == world.base_a.name

    # The same round received again adds nobody twice.
    first_a1 = a1.elections.get().rounds.get(number=1)
    election_actions.delegates_bridge.round_closed(first_a1, acting_user=None)
    assert Delegate.objects.filter(congress=city).count() == 8

    # 2. Staff add the outgoing committee (ex-officio) and one appointed delegate.
    for name in EX_OFFICIO:
        roster.add_delegate(
            city, PersonData(name), kind=DelegateKind.EX_OFFICIO, acting_user=world.staff_a
        )
    appointed = roster.add_delegate(
        city,
        PersonData("Chu Văn Phúc", birth_date=dt.date(1975, 3, 2)),
        kind=DelegateKind.APPOINTED,
        acting_user=world.staff_a,
    )

    # 3. The credentials committee rejects one elected delegate (elected in breach of
    #    procedure) and accepts the others.
    reviewer = make_team("tt").member
    staff.add_congress_staff(
        city, reviewer, role=StaffRole.CREDENTIALS, is_head=True, acting_user=world.staff_a
    )
    people = by_name(city)
    credentials.review_delegate(
        people["Trần Thị Bình"],
        decision="rejected",
        reason_code=NotConvenedReason.BREACH,
        reason="Hồ sơ ứng cử không đúng thủ tục",
        acting_user=reviewer,
    )
    for name, delegate in people.items():
        if name != "Trần Thị Bình":
            credentials.review_delegate(delegate, decision="accepted", acting_user=reviewer)

    # 4. Two officials are absent and replaced by their units' first alternates (by votes).
    roster.record_absence(
        people["Lê Văn Cường"], kind=AbsenceKind.APPROVED, reason="Ốm", acting_user=world.staff_a
    )
    roster.record_absence(
        people["Đặng Văn Hùng"],
        kind=AbsenceKind.APPROVED,
        reason="Đi công tác",
        acting_user=world.staff_a,
    )
    took_a1 = roster.replace_with_alternate(people["Lê Văn Cường"], acting_user=world.staff_a)
    took_a2 = roster.replace_with_alternate(people["Đặng Văn Hùng"], acting_user=world.staff_a)
    assert took_a1.person.full_name == "Phạm Thị Dung"  # 9 votes before Em's 7
    assert took_a2.person.full_name == "Mai Văn Long"
    # Two more are absent and nobody replaces them: an ex-officio member, and the appointed
    # delegate (no reason approved).
    roster.record_absence(
        by_name(city)["Tạ Thị Yến"],
        kind=AbsenceKind.APPROVED,
        reason="Chữa bệnh",
        acting_user=world.staff_a,
    )
    roster.record_absence(
        appointed, kind=AbsenceKind.NOT_APPROVED, reason="Không báo", acting_user=world.staff_a
    )

    # 5. Badges, two sessions, check-in.
    badges.issue_badges(city, acting_user=world.staff_a)
    morning = checkin.add_session(
        city,
        kind=SessionKind.PREPARATORY,
        day=dt.date(2025, 7, 15),
        half=HalfDay.MORNING,
        acting_user=world.staff_a,
    )
    afternoon = checkin.add_session(
        city,
        kind=SessionKind.OFFICIAL,
        day=dt.date(2025, 7, 15),
        half=HalfDay.AFTERNOON,
        acting_user=world.staff_a,
    )
    checkin.set_current_session(morning, acting_user=world.staff_a)
    people = by_name(city)
    token = {
        d.person.full_name: Badge.objects.get(delegate=d, revoked_at=None).token
        for d in people.values()
        if d.badges.exists()
    }
    # Who sits in the hall: 4 − 1 ex-officio, An, Khánh, Dung, Long (Bình rejected, Cường
    # and Hùng replaced, the appointed delegate absent).
    in_hall = [
        "Trịnh Văn Bảo",
        "Lương Thị Hoa",
        "Kiều Văn Toàn",
        "Nguyễn Văn An",
        "Bùi Thị Khánh",
        "Phạm Thị Dung",
        "Mai Văn Long",
    ]
    late = "Bùi Thị Khánh"  # comes only to the afternoon session
    desk = world.staff_a
    for name in in_hall:
        if name != late:
            outcome = checkin.check_in_badge(city, token[name], acting_user=desk, method="scanner")
            assert outcome.ok, outcome.message

    # The refusals change nothing.
    before = CheckIn.objects.count()
    assert (
        checkin.check_in_badge(
            city, token["Nguyễn Văn An"], acting_user=desk, method="scanner"
        ).code
        == "C04"
    )
    assert (
        checkin.check_in_badge(
            city, token["Trần Thị Bình"], acting_user=desk, method="scanner"
        ).code
        == "C06"
    )  # rejected
    assert (
        checkin.check_in_badge(city, token["Lê Văn Cường"], acting_user=desk, method="scanner").code
        == "C06"
    )  # replaced
    assert (
        checkin.check_in_badge(city, token["Hoàng Văn Em"], acting_user=desk, method="scanner").code
        == "C06"
    )  # alternate still waiting
    assert (
        checkin.check_in_badge(city, "không-phải-mã", acting_user=desk, method="scanner").code
        == "C01"
    )
    lost = people["Kiều Văn Toàn"]
    old_token = token["Kiều Văn Toàn"]
    new_badge = badges.revoke_badge(lost, reason="Mất thẻ", acting_user=desk)
    assert checkin.check_in_badge(city, old_token, acting_user=desk, method="scanner").code == "C02"
    assert CheckIn.objects.count() == before

    # Convened: 4 ex-officio + 5 elected − Bình (not convened) + 1 appointed = 9 seats, Dung
    # and Long sitting in Cường's and Hùng's. Morning: 6 present ≥ 2/3 × 9 = 6.
    morning_figures = queries.figures(city)
    assert (morning_figures.convened, morning_figures.present) == (9, 6)
    assert morning_figures.quorum_required == 6 and morning_figures.quorum_met
    assert morning_figures.alternates_substituted == 2
    # Khánh has not come yet: absent "throughout" so far, so B would be 9 − 3 = 6 now.
    assert morning_figures.base == 6

    checkin.set_current_session(afternoon, acting_user=desk)
    for name in in_hall:
        tok = new_badge.token if name == "Kiều Văn Toàn" else token[name]
        assert checkin.check_in_badge(city, tok, acting_user=desk, method="camera").ok

    # 6. The executive committee's first round. By hand, rules.md §6 (delegates' congress):
    #    B = official delegates convened (9)
    #        − convening-level committee members absent throughout (Yến: 1)
    #        − official delegates absent throughout whom no alternate replaces (Phúc: 1)
    #      = 7; votes needed = 7 // 2 + 1 = 4. Present: 7.
    team = make_team("bch")
    election, _candidates = make_election(
        city, team, ["Nguyễn Văn Sơn", "Lê Thị Thu", "Trần Văn Uy", "Phạm Văn Vinh"], seats=3
    )
    # Whatever is typed, the round takes its figures from check-in.
    round_ = open_first_round(election, team, convened=99, present=7, issued=7)
    assert round_.base_source == BaseSource.CHECKIN
    assert round_.convened == 9
    assert round_.present == 7
    assert round_.base == 7
    assert sorted(e["code"] for e in round_.exclusions) == [
        "committee_members_absent_throughout",
        "delegates_absent_throughout_not_replaced",
    ]
    assert "Phiên chính thức" in round_.base_note
    opened = AuditEntry.objects.filter(action="round.open").latest("seq")
    assert opened.after["base_source"] == "checkin" and opened.after["convened"] == 9

    # The count uses that base: 4 votes elect, 3 do not.
    closed = close_keyed(round_, team, ["4"] * 4 + ["3 4"] * 3)
    assert closed.result["threshold"] == {
        "base": 7,
        "votes_needed": 4,
        "base_rule": closed.result["threshold"]["base_rule"],
    }
    # The signed minutes say where the figures came from.
    minutes = words(docx_text(minutes_docx(closed)))
    assert "lấy từ điểm danh đại biểu trên hệ thống lúc mở lần bầu" in minutes
    assert "Phiên chính thức, buổi chiều 15/07/2025" in minutes
    _entries, broken = verify_chain()
    assert broken is None


def test_a_round_cannot_open_without_the_quorum(world):
    city = create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=0,
        starts_on=dt.date(2025, 7, 15),
    )
    for name in EX_OFFICIO:
        roster.add_delegate(
            city, PersonData(name), kind=DelegateKind.EX_OFFICIO, acting_user=world.staff_a
        )
    session = checkin.add_session(
        city,
        kind=SessionKind.OFFICIAL,
        day=dt.date(2025, 7, 15),
        half=HalfDay.MORNING,
        acting_user=world.staff_a,
    )
    checkin.set_current_session(session, acting_user=world.staff_a)
    first = Delegate.objects.filter(congress=city).first()
    assert checkin.check_in_delegate(first, acting_user=world.staff_a, method="search").ok
    team = make_team("q")
    election, _ = make_election(city, team, ["Nguyễn Văn Sơn", "Lê Thị Thu"], seats=1)
    with pytest.raises(election_actions.ElectionActionError, match="Chưa đủ số đại biểu"):
        open_first_round(election, team, convened=4, present=1, issued=1)
    assert not election.rounds.exists()

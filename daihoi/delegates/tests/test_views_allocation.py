"""The allocation page, then what it fixes downstream, through the Django test client: the
district's organization department previews the seats of every unit below it (the same code
as `daihoi allocate`, a reason for every seat, a tie shown and never saved), saves it, and a
lower congress then sees its allotment and can only create the election of exactly that
number of delegates. Last, a congress run with check-in opens its first round on the base
read from check-in, whatever is typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.models import AuditEntry
from daihoi.delegates import queries
from daihoi.delegates.actions import checkin as checkin_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import (
    AllocatedSeats,
    Allocation,
    DelegateKind,
    HalfDay,
    SessionKind,
)
from daihoi.elections.models import BaseSource, Body, Election, Round
from daihoi.elections.testing import make_election, make_team
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind

pytestmark = pytest.mark.django_db

TERM = "2025-2030"
UNITS = ("A1", "A2")  # An Bình: 30 + 25 official members in its cells; the school: 18


@pytest.fixture
def congress(world) -> Congress:
    return create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=0,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
    )


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff_a)
    return client


def page_url(congress: Congress) -> str:
    return reverse("delegates:allocation", args=[congress.pk])


def form(units=UNITS, button: str = "preview", **values: str) -> dict[str, str]:
    """The allocation form as the browser sends it: every field, most left empty."""
    data = {
        "profile": "",
        "method": "largest_remainder",
        "seats": "",
        "minimum": "",
        "alternates": "",
        "base_per_unit": "",
        "members_per_seat": "",
        "remainder_at_least": "",
        "ex_officio": "",
        "appointed": "",
        button: "1",
    }
    for code in units:
        data[f"extra_{code}"] = ""
        data[f"merged_{code}"] = ""
    data.update(values)
    return data


def result_rows(page: str) -> dict[str, tuple[int, int, str]]:
    """The preview's table: unit name → (official, alternates, reason)."""
    section = re.search(r'data-testid="allocation-result">(.*?)</section>', page, re.S)
    assert section, "no result on the page"
    rows = re.findall(
        r'<tr><td>([^<]*)</td><td class="dh-num">(\d+)</td><td class="dh-num">(\d+)</td>'
        r'<td class="small">([^<]*)</td></tr>',
        section.group(1),
    )
    return {name: (int(o), int(a), reason) for name, o, a, reason in rows}


def add_tied_unit() -> None:
    """A third unit as large as the school's cell: the two tie for the last seat."""
    insert_organizations(
        [
            NewOrganization(
                "A3",
                "Chi bộ Trường Trung học An Lạc",
                Level.BASE,
                OrganizationKind.TERRITORIAL,
                OrganizationForm.CHI_BO,
                18,
                0,
                "A",
            )
        ]
    )


# --- The page -------------------------------------------------------------------------------


def test_the_page_lists_the_units_below_with_their_members_and_starts_on_largest_remainder(
    staff_client, world, congress
):
    response = staff_client.get(page_url(congress))

    assert response.status_code == 200
    page = response.content.decode()
    table = re.search(r'data-testid="allocation-units">(.*?)</table>', page, re.S).group(1)
    assert re.findall(
        r'<small class="text-muted">([^<]+)</small></td>\s*<td class="dh-num">(\d+)', table
    ) == [
        ("A1", "55"),
        ("A2", "18"),
    ]
    assert '<option value="largest_remainder" selected>' in page
    assert 'id="minimum" name="minimum" class="form-control" inputmode="numeric" value="1"' in page
    assert 'data-testid="in-force"' not in page and 'data-testid="allocation-result"' not in page


def test_the_congress_page_links_the_allocation_for_its_department_only(client, world, congress):
    detail = reverse("congresses:detail", args=[congress.pk])
    client.force_login(world.staff_a)
    assert 'data-testid="allocation-link"' in client.get(detail).content.decode()
    client.force_login(world.viewer_a)
    assert 'data-testid="allocation-link"' not in client.get(detail).content.decode()


def test_a_largest_remainder_preview_shows_every_units_seats_and_reason_and_writes_nothing(
    staff_client, world, congress
):
    audit_before = AuditEntry.objects.count()

    response = staff_client.post(page_url(congress), form(seats="10", minimum="1", alternates="3"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả: 10 đại biểu chính thức, 3 dự khuyết; tổng số triệu tập 10." in page
    rows = result_rows(page)
    assert set(rows) == {world.base_a.name, "Chi bộ Trường Tiểu học An Lạc"}
    an_binh = rows[world.base_a.name]
    school = rows["Chi bộ Trường Tiểu học An Lạc"]
    # 8 seats above the minimum by largest remainder: 55 × 8 / 73 = 6.03, 18 × 8 / 73 = 1.97.
    assert an_binh[:2] == (7, 2) and school[:2] == (3, 1)
    assert an_binh[2].startswith("tối thiểu 1 + 6 theo số dư lớn nhất (hạn ngạch 55 × 8 / 73")
    assert "= 7 đại biểu chính thức" in an_binh[2]
    assert "phần dư 0,9726… thuộc nhóm 1 phần dư lớn nhất" in school[2]
    assert 'data-testid="ties"' not in page
    # The form keeps what was typed, to adjust and preview again.
    assert 'id="seats" name="seats" class="form-control" inputmode="numeric" value="10"' in page
    assert not Allocation.objects.exists() and AuditEntry.objects.count() == audit_before


def test_a_tie_for_the_last_seat_is_shown_and_saving_it_is_refused(staff_client, congress):
    add_tied_unit()
    units = (*UNITS, "A3")
    audit_before = AuditEntry.objects.count()

    preview = staff_client.post(page_url(congress), form(units, seats="10", minimum="1"))

    page = preview.content.decode()
    assert "Kết quả: 9 đại biểu chính thức" in page
    ties = re.search(r'data-testid="ties">(.*?)</div>', page, re.S).group(1)
    assert "Bằng nhau ở suất cuối — chưa chia, Ban Tổ chức quyết định:" in ties
    assert "<li>A2, A3: 1 suất" in ties
    assert "2 đơn vị tranh 1 suất cuối, chưa phân bổ — Ban Tổ chức quyết định" in page

    saved = staff_client.post(
        page_url(congress), form(units, button="save", seats="10", minimum="1")
    )

    assert saved.status_code == 400
    assert (
        "Còn trường hợp bằng nhau ở suất cuối: cần quyết định trước khi lưu phân bổ."
        in saved.content.decode()
    )
    assert not Allocation.objects.exists() and not AllocatedSeats.objects.exists()
    assert AuditEntry.objects.count() == audit_before

    # The department settles it, here with one more seat: both tied units get theirs.
    settled = staff_client.post(
        page_url(congress), form(units, button="save", seats="12", minimum="1")
    )
    assert settled.status_code == 302
    assert {s.organization.code: s.official for s in AllocatedSeats.objects.all()} == {
        "A1": 6,
        "A2": 3,
        "A3": 3,
    }


def test_a_profile_fills_the_method_and_its_numbers(staff_client, world, congress):
    """The XIII congress's profile: 13 a unit, plus one a 12,000 members (the minimum the
    page starts with belongs to the largest remainder: cleared for a profile)."""
    response = staff_client.post(page_url(congress), form(profile="xiii", method="dhondt"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả: 26 đại biểu chính thức, 0 dự khuyết" in page
    rows = result_rows(page)
    assert rows[world.base_a.name][0] == 13
    assert rows[world.base_a.name][2].startswith("cơ sở 13 + 0 theo số đảng viên (55 = 0 × 12.000")
    assert '<option value="xiii" selected>' in page


def test_a_profile_ignores_the_numbers_of_the_other_family_of_methods(staff_client, congress):
    """The minimum left in the form belongs to the total methods: the XIII profile (per
    members) ignores it instead of refusing the whole request."""
    response = staff_client.post(page_url(congress), form(profile="xiii", minimum="1"))

    assert response.status_code == 200
    assert 'data-testid="allocation-result"' in response.content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"seats": "mười"}, "Tổng số suất chính thức: phải là số nguyên không âm."),
        ({"seats": "10", "extra_A2": "-1"}, "Chi bộ Trường Tiểu học An Lạc: phải là số nguyên"),
        (
            {"seats": "", "minimum": "1"},
            "Tổng số suất chính thức: thiếu trường bắt buộc (phương pháp largest_remainder)",
        ),
        ({"seats": "1.000.000.001"}, "Tổng số suất chính thức: phải là số nguyên không âm."),
    ],
    ids=["words", "negative extra", "no total", "too large"],
)
def test_a_bad_number_is_refused_with_400_naming_the_field(staff_client, congress, values, message):
    response = staff_client.post(page_url(congress), form(button="save", **values))

    assert response.status_code == 400
    error = re.search(r'data-testid="error">([^<]*)<', response.content.decode())
    assert error and message in error.group(1)
    assert not Allocation.objects.exists()


def test_saving_writes_the_allocation_its_seats_and_one_audit_entry_then_the_page_shows_it(
    staff_client, world, congress
):
    audit_before = AuditEntry.objects.count()

    response = staff_client.post(
        page_url(congress), form(button="save", seats="10", minimum="1", alternates="3")
    )

    assert response["Location"] == page_url(congress)
    allocation = Allocation.objects.get()
    assert (allocation.congress, allocation.saved_by) == (congress, world.staff_a)
    assert allocation.request["seats"] == 10 and allocation.request["alternates"] == 3
    assert {s.organization.code: (s.official, s.alternates) for s in allocation.units.all()} == {
        "A1": (7, 2),
        "A2": (3, 1),
    }
    assert all(s.reason.startswith("tối thiểu 1 + ") for s in allocation.units.all())
    entries = AuditEntry.objects.filter(seq__gt=audit_before).values_list("action", "summary")
    assert list(entries) == [
        ("allocation.save", "Phân bổ 10 đại biểu chính thức, 3 dự khuyết cho 2 đơn vị")
    ]
    page = staff_client.get(page_url(congress)).content.decode()
    assert "Đã lưu phân bổ đại biểu." in page
    assert re.search(
        r'data-testid="in-force">Phân bổ đang áp dụng \(lưu lúc [\d/ :]+\): '
        r"10 đại biểu chính thức, 3 dự khuyết\.",
        page,
    )
    # The saved request fills the form again, to adjust and save anew.
    assert 'name="seats" class="form-control" inputmode="numeric" value="10"' in page
    assert 'name="alternates" class="form-control" inputmode="numeric" value="3"' in page


def test_a_saved_extra_seat_comes_back_in_the_form(staff_client, congress):
    staff_client.post(
        page_url(congress), form(button="save", seats="10", minimum="1", extra_A2="2")
    )
    page = staff_client.get(page_url(congress)).content.decode()
    assert 'name="extra_A2" class="form-control form-control-sm" inputmode="numeric" value="2"' in (
        page
    )


# --- Downstream: the lower congress's allotment ------------------------------------------------


@pytest.fixture
def an_binh(world) -> Congress:
    """The congress of An Bình (A1), which elects delegates to the district's congress."""
    return create_congress(
        world.base_a,
        acting_user=world.staff_a,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=40,
        starts_on=dt.date(2025, 5, 10),
    )


def election_form(seats: str, alternates: str = "2") -> dict[str, str]:
    return {
        "body": Body.UPPER_DELEGATES,
        "seats": seats,
        "alternate_seats": alternates,
        "typist_count": "2",
        "paper_size": "A4",
        "title": "",
    }


def test_the_lower_congress_sees_its_allotment_and_elects_exactly_that_number(
    staff_client, world, congress, an_binh
):
    staff_client.post(
        page_url(congress), form(button="save", seats="10", minimum="1", alternates="3")
    )
    detail = staff_client.get(reverse("congresses:detail", args=[an_binh.pk])).content.decode()

    allotment = re.search(r'data-testid="allotment">(.*?)</p>', detail, re.S).group(1)
    assert (
        "Cấp trên (Đảng bộ huyện An Lạc) phân bổ cho đại hội này bầu <strong>7</strong> đại biểu "
        "chính thức và tối đa <strong>2</strong> đại biểu dự khuyết (số dự khuyết do đại hội "
        "quyết định)." in allotment
    )
    assert "tối thiểu 1 + 6 theo số dư lớn nhất" in allotment
    assert "Đảng bộ huyện An Lạc phân bổ 7 đại biểu chính thức và tối đa 2 dự khuyết" in detail

    create = reverse("elections:create", args=[an_binh.pk])
    refused = staff_client.post(create, election_form("6"))

    assert refused.status_code == 400
    assert (
        "Cấp trên (Đảng bộ huyện An Lạc) phân bổ 7 đại biểu chính thức: số lượng cần bầu "
        "phải đúng bằng số đó." in refused.content.decode()
    )
    assert not Election.objects.exists()
    # The congress decides how many alternates, within the allotment.
    too_many = staff_client.post(create, election_form("7", "3"))
    assert too_many.status_code == 400
    assert "phân bổ tối đa 2 đại biểu dự khuyết" in too_many.content.decode()
    assert not Election.objects.exists()

    accepted = staff_client.post(create, election_form("7"))

    election = Election.objects.get()
    assert accepted["Location"] == reverse("elections:detail", args=[election.pk])
    assert (election.body, election.seats, election.alternate_seats) == (
        Body.UPPER_DELEGATES,
        7,
        2,
    )
    # Another body is not bound by the allotment.
    staff_client.post(create, {**election_form("9", "0"), "body": Body.EXECUTIVE})
    assert Election.objects.filter(body=Body.EXECUTIVE, seats=9).exists()


def test_a_new_allocation_replaces_the_one_in_force_for_the_lower_congress(
    staff_client, congress, an_binh
):
    staff_client.post(page_url(congress), form(button="save", seats="10", minimum="1"))
    staff_client.post(page_url(congress), form(button="save", seats="12", minimum="1"))

    assert queries.allotment_for(an_binh).official == 9
    detail = staff_client.get(reverse("congresses:detail", args=[an_binh.pk])).content.decode()
    assert "bầu <strong>9</strong> đại biểu chính thức" in detail
    assert Allocation.objects.count() == 2


# --- Elections: the first round's base from check-in ----------------------------------------


@pytest.fixture
def checked_in(world, congress) -> Congress:
    """Four ex-officio members and two elected delegates; five checked in at the current
    session (5 ≥ 2/3 × 6)."""
    delegates = [
        roster_actions.add_delegate(
            congress, PersonData(name), kind=kind, unit=unit, acting_user=None
        )
        for name, kind, unit in [
            ("Trịnh Văn Bảo", DelegateKind.EX_OFFICIO, None),
            ("Lương Thị Hoa", DelegateKind.EX_OFFICIO, None),
            ("Kiều Văn Toàn", DelegateKind.EX_OFFICIO, None),
            ("Tạ Thị Yến", DelegateKind.EX_OFFICIO, None),
            ("Nguyễn Văn An", DelegateKind.ELECTED, world.base_a),
            ("Chu Văn Phúc", DelegateKind.ELECTED, world.base_a),
        ]
    ]
    session = checkin_actions.add_session(
        congress,
        kind=SessionKind.OFFICIAL,
        day=dt.date(2025, 7, 15),
        half=HalfDay.MORNING,
        acting_user=None,
    )
    checkin_actions.set_current_session(session, acting_user=None)
    for delegate in delegates[:5]:
        checkin_actions.check_in_delegate(delegate, acting_user=world.staff_a, method="search")
    return congress


@pytest.fixture
def election(checked_in):
    team = make_team("bkp")
    election, _candidates = make_election(
        checked_in, team, ["Nguyễn Văn Sơn", "Lê Thị Thu", "Trần Văn Uy"], seats=2
    )
    return election, team


def test_the_open_round_form_shows_the_check_in_figures_and_asks_only_the_ballots_issued(
    staff_client, election
):
    election, _team = election
    page = staff_client.get(reverse("elections:detail", args=[election.pk])).content.decode()

    form_html = re.search(r'data-testid="open-round-form".*?</form>', page, re.S).group(0)
    assert 'data-testid="live-base"' in form_html
    assert "cơ số lấy từ điểm danh (Phiên chính thức, buổi sáng 15/07/2025)" in form_html
    assert 'data-present="5" data-convened="6"' in form_html
    assert 'name="ballots_issued"' in form_html
    assert 'name="convened"' not in form_html and 'name="present"' not in form_html
    assert 'name="exclusion_count"' not in form_html


def test_the_first_round_takes_its_base_from_check_in_whatever_is_typed(
    staff_client, world, election
):
    election, team = election
    figures = queries.figures(election.congress)

    response = staff_client.post(
        reverse("elections:open_round", args=[election.pk]),
        {
            "convened": "99",
            "present": "1",
            "exclusion_reason": "Ốm",
            "exclusion_count": "3",
            "ballots_issued": "5",
            "typists": [str(t.pk) for t in team.typists],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(election=election)
    assert round_.base_source == BaseSource.CHECKIN
    assert (round_.convened, round_.present, round_.base, round_.ballots_issued) == (
        figures.convened,
        figures.present,
        figures.base,
        5,
    )
    assert (round_.convened, round_.present) == (6, 5)
    assert round_.base_note == "Phiên chính thức, buổi sáng 15/07/2025"
    opened = AuditEntry.objects.filter(action="round.open").latest("seq")
    assert opened.after["base_source"] == "checkin" and opened.after["convened"] == 6


def test_the_first_round_opens_with_only_the_ballots_issued_typed(staff_client, election):
    election, team = election
    response = staff_client.post(
        reverse("elections:open_round", args=[election.pk]),
        {"ballots_issued": "5", "typists": [str(t.pk) for t in team.typists]},
    )
    assert response.status_code == 302
    assert Round.objects.get(election=election).present == 5


def test_without_the_quorum_the_first_round_does_not_open_and_the_page_says_why(
    staff_client, world, checked_in
):
    for name in ("Lê Văn Một", "Lê Văn Hai"):
        roster_actions.add_delegate(
            checked_in, PersonData(name), kind=DelegateKind.APPOINTED, acting_user=None
        )  # 5 present of 8: 2/3 needs 6
    team = make_team("q")
    election, _ = make_election(checked_in, team, ["Nguyễn Văn Sơn", "Lê Thị Thu"], seats=1)

    response = staff_client.post(
        reverse("elections:open_round", args=[election.pk]),
        {"ballots_issued": "5", "typists": [str(t.pk) for t in team.typists]},
    )

    assert response.status_code == 400
    error = re.search(r'data-testid="round-error">([^<]*)<', response.content.decode())
    assert error and "Chưa đủ số đại biểu" in error.group(1)
    assert not Round.objects.exists()

"""The election setup pages, through the Django test client: the congress page's elections,
the candidate list (floor votes, withdrawals, the opinion ballot, the surplus checks,
confirmation), the counting committee and typists, the first round; and who may do what."""

import pytest
from django.urls import NoReverseMatch, reverse

from daihoi.core.models import AuditEntry, User
from daihoi.elections import actions
from daihoi.elections.models import (
    Body,
    Candidate,
    CandidateSource,
    CandidateStatus,
    Election,
    ElectionStaff,
    ElectionStatus,
    Round,
    StaffRole,
)
from daihoi.elections.testing import make_congress, make_team
from daihoi.elections.urls_setup import urlpatterns as setup_patterns
from daihoi.testing import PASSWORD

HTMX = {"HTTP_HX_REQUEST": "true"}
NINE = [
    "Nguyễn Văn An",
    "Lê Thị Bình",
    "Trần Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Hoa",
    "Đỗ Văn Khánh",
]


@pytest.fixture
def congress(world):
    return make_congress(world, convened=150)


@pytest.fixture
def election(congress, world):
    return actions.create_election(congress, acting_user=world.staff_a, body="executive", seats=9)


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff_a)
    return client


def url(name, election, *args):
    return reverse(f"elections:{name}", args=[election.pk, *args])


def add(election, names, source=CandidateSource.CONVENER):
    return [
        actions.add_candidate(election, acting_user=None, full_name=n, source=source) for n in names
    ]


def list_error(response):
    return response.context["list_error"]


# --- The congress page's section ----------------------------------------------------------


def test_the_congress_page_lists_its_elections_and_adds_one(client, world, congress):
    client.force_login(world.staff_a)
    page = client.get(reverse("congresses:detail", args=[congress.pk]))
    assert "Thêm cuộc bầu cử" in page.content.decode()

    response = client.post(
        reverse("elections:create", args=[congress.pk]),
        {"body": Body.EXECUTIVE, "seats": "9", "typist_count": "3", "paper_size": "A5"},
    )

    election = Election.objects.get(congress=congress)
    assert response["Location"] == reverse("elections:detail", args=[election.pk])
    assert election.title == "Bầu Ban Chấp hành Đảng bộ huyện An Lạc nhiệm kỳ 2025-2030"
    assert (election.seats, election.typist_count, election.paper_size) == (9, 3, "A5")
    section = client.get(reverse("congresses:detail", args=[congress.pk])).content.decode()
    assert election.title in section
    assert "Đang chuẩn bị danh sách" in section


def test_delegates_to_the_upper_congress_take_alternate_seats_and_other_bodies_do_not(
    client, world, congress
):
    client.force_login(world.staff_a)
    create = reverse("elections:create", args=[congress.pk])
    refused = client.post(
        create,
        {
            "body": Body.EXECUTIVE,
            "seats": "9",
            "alternate_seats": "2",
            "typist_count": "3",
            "paper_size": "A4",
        },
    )
    assert refused.status_code == 400
    assert "dự khuyết" in refused.context["form"].errors["alternate_seats"][0]
    client.post(
        create,
        {
            "body": Body.UPPER_DELEGATES,
            "seats": "12",
            "alternate_seats": "2",
            "typist_count": "2",
            "paper_size": "A4",
        },
    )
    assert Election.objects.get().alternate_seats == 2


# --- Candidates ----------------------------------------------------------------------------


def test_staff_adds_a_candidate_and_the_htmx_panel_shows_the_list_in_ballot_order(
    staff_client, election
):
    add(election, ["Trần Văn Cường"])
    response = staff_client.post(
        url("add_candidate", election),
        {
            "full_name": "  Nguyễn   Văn An ",
            "birth_date": "05/03/1970",
            "gender": "male",
            "ethnicity": "Kinh",
            "position_title": "Bí thư Đảng ủy xã An Bình",
            "is_incumbent": "on",
            "source": CandidateSource.CONVENER,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert 'id="list-panel"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert [r.candidate.full_name for r in response.context["listed"]] == [
        "Nguyễn Văn An",
        "Trần Văn Cường",
    ]
    candidate = Candidate.objects.get(given_name="An")
    assert (candidate.family_name, candidate.middle_name) == ("Nguyễn", "Văn")
    assert candidate.birth_date.isoformat() == "1970-03-05"
    assert candidate.is_incumbent and candidate.status == CandidateStatus.ON_LIST
    assert response.context["notice"] == "Đã thêm Nguyễn Văn An."


def test_without_htmx_adding_a_candidate_redirects_to_the_list(staff_client, election):
    response = staff_client.post(
        url("add_candidate", election), {"full_name": "Lê Thị Bình", "source": "convener"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#danh-sach")


def test_a_one_word_name_and_a_bad_birth_date_are_refused_and_nothing_saved(staff_client, election):
    response = staff_client.post(
        url("add_candidate", election),
        {"full_name": "Bình", "birth_date": "31/02/1970", "source": "convener"},
    )
    assert response.status_code == 400
    errors = response.context["candidate_form"].errors
    assert "ít nhất hai từ" in errors["full_name"][0]
    assert "dd/mm/yyyy" in errors["birth_date"][0]
    assert not Candidate.objects.exists()


# --- Floor and self nominees (E12) ---------------------------------------------------------


def test_a_floor_nominee_agreed_by_exactly_30_percent_is_not_admitted(staff_client, election):
    (nominee,) = add(election, ["Lý Văn Đề"], CandidateSource.FLOOR)
    response = staff_client.post(
        url("floor_vote", election, nominee.pk), {"agree": "30", "present": "100"}, **HTMX
    )
    nominee.refresh_from_db()
    assert nominee.status == CandidateStatus.NOT_ADMITTED
    assert "30/100 tán thành (cần 31)" in response.context["notice"]
    assert "không đủ hơn 30%" in response.context["notice"]


def test_e12_with_143_present_a_floor_nominee_needs_43(staff_client, election):
    short, enough = add(election, ["Lý Văn Đề", "Mai Thị Cử"], CandidateSource.SELF)
    threshold = staff_client.get(url("floor_threshold", election) + "?present=143")
    assert "cần ≥ 43 (hơn 30% của 143)" in threshold.content.decode()

    staff_client.post(url("floor_vote", election, short.pk), {"agree": "42", "present": "143"})
    response = staff_client.post(
        url("floor_vote", election, enough.pk), {"agree": "43", "present": "143"}, **HTMX
    )

    short.refresh_from_db()
    enough.refresh_from_db()
    assert short.status == CandidateStatus.NOT_ADMITTED
    assert enough.status == CandidateStatus.ON_LIST
    assert "43/143 tán thành (cần 43)" in response.content.decode()
    assert response.context["last_present"] == 143


def test_more_agreeing_than_present_is_refused_with_the_actions_message(staff_client, election):
    (nominee,) = add(election, ["Lý Văn Đề"], CandidateSource.FLOOR)
    response = staff_client.post(
        url("floor_vote", election, nominee.pk), {"agree": "150", "present": "143"}, **HTMX
    )
    assert list_error(response) == "Số tán thành phải từ 0 đến số đại biểu có mặt."
    nominee.refresh_from_db()
    assert nominee.status == CandidateStatus.PROPOSED and nominee.floor_agree is None


def test_an_undecided_nominee_keeps_the_list_from_being_confirmed(staff_client, election):
    add(election, NINE + ["Ngô Văn Lâm"])
    add(election, ["Lý Văn Đề"], CandidateSource.FLOOR)
    page = staff_client.get(url("detail", election))
    assert page.context["problems"] == ["chưa biểu quyết đưa vào danh sách: Lý Văn Đề"]


# --- Withdrawal ----------------------------------------------------------------------------


def test_the_congress_allows_one_withdrawal_and_refuses_another(staff_client, election):
    allowed, refused = add(election, ["Nguyễn Văn An", "Lê Thị Bình"])
    staff_client.post(url("withdrawal", election, allowed.pk), {"quyet_dinh": "cho_rut"})
    response = staff_client.post(
        url("withdrawal", election, refused.pk), {"quyet_dinh": "khong_cho_rut"}, **HTMX
    )
    allowed.refresh_from_db()
    refused.refresh_from_db()
    assert allowed.status == CandidateStatus.WITHDRAWN
    assert refused.status == CandidateStatus.ON_LIST and refused.withdrawal_requested
    assert "không cho đồng chí Lê Thị Bình rút" in response.context["notice"]
    assert "xin rút, đại hội không cho rút" in response.content.decode()


# --- The opinion ballot over the 30% cap (E13) -----------------------------------------------


def test_e13_the_opinion_ballot_keeps_the_five_floor_nominees_with_most_votes(
    staff_client, congress
):
    election = actions.create_election(congress, acting_user=None, body="executive", seats=35)
    add(election, [f"Nguyễn Văn Cấp{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(40)])
    floor = add(election, [f"Trần Thị Đề{chr(65 + i)}" for i in range(11)], CandidateSource.FLOOR)
    for nominee in floor:
        staff_client.post(
            url("floor_vote", election, nominee.pk), {"agree": "60", "present": "143"}
        )
    for nominee in floor[:3]:
        staff_client.post(url("withdrawal", election, nominee.pk), {"quyet_dinh": "cho_rut"})
    for nominee in floor[3:7]:
        staff_client.post(url("withdrawal", election, nominee.pk), {"quyet_dinh": "khong_cho_rut"})

    page = staff_client.get(url("detail", election))
    opinion = page.context["opinion"]
    assert (opinion.listed, opinion.cap, opinion.convener, opinion.places) == (48, 45, 40, 5)
    assert "danh sách 48 người cho 35 chỉ tiêu: số dư 13, tối đa 10" in page.context["problems"]
    assert "còn 5 chỗ" in page.content.decode()

    remaining = floor[3:]
    votes = {f"votes_{c.pk}": str(100 - i) for i, c in enumerate(remaining)}
    response = staff_client.post(url("opinion_ballot", election), votes, **HTMX)

    kept = [c.full_name for c in response.context["opinion"].kept]
    dropped = [c.full_name for c in response.context["opinion"].dropped]
    assert kept == [c.full_name for c in remaining[:5]]
    assert dropped == [c.full_name for c in remaining[5:]]
    assert response.context["check"].listed == 45
    assert response.context["problems"] == []
    staff_client.post(url("confirm_list", election))
    election.refresh_from_db()
    assert election.status == ElectionStatus.LIST_CONFIRMED


def test_a_tie_on_the_last_place_of_the_opinion_ballot_is_refused(staff_client, congress):
    election = actions.create_election(congress, acting_user=None, body="executive", seats=9)
    add(election, NINE + ["Ngô Văn Lâm"])
    floor = add(election, ["Lý Văn Đề", "Mai Thị Cử", "Tạ Văn Ba"], CandidateSource.FLOOR)
    for nominee in floor:
        actions.record_floor_vote(nominee, agree=60, present=100, acting_user=None)
    votes = {
        f"votes_{floor[0].pk}": "40",  # one place (cap 11, 10 from the committee): a tie
        f"votes_{floor[1].pk}": "40",
        f"votes_{floor[2].pk}": "30",
    }
    response = staff_client.post(url("opinion_ballot", election), votes, **HTMX)
    assert "Bằng phiếu thăm dò ở vị trí cuối" in list_error(response)
    assert not Candidate.objects.filter(opinion_votes__isnull=False).exists()


# --- Surplus checks and confirmation ---------------------------------------------------------


def test_confirming_a_list_without_surplus_is_refused_with_the_reason(staff_client, election):
    add(election, NINE)
    page = staff_client.get(url("detail", election))
    check = page.context["check"]
    assert (check.seats, check.listed, check.surplus) == (9, 9, 0)
    assert page.context["prepared_range"] == (10, 10)
    assert page.context["cap"] == 11
    assert 'data-testid="confirm-list" disabled' in page.content.decode()

    response = staff_client.post(url("confirm_list", election), **HTMX)

    assert list_error(response) == (
        "Chưa thể chốt danh sách: danh sách 9 người cho 9 chỉ tiêu: số dư 0, cần ít nhất 1."
    )
    election.refresh_from_db()
    assert election.status == ElectionStatus.PREPARING
    assert not Candidate.objects.filter(ballot_position__isnull=False).exists()


def test_confirming_a_list_over_the_30_percent_cap_is_refused(staff_client, election):
    add(election, NINE + ["Ngô Văn Lâm", "Kiều Thị Mai", "Lương Văn Nam"])
    response = staff_client.post(url("confirm_list", election))
    assert response.status_code == 400
    assert "số dư 3, tối đa 2" in list_error(response)
    election.refresh_from_db()
    assert election.status == ElectionStatus.PREPARING


def test_a_list_within_the_bounds_is_confirmed_in_ballot_order(staff_client, election):
    add(election, NINE + ["Ngô Văn Lâm"])
    page = staff_client.get(url("detail", election))
    assert page.context["problems"] == []
    assert page.context["surplus_percent"] == "11,11%"

    response = staff_client.post(url("confirm_list", election))

    assert response.status_code == 302
    election.refresh_from_db()
    assert election.status == ElectionStatus.LIST_CONFIRMED
    first = Candidate.objects.get(ballot_position=1)
    assert first.full_name == "Nguyễn Văn An"
    assert AuditEntry.objects.filter(action="election.confirm_list").count() == 1


def test_small_bodies_and_bodies_without_surplus_rule_are_described(staff_client, congress):
    standing = actions.create_election(congress, acting_user=None, body="standing", seats=4)
    add(standing, NINE[:4])
    page = staff_client.get(url("detail", standing))
    assert page.context["check"].bounds.small_body
    assert "dư đúng 1 người" in page.content.decode()
    secretary = actions.create_election(congress, acting_user=None, body="secretary", seats=1)
    add(secretary, NINE[:1])
    page = staff_client.get(url("detail", secretary))
    assert page.context["check"] is None
    assert page.context["problems"] == []


def test_after_confirmation_the_list_cannot_change(staff_client, election):
    add(election, NINE + ["Ngô Văn Lâm"])
    actions.confirm_list(election, acting_user=None)
    response = staff_client.post(
        url("add_candidate", election), {"full_name": "Lương Văn Nam", "source": "convener"}
    )
    assert list_error(response) == "Danh sách bầu cử đã được chốt: không thể thay đổi."
    assert Candidate.objects.count() == 10


# --- Counting committee and typists ----------------------------------------------------------


def test_staff_adds_the_committee_head_by_username_and_creates_a_typist(staff_client, election):
    team = make_team()
    response = staff_client.post(
        url("add_staff", election),
        {"role": StaffRole.HEAD, "mode": "existing", "username": team.head.username},
        **HTMX,
    )
    assert 'id="staff-panel"' in response.content.decode()
    assert response.context["notice"] == "Đã thêm Đỗ Thị Kiểm: Trưởng Ban kiểm phiếu."
    staff_client.post(
        url("add_staff", election),
        {
            "role": StaffRole.TYPIST,
            "mode": "new",
            "username": "nhapphieu4",
            "full_name": "Người Nhập Bốn",
            "password": PASSWORD,
        },
    )
    typist = User.objects.get(username="nhapphieu4")
    assert typist.check_password(PASSWORD) and typist.full_name == "Người Nhập Bốn"
    roles = set(ElectionStaff.objects.values_list("user__username", "role"))
    assert roles == {(team.head.username, "head"), ("nhapphieu4", "typist")}


def test_a_person_on_the_list_cannot_join_the_counting_committee_and_nothing_is_saved(
    staff_client, election
):
    add(election, ["Nguyễn Văn An"])
    response = staff_client.post(
        url("add_staff", election),
        {
            "role": StaffRole.MEMBER,
            "mode": "new",
            "username": "nguyenvanan",
            "full_name": "Nguyễn Văn An",
            "password": PASSWORD,
        },
        **HTMX,
    )
    assert response.context["staff_error"] == (
        "Đồng chí Nguyễn Văn An có tên trong danh sách bầu cử nên không được tham gia "
        "Ban kiểm phiếu hoặc nhập phiếu của cuộc bầu cử này."
    )
    assert not ElectionStaff.objects.exists()
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_a_counting_committee_member_cannot_be_added_to_the_list(staff_client, election):
    team = make_team()
    actions.add_staff(election, team.member, StaffRole.MEMBER, acting_user=None)
    response = staff_client.post(
        url("add_candidate", election), {"full_name": "Vũ Văn Đếm", "source": "convener"}, **HTMX
    )
    assert "là thành viên Ban kiểm phiếu/nhập phiếu" in list_error(response)
    assert not Candidate.objects.exists()


def test_an_unknown_username_and_a_taken_username_are_explained(staff_client, election, world):
    unknown = staff_client.post(
        url("add_staff", election), {"role": "typist", "mode": "existing", "username": "khongco"}
    )
    assert "Không có người dùng “khongco”" in unknown.context["staff_form"].errors["username"][0]
    taken = staff_client.post(
        url("add_staff", election),
        {
            "role": "typist",
            "mode": "new",
            "username": "staff_b",
            "full_name": "X Y",
            "password": PASSWORD,
        },
    )
    assert "đã có" in taken.context["staff_form"].errors["username"][0]
    assert not ElectionStaff.objects.exists()


# --- The first round -----------------------------------------------------------------------


@pytest.fixture
def ready(election):
    """A confirmed list of 10 for 9 seats, a head, a member and three typists."""
    team = make_team()
    add(election, NINE + ["Ngô Văn Lâm"])
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=None)
    actions.add_staff(election, team.member, StaffRole.MEMBER, acting_user=None)
    for typist in team.typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=None)
    actions.confirm_list(election, acting_user=None)
    return team


def round_post(team, **changes):
    data = {
        "convened": "150",
        "exclusion_reason": [
            "Ốm đau nằm viện",
            "Đi công tác được cấp có thẩm quyền đồng ý",
            "",
            "",
        ],
        "exclusion_count": ["2", "1", "", ""],
        "present": "145",
        "ballots_issued": "145",
        "typists": [str(t.pk) for t in team.typists],
    }
    data.update(changes)
    return data


def test_the_round_form_offers_the_congress_figures_and_the_typists(staff_client, election, ready):
    page = staff_client.get(url("detail", election))
    form = page.context["round_form"]
    assert form.initial["convened"] == 150
    assert len(form.exclusion_rows) >= 3
    assert {u.pk for u in form.initial["typists"]} == {t.pk for t in ready.typists}
    assert "Ốm đau nằm viện" in page.content.decode()


def test_staff_opens_the_first_round_and_lands_on_the_round_page(staff_client, election, ready):
    response = staff_client.post(url("open_round", election), round_post(ready))

    round_ = Round.objects.get(election=election)
    assert (round_.number, round_.convened, round_.present, round_.ballots_issued) == (
        1,
        150,
        145,
        145,
    )
    assert round_.exclusions == [
        {"reason": "Ốm đau nằm viện", "count": 2},
        {"reason": "Đi công tác được cấp có thẩm quyền đồng ý", "count": 1},
    ]
    assert round_.base == 147
    assert set(round_.typists.values_list("pk", flat=True)) == {t.pk for t in ready.typists}
    try:
        expected = reverse("elections:round", args=[round_.pk])
    except NoReverseMatch:  # the round pages are another part of the app
        expected = reverse("elections:detail", args=[election.pk]) + "#cac-lan-bau"
    assert response["Location"] == expected
    page = staff_client.get(url("detail", election))
    assert page.context["rounds"][0]["round"] == round_
    assert page.context["can_open_first_round"] is False


def test_the_first_round_form_opens_only_the_first_round(staff_client, election, ready):
    staff_client.post(url("open_round", election), round_post(ready))
    again = staff_client.post(url("open_round", election), round_post(ready), follow=True)
    assert "Lần bầu thứ nhất đã được mở" in again.content.decode()
    assert Round.objects.count() == 1


def test_bad_base_figures_are_refused_with_the_reason_and_no_round_opens(
    staff_client, election, ready
):
    response = staff_client.post(url("open_round", election), round_post(ready, present="151"))
    assert response.status_code == 400
    assert response.context["round_error"] == "Số có mặt lớn hơn số được triệu tập."
    two = round_post(ready, typists=[str(ready.typists[0].pk), str(ready.typists[1].pk)])
    response = staff_client.post(url("open_round", election), two)
    assert response.context["round_error"] == "Cần đúng 3 người nhập phiếu độc lập, đã chọn 2."
    assert not Round.objects.exists()


def test_an_exclusion_without_a_reason_is_pointed_at(staff_client, election, ready):
    data = round_post(ready, exclusion_reason=["", "", "", ""], exclusion_count=["2", "", "", ""])
    response = staff_client.post(url("open_round", election), data)
    assert response.status_code == 400
    assert response.context["round_form"].exclusion_rows[0].error == (
        "Ghi lý do không tính vào cơ số."
    )
    assert "Ghi lý do không tính vào cơ số." in response.content.decode()
    assert not Round.objects.exists()


# --- Access --------------------------------------------------------------------------------


def every_setup_url(election, candidate):
    """Every URL of urls_setup.py, for this election (generated, so a new URL is covered)."""
    values = {"pk": election.pk, "candidate_pk": candidate.pk, "congress_pk": election.congress_id}
    urls = []
    for pattern in setup_patterns:
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"elections:{pattern.name}", kwargs=kwargs))
    return urls


def test_another_districts_staff_gets_not_found_on_every_setup_url(client, world, election):
    (candidate,) = add(election, ["Nguyễn Văn An"])
    client.force_login(world.staff_b)
    for address in every_setup_url(election, candidate):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"full_name": "Lê Văn Lạ"}).status_code == 404, address
    assert Candidate.objects.count() == 1
    assert Election.objects.count() == 1


def test_a_viewer_sees_the_setup_page_but_every_change_is_not_found(client, world, election):
    (candidate,) = add(election, ["Nguyễn Văn An"])
    client.force_login(world.viewer_a)
    page = client.get(url("detail", election))
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    assert 'data-testid="candidate-form"' not in page.content.decode()
    viewable = {url("detail", election), url("floor_threshold", election)}
    for address in every_setup_url(election, candidate):
        posted = client.post(address, {"full_name": "Lê Văn Lạ"}).status_code
        if address in viewable:  # read-only pages: a POST is simply not a method they take
            assert posted == 405, address
        else:
            assert posted == 404, address
            assert client.get(address).status_code == 404, address
    assert Candidate.objects.count() == 1

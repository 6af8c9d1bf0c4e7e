"""The delegates pages through the Django test client, the way the congress's people use them:
the organization department keeps the roster and gives roles, the secretariat runs the desks,
the credentials committee reviews, the presidium watches the quorum. Every test says what the
page shows and what was written (rows and audit entries); who gets 404 on which URL is
core/tests/test_access_every_url.py's business."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.models import AuditEntry, User
from daihoi.delegates import queries
from daihoi.delegates.actions import badges as badge_actions
from daihoi.delegates.actions import checkin as checkin_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.actions import staff as staff_actions
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import (
    AbsenceKind,
    AlternateOrder,
    Badge,
    CheckIn,
    CheckInMethod,
    CongressStaff,
    CredentialReview,
    Credentials,
    Delegate,
    DelegateKind,
    HalfDay,
    NotConvenedReason,
    SeatStatus,
    Session,
    SessionKind,
    StaffRole,
)
from daihoi.elections.tests.extract import docx_text
from daihoi.organizations.models import Person

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
DAY = dt.date(2025, 7, 15)


# --- The world: the 21st congress of district A's party organization -------------------------


@pytest.fixture
def congress(world) -> Congress:
    return create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
        ordinal=21,
        starts_on=DAY,
    )


def as_user(client, user: User):
    client.force_login(user)
    return client


def url(name: str, congress: Congress, *args: object) -> str:
    return reverse(f"delegates:{name}", args=[congress.pk, *args])


def put(
    congress: Congress,
    name: str,
    kind: str = DelegateKind.ELECTED,
    *,
    unit=None,
    rank: int | None = None,
) -> Delegate:
    """Someone on the roster, written the way the import or the form does."""
    return roster_actions.add_delegate(
        congress,
        PersonData(name),
        kind=kind,
        unit=unit,
        alternate_rank=rank,
        acting_user=None,
    )


def staff_user(congress: Congress, username: str, role: str) -> User:
    user = core_actions.create_user(username, None, acting_user=None, full_name=username)
    staff_actions.add_congress_staff(congress, user, role=role, acting_user=None)
    return user


def current_session(congress: Congress, half: str = HalfDay.MORNING) -> Session:
    session = checkin_actions.add_session(
        congress, kind=SessionKind.OFFICIAL, day=DAY, half=half, acting_user=None
    )
    return checkin_actions.set_current_session(session, acting_user=None)


def token_of(delegate: Delegate) -> str:
    return Badge.objects.get(delegate=delegate, revoked_at=None).token


def shown(client, response) -> str:
    """The page a redirect leads to, with its messages."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"]).content.decode()


def row(page: str, delegate: Delegate) -> str:
    """The roster's (or the credentials page's) row of one delegate."""
    match = re.search(rf'<tr id="d{delegate.pk}".*?</tr>', page, re.S)
    assert match, f"no row for {delegate}"
    return match.group(0)


def figures_panel(page: str) -> dict[str, int]:
    match = re.search(
        r'data-testid="figures" data-present="(\d+)" data-convened="(\d+)" data-base="(\d+)"',
        page,
    )
    assert match, "no figures panel"
    present, convened, base = (int(g) for g in match.groups())
    return {"present": present, "convened": convened, "base": base}


def audit_count(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def hall(congress, world) -> dict[str, Delegate]:
    """Two ex-officio members, three officials elected by An Bình (A1) and one by the school's
    cell (A2), one appointed delegate; An Bình's two alternates are waiting."""
    a2 = world.district_a.children.get(code="A2")
    people = {
        "Trịnh Văn Bảo": put(congress, "Trịnh Văn Bảo", DelegateKind.EX_OFFICIO),
        "Lương Thị Hoa": put(congress, "Lương Thị Hoa", DelegateKind.EX_OFFICIO),
        "Nguyễn Văn An": put(congress, "Nguyễn Văn An", unit=world.base_a),
        "Trần Thị Bình": put(congress, "Trần Thị Bình", unit=world.base_a),
        "Lê Văn Cường": put(congress, "Lê Văn Cường", unit=world.base_a),
        "Đặng Văn Hùng": put(congress, "Đặng Văn Hùng", unit=a2),
        "Chu Văn Phúc": put(congress, "Chu Văn Phúc", DelegateKind.APPOINTED),
        "Phạm Thị Dung": put(
            congress, "Phạm Thị Dung", DelegateKind.ALTERNATE, unit=world.base_a, rank=1
        ),
        "Hoàng Văn Em": put(
            congress, "Hoàng Văn Em", DelegateKind.ALTERNATE, unit=world.base_a, rank=2
        ),
    }
    return people


# --- The roster page ------------------------------------------------------------------------


def test_the_roster_shows_its_counts_and_the_figures_the_base_rule_computes(
    client, world, congress, hall
):
    roster_actions.record_absence(
        hall["Chu Văn Phúc"], kind=AbsenceKind.NOT_APPROVED, reason="Không báo", acting_user=None
    )
    badge_actions.issue_badges(congress, acting_user=None)
    current_session(congress)
    for name in ("Trịnh Văn Bảo", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        checkin_actions.check_in_delegate(hall[name], acting_user=world.staff_a, method="search")

    page = as_user(client, world.viewer_a).get(url("roster", congress))

    assert page.status_code == 200
    text = page.content.decode()
    counts = re.search(r'data-testid="roster-counts">(.*?)</ul>', text, re.S).group(1)
    assert "Đương nhiên: <strong>2</strong>" in counts
    assert "Được bầu: <strong>4</strong>" in counts
    assert "Được chỉ định: <strong>1</strong>" in counts
    assert "chưa thay thế: <strong>2</strong>" in counts
    expected = queries.figures(congress)
    assert (expected.convened, expected.present) == (7, 4)
    assert figures_panel(text) == {
        "present": expected.present,
        "convened": expected.convened,
        "base": expected.base,
    }
    assert f'data-testid="votes-needed">{expected.votes_needed}<' in text
    assert 'data-testid="quorum" data-met="0"' in text  # 4 of 7: 2/3 needs 5
    # Everyone is listed, the absence with its reason.
    assert len(re.findall(r'data-testid="delegate-row"', text)) == 9
    assert "Vắng không có lý do được chấp thuận — Không báo" in row(text, hall["Chu Văn Phúc"])
    # A reader changes nothing: no form to add, record or revoke.
    assert 'data-testid="add-delegate"' not in text
    assert 'data-testid="revoke"' not in text
    assert url("add_staff", congress) not in text


def test_staff_add_a_delegate_through_the_form_and_it_is_written_once_with_its_audit_entry(
    client, world, congress
):
    as_user(client, world.staff_a)
    response = client.post(
        url("add", congress),
        {
            "full_name": "  Nguyễn   Văn An ",
            "birth_date": "05/03/1970",
            "gender": "male",
            "ethnicity": "Kinh",
            "party_joined_year": "1995",
            "position_title": "Bí thư Đảng ủy xã An Bình",
            "kind": DelegateKind.ELECTED,
            "unit": str(world.base_a.pk),
        },
    )

    delegate = Delegate.objects.get(congress=congress)
    assert response["Location"] == url("roster", congress) + f"#d{delegate.pk}"
    assert delegate.person.full_name == "Nguyễn Văn An"
    assert delegate.person.birth_date == dt.date(1970, 3, 5)
    assert (delegate.kind, delegate.unit, delegate.status) == (
        DelegateKind.ELECTED,
        world.base_a,
        SeatStatus.ACTIVE,
    )
    assert delegate.delegation.name == world.base_a.name
    entry = AuditEntry.objects.get(action="delegate.add")
    assert (entry.object_type, entry.object_id) == ("delegate", str(delegate.pk))
    assert (entry.actor, entry.summary) == (world.staff_a, "Nguyễn Văn An (Được bầu)")
    page = shown(client, response)
    assert "Đã thêm Nguyễn Văn An." in page
    assert world.base_a.name in row(page, delegate)


@pytest.mark.parametrize(
    ("data", "label", "message"),
    [
        ({"full_name": ""}, "Họ và tên", "Trường này là bắt buộc."),
        (
            {"birth_date": "31/02/1970"},
            "Ngày sinh",
            "Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/07/2025.",
        ),
        (
            {"birth_date": "01/01/1990", "party_joined_year": "2000"},
            "Năm vào Đảng",
            "Năm vào Đảng phải sau năm đủ 18 tuổi.",
        ),
        ({"kind": DelegateKind.MEMBER}, "Loại đại biểu", "Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": DelegateKind.ALTERNATE}, None, "Đại biểu dự khuyết cần thứ tự dự khuyết."),
    ],
    ids=["no name", "no such date", "joined before 18", "member at a delegates' congress", "rank"],
)
def test_a_bad_delegate_is_refused_with_400_under_its_field_and_nothing_is_written(
    client, world, congress, data, label, message
):
    audit_before = AuditEntry.objects.count()
    form = {"full_name": "Nguyễn Văn An", "kind": DelegateKind.APPOINTED, **data}

    response = as_user(client, world.staff_a).post(url("add", congress), form)

    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'<details[^>]*\bopen\b[^>]*data-testid="add-delegate"', page)
    if label is None:  # about the whole form: above it
        assert f'<div class="alert alert-danger mt-2" role="alert">{message}</div>' in page
    else:  # under the field's label
        field = re.search(rf">{label}</label>(.*?)\n    </div>", page, re.S)
        assert field, label
        assert f'<div class="invalid-feedback d-block">{message}' in field.group(1)
    assert not Delegate.objects.exists() and not Person.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_the_same_person_twice_is_refused_by_the_action_and_shown_above_the_form(
    client, world, congress
):
    """One person is the same folded name and birth date (decision 0014)."""
    roster_actions.add_delegate(
        congress,
        PersonData("Nguyễn Văn An", birth_date=dt.date(1970, 3, 5)),
        kind=DelegateKind.APPOINTED,
        acting_user=None,
    )
    audit_before = AuditEntry.objects.count()

    response = as_user(client, world.staff_a).post(
        url("add", congress),
        {"full_name": "nguyễn văn  an", "birth_date": "05/03/1970", "kind": "ex_officio"},
    )

    assert response.status_code == 400
    assert "Nguyễn Văn An đã có trong danh sách đại biểu của đại hội." in (
        response.content.decode()
    )
    assert Delegate.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_the_desk_records_an_absence_and_the_figures_count_it(client, world, congress, hall):
    cuong = hall["Lê Văn Cường"]
    as_user(client, world.staff_a)

    response = client.post(
        url("absence", congress, cuong.pk), {"kind": AbsenceKind.APPROVED, "reason": "Ốm"}
    )

    assert response["Location"] == url("roster", congress) + f"#d{cuong.pk}"
    cuong.refresh_from_db()
    assert (cuong.absence, cuong.absence_reason) == (AbsenceKind.APPROVED, "Ốm")
    entry = AuditEntry.objects.get(action="delegate.absence")
    assert entry.summary == "Lê Văn Cường: Vắng có lý do được cấp ủy triệu tập chấp thuận"
    page = shown(client, response)
    assert "Đã ghi nhận: Lê Văn Cường." in page
    assert "Vắng có lý do được cấp ủy triệu tập chấp thuận — Ốm" in row(page, cuong)
    assert 'data-testid="replace"' in row(page, cuong)  # the manager may now replace him
    assert queries.figures(congress).absent_approved == 1

    # He comes after all: "present (not away)" clears it.
    cleared = client.post(url("absence", congress, cuong.pk), {"kind": "", "reason": "Ốm"})
    assert "Đã ghi nhận: Lê Văn Cường." in shown(client, cleared)
    cuong.refresh_from_db()
    assert (cuong.absence, cuong.absence_reason) == ("", "")
    assert audit_count("delegate.absence") == 2


def test_an_absence_without_a_reason_is_refused_and_nothing_is_written(
    client, world, congress, hall
):
    cuong = hall["Lê Văn Cường"]
    as_user(client, world.staff_a)

    response = client.post(
        url("absence", congress, cuong.pk), {"kind": AbsenceKind.APPROVED, "reason": "  "}
    )

    assert "Cần ghi lý do vắng mặt." in shown(client, response)
    cuong.refresh_from_db()
    assert cuong.absence == ""
    assert audit_count("delegate.absence") == 0


# --- Replacement by an alternate -------------------------------------------------------------


def absent(delegate: Delegate, reason: str = "Ốm") -> None:
    roster_actions.record_absence(
        delegate, kind=AbsenceKind.APPROVED, reason=reason, acting_user=None
    )


def test_an_absent_official_is_replaced_by_the_units_first_alternate(client, world, congress, hall):
    cuong, dung, em = hall["Lê Văn Cường"], hall["Phạm Thị Dung"], hall["Hoàng Văn Em"]
    absent(cuong)
    convened_before = queries.figures(congress).convened
    as_user(client, world.staff_a)

    response = client.post(url("replace", congress, cuong.pk))

    page = shown(client, response)
    assert "Phạm Thị Dung thay thế Lê Văn Cường." in page
    cuong.refresh_from_db()
    dung.refresh_from_db()
    em.refresh_from_db()
    assert cuong.status == SeatStatus.REPLACED
    assert (dung.status, dung.replaces) == (SeatStatus.ACTIVE, cuong)
    assert em.status == SeatStatus.WAITING
    entry = AuditEntry.objects.get(action="delegate.replace")
    assert entry.summary == "Phạm Thị Dung thay Lê Văn Cường"
    assert entry.after["why"] == "absent" and entry.after["order"] == AlternateOrder.VOTES
    assert "thay Lê Văn Cường" in row(page, dung)
    assert "Đã được thay thế" in row(page, cuong)
    figures = queries.figures(congress)
    assert figures.convened == convened_before and figures.alternates_substituted == 1


def test_an_official_the_committee_rejected_is_replaced_from_the_roster_page(
    client, world, congress, hall
):
    binh, dung = hall["Trần Thị Bình"], hall["Phạm Thị Dung"]
    reviewer = staff_user(congress, "tham_tra", StaffRole.CREDENTIALS)
    as_user(client, reviewer)
    review(client, congress, binh, Credentials.REJECTED, NotConvenedReason.BREACH)
    client.force_login(world.staff_a)
    page = client.get(url("roster", congress)).content.decode()
    assert "Không triệu tập: <small>Được bầu không đúng nguyên tắc, thủ tục</small>" in row(
        page, binh
    )
    assert 'data-testid="replace"' in row(page, binh)

    response = client.post(url("replace", congress, binh.pk))

    assert "Phạm Thị Dung thay thế Trần Thị Bình." in shown(client, response)
    assert Delegate.objects.get(pk=dung.pk).replaces_id == binh.pk
    assert AuditEntry.objects.get(action="delegate.replace").after["why"] == "rejected"
    assert queries.figures(congress).convened == 7  # the seat is filled again


def test_under_the_votes_order_choosing_the_second_alternate_is_refused(
    client, world, congress, hall
):
    cuong, em = hall["Lê Văn Cường"], hall["Hoàng Văn Em"]
    absent(cuong)
    as_user(client, world.staff_a)

    response = client.post(url("replace", congress, cuong.pk), {"alternate": em.pk})

    assert "Theo thứ tự số phiếu, người thay thế phải là Phạm Thị Dung." in shown(client, response)
    assert not Delegate.objects.filter(replaces__isnull=False).exists()
    assert Delegate.objects.get(pk=cuong.pk).status == SeatStatus.ACTIVE
    assert audit_count("delegate.replace") == 0


def test_when_the_convener_chooses_the_second_alternate_may_take_the_seat(
    client, world, congress, hall
):
    cuong, em = hall["Lê Văn Cường"], hall["Hoàng Văn Em"]
    absent(cuong)
    as_user(client, world.staff_a)

    switched = client.post(
        url("alternate_order", congress), {"alternate_order": AlternateOrder.CONVENER}
    )
    page = shown(client, switched)
    assert "Dự khuyết cùng đơn vị do cấp ủy triệu tập chọn</strong>" in page
    assert audit_count("roster.alternate_order") == 1

    response = client.post(url("replace", congress, cuong.pk), {"alternate": em.pk})

    assert "Hoàng Văn Em thay thế Lê Văn Cường." in shown(client, response)
    assert Delegate.objects.get(pk=em.pk).replaces_id == cuong.pk


def test_an_unknown_alternate_order_is_refused_and_the_setting_is_kept(client, world, congress):
    as_user(client, world.staff_a)
    response = client.post(url("alternate_order", congress), {"alternate_order": "lottery"})
    assert "Thứ tự thay thế không hợp lệ." in shown(client, response)
    assert queries.roster_settings(congress).alternate_order == AlternateOrder.VOTES
    assert audit_count("roster.alternate_order") == 0


def test_a_unit_without_an_alternate_left_cannot_replace_its_absent_official(
    client, world, congress, hall
):
    hung = hall["Đặng Văn Hùng"]  # the school's cell elected no alternate
    absent(hung, "Đi công tác")
    as_user(client, world.staff_a)

    response = client.post(url("replace", congress, hung.pk))

    assert "Đơn vị Chi bộ Trường Tiểu học An Lạc không còn đại biểu dự khuyết." in shown(
        client, response
    )
    assert Delegate.objects.get(pk=hung.pk).status == SeatStatus.ACTIVE
    assert audit_count("delegate.replace") == 0


def test_an_official_who_is_present_is_not_replaced(client, world, congress, hall):
    as_user(client, world.staff_a)
    response = client.post(url("replace", congress, hall["Nguyễn Văn An"].pk))
    assert "Chỉ thay thế đại biểu vắng mặt (đã ghi lý do) hoặc không đủ tư cách." in shown(
        client, response
    )
    assert audit_count("delegate.replace") == 0


# --- Badges ----------------------------------------------------------------------------------


def test_badges_are_issued_once_then_one_is_revoked_and_its_old_token_refused_at_the_desk(
    client, world, congress, hall
):
    an = hall["Nguyễn Văn An"]
    current_session(congress)
    as_user(client, world.staff_a)
    assert "Cấp thẻ (9 người chưa có)" in client.get(url("roster", congress)).content.decode()
    issued = shown(client, client.post(url("issue_badges", congress)))
    assert "Đã cấp 9 thẻ đại biểu." in issued
    assert Badge.objects.count() == 9 and audit_count("badge.issue") == 1
    assert "Cấp thẻ (0 người chưa có)" in issued
    assert 'data-testid="revoke"' in row(issued, an)
    again = shown(client, client.post(url("issue_badges", congress)))
    assert "Đã cấp 0 thẻ đại biểu." in again
    assert Badge.objects.count() == 9 and audit_count("badge.issue") == 1

    old = token_of(an)
    response = client.post(url("revoke", congress, an.pk), {"reason": "Mất thẻ"})

    page = shown(client, response)
    assert "Đã thu hồi thẻ cũ và cấp thẻ mới cho Nguyễn Văn An." in page
    revoked = Badge.objects.get(token=old)
    assert revoked.revoked_at is not None and revoked.revoked_reason == "Mất thẻ"
    new = token_of(an)
    assert new != old
    assert AuditEntry.objects.get(action="badge.revoke").summary == (
        "Thu hồi thẻ của Nguyễn Văn An: Mất thẻ — cấp thẻ mới"
    )
    refused = client.post(url("scan", congress), {"token": old})
    assert refused["X-Checkin"] == "C02"
    assert "Thẻ đã bị thu hồi (Mất thẻ)" in refused.content.decode()
    assert not CheckIn.objects.exists()
    assert client.post(url("scan", congress), {"token": new})["X-Checkin"] == "ok"
    assert CheckIn.objects.get().delegate == an


def test_a_badge_is_not_revoked_without_a_reason(client, world, congress, hall):
    badge_actions.issue_badges(congress, acting_user=None)
    an = hall["Nguyễn Văn An"]
    token = token_of(an)
    as_user(client, world.staff_a)

    response = client.post(url("revoke", congress, an.pk), {"reason": " "})

    assert "Cần ghi lý do thu hồi thẻ." in shown(client, response)
    assert token_of(an) == token and Badge.objects.count() == 9
    assert audit_count("badge.revoke") == 0


# --- Staff ------------------------------------------------------------------------------------


def test_the_department_gives_the_secretariat_role_by_username_and_that_user_runs_the_desk(
    client, world, congress, hall
):
    secretary = core_actions.create_user("thu_ky", None, acting_user=None, full_name="Ngô Thị Thư")
    as_user(client, world.staff_a)

    response = client.post(
        url("add_staff", congress), {"username": "thu_ky", "role": StaffRole.SECRETARIAT}
    )

    assert response["Location"] == url("roster", congress) + "#nhan-su"
    page = shown(client, response)
    assert "Đã giao vai trò cho Ngô Thị Thư." in page
    assert "Ngô Thị Thư — Tổ giúp việc (điểm danh, thẻ đại biểu)" in page
    staff = CongressStaff.objects.get(congress=congress)
    assert (staff.user, staff.role, staff.is_head) == (secretary, StaffRole.SECRETARIAT, False)
    assert AuditEntry.objects.get(action="congress.add_staff").after["user_id"] == secretary.pk

    client.force_login(secretary)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == url("roster", congress)
    desk = client.get(url("desk", congress))
    assert desk.status_code == 200
    assert "Điểm danh đại biểu" in desk.content.decode()
    roster_page = client.get(url("roster", congress)).content.decode()
    assert 'data-testid="add-delegate"' in roster_page  # the secretariat keeps the roster
    assert url("add_staff", congress) not in roster_page  # but gives no roles
    assert 'data-testid="replace"' not in roster_page


def test_a_credentials_member_starts_on_the_credentials_page(client, world, congress):
    reviewer = staff_user(congress, "tham_tra", StaffRole.CREDENTIALS)
    home = as_user(client, reviewer).get("/")
    assert home.status_code == 302
    assert home["Location"] == url("credentials", congress)
    assert client.get(home["Location"]).status_code == 200


def test_an_unknown_username_or_the_same_role_twice_is_refused_and_nothing_is_written(
    client, world, congress
):
    staff_user(congress, "thu_ky", StaffRole.SECRETARIAT)
    as_user(client, world.staff_a)
    before = AuditEntry.objects.count()

    def give(username: str, role: str = StaffRole.SECRETARIAT) -> str:
        return shown(
            client, client.post(url("add_staff", congress), {"username": username, "role": role})
        )

    assert "Không có tài khoản “khong_co”." in give("khong_co")
    assert "Người này đã có vai trò đó ở đại hội." in give("thu_ky")
    assert "Nhập tên đăng nhập và chọn vai trò." in give("", "")
    assert "Nhập tên đăng nhập và chọn vai trò." in give("thu_ky", "chairman")
    assert CongressStaff.objects.count() == 1
    assert AuditEntry.objects.count() == before


# --- Credentials ------------------------------------------------------------------------------


def review(client, congress, delegate, decision, reason_code="", reason=""):
    return client.post(
        url("review", congress, delegate.pk),
        {"decision": decision, "reason_code": reason_code, "reason": reason},
    )


def test_the_credentials_committee_accepts_challenges_and_rejects_and_the_page_counts_them(
    client, world, congress, hall
):
    reviewer = staff_user(congress, "tham_tra", StaffRole.CREDENTIALS)
    as_user(client, reviewer)
    an, binh, cuong = hall["Nguyễn Văn An"], hall["Trần Thị Bình"], hall["Lê Văn Cường"]

    accepted = review(client, congress, an, Credentials.ACCEPTED)
    assert accepted["Location"] == url("credentials", congress) + f"#d{an.pk}"
    assert "Nguyễn Văn An: Đủ tư cách." in shown(client, accepted)

    no_reason = review(client, congress, binh, Credentials.CHALLENGED)
    assert "Cần ghi ý kiến, lý do xem xét." in shown(client, no_reason)
    challenged = review(client, congress, binh, Credentials.CHALLENGED, reason="Đơn thư")
    assert "Trần Thị Bình: Có ý kiến, đang xem xét." in shown(client, challenged)

    no_code = review(client, congress, cuong, Credentials.REJECTED, reason="Sai thủ tục")
    assert "Cần chọn lý do không đủ tư cách." in shown(client, no_code)
    rejected = review(
        client, congress, cuong, Credentials.REJECTED, NotConvenedReason.BREACH, "Sai thủ tục"
    )
    page = shown(client, rejected)

    assert "Lê Văn Cường: Không đủ tư cách." in page
    assert "Chưa thẩm tra: 6 · Đủ tư cách: 1 · Đang xem xét: 1 · Không đủ tư cách: 1" in page
    assert "Được bầu không đúng nguyên tắc, thủ tục" in row(page, cuong)
    assert [(r.delegate.person.full_name, r.decision) for r in CredentialReview.objects.all()] == [
        ("Nguyễn Văn An", Credentials.ACCEPTED),
        ("Trần Thị Bình", Credentials.CHALLENGED),
        ("Lê Văn Cường", Credentials.REJECTED),
    ]
    assert audit_count("delegate.review") == 3  # the refusals wrote nothing
    cuong.refresh_from_db()
    assert (cuong.status, cuong.not_convened_reason) == (
        SeatStatus.NOT_CONVENED,
        NotConvenedReason.BREACH,
    )
    assert queries.figures(congress).convened == 6


def test_the_credentials_report_reads_on_screen_and_downloads_as_docx(
    client, world, congress, hall
):
    reviewer = staff_user(congress, "tham_tra", StaffRole.CREDENTIALS)
    as_user(client, reviewer)
    review(client, congress, hall["Nguyễn Văn An"], Credentials.ACCEPTED)

    page = client.get(url("credentials_report", congress))
    download = client.get(url("credentials_report_docx", congress))

    assert page.status_code == 200
    assert congress.title in page.content.decode()
    assert 'data-testid="credentials-report"' in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert download["Content-Disposition"] == (
        f'attachment; filename="bao-cao-tham-tra-{congress.pk}.docx"'
    )
    assert " ".join(congress.title.split()) in " ".join(docx_text(download.content).split())


@pytest.mark.parametrize("who", ["staff_a", "secretary"])
def test_only_a_member_of_the_committee_records_a_review(client, world, congress, hall, who):
    """The organization department prepares the roster and the secretariat runs the desk:
    neither judges credentials. Their post answers 404 and writes nothing; the page tells
    them who reviews."""
    user = (
        world.staff_a if who == "staff_a" else staff_user(congress, "thu_ky", StaffRole.SECRETARIAT)
    )
    as_user(client, user)

    response = review(client, congress, hall["Nguyễn Văn An"], Credentials.ACCEPTED)

    assert response.status_code == 404
    assert not CredentialReview.objects.exists() and audit_count("delegate.review") == 0
    page = client.get(url("credentials", congress)).content.decode()
    assert "Chỉ thành viên Ban thẩm tra tư cách đại biểu ghi kết luận thẩm tra." in page
    assert 'data-testid="review"' not in page


# --- Sessions ---------------------------------------------------------------------------------


def test_the_department_adds_a_session_then_makes_it_current(client, world, congress):
    as_user(client, world.staff_a)
    form_page = client.get(url("sessions", congress)).content.decode()
    assert 'value="15/07/2025"' in form_page  # the congress's first day, as it is typed

    added = client.post(
        url("add_session", congress),
        {"kind": SessionKind.PREPARATORY, "day": "15/07/2025", "half": HalfDay.MORNING},
    )

    session = Session.objects.get(congress=congress)
    assert (session.kind, session.day, session.half, session.is_current) == (
        SessionKind.PREPARATORY,
        DAY,
        HalfDay.MORNING,
        False,
    )
    assert AuditEntry.objects.get(action="session.add").summary == (
        "Phiên trù bị, buổi sáng 15/07/2025"
    )
    page = shown(client, added)
    assert "Phiên trù bị, buổi sáng 15/07/2025" in page
    assert 'data-testid="make-current"' in page

    made = client.post(url("current_session", congress, session.pk))

    assert made["Location"] == url("sessions", congress)
    page = shown(client, made)
    assert "Phiên hiện tại: Phiên trù bị, buổi sáng 15/07/2025." in page
    assert ">hiện tại</span>" in page and 'data-testid="make-current"' not in page
    assert Session.objects.get().is_current
    assert audit_count("session.current") == 1
    desk = client.get(url("desk", congress)).content.decode()
    assert "Phiên trù bị, buổi sáng 15/07/2025" in desk


def test_the_sessions_form_submitted_as_shown_adds_the_first_days_session(client, world, congress):
    """The day field comes filled with the congress's first day: sent unchanged, it is
    accepted (it is shown as dd/mm/yyyy, the only format it reads)."""
    as_user(client, world.staff_a)
    page = client.get(url("sessions", congress))
    day = page.context["form"]["day"].value()
    shown_day = re.search(r'name="day" value="([^"]*)"', page.content.decode()).group(1)

    client.post(
        url("add_session", congress),
        {"kind": SessionKind.OFFICIAL, "day": shown_day, "half": HalfDay.AFTERNOON},
    )

    assert day == DAY
    assert Session.objects.get(congress=congress).day == DAY


@pytest.mark.parametrize(
    "data",
    [
        {"kind": SessionKind.OFFICIAL, "day": "2025-07-15", "half": HalfDay.MORNING},
        {"kind": SessionKind.OFFICIAL, "day": "31/02/2025", "half": HalfDay.MORNING},
        {"kind": "", "day": "15/07/2025", "half": HalfDay.MORNING},
    ],
    ids=["iso date", "no such date", "no kind"],
)
def test_a_bad_session_is_refused_with_the_expected_format(client, world, congress, data):
    as_user(client, world.staff_a)
    response = client.post(url("add_session", congress), data)
    assert "Chọn phiên, ngày (dd/mm/yyyy) và buổi." in shown(client, response)
    assert not Session.objects.exists() and audit_count("session.add") == 0


def test_the_same_session_twice_is_refused(client, world, congress):
    current_session(congress)
    as_user(client, world.staff_a)
    response = client.post(
        url("add_session", congress),
        {"kind": SessionKind.OFFICIAL, "day": "15/07/2025", "half": HalfDay.MORNING},
    )
    assert "Phiên này đã có." in shown(client, response)
    assert Session.objects.count() == 1


def test_making_a_session_current_goes_back_to_the_presidium_but_never_off_site(
    client, world, congress
):
    morning = current_session(congress)
    afternoon = checkin_actions.add_session(
        congress, kind=SessionKind.OFFICIAL, day=DAY, half=HalfDay.AFTERNOON, acting_user=None
    )
    as_user(client, world.staff_a)

    back = client.post(
        url("current_session", congress, afternoon.pk), {"next": url("presidium", congress)}
    )
    away = client.post(
        url("current_session", congress, morning.pk), {"next": "https://example.com/dai-bieu/"}
    )

    assert back["Location"] == url("presidium", congress)
    assert away["Location"] == url("sessions", congress)
    assert list(Session.objects.filter(is_current=True)) == [morning]


# --- The check-in desk ------------------------------------------------------------------------


def scan(client, congress, token: str, **extra: str):
    return client.post(url("scan", congress), {"token": token, "desk": "Bàn 1", **extra}, **HTMX)


def outcome(response) -> tuple[str, str, str]:
    """(X-Checkin, data-state, data-code) of the desk's outcome fragment."""
    text = response.content.decode()
    assert "<html" not in text
    state = re.search(r'data-state="(\w+)" data-code="(\w*)"', text)
    assert state, text
    return response["X-Checkin"], state.group(1), state.group(2)


def test_a_scan_checks_the_holder_in_and_every_refusal_has_its_code_and_writes_nothing(
    client, world, congress, hall
):
    other = create_congress(
        world.district_b,
        acting_user=None,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
    )
    stranger = put(other, "Trần Văn Bảo", DelegateKind.EX_OFFICIO)
    badge_actions.issue_badges(other, acting_user=None)
    badge_actions.issue_badges(congress, acting_user=None)
    an, dung = hall["Nguyễn Văn An"], hall["Phạm Thị Dung"]
    revoked = token_of(hall["Trần Thị Bình"])
    badge_actions.revoke_badge(hall["Trần Thị Bình"], reason="In sai", acting_user=None)
    secretary = staff_user(congress, "thu_ky", StaffRole.SECRETARIAT)
    as_user(client, secretary)

    assert outcome(scan(client, congress, token_of(an))) == ("C05", "refused", "C05")
    current_session(congress)
    first = scan(client, congress, f"  {token_of(an)}\n", method="camera")
    assert outcome(first) == ("ok", "ok", "")
    assert "✔ Đã điểm danh: Nguyễn Văn An." in first.content.decode()
    assert "Thẻ số 3" in first.content.decode()
    refusals = {
        "C01": scan(client, congress, "khong-phai-ma-the"),
        "C02": scan(client, congress, revoked),
        "C03": scan(client, congress, token_of(stranger)),
        "C04": scan(client, congress, token_of(an)),
        "C06": scan(client, congress, token_of(dung)),
    }
    for code, response in refusals.items():
        assert outcome(response) == (code, "refused", code)
    assert "Mã thẻ không đúng" in refusals["C01"].content.decode()
    assert "Thẻ của đại hội khác" in refusals["C03"].content.decode()
    assert "Nguyễn Văn An đã điểm danh phiên này lúc" in refusals["C04"].content.decode()
    assert "chưa được triệu tập thay thế" in refusals["C06"].content.decode()

    checkin = CheckIn.objects.get()
    assert (checkin.delegate, checkin.method, checkin.desk, checkin.by) == (
        an,
        CheckInMethod.CAMERA,
        "Bàn 1",
        secretary,
    )
    assert audit_count("delegate.check_in") == 1


def test_an_empty_or_huge_token_is_unknown(client, world, congress, hall):
    current_session(congress)
    as_user(client, world.staff_a)
    assert outcome(scan(client, congress, ""))[0] == "C01"
    assert outcome(scan(client, congress, "x" * 5000))[0] == "C01"
    assert not CheckIn.objects.exists()


def test_the_search_finds_a_name_typed_without_accents_and_the_pick_checks_in_by_id(
    client, world, congress, hall
):
    current_session(congress)
    an = hall["Nguyễn Văn An"]
    as_user(client, world.staff_a)

    found = client.get(url("search", congress), {"q": "nguyen van an"}, **HTMX)

    assert found.status_code == 200
    text = found.content.decode()
    assert "<html" not in text
    assert re.findall(r'data-testid="found">\s*<span>([^<]*?) <small', text) == ["Nguyễn Văn An"]
    assert url("pick", congress, an.pk) in text

    picked = client.post(url("pick", congress, an.pk), {"desk": "Bàn 2"}, **HTMX)

    assert outcome(picked) == ("ok", "ok", "")
    checkin = CheckIn.objects.get()
    assert (checkin.delegate, checkin.method, checkin.desk) == (an, CheckInMethod.SEARCH, "Bàn 2")
    again = client.get(url("search", congress), {"q": "AN"}, **HTMX).content.decode()
    assert "đã điểm danh" in again and url("pick", congress, an.pk) not in again
    assert outcome(client.post(url("pick", congress, an.pk), **HTMX))[0] == "C04"
    nobody = client.get(url("search", congress), {"q": "xyz"}, **HTMX).content.decode()
    assert "Không tìm thấy." in nobody


def test_a_pick_of_another_congress_delegate_is_404(client, world, congress, hall):
    other = create_congress(
        world.district_b,
        acting_user=None,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
    )
    stranger = put(other, "Trần Văn Bảo", DelegateKind.EX_OFFICIO)
    current_session(congress)
    as_user(client, world.staff_a)
    assert client.post(url("pick", congress, stranger.pk)).status_code == 404
    assert not CheckIn.objects.exists()


# --- The presidium page and the hall panel ---------------------------------------------------


def test_the_presidium_page_and_the_hall_panel_follow_the_checkins_and_the_quorum(
    client, world, congress, hall
):
    as_user(client, world.staff_a)
    nothing = client.get(url("presidium", congress)).content.decode()
    assert "Chưa chọn phiên hiện tại" in nothing
    assert url("sessions", congress) in nothing  # "add a session"

    current_session(congress)
    page = client.get(url("presidium", congress))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Phiên chính thức, buổi sáng 15/07/2025" in text
    assert 'data-testid="present-big">0 / 7<' in text
    assert "Chưa đủ: cần ít nhất 5 người có mặt." in text
    assert 'hx-trigger="every 500ms"' in text

    for name in ("Trịnh Văn Bảo", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        checkin_actions.check_in_delegate(hall[name], acting_user=world.staff_a, method="search")
    four = client.get(url("presidium", congress), **HTMX).content.decode()
    assert "<html" not in four and 'id="dh-presidium"' in four
    assert 'data-testid="present-big">4 / 7<' in four
    assert 'data-testid="quorum" data-met="0"' in four

    checkin_actions.check_in_delegate(
        hall["Đặng Văn Hùng"], acting_user=world.staff_a, method="search"
    )
    five = client.get(url("presidium", congress), **HTMX).content.decode()
    figures = queries.figures(congress)
    assert f'data-testid="present-big">5 / {figures.convened}<' in five
    assert "Đủ số đại biểu để đại hội tiến hành (ít nhất 2/3)." in five
    assert figures_panel(five) == {"present": 5, "convened": 7, "base": figures.base}

    hall_page = client.get(url("hall", congress)).content.decode()
    assert "<html" in hall_page and congress.title in hall_page
    panel = client.get(url("hall", congress), **HTMX).content.decode()
    assert "<html" not in panel
    assert 'data-testid="hall-present">5<' in panel
    assert "trên tổng số 7 đại biểu được triệu tập" in panel
    assert "Đủ số đại biểu để đại hội tiến hành" in panel
    assert f'data-testid="hall-base">{figures.base}<' in panel


def test_the_presidium_page_switches_the_current_session(client, world, congress, hall):
    morning = current_session(congress)
    afternoon = checkin_actions.add_session(
        congress, kind=SessionKind.OFFICIAL, day=DAY, half=HalfDay.AFTERNOON, acting_user=None
    )
    checkin_actions.check_in_delegate(
        hall["Nguyễn Văn An"], acting_user=world.staff_a, method="search"
    )
    as_user(client, world.staff_a)
    page = client.get(url("presidium", congress)).content.decode()
    assert url("current_session", congress, afternoon.pk) in page

    switched = client.post(
        url("current_session", congress, afternoon.pk), {"next": url("presidium", congress)}
    )

    text = shown(client, switched)
    assert "Phiên chính thức, buổi chiều 15/07/2025" in text
    assert 'data-testid="present-big">0 / 7<' in text  # each session has its own attendance
    assert not Session.objects.get(pk=morning.pk).is_current

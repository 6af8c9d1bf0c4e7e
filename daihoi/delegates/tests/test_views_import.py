"""The roster import pages: the congress's organization department and its secretariat upload,
preview and confirm; anyone else gets 404. A bad file writes nothing and names the row and the
column; a good one is written whole on confirmation, with one audit entry."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.models import AuditEntry
from daihoi.delegates.actions.roster import PersonData, add_delegate
from daihoi.delegates.actions.staff import add_congress_staff
from daihoi.delegates.imports import COLUMNS
from daihoi.delegates.models import Delegate, DelegateKind, SeatStatus, StaffRole
from daihoi.organizations.models import Person

pytestmark = pytest.mark.django_db

HEADER = list(COLUMNS.values())
GOOD = [
    [
        1,
        "Nguyễn Văn An",
        "05/03/1970",
        "Nam",
        "Kinh",
        "",
        "",
        "Cao cấp",
        1995,
        "Bí thư",
        "",
        "",
        "Đương nhiên",
        "",
    ],
    [2, "Lê Thị Bình", "12/11/1982", "Nữ", "Tày", "", "", "", 2008, "", "A1", "", "Được bầu", ""],
    [3, "Trần Văn Cường", "", "Nam", "", "", "", "", "", "", "A1", "", "Dự khuyết", 1],
]


def xlsx(rows, *, name: str = "dai-bieu.xlsx", formulas: dict[str, str] | None = None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for ref, text in (formulas or {}).items():
        sheet[ref] = text
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def congress(world) -> Congress:
    return create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=40,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
    )


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff_a)
    return client


def url(name: str, congress: Congress) -> str:
    return reverse(f"delegates:{name}", args=[congress.pk])


def upload(client, congress, file):
    return client.post(url("import", congress), {"file": file})


def nothing_written(audit_before: int) -> bool:
    return (
        not Delegate.objects.exists()
        and not Person.objects.exists()
        and AuditEntry.objects.count() == audit_before
    )


def test_the_preview_writes_nothing_and_the_confirmation_writes_every_row_once(
    staff_client, congress, world
):
    audit_before = AuditEntry.objects.count()
    preview = upload(staff_client, congress, xlsx(GOOD))

    assert preview.status_code == 200
    assert preview.context["report"].ok
    page = preview.content.decode()
    assert "Xác nhận nhập 3 người" in page and world.base_a.name in page
    assert nothing_written(audit_before)

    response = staff_client.post(
        url("import_confirm", congress), {"token": preview.context["token"]}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("delegates:roster", args=[congress.pk])
    delegates = {d.person.full_name: d for d in Delegate.objects.filter(congress=congress)}
    assert set(delegates) == {"Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"}
    an = delegates["Nguyễn Văn An"]
    assert (an.kind, an.unit, an.person.birth_date) == (
        DelegateKind.EX_OFFICIO,
        world.district_a,
        dt.date(1970, 3, 5),
    )
    cuong = delegates["Trần Văn Cường"]
    assert (cuong.kind, cuong.unit, cuong.alternate_rank, cuong.status) == (
        DelegateKind.ALTERNATE,
        world.base_a,
        1,
        SeatStatus.WAITING,
    )
    assert AuditEntry.objects.count() == audit_before + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "delegate.import" and "dai-bieu.xlsx" in entry.summary

    again = staff_client.post(url("import_confirm", congress), {"token": preview.context["token"]})
    assert again.status_code == 409  # the same preview confirmed twice adds nobody twice
    assert "đã có trong danh sách đại biểu" in again.content.decode()
    assert Delegate.objects.count() == 3


def test_a_bad_file_saves_nothing_and_names_the_row_and_the_column(staff_client, congress):
    audit_before = AuditEntry.objects.count()
    rows = [
        GOOD[0],
        [2, "Lê Thị Bình", "31/02/1982", "Nữ", "", "", "", "", "", "", "B1", "", "Được bầu", ""],
        [3, "Trần Văn Cường", "", "", "", "", "", "", "", "", "", "", "Dự khuyết", ""],
    ]
    response = upload(staff_client, congress, xlsx(rows))

    assert response.status_code == 200
    assert response.context["token"] == ""
    page = response.content.decode()
    for message in (
        "Dòng 3, cột “Ngày sinh”: “31/02/1982” không phải ngày sinh hợp lệ",
        "Dòng 3, cột “Mã đơn vị”: không có đơn vị mã “B1” trong Đảng bộ huyện An Lạc.",
        "Dòng 4, cột “Thứ tự dự khuyết”: đại biểu dự khuyết phải có thứ tự dự khuyết",
    ):
        assert message in page
    assert 'data-testid="import-confirm"' not in page
    assert nothing_written(audit_before)


def test_a_formula_cell_is_refused(staff_client, congress):
    audit_before = AuditEntry.objects.count()
    response = upload(staff_client, congress, xlsx(GOOD, formulas={"B3": '="Lê Thị "&"Bình"'}))

    assert not response.context["report"].ok
    assert "Dòng 3, cột “Họ và tên”: ô có công thức" in response.content.decode()
    assert response.context["token"] == ""
    assert nothing_written(audit_before)


def test_a_file_refused_as_a_whole_says_why(staff_client, congress):
    audit_before = AuditEntry.objects.count()
    old = upload(staff_client, congress, SimpleUploadedFile("dai-bieu.xls", b"\xd0\xcf\x11\xe0"))
    assert old.status_code == 400
    assert "không phải tệp Excel .xlsx" in old.context["file_error"]
    book = openpyxl.Workbook()
    book.active.append(["STT", "Họ và tên"])
    book.active.append([1, "Nguyễn Văn An"])
    buffer = io.BytesIO()
    book.save(buffer)
    no_kind = upload(staff_client, congress, SimpleUploadedFile("a.xlsx", buffer.getvalue()))
    assert no_kind.status_code == 400
    assert "Thiếu cột bắt buộc: “Loại đại biểu”" in no_kind.content.decode()
    no_file = staff_client.post(url("import", congress), {})
    assert no_file.status_code == 400
    assert nothing_written(audit_before)


def test_a_confirmation_checks_again_and_writes_nothing_when_the_roster_changed(
    staff_client, congress
):
    preview = upload(staff_client, congress, xlsx(GOOD))
    add_delegate(
        congress,
        PersonData("Lê Thị Bình", birth_date=dt.date(1982, 11, 12)),
        kind=DelegateKind.APPOINTED,
        acting_user=None,
    )
    audit_before = AuditEntry.objects.count()

    response = staff_client.post(
        url("import_confirm", congress), {"token": preview.context["token"]}
    )

    assert response.status_code == 409
    assert "chưa nhập ai" in response.context["file_error"]
    assert "Dòng 3, cột “Họ và tên”: Lê Thị Bình (sinh 12/11/1982) đã có trong danh sách" in (
        response.content.decode()
    )
    assert Delegate.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_a_tampered_or_foreign_preview_is_refused(staff_client, congress, world):
    token = upload(staff_client, congress, xlsx(GOOD)).context["token"]
    tampered = staff_client.post(url("import_confirm", congress), {"token": token[:-2] + "xx"})
    assert tampered.status_code == 400
    assert "tải tệp lên lại" in tampered.context["file_error"]
    other = create_congress(
        world.base_a, acting_user=None, term="2025-2030", kind=CongressKind.DELEGATES, convened=9
    )
    foreign = staff_client.post(url("import_confirm", other), {"token": token})
    assert "không thuộc đại hội này" in foreign.context["file_error"]
    assert not Delegate.objects.exists()


def test_the_template_downloads_and_the_page_documents_the_columns(staff_client, congress):
    response = staff_client.get(url("import_template", congress))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="mau-danh-sach-dai-bieu.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER

    page = staff_client.get(url("import", congress)).content.decode()
    for label in HEADER:
        assert f"<strong>{label}</strong>" in page
    assert url("import_template", congress) in page


def test_the_secretariat_may_import(client, congress):
    secretary = core_actions.create_user("thu_ky", None, acting_user=None)
    add_congress_staff(congress, secretary, role=StaffRole.SECRETARIAT, acting_user=None)
    client.force_login(secretary)
    assert client.get(url("import", congress)).status_code == 200
    preview = upload(client, congress, xlsx(GOOD))
    confirmed = client.post(url("import_confirm", congress), {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    assert Delegate.objects.count() == 3


@pytest.mark.parametrize("who", ["outsider", "staff_b", "viewer_a"])
def test_anyone_else_gets_404_and_writes_nothing(client, world, congress, who):
    audit_before = AuditEntry.objects.count()
    client.force_login(getattr(world, who))
    token = "x"
    assert client.get(url("import", congress)).status_code == 404
    assert upload(client, congress, xlsx(GOOD)).status_code == 404
    assert client.post(url("import_confirm", congress), {"token": token}).status_code == 404
    assert client.get(url("import_confirm", congress)).status_code == 404
    assert client.get(url("import_template", congress)).status_code == 404
    missing = reverse("delegates:import", args=[987_654_321])
    assert client.get(missing).status_code == 404
    assert nothing_written(audit_before)


def test_an_anonymous_visitor_is_sent_to_log_in(client, congress):
    response = client.get(url("import", congress))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_confirm_takes_only_post(staff_client, congress):
    assert staff_client.get(url("import_confirm", congress)).status_code == 405

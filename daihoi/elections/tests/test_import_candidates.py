"""Importing a candidate list from .xlsx: every bad row named before anything is written;
a good file written whole, in one audited action."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.core.models import AuditEntry
from daihoi.elections import actions, imports
from daihoi.elections.actions import ElectionActionError
from daihoi.elections.models import Candidate, CandidateSource, CandidateStatus, StaffRole
from daihoi.elections.testing import make_congress, make_team

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ/đơn vị", "Tái cử", "Nguồn"]
GOOD_ROWS = [
    ["Nguyễn Văn An", dt.datetime(1970, 3, 5), "Nam", "Kinh", "Bí thư Đảng ủy xã", "x", ""],
    ["Lê Thị Bình", "12/11/1982", "Nữ", "Tày", "Chủ tịch UBND xã", "", "Cấp ủy giới thiệu"],
    ["Trần Văn Cường", "01/01/1975", "nam", "Kinh", "", "", "Đại hội đề cử"],
    ["Phạm Thị Dung", "", "", "", "", "", "Tự ứng cử"],
]


def xlsx(rows, header=HEADER, name="danh-sach.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def election(world):
    congress = make_congress(world)
    return actions.create_election(congress, acting_user=None, body="executive", seats=9)


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff_a)
    return client


def upload(client, election, file):
    return client.post(reverse("elections:import", args=[election.pk]), {"file": file})


def test_the_preview_of_a_good_file_writes_nothing_and_the_confirmation_writes_every_row(
    staff_client, election
):
    preview = upload(staff_client, election, xlsx(GOOD_ROWS))
    assert preview.status_code == 200
    assert preview.context["report"].ok
    assert "Xác nhận nhập 4 người" in preview.content.decode()
    assert not Candidate.objects.exists()

    response = staff_client.post(
        reverse("elections:import_confirm", args=[election.pk]),
        {"token": preview.context["token"]},
    )

    assert response.status_code == 302
    an = Candidate.objects.get(given_name="An")
    assert an.birth_date == dt.date(1970, 3, 5) and an.is_incumbent
    assert an.position_title == "Bí thư Đảng ủy xã" and an.status == CandidateStatus.ON_LIST
    cuong = Candidate.objects.get(given_name="Cường")
    assert (cuong.gender, cuong.source, cuong.status) == ("male", "floor", "proposed")
    assert Candidate.objects.get(given_name="Dung").source == CandidateSource.SELF
    assert Candidate.objects.count() == 4
    entries = AuditEntry.objects.filter(action="candidate.import")
    assert entries.count() == 1
    assert "Nhập 4 người" in entries.get().summary


def test_every_bad_row_is_listed_with_its_number_and_nothing_is_written(staff_client, election):
    team = make_team()
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=None)
    actions.add_candidate(election, acting_user=None, full_name="Hoàng Văn Em")
    rows = [
        ["Nguyễn Văn An", "05/03/1970", "Nam", "Kinh", "", "", ""],  # 2: good
        ["", "05/03/1970", "Nam", "", "", "", ""],  # 3: no name
        ["Bình", "", "", "", "", "", ""],  # 4: one word
        ["Trần Văn Cường", "31/02/1975", "", "", "", "", ""],  # 5: no such date
        ["Phạm Thị Dung", "", "Không rõ", "", "", "", ""],  # 6: gender
        ["Vũ Thị Giang", "", "", "", "", "", "Bốc thăm"],  # 7: source
        ["Nguyễn Văn An", "05/03/1970", "", "", "", "", ""],  # 8: same as row 2
        ["Hoàng Văn Em", "", "", "", "", "", ""],  # 9: already on the list
        ["Đỗ Thị Kiểm", "", "Nữ", "", "", "", ""],  # 10: head of the counting committee
        ["Bùi Thị Hoa", "01/01/2030", "", "", "", "", ""],  # 11: born in the future
    ]
    response = upload(staff_client, election, xlsx(rows))

    report = response.context["report"]
    assert not report.ok
    assert [r.raw.row_number for r in report.error_rows] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    messages = report.messages()
    assert messages == [
        "Dòng 3: thiếu họ và tên.",
        "Dòng 4: “Bình”: họ và tên phải có ít nhất hai từ (họ và tên).",
        "Dòng 5: ngày sinh “31/02/1975” không hợp lệ: ghi theo dạng dd/mm/yyyy, trước hôm nay.",
        "Dòng 6: giới tính “Không rõ” không rõ: ghi “Nam” hoặc “Nữ”.",
        "Dòng 7: nguồn “Bốc thăm” không rõ: ghi “Cấp ủy giới thiệu”, “Đại hội đề cử” hoặc "
        "“Tự ứng cử” (để trống là cấp ủy giới thiệu).",
        "Dòng 8: “Nguyễn Văn An” trùng với dòng 2 của tệp.",
        "Dòng 9: “Hoàng Văn Em” đã có trong danh sách của cuộc bầu cử này.",
        "Dòng 10: đồng chí Đỗ Thị Kiểm là trưởng ban kiểm phiếu của cuộc bầu cử này nên không "
        "thể có tên trong danh sách bầu cử.",
        "Dòng 11: ngày sinh “01/01/2030” không hợp lệ: ghi theo dạng dd/mm/yyyy, trước hôm nay.",
    ]
    page = response.content.decode()
    assert "Dòng 10: đồng chí Đỗ Thị Kiểm" in page
    assert response.context["token"] == ""
    assert 'data-testid="import-confirm"' not in page
    assert Candidate.objects.count() == 1  # only the one added before


def test_namesakes_with_different_birth_dates_are_two_people(election):
    rows = [
        imports.RawCandidateRow(2, "Nguyễn Văn An", "05/03/1970"),
        imports.RawCandidateRow(3, "Nguyễn Văn An", "06/07/1980"),
        imports.RawCandidateRow(4, "nguyễn văn an", ""),
    ]
    report = imports.check_rows(election, rows)
    assert [r.raw.row_number for r in report.error_rows] == [4]
    assert report.error_rows[0].errors == ["“nguyễn văn an” trùng với dòng 2 của tệp."]


def test_the_action_checks_again_and_writes_nothing_when_the_list_changed(election):
    rows = [imports.RawCandidateRow(2, "Nguyễn Văn An"), imports.RawCandidateRow(3, "Lê Thị Bình")]
    assert imports.check_rows(election, rows).ok
    actions.add_candidate(election, acting_user=None, full_name="Lê Thị Bình")
    with pytest.raises(ElectionActionError) as refused:
        actions.import_candidates(election, rows, acting_user=None, file_name="a.xlsx")
    assert "Dòng 3: “Lê Thị Bình” đã có trong danh sách" in str(refused.value)
    assert list(Candidate.objects.values_list("given_name", flat=True)) == ["Bình"]
    assert not AuditEntry.objects.filter(action="candidate.import").exists()


def test_confirming_after_the_list_changed_shows_the_new_errors(staff_client, election):
    preview = upload(staff_client, election, xlsx(GOOD_ROWS))
    actions.add_candidate(election, acting_user=None, full_name="Lê Thị Bình")
    response = staff_client.post(
        reverse("elections:import_confirm", args=[election.pk]),
        {"token": preview.context["token"]},
    )
    assert response.status_code == 409
    assert "Chưa nhập ai vì tệp có lỗi" in response.context["file_error"]
    assert Candidate.objects.count() == 1


def test_a_tampered_or_foreign_preview_is_refused(staff_client, election, world):
    preview = upload(staff_client, election, xlsx(GOOD_ROWS))
    token = preview.context["token"]
    confirm = reverse("elections:import_confirm", args=[election.pk])
    tampered = staff_client.post(confirm, {"token": token[:-2] + "xx"})
    assert tampered.status_code == 400
    assert "tải tệp lên lại" in tampered.context["file_error"]
    other = actions.create_election(election.congress, acting_user=None, body="inspection", seats=5)
    foreign = staff_client.post(
        reverse("elections:import_confirm", args=[other.pk]), {"token": token}
    )
    assert "không thuộc cuộc bầu cử này" in foreign.context["file_error"]
    assert not Candidate.objects.exists()


def test_a_file_that_is_not_a_list_is_refused_as_a_whole(staff_client, election):
    not_xlsx = upload(staff_client, election, SimpleUploadedFile("ds.xls", b"\xd0\xcf\x11"))
    assert "không phải tệp Excel .xlsx" in not_xlsx.context["file_error"]
    damaged = upload(staff_client, election, SimpleUploadedFile("ds.xlsx", b"PK\x03\x04 hong"))
    assert "không phải tệp Excel .xlsx hợp lệ" in damaged.context["file_error"]
    no_name = upload(staff_client, election, xlsx([["x"]], header=["STT", "Ghi chú"]))
    assert "Thiếu cột “Họ và tên”" in no_name.context["file_error"]
    empty = upload(staff_client, election, xlsx([]))
    assert "không có dòng nào" in empty.context["file_error"]
    assert not Candidate.objects.exists()


def test_headers_are_matched_without_accents_and_unknown_columns_ignored(election):
    rows = imports._rows_from_table(
        [
            ["STT", "HO VA TEN", "ngay sinh", "Chức vụ, đơn vị công tác"],
            [1, "Nguyễn Văn An", "05/03/1970", "Bí thư"],
            [None, None, None, None],
        ],
        "a.xlsx",
    )
    assert rows == [
        imports.RawCandidateRow(2, "Nguyễn Văn An", "05/03/1970", position_title="Bí thư")
    ]


def test_the_template_file_reads_back_as_a_valid_list(staff_client, election):
    response = staff_client.get(reverse("elections:import_template", args=[election.pk]))
    rows = imports.read_rows(io.BytesIO(response.content), "mau.xlsx")
    assert imports.check_rows(election, rows).ok
    assert [r.full_name for r in rows] == ["Nguyễn Văn An", "Lê Thị Bình"]


def test_the_import_is_refused_once_the_list_is_confirmed(staff_client, election):
    for name in [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Trần Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Vũ Thị Giang",
        "Đặng Văn Hải",
        "Bùi Thị Hoa",
        "Đỗ Văn Khánh",
        "Ngô Văn Lâm",
    ]:
        actions.add_candidate(election, acting_user=None, full_name=name)
    preview = upload(staff_client, election, xlsx([["Lương Văn Nam"]], header=["Họ và tên"]))
    actions.confirm_list(election, acting_user=None)
    response = staff_client.post(
        reverse("elections:import_confirm", args=[election.pk]),
        {"token": preview.context["token"]},
    )
    assert response.context["file_error"] == "Danh sách bầu cử đã được chốt: không thể thay đổi."
    assert Candidate.objects.count() == 10

"""Reading import files (.xlsx, .csv) and checking them against the database."""

from __future__ import annotations

import io

import openpyxl
import pytest

from daihoi.organizations import imports
from daihoi.organizations.models import Organization
from daihoi.organizations.tests.import_files import (
    BAD_ROWS,
    EN_HEADERS,
    GOOD_ROWS,
    VI_HEADERS,
    csv_bytes,
    xlsx_bytes,
)


def read(data: bytes, name: str, **kwargs):
    return imports.read_rows(io.BytesIO(data), name, size=len(data), **kwargs)


def file_error(data: bytes, name: str) -> str:
    with pytest.raises(imports.ImportFileError) as caught:
        read(data, name)
    return " ".join(caught.value.messages)


# --- .xlsx ----------------------------------------------------------------------------------


def test_xlsx_rows_carry_the_row_number_excel_shows():
    rows = read(xlsx_bytes(GOOD_ROWS), "danh-sach.xlsx")
    assert [r.row_number for r in rows] == [2, 3, 4]
    assert rows[0].values == {
        "code": "A3-1",
        "name": "Chi bộ thôn Thượng",
        "level": "Chi bộ",
        "parent_code": "A3",
        "official_members": "21",
        "probationary_members": "1",
        "kind": "Địa phương",
        "form": "",
    }


def test_xlsx_numbers_stored_as_floats_and_numeric_codes_read_as_integers():
    rows = read(xlsx_bytes([[101, "Chi bộ Một", 5.0, "A1", 12.0, 0, None, None]]), "a.XLSX")
    assert rows[0].get("code") == "101"
    assert rows[0].get("level") == "5"
    assert rows[0].get("official_members") == "12"


def test_blank_rows_are_skipped_but_numbering_follows_excel():
    rows = read(xlsx_bytes([GOOD_ROWS[0], [None] * 8, GOOD_ROWS[1]]), "a.xlsx")
    assert [r.row_number for r in rows] == [2, 4]


def test_unknown_columns_such_as_stt_are_ignored_and_columns_may_come_in_any_order():
    headers = [
        "STT",
        "Mã cấp trên",
        "Tên tổ chức",
        "Mã",
        "Cấp",
        "Đảng viên dự bị",
        "Đảng viên chính thức",
    ]
    rows = read(xlsx_bytes([[1, "A1", "Chi bộ Bảy", "C7", "Chi bộ", 2, 30]], headers), "a.xlsx")
    assert rows[0].values["code"] == "C7"
    assert rows[0].values["parent_code"] == "A1"
    assert rows[0].values["official_members"] == "30"
    assert rows[0].get("kind") == ""


def test_only_the_first_sheet_is_read():
    workbook = openpyxl.Workbook()
    workbook.active.append(VI_HEADERS)
    workbook.active.append(GOOD_ROWS[1])
    workbook.create_sheet("Ghi chú").append(["bất kỳ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(read(buffer.getvalue(), "a.xlsx")) == 1


def test_a_damaged_xlsx_is_refused_as_unreadable():
    assert "không phải tệp Excel .xlsx hợp lệ" in file_error(b"PK\x03\x04 rubbish", "hong.xlsx")


# --- .csv -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_csv_utf8_with_or_without_bom(bom):
    rows = read(csv_bytes(GOOD_ROWS, bom=bom), "danh-sach.csv")
    assert [r.get("code") for r in rows] == ["A3-1", "A3", "A4"]
    assert rows[0].get("name") == "Chi bộ thôn Thượng"


def test_csv_with_semicolons_as_excel_vn_exports_it():
    rows = read(csv_bytes(GOOD_ROWS, delimiter=";", bom=True), "danh-sach.csv")
    assert rows[2].values["name"] == "Chi bộ Trường Mầm non An Lạc"
    assert rows[2].values["official_members"] == "12"


def test_csv_with_english_headers():
    rows = read(csv_bytes(GOOD_ROWS, EN_HEADERS), "orgs.csv")
    assert rows[1].get("parent_code") == "A"


def test_csv_with_a_comma_inside_a_quoted_name():
    data = csv_bytes([["C1", "Chi bộ Khu 1, 2", "Chi bộ", "A1", 3, 0, "", ""]])
    assert read(data, "a.csv")[0].get("name") == "Chi bộ Khu 1, 2"


def test_csv_not_in_utf8_is_refused_naming_the_encoding():
    data = "Mã,Tên tổ chức\r\nC1,Chi bộ\r\n".encode("utf-16")
    assert "UTF-8" in file_error(data, "a.csv")


# --- whole-file errors ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["danh-sach.xls", "danh-sach.ods", "danh-sach.txt", "khong-duoi"])
def test_files_other_than_xlsx_or_csv_are_refused(name):
    assert "không phải tệp Excel .xlsx hoặc .csv" in file_error(b"abc", name)


def test_a_file_larger_than_the_limit_is_refused(settings):
    settings.DAIHOI_IMPORT_MAX_BYTES = 100
    data = csv_bytes(GOOD_ROWS)
    assert len(data) > 100
    assert "quá lớn" in file_error(data, "a.csv")


def test_an_empty_file_is_refused():
    assert "trống" in file_error(b"", "a.csv")
    assert "trống" in file_error(xlsx_bytes([], headers=[]), "a.xlsx")


def test_a_file_with_only_the_header_has_no_data_rows():
    assert "không có dòng dữ liệu nào" in file_error(csv_bytes([]), "a.csv")


def test_missing_required_columns_are_all_named():
    message = file_error(csv_bytes([["C1", "Chi bộ"]], ["Mã", "Tên tổ chức"]), "a.csv")
    assert "Thiếu cột bắt buộc" in message
    for column in ("“Cấp”", "“Mã cấp trên”", "“Đảng viên chính thức”", "“Đảng viên dự bị”"):
        assert column in message


def test_a_column_given_twice_is_refused():
    headers = [*VI_HEADERS[:6], "code"]
    assert "xuất hiện hai lần" in file_error(csv_bytes([GOOD_ROWS[0][:7]], headers), "a.csv")


def test_too_many_rows_are_refused(settings):
    settings.DAIHOI_IMPORT_MAX_ROWS = 2
    assert "quá 2 dòng" in file_error(csv_bytes(GOOD_ROWS), "a.csv")


def test_reading_reports_progress_on_big_files(monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    rows = [[f"C{i}", f"Chi bộ {i}", "Chi bộ", "A1", 3, 0, "", ""] for i in range(5)]
    read(csv_bytes(rows), "a.csv", progress=seen.append)
    assert seen == [2, 4]


def test_rows_survive_the_round_trip_through_json():
    rows = read(xlsx_bytes(GOOD_ROWS + BAD_ROWS), "a.xlsx")
    assert imports.rows_from_json(imports.rows_to_json(rows)) == rows


# --- checking against the database ------------------------------------------------------------


def test_the_snapshot_marks_what_the_user_manages(world):
    snapshot = imports.existing_snapshot({"A", "A1", "B", "NOPE"}, world.staff_a)
    assert set(snapshot) == {"A", "A1", "B"}
    assert snapshot["A"].managed and snapshot["A1"].managed
    assert not snapshot["B"].managed
    assert snapshot["A1"].path == world.base_a.path


def test_the_snapshot_is_read_in_chunks_for_big_files(world, monkeypatch):
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 2)
    snapshot = imports.existing_snapshot({"A", "A1", "A1-1", "B", "B1"}, world.staff_a)
    assert set(snapshot) == {"A", "A1", "A1-1", "B", "B1"}
    assert [code for code, org in sorted(snapshot.items()) if org.managed] == ["A", "A1", "A1-1"]


def test_district_staff_cannot_import_under_another_district(world):
    rows = read(csv_bytes([["B9", "Đảng bộ xã Bảo Lâm", "Cơ sở", "B", 0, 0, "", ""]]), "a.csv")
    report = imports.check_rows(rows, world.staff_a)
    assert "không tìm thấy tổ chức cấp trên “B”" in report.errors[0].message
    assert imports.check_rows(rows, world.staff_b).ok


def test_the_command_line_acts_as_the_system_and_may_create_roots(world):
    rows = read(csv_bytes([["T2", "Đảng bộ tỉnh Hai", "Tỉnh", "", 0, 0, "", ""]]), "a.csv")
    assert imports.check_rows(rows, None).ok
    assert not imports.check_rows(rows, world.staff_p).ok
    assert imports.check_rows(rows, world.admin).ok


def test_commit_writes_every_row_with_parents_and_paths(world):
    rows = read(xlsx_bytes(GOOD_ROWS), "a.xlsx")
    outcome = imports.commit_rows(rows, world.staff_a, "a.xlsx")
    assert outcome.created == 3
    cell = Organization.objects.get(code="A3-1")
    assert cell.parent.code == "A3"
    assert cell.path.startswith(world.district_a.path)
    assert Organization.objects.get(code="A4").form == "chi_bo"


def test_commit_writes_nothing_when_any_row_is_bad(world):
    before = Organization.objects.count()
    outcome = imports.commit_rows(read(xlsx_bytes(GOOD_ROWS + BAD_ROWS), "a.xlsx"), None, "a")
    assert outcome.created == 0 and not outcome.report.ok
    assert Organization.objects.count() == before


def test_the_template_has_the_vietnamese_headers_and_two_rows_that_import_cleanly(world):
    data = imports.template_workbook(world.district_a)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == VI_HEADERS
    assert sheet.max_row == 3
    rows = read(data, "mau.xlsx")
    assert imports.check_rows(rows, world.staff_a).ok

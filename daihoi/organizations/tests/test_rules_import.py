"""Validation of import rows (rules.validate_import): pure, no database."""

from __future__ import annotations

import unicodedata

import pytest

from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind
from daihoi.organizations.rules import (
    HEADER_TO_FIELD,
    ExistingOrganization,
    RawRow,
    label_key,
    parse_count,
    parse_level,
    referenced_codes,
    validate_import,
)

# The database as the importing district staff sees it: district A (managed), its base
# organization A1 (a đảng bộ cơ sở), A2 (a chi bộ cơ sở), and district B (not managed).
EXISTING = {
    "A": ExistingOrganization("A", Level.UPPER_BASE, OrganizationForm.DANG_BO, "00000a", True),
    "A1": ExistingOrganization("A1", Level.BASE, OrganizationForm.DANG_BO, "00000a00000b", True),
    "A2": ExistingOrganization("A2", Level.BASE, OrganizationForm.CHI_BO, "00000a00000c", True),
    "B": ExistingOrganization("B", Level.UPPER_BASE, OrganizationForm.DANG_BO, "00000d", False),
}


def row(number, code="X", name="Tên", level="5", parent="A1", official="10", prob="0", **extra):
    values = {
        "code": code,
        "name": name,
        "level": level,
        "parent_code": parent,
        "official_members": official,
        "probationary_members": prob,
        **extra,
    }
    return RawRow(number, values)


def check(*rows, superuser=False):
    return validate_import(list(rows), EXISTING, may_create_roots=superuser)


def errors_of(report):
    """{row number: [messages]} for the rows with errors."""
    return {r.row_number: [e.message for e in r.errors] for r in report.rows if r.errors}


def single_error(report, row_number):
    messages = errors_of(report)[row_number]
    assert len(messages) == 1, messages
    return messages[0]


# --- a good file -----------------------------------------------------------------------------


def test_a_good_file_is_ordered_parents_before_children_even_if_listed_children_first():
    report = check(
        row(2, "C2", "Chi bộ thôn Hai", "Chi bộ", parent="N1"),
        row(3, "S1", "Đảng bộ bộ phận Khu Một", "Đảng bộ bộ phận", parent="N1", official="0"),
        row(4, "C1", "Chi bộ Khu Một", "5", parent="S1"),
        row(5, "N1", "Đảng bộ xã Mới", "Cơ sở", parent="A", official="0"),
    )
    assert report.ok
    order = [r.code for r in report.ordered]
    assert sorted(order) == ["C1", "C2", "N1", "S1"]
    for child, parent in [("C2", "N1"), ("S1", "N1"), ("C1", "S1")]:
        assert order.index(parent) < order.index(child)


def test_good_rows_keep_their_values_and_defaults():
    report = check(row(2, "C9", "Chi bộ Chín", "Chi bộ", official="1.234", prob=""))
    (checked,) = report.ordered
    assert checked.level == Level.CELL
    assert checked.form == OrganizationForm.CHI_BO
    assert checked.kind == OrganizationKind.TERRITORIAL
    assert (checked.official_members, checked.probationary_members) == (1234, 0)


def test_names_and_codes_are_stored_nfc_with_spaces_collapsed():
    decomposed = unicodedata.normalize("NFD", "Chi bộ  thôn Đông")
    report = check(row(2, " C1 ", decomposed))
    (checked,) = report.ordered
    assert checked.name == unicodedata.normalize("NFC", "Chi bộ thôn Đông")
    assert checked.code == "C1"


# --- every error kind, with its row number and column ------------------------------------------


def test_unknown_parent_is_reported_with_row_number_and_column():
    report = check(row(2, "C1"), row(3, "C2", parent="KHONG-CO"))
    assert not report.ok and report.ordered == []
    message = single_error(report, 3)
    assert "Mã cấp trên" in message and "không tìm thấy tổ chức cấp trên “KHONG-CO”" in message
    assert 2 not in errors_of(report)


def test_a_parent_outside_the_users_scope_reads_exactly_like_a_missing_one():
    outside = single_error(check(row(2, "B9", level="Cơ sở", parent="B")), 2)
    missing = single_error(check(row(2, "B9", level="Cơ sở", parent="ZZ")), 2)
    assert outside == missing.replace("ZZ", "B")


def test_a_root_row_is_refused_to_a_non_superuser_as_parent_not_found():
    message = single_error(check(row(2, "R", level="Tỉnh", parent="")), 2)
    assert "Mã cấp trên" in message and "không tìm thấy tổ chức cấp trên" in message


def test_a_superuser_may_import_a_whole_new_tree_with_its_root():
    report = check(
        row(2, "T1", "Đảng bộ tỉnh Mới", "Tỉnh", parent="", official="0"),
        row(3, "H1", "Đảng bộ xã Mới", "Cấp trên cơ sở", parent="T1", official="0"),
        superuser=True,
    )
    assert report.ok
    assert [r.code for r in report.ordered] == ["T1", "H1"]


def test_duplicate_code_within_the_file_names_the_first_row():
    report = check(row(2, "C1"), row(3, "C2"), row(4, "C1"))
    message = single_error(report, 4)
    assert "Mã" in message and "trùng với dòng 2" in message
    assert set(errors_of(report)) == {4}


def test_duplicate_code_against_the_database():
    message = single_error(check(row(2, "A1", level="Cơ sở", parent="A")), 2)
    assert message.startswith("Cột “Mã”") and "đã có trong hệ thống" in message


def test_a_cycle_is_reported_on_every_row_of_the_loop_with_its_rows():
    report = check(
        row(2, "X1", level="Cơ sở", parent="X3"),
        row(3, "X2", level="Cơ sở", parent="X1"),
        row(4, "X3", level="Cơ sở", parent="X2"),
        row(5, "OK", level="Chi bộ", parent="A1"),
    )
    errors = errors_of(report)
    assert set(errors) == {2, 3, 4}
    for number in (2, 3, 4):
        assert any("vòng lặp" in m and "các dòng 2, 3, 4" in m for m in errors[number])
    assert report.ordered == []


def test_rows_below_a_cycle_are_reported_too():
    report = check(
        row(2, "X1", level="Cơ sở", parent="X2"),
        row(3, "X2", level="Cơ sở", parent="X1"),
        row(4, "Y1", level="Chi bộ", parent="X1"),
    )
    assert "dẫn vào một vòng lặp" in single_error(report, 4)


def test_a_row_naming_itself_as_its_parent_is_a_cycle():
    message = single_error(check(row(2, "S", parent="S")), 2)
    assert "Mã cấp trên" in message and "vòng lặp" in message


def test_bad_level_under_its_parent_in_the_database():
    message = single_error(check(row(2, "C1", level="Chi bộ", parent="A")), 2)
    assert message.startswith("Cột “Cấp”")
    assert "không thể trực thuộc “A”" in message


def test_bad_level_under_a_parent_row_of_the_same_file():
    report = check(
        row(2, "N1", level="Cấp trên cơ sở", parent="", official="0"),
        row(3, "N2", level="Cấp trên cơ sở", parent="N1", official="0"),
        superuser=True,
    )
    assert "không thể trực thuộc “N1”" in single_error(report, 3)


def test_nothing_may_stand_under_a_chi_bo_co_so():
    in_database = single_error(check(row(2, "C1", level="Chi bộ", parent="A2")), 2)
    assert "chi bộ cơ sở" in in_database
    in_file = check(
        row(2, "N1", level="Chi bộ cơ sở", parent="A"),
        row(3, "N2", level="Chi bộ", parent="N1"),
    )
    assert "chi bộ cơ sở" in single_error(in_file, 3)


@pytest.mark.parametrize(
    ("official", "prob", "column", "text"),
    [
        ("-3", "0", "Đảng viên chính thức", "số âm"),
        ("0", "-1", "Đảng viên dự bị", "số âm"),
        ("12,5", "0", "Đảng viên chính thức", "không phải số nguyên"),
        ("12.5", "0", "Đảng viên chính thức", "không phải số nguyên"),
        ("0", "mười", "Đảng viên dự bị", "không phải số nguyên"),
    ],
)
def test_negative_or_non_integer_counts(official, prob, column, text):
    message = single_error(check(row(2, "C1", official=official, prob=prob)), 2)
    assert message.startswith(f"Cột “{column}”") and text in message


def test_empty_name_and_empty_code():
    report = check(row(2, "C1", name="  "), row(3, "", name="Chi bộ Không Mã"))
    assert single_error(report, 2) == "Cột “Tên tổ chức”: không được để trống."
    assert single_error(report, 3) == "Cột “Mã”: không được để trống."


def test_too_long_code_and_name():
    report = check(row(2, "C" * 41), row(3, "C3", name="N" * 256))
    assert "40 ký tự" in single_error(report, 2)
    assert "255 ký tự" in single_error(report, 3)


def test_unknown_level_kind_and_form():
    report = check(
        row(2, "C1", level="Cấp xã hội"),
        row(3, "C2", kind="Hợp tác xã"),
        row(4, "C3", form="Tổ đảng"),
        row(5, "C4", level=""),
    )
    assert single_error(report, 2).startswith("Cột “Cấp”: không rõ cấp “Cấp xã hội”")
    assert single_error(report, 3).startswith("Cột “Loại hình”: không rõ loại hình")
    assert single_error(report, 4).startswith("Cột “Hình thức”: không rõ hình thức")
    assert single_error(report, 5) == "Cột “Cấp”: không được để trống."


def test_form_must_agree_with_the_level():
    report = check(
        row(2, "C1", level="Chi bộ", form="Đảng bộ"),
        row(3, "N1", level="Cấp trên cơ sở", parent="", form="Chi bộ"),
        row(4, "N2", level="Chi bộ cơ sở", parent="A", form="Đảng bộ"),
        superuser=True,
    )
    assert single_error(report, 2).startswith("Cột “Hình thức”")
    assert single_error(report, 3).startswith("Cột “Hình thức”")
    assert single_error(report, 4).startswith("Cột “Hình thức”")


def test_every_error_of_every_row_is_reported():
    report = check(
        row(2, "", name="", level="?", official="-1", prob="x", parent="NOPE"),
        row(3, "C3"),
        row(5, "C5", kind="???"),
    )
    columns = sorted(m.split("”")[0] for m in errors_of(report)[2])
    assert columns == sorted(
        [
            "Cột “Mã",
            "Cột “Tên tổ chức",
            "Cột “Cấp",
            "Cột “Đảng viên chính thức",
            "Cột “Đảng viên dự bị",
            "Cột “Mã cấp trên",
        ]
    )
    assert set(errors_of(report)) == {2, 5}
    assert (report.good_rows, report.bad_rows, len(report.errors)) == (1, 2, 7)


# --- reading values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", (Level.CENTRAL, None)),
        ("5", (Level.CELL, None)),
        ("3.0", (Level.BASE, None)),
        ("CELL", (Level.CELL, OrganizationForm.CHI_BO)),
        ("upper_base", (Level.UPPER_BASE, None)),
        ("Sub-base", (Level.SUB_BASE, None)),
        ("Trung ương", (Level.CENTRAL, None)),
        ("TỈNH", (Level.PROVINCIAL, None)),
        ("Cấp trên cơ sở", (Level.UPPER_BASE, None)),
        ("cap tren co so", (Level.UPPER_BASE, None)),
        ("Cơ sở", (Level.BASE, None)),
        ("Đảng bộ cơ sở", (Level.BASE, OrganizationForm.DANG_BO)),
        ("Chi bộ cơ sở", (Level.BASE, OrganizationForm.CHI_BO)),
        ("Đảng bộ bộ phận", (Level.SUB_BASE, OrganizationForm.DANG_BO)),
        ("ĐBBP", (Level.SUB_BASE, OrganizationForm.DANG_BO)),
        ("Chi bộ", (Level.CELL, OrganizationForm.CHI_BO)),
        ("Chi bộ trực thuộc", (Level.CELL, OrganizationForm.CHI_BO)),
        ("Tổ chức cơ sở đảng", (Level.BASE, None)),
        ("Đảng bộ tỉnh, thành phố trực thuộc Trung ương", (Level.PROVINCIAL, None)),
    ],
)
def test_level_is_read_from_numbers_code_names_and_vietnamese_labels(text, expected):
    assert parse_level(text) == expected


@pytest.mark.parametrize("text", ["6", "-1", "Cấp xã hội", "chi", ""])
def test_unknown_level_texts(text):
    assert parse_level(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("7", 7), ("12.0", 12), ("1.234", 1234), ("1 234", 1234), ("-2", -2), ("1,5", None)],
)
def test_counts(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Mã", "code"),
        ("MÃ", "code"),
        ("ma", "code"),
        ("Code", "code"),
        ("Tên tổ chức", "name"),
        ("name", "name"),
        ("Cấp", "level"),
        ("LEVEL", "level"),
        ("Mã cấp trên", "parent_code"),
        ("ma_cap_tren", "parent_code"),
        ("parent_code", "parent_code"),
        ("Parent code", "parent_code"),
        ("Đảng viên chính thức", "official_members"),
        ("Số đảng viên chính thức", "official_members"),
        ("official_members", "official_members"),
        ("Đảng viên dự bị", "probationary_members"),
        ("probationary_members", "probationary_members"),
        ("Loại hình", "kind"),
        ("kind", "kind"),
        ("Hình thức", "form"),
        ("FORM", "form"),
    ],
)
def test_header_variants_in_vietnamese_and_english_any_case_or_accents(header, field):
    assert HEADER_TO_FIELD[label_key(header)] == field


def test_kind_is_read_from_its_vietnamese_label_or_code_name():
    report = check(
        row(2, "C1", kind="Công an"),
        row(3, "C2", kind="enterprise"),
        row(4, "C3", kind="Đơn vị sự nghiệp"),
    )
    assert [r.kind for r in report.ordered] == ["police", "enterprise", "public_service"]


def test_referenced_codes_are_the_rows_codes_and_parent_codes():
    assert referenced_codes([row(2, "C1", parent="A1"), row(3, " C2 ", parent="")]) == {
        "C1",
        "C2",
        "A1",
    }

"""Reading and checking a roster .xlsx (delegates.imports): every bad row named by its row and
column before anything is written; a whole file refused for what is wrong with the whole file;
the rows of a good file are what actions.roster.import_delegates takes."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.models import AuditEntry
from daihoi.delegates import imports
from daihoi.delegates.actions.roster import PersonData, add_delegate, import_delegates
from daihoi.delegates.models import Delegate, DelegateKind, SeatStatus

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)
HEADER = list(imports.COLUMNS.values())


def congress_of(org, kind: str = CongressKind.DELEGATES) -> Congress:
    return create_congress(
        org,
        acting_user=None,
        term="2025-2030",
        kind=kind,
        convened=40,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
    )


@pytest.fixture
def congress(world) -> Congress:
    return congress_of(world.district_a)


def row(**values: object) -> list[object]:
    """A line of the template: STT first, every column in the template's order."""
    return [values.get(name, "") for name in imports.COLUMNS]


def workbook(rows, header=HEADER, *, formulas: dict[str, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    for ref, text in (formulas or {}).items():
        sheet[ref] = text  # openpyxl stores a value starting with "=" as a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(congress, data: bytes, name: str = "dai-bieu.xlsx"):
    return imports.read_rows(congress, io.BytesIO(data), name, size=len(data))


def checked(congress, rows, **kwargs):
    return imports.check_rows(congress, read(congress, workbook(rows, **kwargs)), today=TODAY)


GOOD = [
    row(
        number=1,
        full_name="Nguyễn Văn An",
        birth_date=dt.datetime(1970, 3, 5),
        gender="Nam",
        ethnicity="Kinh",
        religion="Không",
        education="Thạc sĩ Kinh tế",
        theory_level="Cao cấp",
        party_joined_year=1995,
        position_title="Bí thư Huyện ủy",
        kind="Đương nhiên",
    ),
    row(
        number=2,
        full_name="Lê Thị Bình",
        birth_date="12/11/1982",
        gender="nữ",
        party_joined_year="2008",
        unit_code="A1",
        kind="Được bầu",
    ),
    row(number=3, full_name="Trần Văn Cường", unit_code="A2", kind="du khuyet", alternate_rank=1),
    row(
        number=4,
        full_name="Phạm Thị Dung",
        unit_code="A1-1",
        delegation="Đoàn khối xã",
        kind="Được chỉ định",
    ),
]


def test_a_good_file_gives_the_rows_import_delegates_takes(world, congress):
    report = checked(congress, GOOD)

    assert report.ok, report.messages()
    rows = report.import_rows()
    an, an_kind, an_unit, an_delegation, an_rank = rows[0]
    assert an == PersonData(
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1970, 3, 5),
        gender="male",
        ethnicity="Kinh",
        religion="Không",
        education="Thạc sĩ Kinh tế",
        theory_level="Cao cấp",
        party_joined_year=1995,
        position_title="Bí thư Huyện ủy",
        organization_id=world.district_a.pk,
    )
    # An ex-officio delegate without a unit belongs to the congress's own committee.
    assert (an_kind, an_unit, an_delegation, an_rank) == (
        DelegateKind.EX_OFFICIO,
        world.district_a,
        "",
        None,
    )
    assert rows[1][0].birth_date == dt.date(1982, 11, 12) and rows[1][0].gender == "female"
    assert rows[1][1:] == (DelegateKind.ELECTED, world.base_a, "", None)
    assert rows[2][1:] == (DelegateKind.ALTERNATE, report.rows[2].unit, "", 1)
    assert rows[3][1:] == (DelegateKind.APPOINTED, world.cell_a, "Đoàn khối xã", None)
    assert report.rows[1].delegation_name == world.base_a.name  # the default delegation

    created = import_delegates(congress, rows, acting_user=world.staff_a, file_name="a.xlsx")

    assert [d.person.full_name for d in created] == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Trần Văn Cường",
        "Phạm Thị Dung",
    ]
    assert created[2].status == SeatStatus.WAITING and created[2].alternate_rank == 1
    assert created[1].delegation.name == world.base_a.name
    assert AuditEntry.objects.filter(action="delegate.import").count() == 1


def test_every_bad_row_is_named_by_its_row_and_column(world, congress):
    add_delegate(
        congress,
        PersonData("Hoàng Văn Em", birth_date=dt.date(1980, 1, 1)),
        kind=DelegateKind.APPOINTED,
        acting_user=None,
    )
    rows = [
        row(full_name="Nguyễn Văn An", birth_date="05/03/1970", kind="Được bầu"),  # 2: good
        row(full_name="", birth_date="05/03/1970", kind="Được bầu"),  # 3
        row(full_name="Lê Thị Bình", birth_date="31/02/1975", kind="Được bầu"),  # 4
        row(full_name="Trần Văn Cường", gender="Không rõ", kind="Bốc thăm"),  # 5
        row(full_name="Phạm Thị Dung", unit_code="ZZ", kind="Được bầu"),  # 6: unknown
        row(full_name="Vũ Thị Giang", unit_code="B1", kind="Được bầu"),  # 7: other district
        row(full_name="nguyễn  văn an", birth_date="05/03/1970", kind="Đương nhiên"),  # 8
        row(full_name="Hoàng Văn Em", birth_date="01/01/1980", kind="Đương nhiên"),  # 9
        row(  # 10: joined at 15
            full_name="Đỗ Văn Hùng", birth_date="01/01/1990", party_joined_year=2005, kind="Bầu"
        ),
        row(full_name="Bùi Thị Khánh", party_joined_year=2030, kind="Được bầu"),  # 11
        row(full_name="Mai Văn Long", party_joined_year="95", kind="Được bầu"),  # 12
        row(full_name="Ngô Thị Mai", unit_code="A1", kind="Dự khuyết"),  # 13: no rank
        row(full_name="Đinh Văn Nam", kind="Dự khuyết", alternate_rank="0"),  # 14
        row(full_name="Lý Thị Oanh", kind="Được bầu", alternate_rank=2),  # 15
        row(full_name="Quang", kind="Được bầu"),  # 16: one word
        row(full_name="Tạ Văn Phúc", kind="Đảng viên"),  # 17: not at a delegates' congress
        row(full_name="Chu Thị Quế", kind=""),  # 18
    ]
    report = checked(congress, rows)

    assert not report.ok
    assert [r.raw.row_number for r in report.error_rows] == list(range(3, 19))
    assert report.messages() == [
        "Dòng 3, cột “Họ và tên”: thiếu họ và tên.",
        "Dòng 4, cột “Ngày sinh”: “31/02/1975” không phải ngày sinh hợp lệ: ghi theo dạng "
        "dd/mm/yyyy, trước hôm nay.",
        "Dòng 5, cột “Giới tính”: “Không rõ” không rõ: ghi “Nam” hoặc “Nữ”.",
        "Dòng 5, cột “Loại đại biểu”: “Bốc thăm” không rõ: ghi “Đương nhiên”, “Được bầu”, "
        "“Được chỉ định” hoặc “Dự khuyết”.",
        "Dòng 6, cột “Mã đơn vị”: không có đơn vị mã “ZZ” trong Đảng bộ huyện An Lạc.",
        "Dòng 7, cột “Mã đơn vị”: không có đơn vị mã “B1” trong Đảng bộ huyện An Lạc.",
        "Dòng 8, cột “Họ và tên”: nguyễn văn an (sinh 05/03/1970) trùng với dòng 2 của tệp.",
        "Dòng 9, cột “Họ và tên”: Hoàng Văn Em (sinh 01/01/1980) đã có trong danh sách đại "
        "biểu của đại hội.",
        "Dòng 10, cột “Năm vào Đảng”: năm 2005 không thể được: người sinh năm 1990 đủ 18 tuổi "
        "từ năm 2008.",
        "Dòng 11, cột “Năm vào Đảng”: năm 2030 không hợp lệ: từ 1930 đến năm nay (2025).",
        "Dòng 12, cột “Năm vào Đảng”: “95” không phải một năm: ghi bốn chữ số, ví dụ 1998.",
        "Dòng 13, cột “Thứ tự dự khuyết”: đại biểu dự khuyết phải có thứ tự dự khuyết (1, 2, 3…).",
        "Dòng 14, cột “Thứ tự dự khuyết”: “0” không phải số thứ tự: ghi một số nguyên dương "
        "(1, 2, 3…).",
        "Dòng 15, cột “Thứ tự dự khuyết”: chỉ ghi thứ tự cho đại biểu dự khuyết.",
        "Dòng 16, cột “Họ và tên”: “Quang”: họ và tên phải có ít nhất hai từ (họ và tên).",
        "Dòng 17, cột “Loại đại biểu”: đại hội đại biểu không có loại “Đảng viên”: ghi "
        "“Đương nhiên”, “Được bầu”, “Được chỉ định” hoặc “Dự khuyết”.",
        "Dòng 18, cột “Loại đại biểu”: thiếu loại đại biểu: ghi “Đương nhiên”, “Được bầu”, "
        "“Được chỉ định” hoặc “Dự khuyết”.",
    ]
    assert report.error_rows[0].bad_fields == {"full_name"}


def test_a_formula_is_refused_wherever_it_stands_in_an_imported_column(congress):
    rows = [
        row(number=1, full_name="Nguyễn Văn An", kind="Được bầu"),
        row(number=2, full_name="Lê Thị Bình", kind="Được bầu"),
        row(number=3, full_name="Trần Văn Cường", kind="Được bầu", position_title="-Bí thư"),
        row(number=4, full_name="@Phạm Thị Dung", kind="Được bầu", religion="-"),
        row(number=5, full_name="Vũ Văn Em", kind="Dự khuyết", alternate_rank="+1"),
    ]
    # B2: a real formula cell; A3: the STT column (never read) may hold one.
    report = checked(
        congress, rows, formulas={"B2": '=CONCAT("Nguyễn ","Văn An")', "A3": "=ROW()-1"}
    )

    formula = "ô có công thức; hãy thay bằng giá trị (Sao chép → Dán đặc biệt → Giá trị)."
    assert report.messages() == [
        f"Dòng 2, cột “Họ và tên”: {formula}",
        f"Dòng 5, cột “Họ và tên”: {formula}",
        f"Dòng 6, cột “Thứ tự dự khuyết”: {formula}",
    ]
    assert report.rows[0].raw.formulas == ("full_name",)
    assert [r.raw.row_number for r in report.error_rows] == [2, 5, 6]


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=1+2", True),
        ("+84 912", True),
        ("@SUM(A1)", True),
        ("-1+2", True),
        ("-SUM(A1:A3)", True),
        ("-", False),
        ("- Bí thư", False),
        ("-Bí thư chi bộ", False),
        ("Nguyễn Văn An", False),
        ("", False),
    ],
)
def test_what_reads_as_a_formula(text, formula):
    assert imports.looks_like_formula(text) is formula


def test_a_general_congress_takes_members_only(world):
    congress = congress_of(world.base_a, CongressKind.GENERAL)
    header = [h for h in HEADER if h != "Loại đại biểu"]
    ok = checked(congress, [["1", "Nguyễn Văn An"], ["2", "Lê Thị Bình"]], header=header)
    assert ok.ok
    assert [r[1] for r in ok.import_rows()] == [DelegateKind.MEMBER] * 2
    assert ok.import_rows()[0][2] is None  # no unit: the person belongs to the congress's org
    assert ok.import_rows()[0][0].organization_id == world.base_a.pk

    bad = checked(
        congress,
        [
            row(full_name="Nguyễn Văn An", kind="Đảng viên"),
            row(full_name="Lê Thị Bình", kind="Được bầu"),
        ],
    )
    assert bad.messages() == [
        "Dòng 3, cột “Loại đại biểu”: đại hội toàn thể đảng viên chỉ có loại “Đảng viên” "
        "(hoặc để trống)."
    ]


def test_text_is_nfc_and_headers_match_without_accents(congress):
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   Ất")
    rows = imports._rows_from_table(
        [
            [("STT", False), ("HO VA TEN", False), ("loai dai bieu", False), ("Ghi chú", False)],
            [(1, False), (decomposed, False), ("Được bầu", False), ("bỏ qua", False)],
            [(None, False), (None, False), (None, False), (None, False)],
            [(3, False), (None, False), (None, False), (None, False)],  # STT only: blank
        ],
        "a.xlsx",
        required=("full_name", "kind"),
    )
    assert rows == [imports.RawDelegateRow(2, full_name="Nguyễn Văn Ất", kind="Được bầu")]
    assert unicodedata.is_normalized("NFC", rows[0].full_name)
    person = imports.check_rows(congress, rows, today=TODAY).import_rows()[0][0]
    assert person.full_name == "Nguyễn Văn Ất"


def test_text_longer_than_its_column_is_refused(congress):
    report = checked(
        congress,
        [row(full_name="Nguyễn Văn An", kind="Được bầu", ethnicity="K" * 51, delegation="Đ" * 256)],
    )
    assert report.messages() == [
        "Dòng 2, cột “Dân tộc”: dài quá 50 ký tự.",
        "Dòng 2, cột “Đoàn”: dài quá 255 ký tự.",
    ]


# --- The whole file ---------------------------------------------------------------------------


def refused(congress, data: bytes, name: str = "dai-bieu.xlsx", size: int | None = None) -> str:
    with pytest.raises(imports.RosterFileError) as error:
        imports.read_rows(
            congress, io.BytesIO(data), name, size=len(data) if size is None else size
        )
    return str(error.value)


def test_a_file_that_is_not_a_roster_is_refused_as_a_whole(congress):
    assert "không phải tệp Excel .xlsx" in refused(congress, b"a,b\n", "dai-bieu.csv")
    assert "không phải tệp Excel .xlsx hợp lệ" in refused(congress, b"PK\x03\x04 hong")
    assert "quá lớn (tối đa 5 MB)" in refused(congress, b"", size=5 * 1024 * 1024 + 1)
    missing = refused(congress, workbook([["1", "Nguyễn Văn An"]], header=["STT", "Họ và tên"]))
    assert missing.startswith("Thiếu cột bắt buộc: “Loại đại biểu”. Dòng 1 phải là dòng tiêu đề")
    no_name = refused(congress, workbook([["x"]], header=["STT", "Ho ten dai bieu"]))
    assert "“Họ và tên”, “Loại đại biểu”" in no_name
    assert "không có dòng nào" in refused(congress, workbook([]))
    assert "trống" in refused(congress, workbook([], header=[]))


def test_sizes_are_bounded_before_and_while_reading(congress, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 3)
    many = [row(full_name=f"Nguyễn Văn {c}", kind="Được bầu") for c in "ABCD"]
    assert "có hơn 3 người" in refused(congress, workbook(many))
    assert read(congress, workbook(many[:3]))  # exactly the bound is fine

    monkeypatch.setattr(imports.reading, "MAX_LINES", 5)
    blank_below = workbook([*many[:2], *[[None] * 14] * 3, ["", "x"], ["", "y"]])
    assert "kể cả dòng trống" in refused(congress, blank_below)

    # A small zip that claims to unpack to more than the bound is refused before openpyxl.
    monkeypatch.setattr(imports.reading, "MAX_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", " " * 5000)
    assert "quá lớn khi giải nén" in refused(congress, buffer.getvalue())


def test_the_preview_travels_signed_to_its_own_congress_only(world, congress):
    rows = read(congress, workbook(GOOD))
    token = imports.sign_rows(congress, rows, "dai-bieu.xlsx")
    assert imports.unsign_rows(congress, token) == (rows, "dai-bieu.xlsx")
    with pytest.raises(imports.RosterFileError, match="hết hạn hoặc bị thay đổi"):
        imports.unsign_rows(congress, token[:-2] + "xx")
    other = congress_of(world.base_a)
    with pytest.raises(imports.RosterFileError, match="không thuộc đại hội này"):
        imports.unsign_rows(other, token)


@pytest.mark.parametrize("kind", [CongressKind.DELEGATES, CongressKind.GENERAL])
def test_the_template_reads_back_as_a_valid_roster(world, kind):
    congress = congress_of(world.district_a, kind)
    data = imports.template_workbook(congress)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    assert book.sheetnames[1] == "Hướng dẫn"

    report = imports.check_rows(congress, read(congress, data))

    assert report.ok, report.messages()
    kinds = [r[1] for r in report.import_rows()]
    if kind == CongressKind.GENERAL:
        assert kinds == [DelegateKind.MEMBER] * 2
    else:
        assert kinds == [DelegateKind.EX_OFFICIO, DelegateKind.ELECTED, DelegateKind.ALTERNATE]
    assert not Delegate.objects.exists()

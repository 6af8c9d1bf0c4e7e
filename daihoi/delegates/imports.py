"""Importing a congress's roster from the .xlsx the secretariat keeps (issue 9).

The same three steps as the candidate list's import (elections.imports):
1. `read_rows` reads the first sheet into RawDelegateRows (text, with the row number the user
   sees in Excel, and which cells held a formula); a problem with the whole file (not .xlsx,
   too large before or after unpacking, too many rows, damaged, a required column missing)
   raises RosterFileError. Sizes are bounded before openpyxl parses anything.
2. `check_rows` checks every row on its own and against the other rows, the congress's
   organization subtree (the unit codes) and its roster as it is now: every problem names the
   row and the column, in the user's language.
3. actions.roster.import_delegates writes all rows or none, with one audit entry.
The rows travel from the preview to the confirmation signed (django.core.signing), so the
confirmation writes exactly what was previewed, checked again; nothing is stored in between.

A formula is refused wherever it stands in a column that is imported ("ô có công thức"):
what Excel shows is not what the file keeps, and a text beginning like a formula (=, +, @,
-x) would become one again in the next export. The "STT" column is never read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.core import signing
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.text import fold, nfc
from daihoi.delegates.actions.roster import PersonData, split_full_name
from daihoi.delegates.models import Delegate, DelegateKind
from daihoi.organizations.imports import cell_text as plain_cell_text
from daihoi.organizations.models import Gender, Organization
from daihoi.organizations.queries import subtree

MAX_BYTES = 5 * 1024 * 1024
#: What the .xlsx (a zip) may unpack to: a small file that inflates to gigabytes is refused
#: before openpyxl reads it.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 5000
#: Lines read at most, blank ones included (a sheet formatted far below its data).
MAX_LINES = 4 * MAX_ROWS
MAX_COLUMNS = 40
SIGNING_SALT = "daihoi.delegates.import-roster"
PARTY_FOUNDED = 1930
CODE_CHUNK = 500  # codes per IN (...) query

#: Field → the header of the template, in its order. Headers are matched without accents
#: and case ("Ho va ten" works too); unknown columns are ignored, and "STT" is never read.
COLUMNS = {
    "number": "STT",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "education": "Trình độ chuyên môn",
    "theory_level": "Lý luận chính trị",
    "party_joined_year": "Năm vào Đảng",
    "position_title": "Chức vụ, đơn vị công tác",
    "unit_code": "Mã đơn vị",
    "delegation": "Đoàn",
    "kind": "Loại đại biểu",
    "alternate_rank": "Thứ tự dự khuyết",
}
#: The fields read from a row (everything but STT).
FIELDS = tuple(name for name in COLUMNS if name != "number")
HEADER_ALIASES = {
    **{fold(label): name for name, label in COLUMNS.items()},
    "so thu tu": "number",
    "tt": "number",
    "ho ten": "full_name",
    "ngay thang nam sinh": "birth_date",
    "ngay, thang, nam sinh": "birth_date",
    "chuyen mon": "education",
    "trinh do chuyen mon, nghiep vu": "education",
    "ly luan": "theory_level",
    "trinh do ly luan chinh tri": "theory_level",
    "ngay vao dang": "party_joined_year",
    "chuc vu": "position_title",
    "chuc vu, don vi": "position_title",
    "chuc vu / don vi": "position_title",
    "chuc vu/don vi": "position_title",
    "ma to chuc": "unit_code",
    "ma don vi bau": "unit_code",
    "doan dai bieu": "delegation",
    "ten doan": "delegation",
    "loai": "kind",
    "thu tu": "alternate_rank",
}
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
KINDS = {
    "duong nhien": DelegateKind.EX_OFFICIO,
    "dai bieu duong nhien": DelegateKind.EX_OFFICIO,
    "duoc bau": DelegateKind.ELECTED,
    "dai bieu duoc bau": DelegateKind.ELECTED,
    "bau": DelegateKind.ELECTED,
    "duoc chi dinh": DelegateKind.APPOINTED,
    "dai bieu duoc chi dinh": DelegateKind.APPOINTED,
    "chi dinh": DelegateKind.APPOINTED,
    "du khuyet": DelegateKind.ALTERNATE,
    "dai bieu du khuyet": DelegateKind.ALTERNATE,
    "dang vien": DelegateKind.MEMBER,
}
#: Longest text each column may hold (the Person and Delegation columns).
MAX_LENGTHS = {
    "ethnicity": 50,
    "religion": 50,
    "education": 100,
    "theory_level": 50,
    "position_title": 300,
    "unit_code": 40,
    "delegation": 255,
}
NAME_PART_LENGTHS = (50, 100, 50)  # họ, đệm, tên
YEAR = re.compile(r"\d{4}")
RANK = re.compile(r"\d{1,5}")


class RosterFileError(Exception):
    """The whole file is refused; the message is in the user's language (Vietnamese unless
    they switched)."""


@dataclass(frozen=True)
class RawDelegateRow:
    """One data row as text, `formulas` naming the fields whose cell held a formula."""

    row_number: int
    full_name: str = ""
    birth_date: str = ""
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    education: str = ""
    theory_level: str = ""
    party_joined_year: str = ""
    position_title: str = ""
    unit_code: str = ""
    delegation: str = ""
    kind: str = ""
    alternate_rank: str = ""
    formulas: tuple[str, ...] = ()


#: What actions.roster.import_delegates takes for one row.
DelegateRow = tuple[PersonData, str, Organization | None, str, int | None]


@dataclass(frozen=True)
class RowError:
    field: str  # a key of COLUMNS
    message: str

    @property
    def column(self) -> str:
        return COLUMNS[self.field]

    def __str__(self) -> str:
        return _("cột “%(column)s”: %(error)s") % {"column": self.column, "error": self.message}


@dataclass
class CheckedDelegateRow:
    raw: RawDelegateRow
    errors: list[RowError] = field(default_factory=list)
    person: PersonData | None = None
    kind: str = ""
    unit: Organization | None = None
    delegation: str = ""  # as written; the unit's name when empty (actions.roster)
    rank: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_fields(self) -> set[str]:
        return {e.field for e in self.errors}

    @property
    def kind_label(self) -> str:
        return DelegateKind(self.kind).label if self.kind else ""

    @property
    def delegation_name(self) -> str:
        """The delegation the row joins: as written, or its unit's name."""
        return self.delegation or (self.unit.name if self.unit else "")

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(field_name, message))

    def as_import_row(self) -> DelegateRow:
        assert self.ok and self.person is not None
        return (self.person, self.kind, self.unit, self.delegation, self.rank)


@dataclass(frozen=True)
class RosterImportReport:
    rows: list[CheckedDelegateRow]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_rows(self) -> list[CheckedDelegateRow]:
        return [row for row in self.rows if not row.ok]

    def messages(self) -> list[str]:
        return [
            _("Dòng %(row)s, %(error)s") % {"row": r.raw.row_number, "error": e}
            for r in self.rows
            for e in r.errors
        ]

    def import_rows(self) -> list[DelegateRow]:
        """The rows for actions.roster.import_delegates (only when every row is valid)."""
        assert self.ok
        return [row.as_import_row() for row in self.rows]


# --- 1. Reading ---------------------------------------------------------------------------


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)


def required_fields(congress: Congress) -> tuple[str, ...]:
    """Họ và tên always; Loại đại biểu for a congress of delegates (a general congress has
    only members: an empty kind is "Đảng viên")."""
    if congress.kind == CongressKind.GENERAL:
        return ("full_name",)
    return ("full_name", "kind")


def check_file(file_name: str, size: int | None) -> None:
    """The name and size of the upload, before anything is read."""
    if PurePath(file_name).suffix.lower() != ".xlsx":
        raise RosterFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel .xlsx. Nếu là tệp .xls cũ hoặc .csv, hãy mở "
                "bằng Excel và lưu lại dưới dạng .xlsx."
            )
            % {"name": file_name}
        )
    if size is not None and size > MAX_BYTES:
        raise RosterFileError(
            _("Tệp “%(name)s” quá lớn (tối đa %(max)s MB).")
            % {"name": file_name, "max": MAX_BYTES // (1024 * 1024)}
        )


def read_rows(
    congress: Congress, stream: IO[bytes], file_name: str, *, size: int | None = None
) -> list[RawDelegateRow]:
    check_file(file_name, size)
    return _rows_from_table(
        _xlsx_table(stream, file_name), file_name, required=required_fields(congress)
    )


def _unreadable(file_name: str) -> RosterFileError:
    return RosterFileError(
        _("Không đọc được tệp “%(name)s”: đây không phải tệp Excel .xlsx hợp lệ.")
        % {"name": file_name}
    )


def _check_unpacked_size(stream: IO[bytes], file_name: str) -> None:
    """An .xlsx is a zip: its declared unpacked size is bounded before openpyxl inflates it
    (zipfile never inflates a member beyond its declared size)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable(file_name) from error
    finally:
        stream.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise RosterFileError(
            _("Tệp “%(name)s” quá lớn khi giải nén (tối đa %(max)s MB dữ liệu).")
            % {"name": file_name, "max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


#: A cell as read: its value and whether it held a formula.
Cell = tuple[object, bool]


def _xlsx_table(stream: IO[bytes], file_name: str) -> Iterator[Sequence[Cell]]:
    import openpyxl

    stream.seek(0)
    _check_unpacked_size(stream, file_name)
    try:
        # data_only=False: a formula cell reports its formula (data_type "f"), not a cached
        # value that may be stale or missing.
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # a damaged file raises many kinds (BadZipFile, KeyError…)
        raise _unreadable(file_name) from error
    try:
        if not workbook.worksheets:
            return
        try:
            for row in workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS):
                yield [(cell.value, _is_formula(cell)) for cell in row]
        except RosterFileError:
            raise
        except Exception as error:  # a damaged sheet fails while it is read
            raise _unreadable(file_name) from error
    finally:
        workbook.close()


def _is_formula(cell: Any) -> bool:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    return getattr(cell, "data_type", None) == "f" or isinstance(
        cell.value, ArrayFormula | DataTableFormula
    )


#: Text a spreadsheet takes for a formula: "=…", "+…", "@…", and "-" before a number, a
#: bracket, an operator or a function ("-1+2", "-(A1)", "-SUM(A1:A3)"); a lone "-" or a dash
#: list ("- Bí thư", "-Bí thư chi bộ") is text.
FORMULA_TEXT = re.compile(r"[=+@]|-\s*[\d(=+@]|-\w+\(")


def looks_like_formula(text: str) -> bool:
    return bool(FORMULA_TEXT.match(text))


def cell_text(value: object) -> str:
    """A cell as NFC text (dates as dd/mm/yyyy, whole floats as integers)."""
    return nfc(plain_cell_text(value))


def map_headers(header: Sequence[Cell], required: Sequence[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, (value, _formula) in enumerate(header):
        name = HEADER_ALIASES.get(fold(cell_text(value)))
        if name is not None and name not in columns.values():
            columns[index] = name
    missing = [COLUMNS[name] for name in required if name not in columns.values()]
    if missing:
        raise RosterFileError(
            _("Thiếu cột bắt buộc: %(missing)s. Dòng 1 phải là dòng tiêu đề, gồm các cột: %(all)s.")
            % {
                "missing": ", ".join(f"“{label}”" for label in missing),
                "all": ", ".join(f"“{label}”" for label in COLUMNS.values()),
            }
        )
    return columns


def _rows_from_table(
    table: Iterable[Sequence[Cell]], file_name: str, *, required: Sequence[str]
) -> list[RawDelegateRow]:
    lines = iter(table)
    header = next(lines, None)
    if header is None or not any(cell_text(value) for value, _formula in header):
        raise RosterFileError(_("Tệp “%(name)s” trống.") % {"name": file_name})
    columns = {i: name for i, name in map_headers(header, required).items() if name in FIELDS}
    rows: list[RawDelegateRow] = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_LINES + 1:
            raise RosterFileError(
                _(
                    "Tệp “%(name)s” có hơn %(max)s dòng (kể cả dòng trống): xóa các dòng thừa ở "
                    "cuối trang rồi tải lên lại."
                )
                % {"name": file_name, "max": count_text(MAX_LINES)}
            )
        values: dict[str, str] = {}
        formulas: list[str] = []
        for index, name in columns.items():
            value, formula = line[index] if index < len(line) else (None, False)
            text = cell_text(value)
            values[name] = text
            if formula or looks_like_formula(text):
                formulas.append(name)
        if not any(values.values()):
            continue  # a blank row: skipped, numbering kept
        rows.append(RawDelegateRow(row_number=number, formulas=tuple(formulas), **values))
        if len(rows) > MAX_ROWS:
            raise RosterFileError(
                _("Tệp “%(name)s” có hơn %(max)s người: chia thành nhiều tệp.")
                % {"name": file_name, "max": count_text(MAX_ROWS)}
            )
    if not rows:
        raise RosterFileError(
            _("Tệp “%(name)s” không có dòng nào dưới dòng tiêu đề.") % {"name": file_name}
        )
    return rows


# --- 2. Checking --------------------------------------------------------------------------


def _birth_date(text: str, today: dt.date) -> dt.date:
    day = dt.datetime.strptime(text, "%d/%m/%Y").date()
    if not dt.date(1900, 1, 1) <= day < today:
        raise ValueError("out of range")
    return day


def _identity(name: str, birth_date: dt.date | None) -> tuple[str, dt.date | None]:
    """The same person: the same folded full name and the same birth date (or both without
    one), as actions.roster.find_or_create_person matches them."""
    return (fold(name), birth_date)


def check_row(
    raw: RawDelegateRow, *, general: bool, today: dt.date | None = None
) -> CheckedDelegateRow:
    """What one row says, on its own (the unit code and the roster are checked by
    check_rows)."""
    today = today or timezone.localdate()
    row = CheckedDelegateRow(raw)
    formula = _("ô có công thức; hãy thay bằng giá trị (Sao chép → Dán đặc biệt → Giá trị).")
    for column in raw.formulas:
        row.error(column, formula)
    skip = set(raw.formulas)

    def text(name: str) -> str:
        return "" if name in skip else str(getattr(raw, name))

    name = text("full_name")
    if "full_name" not in skip:
        if not name:
            row.error("full_name", _("thiếu họ và tên."))
        elif len(name.split()) < 2:
            row.error(
                "full_name",
                _("“%(name)s”: họ và tên phải có ít nhất hai từ (họ và tên).") % {"name": name},
            )
        elif any(
            len(part) > most
            for part, most in zip(split_full_name(name), NAME_PART_LENGTHS, strict=True)
        ):
            row.error("full_name", _("“%(name)s”: họ và tên quá dài.") % {"name": name})

    birth_date = None
    if text("birth_date"):
        try:
            birth_date = _birth_date(raw.birth_date, today)
        except ValueError:
            row.error(
                "birth_date",
                _(
                    "“%(value)s” không phải ngày sinh hợp lệ: ghi theo dạng dd/mm/yyyy, trước hôm nay."
                )
                % {"value": raw.birth_date},
            )

    gender = GENDERS.get(fold(text("gender")), "")
    if text("gender") and not gender:
        row.error("gender", _("“%(value)s” không rõ: ghi “Nam” hoặc “Nữ”.") % {"value": raw.gender})

    for column, most in MAX_LENGTHS.items():
        if len(text(column)) > most:
            row.error(column, _("dài quá %(max)s ký tự.") % {"max": most})

    joined = None
    if text("party_joined_year"):
        value = raw.party_joined_year
        if not YEAR.fullmatch(value):
            row.error(
                "party_joined_year",
                _("“%(value)s” không phải một năm: ghi bốn chữ số, ví dụ 1998.") % {"value": value},
            )
        elif not PARTY_FOUNDED <= int(value) <= today.year:
            row.error(
                "party_joined_year",
                _("năm %(value)s không hợp lệ: từ %(first)s đến năm nay (%(now)s).")
                % {"value": value, "first": PARTY_FOUNDED, "now": today.year},
            )
        elif birth_date is not None and int(value) < birth_date.year + 18:
            row.error(
                "party_joined_year",
                _(
                    "năm %(value)s không thể được: người sinh năm %(born)s đủ 18 tuổi từ năm %(adult)s."
                )
                % {"value": value, "born": birth_date.year, "adult": birth_date.year + 18},
            )
        else:
            joined = int(value)

    kind = _kind(row, raw.kind, general=general) if "kind" not in skip else ""
    rank = None
    written = text("alternate_rank")
    if written and not (RANK.fullmatch(written) and int(written) >= 1):
        row.error(
            "alternate_rank",
            _("“%(value)s” không phải số thứ tự: ghi một số nguyên dương (1, 2, 3…).")
            % {"value": written},
        )
    elif written and kind and kind != DelegateKind.ALTERNATE:
        row.error("alternate_rank", _("chỉ ghi thứ tự cho đại biểu dự khuyết."))
    elif written:
        rank = int(written)
    elif kind == DelegateKind.ALTERNATE and "alternate_rank" not in skip:
        row.error("alternate_rank", _("đại biểu dự khuyết phải có thứ tự dự khuyết (1, 2, 3…)."))

    if row.ok:
        row.person = PersonData(
            full_name=name,
            birth_date=birth_date,
            gender=gender,
            ethnicity=raw.ethnicity,
            religion=raw.religion,
            education=raw.education,
            theory_level=raw.theory_level,
            party_joined_year=joined,
            position_title=raw.position_title,
        )
        row.kind = kind
        row.delegation = raw.delegation
        row.rank = rank
    return row


def _kind(row: CheckedDelegateRow, written: str, *, general: bool) -> str:
    """The kind a row names ("" with an error on the row when it names none)."""
    kind = KINDS.get(fold(written), "")
    choices = _("ghi “Đương nhiên”, “Được bầu”, “Được chỉ định” hoặc “Dự khuyết”.")
    if general:
        if not written:
            return DelegateKind.MEMBER
        if kind == DelegateKind.MEMBER:
            return kind
        row.error("kind", _("đại hội toàn thể đảng viên chỉ có loại “Đảng viên” (hoặc để trống)."))
        return ""
    if not written:
        row.error("kind", _("thiếu loại đại biểu: %(choices)s") % {"choices": choices})
    elif not kind:
        row.error(
            "kind", _("“%(value)s” không rõ: %(choices)s") % {"value": written, "choices": choices}
        )
    elif kind == DelegateKind.MEMBER:
        row.error(
            "kind",
            _("đại hội đại biểu không có loại “Đảng viên”: %(choices)s") % {"choices": choices},
        )
    else:
        return kind
    return ""


def _units(congress: Congress, codes: Iterable[str]) -> dict[str, Organization]:
    """The organizations of the congress's subtree among `codes` (a code elsewhere, or
    nowhere, is simply absent: both read the same to the user)."""
    wanted = sorted(set(codes))
    found: dict[str, Organization] = {}
    for start in range(0, len(wanted), CODE_CHUNK):
        chunk = wanted[start : start + CODE_CHUNK]
        found.update(
            (org.code, org) for org in subtree(congress.organization).filter(code__in=chunk)
        )
    return found


def check_rows(
    congress: Congress, rows: Sequence[RawDelegateRow], *, today: dt.date | None = None
) -> RosterImportReport:
    """Every row on its own, then its unit against the congress's subtree, then against the
    other rows of the file and the congress's roster."""
    general = congress.kind == CongressKind.GENERAL
    checked = [check_row(raw, general=general, today=today) for raw in rows]
    units = _units(
        congress,
        (r.raw.unit_code for r in checked if r.raw.unit_code and "unit_code" not in r.bad_fields),
    )
    on_roster = {
        _identity(name, born)
        for name, born in Delegate.objects.filter(congress=congress).values_list(
            "person__search_name", "person__birth_date"
        )
    }
    in_file: dict[tuple[str, dt.date | None], int] = {}
    for row in checked:
        code = row.raw.unit_code
        unit = units.get(code) if code else None
        if code and unit is None and "unit_code" not in row.bad_fields:
            row.error(
                "unit_code",
                _("không có đơn vị mã “%(code)s” trong %(org)s.")
                % {"code": code, "org": congress.organization.name},
            )
        if row.person is None:
            continue
        key = _identity(row.person.full_name, row.person.birth_date)
        described = row.person.full_name + (
            _(" (sinh %(date)s)") % {"date": row.person.birth_date.strftime("%d/%m/%Y")}
            if row.person.birth_date
            else ""
        )
        if key in in_file:
            row.error(
                "full_name",
                _("%(who)s trùng với dòng %(row)s của tệp.")
                % {"who": described, "row": in_file[key]},
            )
        else:
            in_file[key] = row.raw.row_number
        if key in on_roster:
            row.error(
                "full_name",
                _("%(who)s đã có trong danh sách đại biểu của đại hội.") % {"who": described},
            )
        if not row.ok:
            row.person = None
            continue
        if unit is None and row.kind == DelegateKind.EX_OFFICIO:
            unit = congress.organization  # the outgoing committee's own (as add_delegate does)
        row.unit = unit
        row.person = _with_organization(row.person, unit or congress.organization)
    return RosterImportReport(checked)


def _with_organization(person: PersonData, unit: Organization) -> PersonData:
    return PersonData(**{**asdict(person), "organization_id": unit.pk})


# --- Between the preview and the confirmation -----------------------------------------------


def sign_rows(congress: Congress, rows: Sequence[RawDelegateRow], file_name: str) -> str:
    payload = {"congress": congress.pk, "file": file_name, "rows": [asdict(r) for r in rows]}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_rows(congress: Congress, token: str) -> tuple[list[RawDelegateRow], str]:
    """The rows of a preview of this congress; RosterFileError when the token was altered, is
    older than a day, or belongs to another congress."""
    try:
        payload: dict[str, Any] = signing.loads(token, salt=SIGNING_SALT, max_age=86_400)
    except signing.BadSignature:
        raise RosterFileError(
            _("Bản xem trước đã hết hạn hoặc bị thay đổi: tải tệp lên lại.")
        ) from None
    if payload.get("congress") != congress.pk:
        raise RosterFileError(_("Bản xem trước không thuộc đại hội này: tải tệp lên lại."))
    rows = [
        RawDelegateRow(**{**row, "formulas": tuple(row.get("formulas", ()))})
        for row in payload["rows"]
    ]
    return rows, str(payload.get("file", ""))


# --- A file to start from -----------------------------------------------------------------


def template_workbook(congress: Congress) -> bytes:
    """An .xlsx with the headers, example rows fitting the congress (its units' codes, its
    kinds) and a second sheet explaining every column. Only the first sheet is read back."""
    import openpyxl
    from openpyxl.styles import Font

    general = congress.kind == CongressKind.GENERAL
    org = congress.organization
    unit = subtree(org).filter(depth=org.depth + 1).order_by("path").first() or org
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách đại biểu")
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Values stay Vietnamese whatever the page's language: they are read back as such.
    examples = [
        [
            1,
            "Nguyễn Văn An",
            "05/03/1970",
            "Nam",
            "Kinh",
            "Không",
            "Thạc sĩ Kinh tế",
            "Cao cấp",
            1995,
            "Bí thư Đảng ủy",
            org.code,
            "",
            "Đảng viên" if general else "Đương nhiên",
            "",
        ],
        [
            2,
            "Lê Thị Bình",
            "12/11/1982",
            "Nữ",
            "Tày",
            "Không",
            "Cử nhân Luật",
            "Trung cấp",
            2008,
            "Phó Chủ tịch UBND",
            unit.code,
            "",
            "Đảng viên" if general else "Được bầu",
            "",
        ],
    ]
    if not general:
        examples.append(
            [
                3,
                "Trần Văn Cường",
                "01/01/1975",
                "Nam",
                "Kinh",
                "Phật giáo",
                "Kỹ sư",
                "Trung cấp",
                2001,
                "Trưởng thôn",
                unit.code,
                "",
                "Dự khuyết",
                1,
            ]
        )
    for example in examples:
        sheet.append(example)
    for index in range(2, len(examples) + 2):  # dates as text, exactly as typed
        sheet.cell(row=index, column=3).number_format = "@"
    widths = (6, 26, 12, 9, 9, 11, 20, 14, 11, 32, 12, 24, 16, 10)
    for column, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Hướng dẫn"))
    for line in template_guide(congress):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_guide(congress: Congress) -> list[str]:
    """What each column takes: the template's second sheet and the import page say the same."""
    general = congress.kind == CongressKind.GENERAL
    kinds = (
        _("Loại đại biểu: “Đảng viên” (đại hội toàn thể; để trống cũng là đảng viên).")
        if general
        else _(
            "Loại đại biểu (bắt buộc): Đương nhiên, Được bầu, Được chỉ định hoặc Dự khuyết; "
            "đại biểu dự khuyết ghi thêm Thứ tự dự khuyết (số nguyên dương: 1, 2, 3…)."
        )
    )
    return [
        _(
            "Mỗi dòng của trang đầu là một người; dòng 1 là dòng tiêu đề, giữ nguyên. Cột STT "
            "không được đọc; các cột khác tên thì bỏ qua."
        ),
        _("Họ và tên (bắt buộc): đủ họ và tên, ví dụ Nguyễn Văn An."),
        _("Ngày sinh: dd/mm/yyyy (hoặc ô ngày của Excel). Giới tính: Nam hoặc Nữ."),
        _("Năm vào Đảng: bốn chữ số, không sau năm nay và không trước năm người đó đủ 18 tuổi."),
        _(
            "Mã đơn vị (không bắt buộc): mã của một tổ chức đảng thuộc %(org)s. Đoàn: tên đoàn "
            "đại biểu; để trống là tên của đơn vị."
        )
        % {"org": congress.organization.name},
        kinds,
        _(
            "Không dùng công thức: ô có công thức (kể cả nội dung bắt đầu bằng =, +, -, @) bị "
            "từ chối; hãy dán giá trị."
        ),
        _(
            "Một người chỉ có một dòng (cùng họ và tên, cùng ngày sinh là một người), và không "
            "trùng với người đã có trong danh sách đại biểu."
        ),
        _(
            "Tối đa %(rows)s người và %(mb)s MB mỗi tệp. Khi tải lên, bạn xem trước từng dòng; "
            "chỉ khi mọi dòng hợp lệ mới xác nhận nhập được, và tất cả được nhập cùng lúc."
        )
        % {"rows": count_text(MAX_ROWS), "mb": MAX_BYTES // (1024 * 1024)},
    ]

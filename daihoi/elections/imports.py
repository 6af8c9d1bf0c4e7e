"""Importing an election's candidate list from the .xlsx the organization department keeps.

1. `read_rows` reads the first sheet into RawCandidateRows (text, with the row number the
   user sees in Excel); a problem with the whole file raises CandidateFileError.
2. `check_rows` checks every row against the election as it is now (its list, its counting
   committee): every problem gets the row number and a message in the user's language.
3. actions.import_candidates checks again inside its transaction and writes all rows or none.
The rows travel from the preview to the confirmation signed (django.core.signing), so the
confirmation writes exactly what was previewed, and nothing is stored in between.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.core.text import fold, nfc
from daihoi.elections.models import (
    CandidateSource,
    CandidateStatus,
    Election,
    Gender,
)
from daihoi.elections.rules import person_name_key

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

#: Column → field. Headers are matched without accents and case ("Ho va ten" works too).
COLUMNS = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "position_title": "Chức vụ/đơn vị",
    "is_incumbent": "Tái cử",
    "source": "Nguồn",
}
HEADER_ALIASES = {
    **{fold(label): name for name, label in COLUMNS.items()},
    "ho ten": "full_name",
    "chuc vu": "position_title",
    "chuc vu, don vi cong tac": "position_title",
    "chuc vu, don vi": "position_title",
    "chuc vu / don vi": "position_title",
}
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
SOURCES = {
    "": CandidateSource.CONVENER,
    "cap uy": CandidateSource.CONVENER,
    "cap uy gioi thieu": CandidateSource.CONVENER,
    "cap uy trieu tap gioi thieu": CandidateSource.CONVENER,
    "gioi thieu": CandidateSource.CONVENER,
    "de cu": CandidateSource.FLOOR,
    "dai hoi de cu": CandidateSource.FLOOR,
    "ung cu": CandidateSource.SELF,
    "tu ung cu": CandidateSource.SELF,
}
YES = {"x", "co", "1", "tai cu", "yes", "true"}
NO = {"", "khong", "0", "no", "false", "lan dau"}
#: Statuses of people who are (or may still be) on the list: a new row must not repeat them.
LISTED = (CandidateStatus.PROPOSED, CandidateStatus.ON_LIST)
SIGNING_SALT = "daihoi.elections.import-candidates"


class CandidateFileError(Exception):
    """The whole file is refused; the message is in the user's language (Vietnamese unless
    they switched)."""


@dataclass(frozen=True)
class RawCandidateRow:
    row_number: int
    full_name: str = ""
    birth_date: str = ""
    gender: str = ""
    ethnicity: str = ""
    position_title: str = ""
    is_incumbent: str = ""
    source: str = ""


@dataclass(frozen=True)
class NewCandidate:
    full_name: str
    birth_date: dt.date | None
    gender: str
    ethnicity: str
    position_title: str
    is_incumbent: bool
    source: str


@dataclass
class CheckedCandidateRow:
    raw: RawCandidateRow
    candidate: NewCandidate | None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class CandidateImportReport:
    rows: list[CheckedCandidateRow]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_rows(self) -> list[CheckedCandidateRow]:
        return [row for row in self.rows if not row.ok]

    def messages(self) -> list[str]:
        return [
            _("Dòng %(row)s: %(error)s") % {"row": r.raw.row_number, "error": e}
            for r in self.rows
            for e in r.errors
        ]


# --- 1. Reading ---------------------------------------------------------------------------


def read_rows(
    stream: IO[bytes], file_name: str, *, size: int | None = None
) -> list[RawCandidateRow]:
    if PurePath(file_name).suffix.lower() != ".xlsx":
        raise CandidateFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel .xlsx. Nếu là tệp .xls cũ, hãy mở bằng "
                "Excel và lưu lại dưới dạng .xlsx."
            )
            % {"name": file_name}
        )
    if size is not None and size > MAX_BYTES:
        raise CandidateFileError(_("Tệp “%(name)s” quá lớn (tối đa 2 MB).") % {"name": file_name})
    return _rows_from_table(_xlsx_table(stream, file_name), file_name)


def _xlsx_table(stream: IO[bytes], file_name: str) -> list[Sequence[object]]:
    import openpyxl

    unreadable = _("Không đọc được tệp “%(name)s”: đây không phải tệp Excel .xlsx hợp lệ.") % {
        "name": file_name
    }
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # a damaged file raises many kinds (BadZipFile, KeyError…)
        raise CandidateFileError(unreadable) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        table: list[Sequence[object]] = []
        for row in sheet.iter_rows(values_only=True) if sheet is not None else ():
            table.append(row)
            if len(table) > MAX_ROWS + 1:
                raise CandidateFileError(
                    _("Tệp “%(name)s” có hơn %(max)s dòng: không phải một danh sách bầu cử.")
                    % {"name": file_name, "max": MAX_ROWS}
                )
        return table
    except CandidateFileError:
        raise
    except Exception as error:  # a damaged sheet fails while it is read
        raise CandidateFileError(unreadable) from error
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def map_headers(header: Sequence[object]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = HEADER_ALIASES.get(fold(cell_text(cell)))
        if name is not None and name not in columns.values():
            columns[index] = name
    if "full_name" not in columns.values():
        expected = ", ".join(f"“{label}”" for label in COLUMNS.values())
        raise CandidateFileError(
            _("Thiếu cột “Họ và tên”. Dòng 1 phải là dòng tiêu đề, gồm các cột: %(columns)s.")
            % {"columns": expected}
        )
    return columns


def _rows_from_table(table: Iterable[Sequence[object]], file_name: str) -> list[RawCandidateRow]:
    lines = iter(table)
    header = next(lines, None)
    if header is None or not any(cell_text(c) for c in header):
        raise CandidateFileError(_("Tệp “%(name)s” trống.") % {"name": file_name})
    columns = map_headers(header)
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {name: cell_text(line[i]) if i < len(line) else "" for i, name in columns.items()}
        if any(values.values()):
            rows.append(RawCandidateRow(row_number=number, **values))
    if not rows:
        raise CandidateFileError(
            _("Tệp “%(name)s” không có dòng nào dưới dòng tiêu đề.") % {"name": file_name}
        )
    return rows


# --- 2. Checking --------------------------------------------------------------------------


def _parse_date(text: str) -> dt.date:
    day = dt.datetime.strptime(text, "%d/%m/%Y").date()
    if day >= timezone.localdate():
        raise ValueError("future")
    return day


def _name_key(full_name: str, birth_date: dt.date | None) -> tuple[object, dt.date | None]:
    """Namesakes are allowed on a ballot when their birth dates differ (rules.md §4: they
    are ordered, and printed, with the date); the same name and the same date (or no date)
    is the same person listed twice."""
    return (person_name_key(full_name), birth_date)


def _same_person(
    key: tuple[object, dt.date | None], others: dict[tuple[object, dt.date | None], int]
) -> int | None:
    name, born = key
    for (other_name, other_born), where in others.items():
        if other_name == name and (born is None or other_born is None or born == other_born):
            return where
    return None


def check_row(raw: RawCandidateRow) -> CheckedCandidateRow:
    """What one row says, on its own."""
    errors = []
    name = nfc(raw.full_name)
    if not name:
        errors.append(_("thiếu họ và tên."))
    elif len(name.split()) < 2:
        errors.append(
            _("“%(name)s”: họ và tên phải có ít nhất hai từ (họ và tên).") % {"name": name}
        )
    birth_date = None
    if raw.birth_date:
        try:
            birth_date = _parse_date(raw.birth_date)
        except ValueError:
            errors.append(
                _("ngày sinh “%(value)s” không hợp lệ: ghi theo dạng dd/mm/yyyy, trước hôm nay.")
                % {"value": raw.birth_date}
            )
    gender = GENDERS.get(fold(raw.gender), "") if raw.gender else ""
    if raw.gender and not gender:
        errors.append(
            _("giới tính “%(value)s” không rõ: ghi “Nam” hoặc “Nữ”.") % {"value": raw.gender}
        )
    source = SOURCES.get(fold(raw.source))
    if source is None:
        errors.append(
            _(
                "nguồn “%(value)s” không rõ: ghi “Cấp ủy giới thiệu”, “Đại hội đề cử” hoặc "
                "“Tự ứng cử” (để trống là cấp ủy giới thiệu)."
            )
            % {"value": raw.source}
        )
    incumbent = fold(raw.is_incumbent)
    if incumbent not in YES | NO:
        errors.append(
            _("cột Tái cử “%(value)s”: ghi “x” nếu tái cử, để trống nếu không.")
            % {"value": raw.is_incumbent}
        )
    candidate = None
    if not errors:
        candidate = NewCandidate(
            full_name=name,
            birth_date=birth_date,
            gender=gender,
            ethnicity=nfc(raw.ethnicity),
            position_title=nfc(raw.position_title),
            is_incumbent=incumbent in YES,
            source=source or CandidateSource.CONVENER,
        )
    return CheckedCandidateRow(raw=raw, candidate=candidate, errors=errors)


def check_rows(election: Election, rows: Sequence[RawCandidateRow]) -> CandidateImportReport:
    """Every row checked on its own, then against the other rows, the election's list and
    its counting committee and typists (QĐ 190 Art. 8: they may not be on the list)."""
    checked = [check_row(raw) for raw in rows]
    listed: dict[tuple[object, dt.date | None], int] = {
        _name_key(c.full_name, c.birth_date): 0
        for c in election.candidates.filter(status__in=LISTED)
    }
    staff = {person_name_key(s.full_name): s for s in election.staff.all()}
    in_file: dict[tuple[object, dt.date | None], int] = {}
    for row in checked:
        if row.candidate is None:
            continue
        key = _name_key(row.candidate.full_name, row.candidate.birth_date)
        name = row.candidate.full_name
        earlier = _same_person(key, in_file)
        if earlier is not None:
            row.errors.append(
                _("“%(name)s” trùng với dòng %(row)s của tệp.") % {"name": name, "row": earlier}
            )
        if _same_person(key, listed) is not None:
            row.errors.append(
                _("“%(name)s” đã có trong danh sách của cuộc bầu cử này.") % {"name": name}
            )
        member = staff.get(person_name_key(name))
        if member is not None:
            row.errors.append(
                _(
                    "đồng chí %(name)s là %(role)s của cuộc bầu cử này nên không thể có tên "
                    "trong danh sách bầu cử."
                )
                % {"name": member.full_name, "role": member.get_role_display().lower()}
            )
        in_file.setdefault(key, row.raw.row_number)
        if row.errors:
            row.candidate = None
    return CandidateImportReport(checked)


# --- Between the preview and the confirmation -----------------------------------------------


def sign_rows(election: Election, rows: Sequence[RawCandidateRow], file_name: str) -> str:
    payload = {"election": election.pk, "file": file_name, "rows": [asdict(r) for r in rows]}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_rows(election: Election, token: str) -> tuple[list[RawCandidateRow], str]:
    """The rows of a preview of this election; CandidateFileError when the token was altered,
    is older than a day, or belongs to another election."""
    try:
        payload: dict[str, Any] = signing.loads(token, salt=SIGNING_SALT, max_age=86_400)
    except signing.BadSignature:
        raise CandidateFileError(
            _("Bản xem trước đã hết hạn hoặc bị thay đổi: tải tệp lên lại.")
        ) from None
    if payload.get("election") != election.pk:
        raise CandidateFileError(_("Bản xem trước không thuộc cuộc bầu cử này: tải tệp lên lại."))
    return [RawCandidateRow(**row) for row in payload["rows"]], str(payload.get("file", ""))


# --- A file to start from -----------------------------------------------------------------


def template_workbook() -> bytes:
    """An .xlsx with the headers and two example rows."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách bầu cử"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "Nguyễn Văn An",
            "05/03/1970",
            "Nam",
            "Kinh",
            "Bí thư Đảng ủy xã",
            "x",
            "Cấp ủy giới thiệu",
        ]
    )
    sheet.append(
        ["Lê Thị Bình", "12/11/1982", "Nữ", "Tày", "Chủ tịch UBND xã", "", "Cấp ủy giới thiệu"]
    )
    for column, width in zip("ABCDEFG", (28, 12, 10, 10, 40, 8, 20), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

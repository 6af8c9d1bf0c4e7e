"""Importing the hierarchy from the Excel or CSV file an organization department keeps.

Three steps, the same on a page and on the command line:
1. `read_rows` reads the file into RawRows (text, with the row number the user sees in
   Excel); a problem with the whole file (not .xlsx/.csv, unreadable, too large, empty, a
   required column missing) raises ImportFileError.
2. `check_rows` validates every row (rules.validate_import) against a snapshot of the
   organizations of the database the rows name, scoped to what the user manages.
3. `commit_rows` / `confirm_pending` validate again and write all or nothing in one
   transaction, through the actions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from daihoi.core.access import is_global
from daihoi.core.jobs import ProgressCallback
from daihoi.core.models import User
from daihoi.organizations import access, actions
from daihoi.organizations.models import Organization, PendingImport
from daihoi.organizations.rules import (
    HEADER_TO_FIELD,
    IMPORT_FIELDS,
    REQUIRED_IMPORT_FIELDS,
    CheckedRow,
    ExistingOrganization,
    ImportReport,
    RawRow,
    import_column_labels,
    label_key,
    referenced_codes,
    validate_import,
)

ALLOWED_SUFFIXES = (".xlsx", ".csv")
PROGRESS_EVERY = 10_000
LOOKUP_CHUNK = 1000  # codes per IN (...) query: well under SQLite's variable limit

Progress = Callable[[int], None]


class ImportFileError(Exception):
    """The whole file is refused; `messages` are Vietnamese, ready to show."""

    def __init__(self, messages: str | list[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__("; ".join(self.messages))


def max_bytes() -> int:
    return int(settings.DAIHOI_IMPORT_MAX_BYTES)


def max_rows() -> int:
    # Guards against a small .xlsx that unpacks into millions of rows.
    return int(getattr(settings, "DAIHOI_IMPORT_MAX_ROWS", 500_000))


# --- 1. Reading ----------------------------------------------------------------------------


def check_file(file_name: str, size: int | None) -> str:
    """The file's suffix (".xlsx" or ".csv"), or ImportFileError."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel .xlsx hoặc .csv. "
                "Nếu là tệp .xls cũ, hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
            )
            % {"name": file_name}
        )
    if size is not None and size > max_bytes():
        raise ImportFileError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB; tối đa %(max)s MB).")
            % {"name": file_name, "size": _megabytes(size), "max": _megabytes(max_bytes())}
        )
    return suffix


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def read_rows(
    stream: IO[bytes], file_name: str, *, size: int | None = None, progress: Progress | None = None
) -> list[RawRow]:
    """Every non-empty data row of the file's first sheet, with its Excel row number."""
    suffix = check_file(file_name, size)
    table = _xlsx_table(stream, file_name) if suffix == ".xlsx" else _csv_table(stream, file_name)
    return _rows_from_table(table, file_name, progress)


def _xlsx_table(stream: IO[bytes], file_name: str) -> Iterator[Sequence[object]]:
    import openpyxl

    unreadable = _("Không đọc được tệp “%(name)s”: đây không phải tệp Excel .xlsx hợp lệ.") % {
        "name": file_name
    }
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # a damaged file raises many kinds (BadZipFile, KeyError…)
        raise ImportFileError(unreadable) from error
    try:
        if not workbook.worksheets:
            return
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        except Exception as error:  # a damaged sheet fails while it is read
            raise ImportFileError(unreadable) from error
    finally:
        workbook.close()


def _csv_table(stream: IO[bytes], file_name: str) -> Iterator[Sequence[object]]:
    data = stream.read()
    try:
        text = data.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "Không đọc được tệp “%(name)s”: tệp CSV phải được lưu với bảng mã UTF-8 "
                "(trong Excel: Lưu thành → CSV UTF-8)."
            )
            % {"name": file_name}
        ) from error
    first_line = text.split("\n", 1)[0]
    # Excel set to Vietnamese separates fields with ";" (the comma is the decimal mark).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(
            _("Không đọc được tệp “%(name)s”: %(error)s") % {"name": file_name, "error": error}
        ) from error


def cell_text(value: object) -> str:
    """A cell as text: Excel keeps numbers as floats (12.0) and codes may be numbers."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def map_headers(header: Sequence[object]) -> dict[int, str]:
    """Column index → field, from the header row (Vietnamese or English, any case or
    accents); unknown columns (e.g. "STT") are ignored."""
    labels = import_column_labels()
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    problems: list[str] = []
    for index, cell in enumerate(header):
        text = cell_text(cell)
        field = HEADER_TO_FIELD.get(label_key(text))
        if field is None:
            continue
        if field in seen:
            problems.append(
                _("Cột “%(column)s” xuất hiện hai lần (“%(first)s” và “%(second)s”).")
                % {"column": labels[field], "first": seen[field], "second": text}
            )
            continue
        seen[field] = text
        columns[index] = field
    missing = [labels[f] for f in REQUIRED_IMPORT_FIELDS if f not in seen]
    if missing:
        problems.append(
            _("Thiếu cột bắt buộc: %(columns)s. Dòng 1 phải là dòng tiêu đề, gồm các cột: %(all)s.")
            % {
                "columns": ", ".join(f"“{m}”" for m in missing),
                "all": ", ".join(f"“{labels[f]}”" for f in REQUIRED_IMPORT_FIELDS),
            }
        )
    if problems:
        raise ImportFileError(problems)
    return columns


def _rows_from_table(
    table: Iterable[Sequence[object]], file_name: str, progress: Progress | None
) -> list[RawRow]:
    lines = iter(table)
    header = next(lines, None)
    if header is None or not any(cell_text(c) for c in header):
        raise ImportFileError(_("Tệp “%(name)s” trống.") % {"name": file_name})
    columns = map_headers(header)
    rows: list[RawRow] = []
    limit = max_rows()
    for row_number, line in enumerate(lines, start=2):
        values = {
            field: cell_text(line[index]) for index, field in columns.items() if index < len(line)
        }
        if not any(values.values()):
            continue  # a blank row between blocks: skipped, numbering kept
        rows.append(RawRow(row_number, values))
        if len(rows) > limit:
            raise ImportFileError(
                _("Tệp “%(name)s” có quá %(max)s dòng.")
                % {"name": file_name, "max": count_text(limit)}
            )
        if progress is not None and len(rows) % PROGRESS_EVERY == 0:
            progress(len(rows))
    if not rows:
        raise ImportFileError(
            _("Tệp “%(name)s” không có dòng dữ liệu nào (chỉ có dòng tiêu đề).")
            % {"name": file_name}
        )
    return rows


def rows_to_json(rows: Sequence[RawRow]) -> list[list[object]]:
    """Compact storage for a pending import: [row_number, *fields]."""
    return [[row.row_number, *(row.get(f) for f in IMPORT_FIELDS)] for row in rows]


def rows_from_json(data: Sequence[Sequence[Any]]) -> list[RawRow]:
    return [
        RawRow(int(item[0]), dict(zip(IMPORT_FIELDS, (str(v) for v in item[1:]), strict=True)))
        for item in data
    ]


# --- 2. Checking ---------------------------------------------------------------------------


def _chunks(items: Sequence[str], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_snapshot(codes: Iterable[str], user: User | None) -> dict[str, ExistingOrganization]:
    """The organizations of the database among `codes`, each marked with whether `user`
    manages it (None: the command line acting as the system, which manages everything)."""
    snapshot: dict[str, ExistingOrganization] = {}
    for chunk in _chunks(sorted(codes)):
        found = list(
            Organization.objects.filter(code__in=chunk).values_list("code", "level", "form", "path")
        )
        if not found:
            continue
        if user is None:
            managed = {code for code, *_rest in found}
        else:
            managed = set(
                access.organizations_managed_by(user)
                .filter(code__in=[code for code, *_rest in found])
                .values_list("code", flat=True)
            )
        for code, level, form, path in found:
            snapshot[code] = ExistingOrganization(code, level, form, path, code in managed)
    return snapshot


def may_create_roots(user: User | None) -> bool:
    return user is None or is_global(user)


def check_rows(rows: Sequence[RawRow], user: User | None) -> ImportReport:
    existing = existing_snapshot(referenced_codes(rows), user)
    return validate_import(rows, existing, may_create_roots=may_create_roots(user))


def to_new_organizations(rows: Sequence[CheckedRow]) -> list[actions.NewOrganization]:
    result = []
    for row in rows:
        assert row.level is not None and row.kind is not None and row.form is not None
        assert row.official_members is not None and row.probationary_members is not None
        result.append(
            actions.NewOrganization(
                code=row.code,
                name=row.name,
                level=row.level,
                kind=row.kind,
                form=row.form,
                official_members=row.official_members,
                probationary_members=row.probationary_members,
                parent_code=row.parent_code or None,
            )
        )
    return result


# --- 3. Writing ----------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    report: ImportReport | None
    created: int = 0
    already_used: bool = False
    # The database changed under us between the check and the write (a concurrent import).
    conflict: bool = False


def conflict_message() -> str:
    return _(
        "Dữ liệu vừa thay đổi trong lúc nhập (có người khác vừa nhập); chưa nhập gì, hãy thử lại."
    )


def commit_rows(rows: Sequence[RawRow], user: User | None, file_name: str) -> ImportOutcome:
    """Check and write in one transaction: all rows or none."""
    try:
        with transaction.atomic():
            report = check_rows(rows, user)
            if not report.ok:
                return ImportOutcome(report)
            created = actions.import_organizations(
                to_new_organizations(report.ordered), acting_user=user, source_name=file_name
            )
            return ImportOutcome(report, created=len(created))
    except IntegrityError:
        return ImportOutcome(None, conflict=True)


def confirm_pending(
    pending: PendingImport, user: User, progress: ProgressCallback | None = None
) -> ImportOutcome:
    """Validate the pending rows again against the database as it is now, then write them
    all and mark the upload used, or write nothing. `progress` (a background job's) counts
    each row twice: once checked, once written."""
    total = 2 * pending.row_count

    def report_progress(done: int, message: str | None = None) -> None:
        if progress is not None:
            progress(done, total, message)

    try:
        with transaction.atomic():
            locked = PendingImport.objects.select_for_update().get(pk=pending.pk)
            if locked.used_at is not None:
                return ImportOutcome(None, already_used=True)
            count = count_text(locked.row_count)
            report_progress(0, _("Đang kiểm tra lại %(n)s dòng…") % {"n": count})
            report = check_rows(rows_from_json(locked.rows), user)
            if not report.ok:
                return ImportOutcome(report)
            report_progress(locked.row_count, _("Đang ghi %(n)s tổ chức…") % {"n": count})
            created = actions.confirm_pending_import(
                locked,
                to_new_organizations(report.ordered),
                acting_user=user,
                written=lambda n: report_progress(locked.row_count + n),
            )
            return ImportOutcome(report, created=len(created))
    except IntegrityError:
        return ImportOutcome(None, conflict=True)


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)


def summary_text(report: ImportReport) -> str:
    n = count_text

    if report.ok:
        return ngettext("%(n)s tổ chức hợp lệ", "%(n)s tổ chức hợp lệ", len(report.rows)) % {
            "n": n(len(report.rows))
        }
    return _("%(bad)s/%(total)s dòng có lỗi (%(errors)s lỗi); chưa nhập gì.") % {
        "bad": n(report.bad_rows),
        "total": n(len(report.rows)),
        "errors": n(len(report.errors)),
    }


# --- The template file ---------------------------------------------------------------------


def template_workbook(unit: Organization | None) -> bytes:
    """An .xlsx with the Vietnamese headers, two example rows (under `unit` when given) and a
    second sheet explaining the accepted values. Only the first sheet is read back."""
    import openpyxl
    from openpyxl.styles import Font

    labels = import_column_labels()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách tổ chức")
    sheet.append([labels[f] for f in IMPORT_FIELDS])
    parent = unit.code if unit is not None else _("MÃ-CẤP-TRÊN")
    sheet.append(
        ["VD01", _("Đảng bộ xã Ví Dụ"), _("Cơ sở"), parent, 0, 0, _("Địa phương"), _("Đảng bộ")]
    )
    sheet.append(
        ["VD01-01", _("Chi bộ thôn Một"), _("Chi bộ"), "VD01", 25, 2, _("Địa phương"), _("Chi bộ")]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (14, 40, 16, 16, 22, 18, 16, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Hướng dẫn"))
    for line in _template_guide():
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template_guide() -> list[str]:
    return [
        _("Mỗi dòng của trang đầu là một tổ chức; dòng 1 là dòng tiêu đề, giữ nguyên."),
        _(
            "Mã: duy nhất, tối đa 40 ký tự. Mã cấp trên: mã của tổ chức cấp trên đã có trong hệ "
            "thống (thuộc phạm vi bạn quản lý) hoặc của một dòng khác trong tệp."
        ),
        _(
            "Cấp: số 0–5 hoặc tên cấp: 0 Trung ương; 1 Tỉnh (đảng bộ trực thuộc Trung ương); "
            "2 Cấp trên cơ sở; 3 Cơ sở (Đảng bộ cơ sở / Chi bộ cơ sở); 4 Đảng bộ bộ phận; 5 Chi bộ."
        ),
        _("Đảng viên chính thức, Đảng viên dự bị: số nguyên không âm (để trống là 0)."),
        _(
            "Loại hình (không bắt buộc): Địa phương, Cơ quan, Doanh nghiệp, Đơn vị sự nghiệp, "
            "Quân đội, Công an, Khác."
        ),
        _(
            "Hình thức (không bắt buộc): Đảng bộ hoặc Chi bộ; chỉ cần ghi cho tổ chức cơ sở là "
            "chi bộ cơ sở (hoặc ghi cấp là “Chi bộ cơ sở”)."
        ),
        _("Thứ tự các dòng tùy ý: cấp trên có thể đứng sau cấp dưới."),
    ]

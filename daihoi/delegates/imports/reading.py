"""1. Reading: the first sheet of the .xlsx into RawDelegateRows (text, with the row number
the user sees in Excel, and which cells held a formula). A problem with the whole file (not
.xlsx, too large before or after unpacking, too many rows, damaged, a required column
missing) raises RosterFileError. Sizes are bounded before openpyxl parses anything.

A formula, or a text a spreadsheet would take for one (=, +, @, -x), is noted on the row
(checking refuses it). The "STT" column is never read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePath
from typing import IO, Any

from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.text import fold, nfc
from daihoi.delegates.imports.rows import (
    COLUMNS,
    FIELDS,
    RawDelegateRow,
    RosterFileError,
    count_text,
)
from daihoi.organizations.imports import cell_text as plain_cell_text

MAX_BYTES = 5 * 1024 * 1024
#: What the .xlsx (a zip) may unpack to: a small file that inflates to gigabytes is refused
#: before openpyxl reads it.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 5000
#: Lines read at most, blank ones included (a sheet formatted far below its data).
MAX_LINES = 4 * MAX_ROWS
MAX_COLUMNS = 40
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

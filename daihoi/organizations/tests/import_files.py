"""Import files written by the tests themselves (openpyxl / csv into tmp_path)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl

VI_HEADERS = [
    "Mã",
    "Tên tổ chức",
    "Cấp",
    "Mã cấp trên",
    "Đảng viên chính thức",
    "Đảng viên dự bị",
    "Loại hình",
    "Hình thức",
]
EN_HEADERS = [
    "code",
    "name",
    "level",
    "parent_code",
    "official_members",
    "probationary_members",
    "kind",
    "form",
]

# Three new units under district A (code "A"), the cell listed before its parent.
GOOD_ROWS: list[list[object]] = [
    ["A3-1", "Chi bộ thôn Thượng", "Chi bộ", "A3", 21, 1, "Địa phương", ""],
    ["A3", "Đảng bộ xã An Hòa", "Cơ sở", "A", 0, 0, "Địa phương", "Đảng bộ"],
    ["A4", "Chi bộ Trường Mầm non An Lạc", "Chi bộ cơ sở", "A", 12, 0, "Đơn vị sự nghiệp", ""],
]
# Row 2: unknown parent; row 3: negative count; row 4: empty name.
BAD_ROWS: list[list[object]] = [
    ["A5", "Đảng bộ xã An Phú", "Cơ sở", "KHONG-CO", 0, 0, "", ""],
    ["A6", "Chi bộ thôn Nam", "Chi bộ", "A1", -3, 0, "", ""],
    ["A7", "", "Chi bộ", "A1", 10, 0, "", ""],
]


def xlsx_bytes(rows: Sequence[Sequence[object]], headers: Sequence[str] = VI_HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = VI_HEADERS,
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], **kwargs: object) -> Path:
    path.write_bytes(xlsx_bytes(rows, **kwargs))  # type: ignore[arg-type]
    return path

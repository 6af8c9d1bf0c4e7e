"""The summary report as an Excel workbook, one sheet per section: the general facts, the
report's text, then each table. Counts are numbers and percentages are percent cells (the
exact two-decimal share as a fraction), so the workbook can be computed with."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from daihoi.core.documents import in_vietnamese
from daihoi.core.formatting import vi_date
from daihoi.reports import summary_text
from daihoi.reports.summary import SummaryFigures

PERCENT = "0.00%"
# Sheet names (Excel: at most 31 characters) by table key.
SHEET_NAMES = {
    "tien-do": "Tiến độ",
    "hinh-thuc": "Hình thức, nội dung",
    "loai-hinh": "Theo loại hình",
    "bi-thu": "Phiếu bầu bí thư",
    "cap-uy": "Cấp ủy",
    "lanh-dao": "BTV, bí thư, đại biểu",
    "don-vi": "Danh sách đơn vị",
}
GENERAL = "Thông tin chung"
TEXT = "Báo cáo"


def _bold_row(sheet: Any, row: int) -> None:
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _value(value: Any) -> Any:
    if isinstance(value, summary_text.Pct):
        return Decimal(value) / 100
    return value


def _general(sheet: Any, figures: SummaryFigures) -> None:
    sheet.title = GENERAL
    org = figures.organization
    directive = figures.directive
    rows = [
        ("Báo cáo", summary_text.title(figures)),
        ("Tổ chức", org.name),
        ("Mã tổ chức", org.code),
        ("Cấp ủy ban hành", figures.committee),
        ("Nhiệm kỳ", figures.term),
        (
            "Chỉ thị",
            f"{directive.number} ngày {vi_date(directive.issued_on)}" if directive else "",
        ),
        ("Số liệu tính đến ngày", vi_date(figures.as_of)),
        ("Đại hội của tổ chức", summary_text.own_congress(figures)),
    ]
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100


def _text(sheet: Any, figures: SummaryFigures) -> None:
    from openpyxl.styles import Alignment

    sheet.title = TEXT
    sheet.column_dimensions["A"].width = 140
    for section in summary_text.sections(figures):
        if section.heading:
            sheet.append([section.heading])
            _bold_row(sheet, sheet.max_row)
        for text in section.paragraphs:
            sheet.append([str(text)])
            cell = sheet.cell(sheet.max_row, 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(text, summary_text.Subheading):
                _bold_row(sheet, sheet.max_row)


def _table(sheet: Any, table: summary_text.Table) -> None:
    from openpyxl.utils import get_column_letter

    sheet.title = SHEET_NAMES[table.key]
    sheet.append([table.title])
    _bold_row(sheet, 1)
    sheet.append(list(table.header))
    _bold_row(sheet, 2)
    for values in table.rows:
        sheet.append([_value(v) for v in values])
        for column, value in enumerate(values, start=1):
            if isinstance(value, summary_text.Pct):
                sheet.cell(sheet.max_row, column).number_format = PERCENT
    for column, text in enumerate(table.header, start=1):
        width = 40 if text in ("Tên đơn vị", "Đơn vị thấp nhất", "Ghi chú") else 16
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B3"


@in_vietnamese
def summary_xlsx(figures: SummaryFigures) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    _general(workbook.active, figures)
    _text(workbook.create_sheet(), figures)
    for table in summary_text.tables(figures):
        _table(workbook.create_sheet(), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

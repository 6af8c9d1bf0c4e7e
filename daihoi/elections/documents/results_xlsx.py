"""The results of an election as an Excel workbook: a summary sheet of every closed round,
then one sheet per closed round. Votes are numbers and shares are percentages (numbers with
a percent format), so the workbook can be computed with; all of it from the stored results."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from daihoi.core.documents import in_vietnamese
from daihoi.elections.documents import data, labels
from daihoi.elections.models import Election, Round

SUMMARY = "Tổng hợp"
PERCENT = "0.00%"


def _share(text: str) -> Decimal:
    """ "86.36" (percent, exact) → 0.8636 (Excel's percent cells hold the fraction)."""
    return Decimal(text) / 100


def _bold_row(sheet: Any, row: int) -> None:
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _summary_sheet(sheet: Any, election: Election, rounds: list[Round]) -> None:
    sheet.title = SUMMARY
    sheet.append([election.title])
    sheet.append([election.congress.title])
    sheet.append([])
    header = [
        "Lần bầu",
        "Số lượng cần bầu",
        "Cơ sở tính kết quả (B)",
        "Số phiếu cần đạt",
        "Số phiếu thu vào",
        "Hợp lệ",
        "Không hợp lệ",
        "Số trúng cử",
        "Những đồng chí trúng cử (theo số phiếu)",
        "Bước tiếp theo",
    ]
    sheet.append(header)
    _bold_row(sheet, sheet.max_row)
    for round_ in rounds:
        result = round_.result or {}
        elected = labels.elected_in_order(result)
        sheet.append(
            [
                round_.number,
                round_.seats,
                result["threshold"]["base"],
                result["threshold"]["votes_needed"],
                result["ballots"]["received"],
                result["ballots"]["valid"],
                result["ballots"]["invalid"],
                len(elected),
                ", ".join(c["name"] for c in elected),
                labels.next_step(result, round_.seats),
            ]
        )
    if not rounds:
        sheet.append(["Chưa có lần bầu nào kết thúc."])
    _widths(sheet, [10, 12, 14, 12, 12, 10, 12, 10, 50, 50])


def _round_sheet(sheet: Any, round_: Round) -> None:
    result = round_.result or {}
    sheet.title = f"Lần {round_.number}"
    sheet.append([data.summary_line(round_)])
    sheet.append([])
    figures = [
        (labels.convened_label(round_.election.meeting), round_.convened),
        ("Số không tính vào cơ sở", round_.not_counted_in_base),
        ("Cơ sở tính kết quả (B)", result["threshold"]["base"]),
        ("Số phiếu cần đạt để trúng cử", result["threshold"]["votes_needed"]),
        (labels.present_label(round_.election.meeting), round_.present),
        ("Số phiếu phát ra", round_.ballots_issued),
        ("Số phiếu thu vào", result["ballots"]["received"]),
        ("Số phiếu hợp lệ", result["ballots"]["valid"]),
        ("Số phiếu không hợp lệ", result["ballots"]["invalid"]),
    ]
    figures += [
        (f"  {labels.invalid_reason(code)}", count)
        for code, count in result["ballots"]["invalid_by_reason"].items()
        if count
    ]
    for label, value in figures:
        sheet.append([label, value])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Họ và tên",
            "Số phiếu bầu",
            "Tỷ lệ so với B",
            "Tỷ lệ so với phiếu hợp lệ",
            "Kết quả",
        ]
    )
    _bold_row(sheet, sheet.max_row)
    for n, candidate in enumerate(result["candidates"], start=1):
        sheet.append(
            [
                n,
                candidate["name"],
                candidate["votes"],
                _share(candidate["share_of_base"]),
                _share(candidate["share_of_valid"]),
                labels.outcome(candidate["outcome"]),
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 4).number_format = PERCENT
        sheet.cell(row, 5).number_format = PERCENT
    sheet.append([])
    sheet.append([labels.next_step(result, round_.seats)])
    _widths(sheet, [40, 30, 14, 16, 22, 16])


def _widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


@in_vietnamese
def results_xlsx(election: Election) -> bytes:
    from openpyxl import Workbook

    rounds = data.closed_rounds(election)
    workbook = Workbook()
    _summary_sheet(workbook.active, election, rounds)
    for round_ in rounds:
        _round_sheet(workbook.create_sheet(), round_)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(election: Election) -> str:
    return f"ket-qua-bau-cu-{election.pk}.xlsx"

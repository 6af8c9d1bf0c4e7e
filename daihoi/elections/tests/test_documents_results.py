"""Results as .xlsx and .pptx (read back with openpyxl and python-pptx) and the hall display
board, all from the stored results of the closed rounds."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from daihoi.elections.documents import display, results_pptx, results_xlsx
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round
from daihoi.elections.tests.document_cases import executive_with_tie

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive(world):
    return executive_with_tie(world, revote=True)


def workbook(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def test_the_workbook_has_a_summary_and_one_sheet_per_closed_round(executive):
    book = workbook(results_xlsx.results_xlsx(executive.election))
    assert book.sheetnames == ["Tổng hợp", "Lần 1", "Lần 2"]
    summary = book["Tổng hợp"]
    assert summary["A1"].value == executive.election.title
    rows = list(summary.iter_rows(min_row=5, values_only=True))
    assert rows[0][:8] == (1, 4, 12, 7, 12, 10, 2, 3)
    assert rows[0][8] == "Nguyễn Văn An, Lê Thị Bình, Trần Văn Cường"
    assert rows[1][:8] == (2, 1, 12, 7, 12, 12, 0, 1)
    assert rows[1][8] == "Phạm Thị Dung"


def test_a_round_sheet_lists_every_candidate_with_numbers_and_percentages(executive):
    sheet = workbook(results_xlsx.results_xlsx(executive.election))["Lần 1"]
    values = list(sheet.iter_rows(values_only=True))
    header = values.index(
        (
            "STT",
            "Họ và tên",
            "Số phiếu bầu",
            "Tỷ lệ so với B",
            "Tỷ lệ so với phiếu hợp lệ",
            "Kết quả",
        )
    )
    table = values[header + 1 : header + 6]
    assert [row[1] for row in table] == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Trần Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
    ]
    assert [row[2] for row in table] == [10, 8, 8, 7, 7]
    assert Decimal(str(table[0][3])) == Decimal("0.8333")
    assert Decimal(str(table[0][4])) == Decimal("1")
    assert [row[5] for row in table] == ["Trúng cử"] * 3 + ["Bằng phiếu"] * 2
    assert sheet.cell(header + 2, 4).number_format == "0.00%"
    figures = dict(row[:2] for row in values[2:header] if row[0])
    assert figures["Cơ sở tính kết quả (B)"] == 12
    assert figures["  Ghi thêm tên ngoài danh sách"] == 1


def slide_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts += [p.text for p in shape.text_frame.paragraphs]
        if shape.has_table:
            for row in shape.table.rows:
                texts.append(" | ".join(cell.text for cell in row.cells))
    return texts


def test_one_slide_per_closed_round_with_the_elected_in_order_of_votes(executive):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(results_pptx.results_pptx(executive.election)))
    first, second = deck.slides
    texts = slide_texts(first)
    assert executive.election.title in texts
    assert "Bầu lần thứ nhất" in texts
    assert texts.index("1 | Nguyễn Văn An | 10 | 83,33%") < texts.index(
        "2 | Lê Thị Bình | 8 | 66,67%"
    )
    assert "3 | Trần Văn Cường | 8 | 66,67%" in texts
    assert any("Bầu lại giữa các đồng chí bằng phiếu" in t for t in texts)
    assert "1 | Phạm Thị Dung | 8 | 66,67%" in slide_texts(second)


def test_an_election_without_a_closed_round_still_gives_files_that_say_so(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1)
    open_first_round(election, team)
    from pptx import Presentation

    deck = Presentation(io.BytesIO(results_pptx.results_pptx(election)))
    assert "Chưa có lần bầu nào kết thúc." in slide_texts(deck.slides[0])
    book = workbook(results_xlsx.results_xlsx(election))
    assert book.sheetnames == ["Tổng hợp"]


def test_the_hall_display_shows_counting_while_open_and_the_result_once_closed(world):
    case = executive_with_tie(world, revote=False)
    board = display.board(case.election)
    assert not board.is_open
    assert [line.name for line in board.elected] == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Trần Văn Cường",
    ]
    assert board.elected[0].votes == "10" and board.elected[0].share_of_base == "83,33%"
    assert [line.outcome for line in board.others] == ["Bằng phiếu", "Bằng phiếu"]
    assert board.next_step.startswith("Bầu lại giữa")

    congress = case.election.congress
    team = make_team("x")
    other, _ = make_election(congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1)
    open_first_round(other, team, convened=12, present=12)
    counting = display.board(other)
    assert counting.is_open
    assert counting.confirmed == "0/12"

"""The summary report as .docx (the Party's document format, sentences like the seeds'
with Vietnamese numbers) and as .xlsx (read back: one sheet per section, numbers as
numbers, percentages as percent cells)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from daihoi.congresses.models import CongressResult
from daihoi.reports.summary import summary_figures
from daihoi.reports.summary_docx import summary_docx
from daihoi.reports.summary_xlsx import summary_xlsx
from daihoi.reports.tests.hierarchy import TERM, TODAY, build_hoa_thu

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    built = build_hoa_thu()
    # A four-digit figure, to see the thousands separator.
    CongressResult.objects.filter(congress=built.congresses["H1"]).update(delegates_elected=1234)
    return summary_figures(built.orgs["H"], TERM, today=TODAY)


def docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """(body paragraphs, tables as rows of cell texts) of a .docx."""
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_the_docx_has_the_party_header_and_the_title(figures):
    paragraphs, tables = docx_text(summary_docx(figures))
    left, right = tables[0][0]
    assert left.splitlines() == ["HUYỆN ỦY HÒA THỬ", "*", "Số .....-BC/HU"]
    assert right.splitlines() == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hòa Thử, ngày 15 tháng 7 năm 2020"]
    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 1] == (
        "Tổng kết công tác tổ chức đại hội các tổ chức đảng trực thuộc Đảng bộ huyện Hòa Thử, "
        "nhiệm kỳ 2020-2025"
    )


def test_a_report_under_a_superior_names_it_above_the_issuing_committee(figures):
    from daihoi.organizations.models import Organization

    h1 = Organization.objects.get(code="H1")
    _paragraphs, tables = docx_text(summary_docx(summary_figures(h1, TERM, today=TODAY)))
    assert tables[0][0][0].splitlines() == [
        "ĐẢNG BỘ HUYỆN HÒA THỬ",
        "ĐẢNG ỦY XÃ HÒA AN",
        "*",
        "Số .....-BC/ĐU",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị “Về đại hội đảng bộ các "
        "cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng”, Huyện ủy Hòa Thử báo "
        "cáo tổng kết",
        "Tính đến ngày 15/07/2020, 75% tổ chức cơ sở đảng đã hoàn thành đại hội (3/4 đơn vị); "
        "còn 1 đơn vị chưa đại hội; 1 đơn vị chưa có kế hoạch đại hội.",
        "Đối với đảng bộ xã, phường, thị trấn: 1/2 đảng bộ đại hội đại biểu, 1/2 đảng bộ đại hội "
        "toàn thể đảng viên.",
        "Đã chỉ đạo tổ chức 1 đại hội điểm, gồm: Đảng bộ xã Hòa An.",
        "Có 2/3 chi, đảng bộ cơ sở (66,67%) đại hội bầu trực tiếp bí thư tại đại hội (trừ Đảng "
        "bộ Công ty Hòa Phát); 3/3 đại hội thực hiện đủ 4 nội dung.",
        "đơn vị có tỷ lệ phiếu bầu bí thư thấp nhất đạt 82% (Đảng bộ xã Hòa Bình, đại hội toàn "
        "thể đảng viên, số đảng viên triệu tập 182 đảng viên)",
        "Đại hội đã bầu 35 đồng chí vào cấp ủy, trong đó tái cử 25 đồng chí (71,43%), tham gia "
        "lần đầu 10 đồng chí (28,57%), nữ 8 đồng chí (22,86%)",
        "8 đồng chí được bầu vào Ban Thường vụ; 3 đồng chí được bầu giữ chức vụ bí thư, 4 đồng "
        "chí phó bí thư; 11 đồng chí được bầu vào ủy ban kiểm tra.",
        "Các đại hội đã bầu 1.245 đại biểu chính thức và 3 đại biểu dự khuyết đi dự Đại hội "
        "Đảng bộ huyện Hòa Thử.",
        "2 đơn vị chưa đại hội đã quá thời hạn 30/06/2020: Chi bộ xóm Đông, Chi bộ xóm Tây",
        "Đại hội đại biểu Đảng bộ huyện Hòa Thử lần thứ XX, nhiệm kỳ 2020-2025: triệu tập 200 "
        "đại biểu chính thức, khai mạc ngày 10/08/2020.",
        "T/M BAN THƯỜNG VỤ",
    ],
)
def test_the_docx_says_the_figures_in_sentences(figures, sentence):
    paragraphs, tables = docx_text(summary_docx(figures))
    signature = tables[1][0][1]
    assert any(sentence in text for text in [*paragraphs, signature])


def test_the_docx_tables_give_every_level_in_vietnamese_numbers(figures):
    _paragraphs, tables = docx_text(summary_docx(figures))
    progress = next(t for t in tables if t[0][:2] == ["Cấp", "Số đơn vị"])
    assert progress[1] == [
        "Tổ chức cơ sở đảng",
        "4",
        "3",
        "3",
        "75,00%",
        "1",
        "0",
        "1",
        "1",
        "30/06/2020",
    ]
    assert progress[2][:5] == ["Chi bộ trực thuộc", "7", "6", "4", "57,14%"]
    leaders = next(t for t in tables if "Đại biểu chính thức" in t[0])
    assert leaders[1] == ["Tổ chức cơ sở đảng", "8", "3", "4", "11", "1.245", "3"]


def test_the_xlsx_has_one_sheet_per_section(figures):
    workbook = load_workbook(io.BytesIO(summary_xlsx(figures)))
    assert workbook.sheetnames == [
        "Thông tin chung",
        "Báo cáo",
        "Tiến độ",
        "Hình thức, nội dung",
        "Theo loại hình",
        "Phiếu bầu bí thư",
        "Cấp ủy",
        "BTV, bí thư, đại biểu",
        "Danh sách đơn vị",
    ]
    general = dict(workbook["Thông tin chung"].iter_rows(values_only=True))
    assert general["Cấp ủy ban hành"] == "Huyện ủy Hòa Thử"
    assert general["Chỉ thị"] == "35-CT/TW ngày 30/05/2019"
    text = [row[0] for row in workbook["Báo cáo"].iter_rows(values_only=True)]
    assert "II. KẾT QUẢ BẦU CỬ TẠI ĐẠI HỘI" in text
    assert any(t.startswith("Đại hội đã bầu 35 đồng chí vào cấp ủy") for t in text)


def test_the_xlsx_keeps_numbers_as_numbers_and_percentages_as_percent_cells(figures):
    workbook = load_workbook(io.BytesIO(summary_xlsx(figures)))
    sheet = workbook["Tiến độ"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Tổ chức cơ sở đảng", 4, 3, 3, 0.75, 1, 0, 1, 1, "30/06/2020")
    assert sheet.cell(3, 5).number_format == "0.00%"
    shares = list(workbook["Phiếu bầu bí thư"].iter_rows(min_row=3, values_only=True))
    assert shares[0] == ("Tổ chức cơ sở đảng", 2, 0.82, 1, 1, 1, 1, "Đảng bộ xã Hòa Bình")
    assert Decimal(str(shares[1][2])) == Decimal("0.9667")
    units = list(workbook["Danh sách đơn vị"].iter_rows(min_row=3, values_only=True))
    assert units == [
        ("Tổ chức cơ sở đảng", "H1", "Đảng bộ xã Hòa An", "Đại hội điểm"),
        ("Tổ chức cơ sở đảng", "H3", "Đảng bộ Công ty Hòa Phát", "Không bầu trực tiếp bí thư"),
        ("Tổ chức cơ sở đảng", "H4", "Chi bộ Trường Tiểu học Hòa Thử", "Chưa có kế hoạch đại hội"),
        ("Chi bộ trực thuộc", "H1-3", "Chi bộ thôn 3", "Không bầu trực tiếp bí thư"),
        ("Chi bộ trực thuộc", "H2-3", "Chi bộ xóm Nam", "Không bầu trực tiếp bí thư"),
        ("Chi bộ trực thuộc", "H2-1", "Chi bộ xóm Đông", "Chậm tiến độ (đang chuẩn bị)"),
        ("Chi bộ trực thuộc", "H2-2", "Chi bộ xóm Tây", "Chậm tiến độ (đã lên kế hoạch)"),
        ("Chi bộ trực thuộc", "H3-1", "Chi bộ phân xưởng 1", "Chưa có kế hoạch đại hội"),
    ]

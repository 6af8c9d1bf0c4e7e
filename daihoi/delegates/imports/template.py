"""A file to start from: the template workbook (headers, examples fitting the congress, a
sheet explaining every column) and the guide the import page shows too."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.delegates.imports.reading import MAX_BYTES, MAX_ROWS
from daihoi.delegates.imports.rows import COLUMNS, count_text
from daihoi.organizations.queries import subtree


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

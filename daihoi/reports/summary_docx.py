"""The summary report as .docx in the Party's document format (core.documents): header
with the superior body and the issuing committee, "BÁO CÁO" and its summary line, the
prose sections, the signature, then the tables on landscape pages (an appendix)."""

from __future__ import annotations

import io
from typing import Any

from daihoi.core.documents import PartyHeader, docx_title, in_vietnamese, new_docx
from daihoi.organizations.models import OrganizationForm
from daihoi.organizations.queries import path_to
from daihoi.reports import rules, summary_text
from daihoi.reports.summary import SummaryFigures

BLANK_NUMBER = "....."


def party_header(figures: SummaryFigures) -> PartyHeader:
    """Superior body: the parent organization (ĐẢNG BỘ TỈNH QUẢNG NINH); issuing body: the
    organization's committee (THÀNH ỦY UÔNG BÍ); the number left for a hand to fill in."""
    org = figures.organization
    ancestors = path_to(org)[:-1]
    parent = ancestors[-1] if ancestors else None
    symbol = rules.document_symbol(org.name, org.level)
    return PartyHeader(
        issuing_body=figures.committee.upper(),
        superior_body=parent.name.upper() if parent else "",
        number=f"Số {BLANK_NUMBER}-BC/{symbol}",
        place=rules.place_of([org.name, *(a.name for a in reversed(ancestors))]),
        date=figures.as_of,
    )


def _paragraph(document: Any, text: str, *, bold: bool = False, indent: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.bold = bold


def _signature(document: Any, figures: SummaryFigures) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    first = left.paragraphs[0]
    run = first.add_run("Nơi nhận:")
    run.italic, run.bold, run.underline = True, True, True
    run.font.size = Pt(12)
    for line in ("- Cấp ủy cấp trên (để báo cáo),", "- Lưu Văn phòng."):
        run = left.add_paragraph().add_run(line)
        run.font.size = Pt(12)
    capacity = (
        "T/M CHI ỦY"
        if figures.organization.form == OrganizationForm.CHI_BO
        else "T/M BAN THƯỜNG VỤ"
    )
    paragraph = right.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(capacity).bold = True
    for _ in range(4):
        right.add_paragraph()


def _landscape_section(document: Any) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _table(document: Any, table: summary_text.Table) -> None:
    from docx.shared import Pt

    heading = document.add_paragraph()
    heading.paragraph_format.space_before = Pt(10)
    heading.add_run(table.title).bold = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(11)
    if not table.rows:
        row = grid.add_row().cells
        row[0].paragraphs[0].add_run("Không có").font.size = Pt(11)
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(summary_text.cell_text(value))
            run.font.size = Pt(11)


@in_vietnamese
def summary_docx(figures: SummaryFigures) -> bytes:
    document = new_docx(party_header(figures))
    docx_title(document, "BÁO CÁO", summary_text.title(figures))
    document.add_paragraph()
    for section in summary_text.sections(figures):
        if section.heading:
            _paragraph(document, section.heading, bold=True, indent=False)
        for text in section.paragraphs:
            is_sub = isinstance(text, summary_text.Subheading)
            _paragraph(document, text, bold=is_sub, indent=not is_sub)
    _signature(document, figures)
    _landscape_section(document)
    _paragraph(document, "PHỤ LỤC: CÁC BẢNG SỐ LIỆU", bold=True, indent=False)
    for table in summary_text.tables(figures):
        _table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""The Party's document format, in one place (shared/domain/document-format.md):
issuing body top left with "*", "ĐẢNG CỘNG SẢN VIỆT NAM" top right with a rule under it,
place and date in italics, document type and summary centred, Times-style serif, A4,
margins 20/20/30/15 mm. Builders for .docx (python-docx) and .pdf (reportlab) share the
header data so both outputs read the same.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.utils import translation

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SERIF = "DaihoiSerif"  # Liberation Serif 2 (metric-compatible with Times New Roman, SIL OFL)
WORD_FONT = "Times New Roman"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"

P = ParamSpec("P")
R = TypeVar("R")


def in_vietnamese(build: Callable[P, R]) -> Callable[P, R]:
    """Build a Party document (minutes, ballots, reports, their exports) in Vietnamese
    whatever language the user reads the site in: the labels it borrows from models
    (bodies, kinds, levels, statuses) must not come out in English. A fresh override per
    call, so concurrent requests in other languages are unaffected."""

    @functools.wraps(build)
    def built_in_vietnamese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override("vi"):
            return build(*args, **kwargs)

    return built_in_vietnamese


# Margins in millimetres: top, bottom, left, right (UNCONFIRMED in the sources; a setting).
MARGINS_MM = (20, 20, 30, 15)


@dataclass(frozen=True)
class PartyHeader:
    issuing_body: str  # "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ THÀNH PHỐ UÔNG BÍ LẦN THỨ XXI"
    superior_body: str = ""  # "ĐẢNG BỘ TỈNH QUẢNG NINH"
    number: str = ""  # "Số 12-BB/ĐH" — written without a colon after "Số"
    place: str = ""
    date: dt.date | None = None


# --- reportlab ---------------------------------------------------------------------------
_fonts_registered = False


def register_pdf_fonts() -> str:
    """Register the shipped serif (regular, bold, italic, bold italic) once; return its name."""
    global _fonts_registered
    if not _fonts_registered:
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        faces = {
            SERIF: "LiberationSerif-Regular.ttf",
            f"{SERIF}-Bold": "LiberationSerif-Bold.ttf",
            f"{SERIF}-Italic": "LiberationSerif-Italic.ttf",
            f"{SERIF}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
        }
        for name, file in faces.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, f"{SERIF}-Bold")
        addMapping(SERIF, 0, 1, f"{SERIF}-Italic")
        addMapping(SERIF, 1, 1, f"{SERIF}-BoldItalic")
        _fonts_registered = True
    return SERIF


def pdf_styles() -> dict[str, object]:
    """Paragraph styles for Party documents (sizes per document-format.md)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_pdf_fonts()
    base = ParagraphStyle(
        "body", fontName=SERIF, fontSize=14, leading=18, alignment=TA_JUSTIFY, spaceAfter=4
    )
    return {
        "body": base,
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "doc_type": ParagraphStyle(
            "doc_type",
            parent=base,
            fontName=f"{SERIF}-Bold",
            fontSize=16,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=2,
        ),
        "summary": ParagraphStyle(
            "summary", parent=base, fontName=f"{SERIF}-Bold", alignment=TA_CENTER, spaceAfter=10
        ),
        "heading": ParagraphStyle("heading", parent=base, fontName=f"{SERIF}-Bold", spaceBefore=6),
        "small": ParagraphStyle("small", parent=base, fontSize=12, leading=15),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=12, leading=14, alignment=TA_LEFT, spaceAfter=0
        ),
        "cell_num": ParagraphStyle(
            "cell_num", parent=base, fontSize=12, leading=14, alignment=TA_RIGHT, spaceAfter=0
        ),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=base,
            fontName=f"{SERIF}-Bold",
            fontSize=12,
            leading=14,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
    }


def pdf_header_flowables(header: PartyHeader, width: float) -> list[object]:
    """The two-column header as reportlab flowables (a borderless table)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from daihoi.core.formatting import vi_date_line

    register_pdf_fonts()
    centre = ParagraphStyle("hc", fontName=SERIF, fontSize=13, leading=16, alignment=TA_CENTER)
    bold = ParagraphStyle("hb", parent=centre, fontName=f"{SERIF}-Bold")
    party = ParagraphStyle("hp", parent=bold, fontSize=14)
    italic = ParagraphStyle("hi", parent=centre, fontName=f"{SERIF}-Italic")
    left: list[object] = []
    if header.superior_body:
        left.append(Paragraph(escape(header.superior_body.upper()), centre))
    left.append(Paragraph(escape(header.issuing_body.upper()), bold))
    left.append(Paragraph("*", centre))
    if header.number:
        left.append(Paragraph(escape(header.number), centre))
    right: list[object] = [Paragraph(f"<u>{escape(PARTY)}</u>", party), Spacer(1, 6)]
    if header.place and header.date:
        right.append(Paragraph(escape(vi_date_line(header.place, header.date)), italic))
    table = Table([[left, right]], colWidths=[width * 0.46, width * 0.54])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 14)]


# --- python-docx -------------------------------------------------------------------------
def new_docx(header: PartyHeader):  # type: ignore[no-untyped-def]
    """A python-docx Document with A4 page, margins, Times New Roman 14 pt and the header."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from daihoi.core.formatting import vi_date_line

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), WORD_FONT)

    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left_cell, right_cell = table.rows[0].cells
    left_cell.width, right_cell.width = Mm(75), Mm(90)

    def line(
        cell,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,  # type: ignore[no-untyped-def]
        underline: bool = False,
        size: int = 14,
        first: bool = False,
    ) -> None:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    first = True
    if header.superior_body:
        line(left_cell, header.superior_body.upper(), first=True)
        first = False
    line(left_cell, header.issuing_body.upper(), bold=True, first=first)
    line(left_cell, "*")
    if header.number:
        line(left_cell, header.number)
    line(right_cell, PARTY, bold=True, underline=True, size=15, first=True)
    if header.place and header.date:
        line(right_cell, "")
        line(right_cell, vi_date_line(header.place, header.date), italic=True)
    document.add_paragraph()
    return document


def docx_title(document, doc_type: str, summary: str = "") -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(doc_type.upper())
    run.bold = True
    run.font.size = Pt(16)
    if summary:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(summary)
        run.bold = True


def docx_page_numbers(document) -> None:  # type: ignore[no-untyped-def]
    """A PAGE field, top centre, on every page but the first (document-format.md)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# --- QR codes (ballots, badges) ----------------------------------------------------------------


def qr_code(payload: str):  # type: ignore[no-untyped-def]
    """The QR of a printed document (segno, error correction M)."""
    import segno

    return segno.make_qr(payload, error="m")


def qr_squares(
    payload: str, *, x: float, y: float, size: float, quiet_modules: int
) -> Iterator[tuple[float, float, float]]:
    """The dark modules of `payload`'s QR drawn in a `size` square whose top-left corner is at
    (x, y), y growing downwards, in any unit, with a quiet zone of `quiet_modules` modules on
    each side: (left, top, side) of each module."""
    matrix = qr_code(payload).matrix
    side = size / (len(matrix) + 2 * quiet_modules)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                yield x + (quiet_modules + c) * side, y + (quiet_modules + r) * side, side

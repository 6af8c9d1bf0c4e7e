"""One content model for a Party-format document, and its two renderings.

A document is a header (core.documents.PartyHeader), a type ("BIÊN BẢN KIỂM PHIẾU"), a
summary line and a sequence of blocks: paragraphs, tables and a signature block. The .docx
(python-docx, for officials who edit in Word) and the .pdf (reportlab, for printing and
archiving) are both rendered from the same blocks, so they cannot say different things.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape

from daihoi.core.documents import (
    MARGINS_MM,
    SERIF,
    PartyHeader,
    docx_page_numbers,
    docx_title,
    new_docx,
    pdf_header_flowables,
    pdf_styles,
    register_pdf_fonts,
)

ParagraphStyleName = Literal["body", "heading", "item", "subitem", "note", "center"]
Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyleName = "body"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width, summing to 1
    align: tuple[Align, ...]
    font_size: int = 12


@dataclass(frozen=True)
class Signer:
    capacity: str  # "TRƯỞNG BAN KIỂM PHIẾU"
    names: tuple[str, ...]  # each signs: space for the signature, then the full name


@dataclass(frozen=True)
class Signatures:
    left: Signer | None
    right: Signer


Block = Paragraph | Table | Signatures


@dataclass(frozen=True)
class PartyDocument:
    header: PartyHeader
    doc_type: str
    summary: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    landscape: bool = False


# --- PDF (reportlab) ------------------------------------------------------------------------
MM = 72 / 25.4
SIGNATURE_SPACE_MM = 22
KEEP_TOGETHER_ROWS = 20


def _pdf_paragraph_styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    styles: dict[str, Any] = pdf_styles()
    body = styles["body"]
    styles["item"] = ParagraphStyle("item", parent=body, leftIndent=8 * MM)
    styles["subitem"] = ParagraphStyle("subitem", parent=body, leftIndent=16 * MM)
    styles["note"] = ParagraphStyle(
        "note", parent=body, fontName=f"{SERIF}-Italic", fontSize=12, leading=15
    )
    styles["sign_capacity"] = ParagraphStyle(
        "sign_capacity", parent=styles["center"], fontName=f"{SERIF}-Bold", spaceAfter=0
    )
    styles["sign_name"] = ParagraphStyle(
        "sign_name", parent=styles["center"], fontName=f"{SERIF}-Bold", spaceAfter=8
    )
    return styles


def _pdf_table(block: Table, width: float, styles: dict[str, Any]) -> Any:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    alignment = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
    size = block.font_size
    head = ParagraphStyle(
        "th", parent=styles["cell_head"], fontSize=size, leading=size + 2, alignment=TA_CENTER
    )
    cells = [
        ParagraphStyle(
            f"td{i}",
            parent=styles["cell"],
            fontSize=size,
            leading=size + 2,
            alignment=alignment[a],
        )
        for i, a in enumerate(block.align)
    ]
    data = [[RLParagraph(escape(text), head) for text in block.header]]
    for row in block.rows:
        data.append(
            [
                RLParagraph(escape(text).replace("\n", "<br/>"), cells[i])
                for i, text in enumerate(row)
            ]
        )
    table = RLTable(data, colWidths=[w * width for w in block.widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _pdf_signer(signer: Signer | None, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Spacer

    if signer is None:
        return []
    cell: list[Any] = [RLParagraph(escape(signer.capacity), styles["sign_capacity"])]
    for name in signer.names:
        cell.append(Spacer(1, SIGNATURE_SPACE_MM * MM))
        cell.append(RLParagraph(escape(name), styles["sign_name"]))
    return cell


def _pdf_signatures(block: Signatures, width: float, styles: dict[str, Any]) -> Any:
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    table = RLTable(
        [[_pdf_signer(block.left, styles), _pdf_signer(block.right, styles)]],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _page_number(canvas: Any, document: Any) -> None:
    """Page numbers from page 2, top centre (document-format.md)."""
    canvas.saveState()
    canvas.setFont(SERIF, 12)
    width, height = document.pagesize
    canvas.drawCentredString(width / 2, height - 12 * MM, str(document.page))
    canvas.restoreState()


def render_pdf(doc: PartyDocument) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer
    from reportlab.platypus import Paragraph as RLParagraph

    register_pdf_fonts()
    styles = _pdf_paragraph_styles()
    buffer = io.BytesIO()
    top, bottom, left, right = MARGINS_MM
    pagesize = landscape(A4) if doc.landscape else A4
    template = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        topMargin=top * MM,
        bottomMargin=bottom * MM,
        leftMargin=left * MM,
        rightMargin=right * MM,
        title=f"{doc.doc_type} — {doc.summary}",
        author=doc.header.issuing_body,
    )
    width = template.width
    story: list[Any] = list(pdf_header_flowables(doc.header, width))
    story.append(RLParagraph(escape(doc.doc_type.upper()), styles["doc_type"]))
    if doc.summary:
        story.append(RLParagraph(escape(doc.summary), styles["summary"]))
    previous: Block | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            story.append(RLParagraph(escape(block.text), styles[block.style]))
        elif isinstance(block, Table):
            table = _pdf_table(block, width, styles)
            # A table that fits on a page is not split, and its heading stays with it.
            if len(block.rows) <= KEEP_TOGETHER_ROWS:
                kept = [Spacer(1, 4), table, Spacer(1, 8)]
                if isinstance(previous, Paragraph) and previous.style == "heading":
                    kept.insert(0, story.pop())
                story.append(KeepTogether(kept))
            else:
                story += [Spacer(1, 4), table, Spacer(1, 8)]
        else:
            # Signatures never stand alone on a page: the closing paragraph goes with them.
            kept = [Spacer(1, 10), _pdf_signatures(block, width, styles)]
            if isinstance(previous, Paragraph):
                kept.insert(0, story.pop())
            story.append(KeepTogether(kept))
        previous = block
    template.build(story, onLaterPages=_page_number)
    return buffer.getvalue()


# --- DOCX (python-docx) ---------------------------------------------------------------------
def _docx_paragraph(document: Any, block: Paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER if block.style == "center" else WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    if block.style == "item":
        fmt.left_indent = Mm(8)
    elif block.style == "subitem":
        fmt.left_indent = Mm(16)
    run = paragraph.add_run(block.text)
    if block.style == "heading":
        run.bold = True
        fmt.space_before = Pt(6)
    if block.style == "note":
        run.italic = True
        run.font.size = Pt(12)


def _docx_table(document: Any, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }
    section = document.sections[0]
    width_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    for r, row in enumerate((block.header, *block.rows)):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(width_mm * block.widths[c])
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            for i, line in enumerate(lines):
                if i:
                    paragraph = cell.add_paragraph()
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if r == 0 else alignment[block.align[c]]
                )
                paragraph.paragraph_format.space_after = Pt(0)
                run = paragraph.add_run(line)
                run.bold = r == 0
                run.font.size = Pt(block.font_size)
    document.add_paragraph()


def _docx_signatures(document: Any, block: Signatures) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    if document.paragraphs:  # the closing paragraph stays on the signatures' page
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    for cell, signer in zip(table.rows[0].cells, (block.left, block.right), strict=True):
        if signer is None:
            continue
        first = cell.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.add_run(signer.capacity).bold = True
        for name in signer.names:
            space = cell.add_paragraph()
            space.paragraph_format.space_after = Pt(SIGNATURE_SPACE_MM * 72 / 25.4 - 14)
            line = cell.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.add_run(name).bold = True


def render_docx(doc: PartyDocument) -> bytes:
    document = new_docx(doc.header)
    docx_page_numbers(document)
    docx_title(document, doc.doc_type, doc.summary)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _docx_paragraph(document, block)
        elif isinstance(block, Table):
            _docx_table(document, block)
        else:
            _docx_signatures(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

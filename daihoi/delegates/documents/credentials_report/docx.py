"""The credentials report as a Party-format .docx (core.documents: header, title, Times New
Roman 14 pt, A4): `render_docx` writes a `CredentialsReport` (no database) — its text blocks,
the composition table, the head's signature — and `credentials_report_docx` reads the roster
first (roster).
"""

from __future__ import annotations

import io
from typing import Any

from daihoi.congresses.models import Congress
from daihoi.core.documents import (
    docx_page_numbers,
    docx_title,
    in_vietnamese,
    new_docx,
)
from daihoi.delegates.documents.credentials_report.content import (
    CompositionTable,
    CredentialsReport,
    Signature,
    Text,
)
from daihoi.delegates.documents.credentials_report.roster import report_context

SIGNATURE_SPACE_MM = 22


def _docx_text(document: Any, block: Text) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if block.style == "item":
        fmt.left_indent = Mm(8)
    elif block.style == "subitem":
        fmt.left_indent = Mm(16)
    run = paragraph.add_run(block.text)
    if block.style == "heading":
        run.bold = True
        fmt.space_before = Pt(6)
        fmt.keep_with_next = True
    elif block.style == "note":
        run.italic = True
        run.font.size = Pt(12)


def _docx_table(document: Any, block: CompositionTable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    widths = (0.09, 0.57, 0.17, 0.17)
    align = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    section = document.sections[0]
    width_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    rows = [(block.header, True, True)] + [
        ((row.number, row.label, row.count, row.share), row.group, False) for row in block.rows
    ]
    for r, (cells, bold, head) in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = Mm(width_mm * widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if head else align[c]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(12)
    document.add_paragraph()


def _docx_signature(document: Any, signature: Signature) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    if document.paragraphs:  # the closing paragraph stays on the signature's page
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = table.rows[0].cells[1]
    first = True
    for line in signature.capacity:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).bold = True
    space = cell.add_paragraph()
    space.paragraph_format.space_after = Pt(SIGNATURE_SPACE_MM * 72 / 25.4 - 14)
    name = cell.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(signature.name).bold = True


def render_docx(report: CredentialsReport) -> bytes:
    """The report as a Party-format .docx (no database)."""
    document = new_docx(report.header)
    docx_page_numbers(document)
    docx_title(document, report.doc_type, report.summary)
    for block in report.blocks:
        if isinstance(block, Text):
            _docx_text(document, block)
        else:
            _docx_table(document, block)
    _docx_signature(document, report.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@in_vietnamese
def credentials_report_docx(congress: Congress, *, number: str = "") -> bytes:
    """The credentials report of `congress` as .docx."""
    return render_docx(report_context(congress, number=number))

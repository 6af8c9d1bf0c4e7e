"""Reading generated documents back in tests: text out of PDF (pypdfium2) and .docx
(python-docx, paragraphs and tables in body order), and PDF pages as images."""

from __future__ import annotations

import io
import unicodedata
from typing import Any


def normalize(text: str) -> str:
    """NFC, \\n line ends, no trailing spaces, one final newline."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def pdf_pages(content: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdf_text(content: bytes) -> str:
    pages = pdf_pages(content)
    parts = []
    for number, text in enumerate(pages, start=1):
        if number > 1:
            parts.append(f"=== trang {number} ===")
        parts.append(text)
    return normalize("\n".join(parts))


def pdf_flow_text(content: bytes) -> str:
    """The text as one flow: no page markers, and no page numbers heading pages 2, 3, …"""
    pages = []
    for number, text in enumerate(pdf_pages(content), start=1):
        lines = normalize(text).split("\n")
        if number > 1 and lines and lines[0].strip() == str(number):
            lines = lines[1:]
        pages.append("\n".join(lines))
    return normalize("\n".join(pages))


def pdf_image(content: bytes, *, dpi: int = 100, page: int = 0) -> Any:
    """The page rendered as a greyscale PIL image at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def pdf_page_size_mm(content: bytes) -> tuple[float, float]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return (width * 25.4 / 72, height * 25.4 / 72)


def docx_text(content: bytes) -> str:
    """Every paragraph and table row of the body, in order; a table row reads
    "| cell | cell |" with a cell's paragraphs joined by " / "."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(content))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [
                    " / ".join(p.text for p in cell.paragraphs if p.text.strip())
                    for cell in row.cells
                ]
                lines.append("| " + " | ".join(cells) + " |")
    return normalize("\n".join(lines))


def words(text: str) -> str:
    """Text with all whitespace collapsed (to compare documents that wrap differently)."""
    return " ".join(text.split())

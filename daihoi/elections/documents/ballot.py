"""The printed ballot (phiếu bầu cử) of one round, drawn with reportlab at exact positions.

The geometry lives in `BallotLayout` (millimetres from the TOP-LEFT corner of the page, y
downwards, as in a scanned image) so that the scanner can find the registration marks, the
QR code, every name's row and every box without reading the PDF. A layout depends only on
the paper size, the ballot style and the number of names; the registration marks depend
only on the paper size. docs/ballot-layout.md describes it.

The QR code carries {"e": election id, "r": round number, "v": LAYOUT_VERSION} and nothing
else: every ballot of a round is identical (no serial number), as the secret ballot requires.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from daihoi.core.documents import (
    PARTY,
    SERIF,
    in_vietnamese,
    qr_squares,
    register_pdf_fonts,
)
from daihoi.core.formatting import vi_int
from daihoi.elections.documents import data, labels
from daihoi.elections.models import BallotStyle, Round

#: Bump whenever any position below changes: the scanner picks the geometry by this number.
LAYOUT_VERSION = 1

TITLE = "PHIẾU BẦU CỬ"
STAMP_LABEL = "Dấu của cấp ủy triệu tập"
TABLE_HEADER = ("STT", "Họ và tên", "Đồng ý", "Không đồng ý")

PT_PER_MM = 72 / 25.4


class BallotLayoutError(ValueError):
    """The names do not fit on the chosen paper; the message is Vietnamese."""


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres: (x, y) is its top-left corner, measured from the page's
    top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class PaperGeometry:
    """What is fixed for a paper size (every ballot printed on it shares these)."""

    width: float
    height: float
    margin: float  # printed content keeps this far from every edge
    mark_size: float  # registration marks: solid squares of this side
    mark_inset: float  # distance from the paper's edges to each mark's outer sides
    header_height: float
    title_band: float  # title, what is elected, seats, round: always this tall
    qr_size: float  # the QR code's square, quiet zone included
    row_preferred: float  # row height of a name when there is room
    row_minimum: float  # below this the names go in two columns (or do not fit)
    name_font: float  # preferred size (pt) of a name
    strike_indent: float  # single-column strike list: left indent of the numbers


PAPERS: dict[str, PaperGeometry] = {
    "A4": PaperGeometry(
        width=210,
        height=297,
        margin=14,
        mark_size=5,
        mark_inset=6,
        header_height=30,
        title_band=34,
        qr_size=20,
        row_preferred=9,
        row_minimum=5.5,
        name_font=14,
        strike_indent=30,
    ),
    "A5": PaperGeometry(
        width=148,
        height=210,
        margin=12,
        mark_size=5,
        mark_inset=6,
        header_height=26,
        title_band=30,
        qr_size=16,
        row_preferred=8,
        row_minimum=5,
        name_font=13,
        strike_indent=12,
    ),
}

HEADER_TOP = 13.0  # from the top edge: the header (and the stamp area around its left half)
COLUMN_GAP = 6.0  # between the two columns of a long list
QR_GAP = 3.0  # between the names and the QR band
# Agree/disagree table columns (mm): STT, then the name takes what is left, then two boxes.
TABLE_NUMBER_WIDTH = {"A4": 12.0, "A5": 9.0}
TABLE_BOX_COLUMN = {"A4": 24.0, "A5": 19.0}
BOX_SIDE = 6.0  # the empty square to mark


@dataclass(frozen=True)
class NameSlot:
    """Where name `number` is printed: its row and, on agree/disagree ballots, the two boxes
    (the empty squares, not their table cells)."""

    number: int
    row: Box
    agree: Box | None = None
    disagree: Box | None = None


@dataclass(frozen=True)
class BallotLayout:
    version: int
    paper: str
    width: float
    height: float
    style: str
    marks: tuple[Box, Box, Box, Box]  # top-left, top-right, bottom-left, bottom-right
    stamp: Box
    header: Box
    title: Box
    names: Box  # the area the list or table occupies
    qr: Box
    columns: int
    row_height: float
    font_size: float  # the names' size in points
    table_headers: tuple[Box, ...]  # agree/disagree: the header row of each column
    slots: tuple[NameSlot, ...]


def registration_marks(paper: str) -> tuple[Box, Box, Box, Box]:
    """The four solid squares, identical on every ballot of this paper size."""
    g = PAPERS[paper]
    near, side = g.mark_inset, g.mark_size
    far_x, far_y = g.width - near - side, g.height - near - side
    return (
        Box(near, near, side, side),
        Box(far_x, near, side, side),
        Box(near, far_y, side, side),
        Box(far_x, far_y, side, side),
    )


def _columns(g: PaperGeometry, area_height: float, count: int, header: bool) -> tuple[int, float]:
    for columns in (1, 2):
        rows = math.ceil(count / columns) + (1 if header else 0)
        height = min(g.row_preferred, area_height / rows)
        if height >= g.row_minimum:
            return columns, height
    raise BallotLayoutError(
        f"Không đủ chỗ in {count} tên trên phiếu khổ giấy này; hãy chọn khổ A4."
        if g.width < PAPERS["A4"].width
        else f"Không đủ chỗ in {count} tên trên một tờ phiếu A4."
    )


def ballot_layout(paper: str, style: str, count: int) -> BallotLayout:
    """The exact geometry of a ballot with `count` names."""
    if paper not in PAPERS:
        raise BallotLayoutError(f"Khổ giấy {paper} không được hỗ trợ (A4 hoặc A5).")
    g = PAPERS[paper]
    content_width = g.width - 2 * g.margin
    header = Box(g.margin, HEADER_TOP, content_width, g.header_height)
    stamp = Box(g.margin - 2, HEADER_TOP - 2, content_width * 0.46 + 4, g.header_height + 2)
    title = Box(g.margin, header.bottom + 3, content_width, g.title_band)
    qr = Box(g.width - g.margin - g.qr_size, g.height - g.margin - g.qr_size, g.qr_size, g.qr_size)
    names_top = title.bottom + 2
    names = Box(g.margin, names_top, content_width, qr.y - QR_GAP - names_top)
    agree_disagree = style == BallotStyle.AGREE_DISAGREE
    columns, row_h = _columns(g, names.h, count, header=agree_disagree)
    font = min(g.name_font, round(row_h * PT_PER_MM * 0.62, 1))
    column_width = (names.w - COLUMN_GAP * (columns - 1)) / columns
    per_column = math.ceil(count / columns)
    slots: list[NameSlot] = []
    table_headers: list[Box] = []
    for column in range(columns):
        if agree_disagree:
            x = names.x + column * (column_width + COLUMN_GAP)
            width = column_width
            table_headers.append(Box(x, names.y, width, row_h))
            first_row_y = names.y + row_h
        else:
            indent = g.strike_indent if columns == 1 else 0.0
            x = names.x + indent + column * (column_width + COLUMN_GAP)
            width = column_width - 2 * indent
            first_row_y = names.y
        for i in range(per_column):
            number = column * per_column + i + 1
            if number > count:
                break
            row = Box(x, first_row_y + i * row_h, width, row_h)
            slots.append(_slot(number, row, paper) if agree_disagree else NameSlot(number, row))
    return BallotLayout(
        version=LAYOUT_VERSION,
        paper=paper,
        width=g.width,
        height=g.height,
        style=style,
        marks=registration_marks(paper),
        stamp=stamp,
        header=header,
        title=title,
        names=names,
        qr=qr,
        columns=columns,
        row_height=row_h,
        font_size=font,
        table_headers=tuple(table_headers),
        slots=tuple(slots),
    )


def table_columns(row: Box, paper: str) -> tuple[Box, Box, Box, Box]:
    """The four cells of an agree/disagree row: STT, name, agree, disagree."""
    number_w, box_w = TABLE_NUMBER_WIDTH[paper], TABLE_BOX_COLUMN[paper]
    name_w = row.w - number_w - 2 * box_w
    return (
        Box(row.x, row.y, number_w, row.h),
        Box(row.x + number_w, row.y, name_w, row.h),
        Box(row.x + number_w + name_w, row.y, box_w, row.h),
        Box(row.x + number_w + name_w + box_w, row.y, box_w, row.h),
    )


def _square_in(cell: Box) -> Box:
    side = min(BOX_SIDE, cell.h - 2)
    cx, cy = cell.centre
    return Box(cx - side / 2, cy - side / 2, side, side)


def _slot(number: int, row: Box, paper: str) -> NameSlot:
    _, _, agree, disagree = table_columns(row, paper)
    return NameSlot(number, row, _square_in(agree), _square_in(disagree))


def qr_payload(election_id: int, round_number: int) -> str:
    """What the QR code carries (compact JSON): the same on every ballot of the round."""
    return json.dumps(
        {"e": election_id, "r": round_number, "v": LAYOUT_VERSION}, separators=(",", ":")
    )


QR_QUIET_MODULES = 4  # the standard quiet zone, inside the QR box


@dataclass(frozen=True)
class BallotContent:
    """Everything printed on the ballot besides the fixed geometry."""

    superior_body: str
    issuing_body: str
    what: str  # "Ban Chấp hành Đảng bộ huyện An Lạc nhiệm kỳ 2025-2030"
    seats: int
    round_number: int
    style: str
    names: tuple[str, ...]  # as printed, in ballot order (number = position + 1)
    payload: str


# --- Drawing --------------------------------------------------------------------------------
class _Page:
    """Draws in the layout's coordinates (mm from top-left) on a reportlab canvas."""

    def __init__(self, canvas: Any, layout: BallotLayout) -> None:
        self.c = canvas
        self.height = layout.height

    def rect(self, box: Box, *, fill: bool = False, stroke: bool = True) -> None:
        self.c.rect(
            box.x * PT_PER_MM,
            (self.height - box.bottom) * PT_PER_MM,
            box.w * PT_PER_MM,
            box.h * PT_PER_MM,
            fill=int(fill),
            stroke=int(stroke),
        )

    def paragraph(self, markup: str, style: Any, box: Box, *, valign: str = "top") -> float:
        """Draw a wrapped paragraph inside `box` (shrinking the type until it fits); return
        the height used in mm."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        size = style.fontSize
        while True:
            fitted = ParagraphStyle(
                f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.2
            )
            paragraph = Paragraph(markup, fitted)
            _, height = paragraph.wrap(box.w * PT_PER_MM, box.h * PT_PER_MM)
            if height <= box.h * PT_PER_MM or size <= 6:
                break
            size -= 0.5
        offset = 0.0
        if valign == "middle":
            offset = (box.h * PT_PER_MM - height) / 2
        y = (self.height - box.y) * PT_PER_MM - offset - height
        paragraph.drawOn(self.c, box.x * PT_PER_MM, y)
        return height / PT_PER_MM

    def text(self, text: str, x: float, baseline: float, *, font: str, size: float) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x * PT_PER_MM, (self.height - baseline) * PT_PER_MM, text)

    def centred(self, text: str, box: Box, *, font: str, size: float) -> None:
        self.c.setFont(font, size)
        baseline = box.y + box.h / 2 + size * 0.35 / PT_PER_MM
        self.c.drawCentredString(
            (box.x + box.w / 2) * PT_PER_MM, (self.height - baseline) * PT_PER_MM, text
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.c.line(
            x1 * PT_PER_MM,
            (self.height - y1) * PT_PER_MM,
            x2 * PT_PER_MM,
            (self.height - y2) * PT_PER_MM,
        )


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    register_pdf_fonts()
    centre = ParagraphStyle("b-centre", fontName=SERIF, fontSize=11, alignment=TA_CENTER)
    return {
        "superior": centre,
        "issuing": ParagraphStyle("b-issuing", parent=centre, fontName=f"{SERIF}-Bold"),
        "party": ParagraphStyle("b-party", parent=centre, fontName=f"{SERIF}-Bold", fontSize=12),
        "title": ParagraphStyle("b-title", parent=centre, fontName=f"{SERIF}-Bold", fontSize=18),
        "what": ParagraphStyle("b-what", parent=centre, fontName=f"{SERIF}-Bold", fontSize=13),
        "line": ParagraphStyle("b-line", parent=centre, fontName=f"{SERIF}-Italic", fontSize=12),
    }


def _draw_header(page: _Page, layout: BallotLayout, content: BallotContent) -> None:
    styles = _styles()
    left_w = layout.header.w * 0.46
    label_h = 4.0  # the stamp label's strip at the bottom of the stamp area
    left = Box(layout.header.x, layout.header.y, left_w, layout.header.h - label_h)
    markup = ""
    if content.superior_body:
        markup += escape(content.superior_body.upper()) + "<br/>"
    markup += f"<b>{escape(content.issuing_body.upper())}</b><br/>*"
    page.paragraph(markup, styles["superior"], left)
    right = Box(left.right, layout.header.y, layout.header.w - left_w, 10)
    page.paragraph(f"<u>{escape(PARTY)}</u>", styles["party"], right)
    # The stamp area: a dashed rectangle around the header's left half.
    page.c.saveState()
    page.c.setDash(3, 2)
    page.c.setLineWidth(0.6)
    page.c.setStrokeGray(0.45)
    page.rect(layout.stamp)
    page.c.restoreState()
    page.c.saveState()
    page.c.setFillGray(0.4)
    label = Box(layout.stamp.x, layout.stamp.bottom - label_h, layout.stamp.w, label_h)
    page.centred(STAMP_LABEL, label, font=f"{SERIF}-Italic", size=7)
    page.c.restoreState()


def _draw_title(page: _Page, layout: BallotLayout, content: BallotContent) -> None:
    styles = _styles()
    band = layout.title
    y = band.y
    y += page.paragraph(escape(TITLE), styles["title"], Box(band.x, y, band.w, 9))
    y += 1
    y += page.paragraph(escape(content.what), styles["what"], Box(band.x + 8, y, band.w - 16, 12))
    seats = f"(bầu {vi_int(content.seats)} đồng chí)"
    y += page.paragraph(escape(seats), styles["line"], Box(band.x, y, band.w, 6))
    if content.round_number > 1:
        line = f"Bầu lần thứ {data.ordinal(content.round_number)}"
        page.paragraph(f"<b>{escape(line)}</b>", styles["line"], Box(band.x, y, band.w, 6))


def _fit(text: str, font: str, size: float, width_mm: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 6 and stringWidth(text, font, size) > width_mm * PT_PER_MM:
        size -= 0.5
    return size


def _draw_strike(page: _Page, layout: BallotLayout, content: BallotContent) -> None:
    size = layout.font_size
    number_w = size * 1.6 / PT_PER_MM  # room for "61."
    for slot, name in zip(layout.slots, content.names, strict=True):
        row = slot.row
        baseline = row.y + row.h / 2 + size * 0.35 / PT_PER_MM
        page.c.setFont(SERIF, size)
        page.c.drawRightString(
            (row.x + number_w) * PT_PER_MM, (page.height - baseline) * PT_PER_MM, f"{slot.number}."
        )
        name_x = row.x + number_w + 2
        fitted = _fit(name, SERIF, size, row.right - name_x)
        page.text(name, name_x, baseline, font=SERIF, size=fitted)


def _draw_table(page: _Page, layout: BallotLayout, content: BallotContent) -> None:
    size = layout.font_size
    head_size = min(size, 11)
    page.c.setLineWidth(0.6)
    for header in layout.table_headers:
        for cell, label in zip(table_columns(header, layout.paper), TABLE_HEADER, strict=True):
            page.rect(cell)
            page.centred(
                label, cell, font=f"{SERIF}-Bold", size=_fit(label, SERIF, head_size, cell.w - 1)
            )
    for slot, name in zip(layout.slots, content.names, strict=True):
        number, name_cell, agree, disagree = table_columns(slot.row, layout.paper)
        for cell in (number, name_cell, agree, disagree):
            page.rect(cell)
        page.centred(str(slot.number), number, font=SERIF, size=size)
        baseline = name_cell.y + name_cell.h / 2 + size * 0.35 / PT_PER_MM
        fitted = _fit(name, SERIF, size, name_cell.w - 4)
        page.text(name, name_cell.x + 2, baseline, font=SERIF, size=fitted)
        page.c.setLineWidth(0.9)
        for square in (slot.agree, slot.disagree):
            if square is not None:
                page.rect(square)
        page.c.setLineWidth(0.6)


def _draw_qr(page: _Page, box: Box, payload: str) -> None:
    page.c.saveState()
    page.c.setFillGray(0)
    squares = qr_squares(payload, x=box.x, y=box.y, size=box.w, quiet_modules=QR_QUIET_MODULES)
    for left, top, side in squares:
        page.rect(Box(left, top, side, side), fill=True, stroke=False)
    page.c.restoreState()


def draw_ballot(content: BallotContent, layout: BallotLayout) -> bytes:
    """One page: the ballot. Pure: no database."""
    from reportlab.pdfgen.canvas import Canvas

    register_pdf_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.width * PT_PER_MM, layout.height * PT_PER_MM),
        pageCompression=1,
        invariant=1,  # no creation date or random id: every copy is byte-identical
    )
    canvas.setTitle(f"{TITLE} — {content.what}")
    page = _Page(canvas, layout)
    canvas.setFillGray(0)
    for mark in layout.marks:
        page.rect(mark, fill=True, stroke=False)
    _draw_header(page, layout, content)
    _draw_title(page, layout, content)
    if layout.style == BallotStyle.AGREE_DISAGREE:
        _draw_table(page, layout, content)
    else:
        _draw_strike(page, layout, content)
    _draw_qr(page, layout.qr, content.payload)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def ballot_content(round_: Round) -> BallotContent:
    header = data.party_header(round_.election)
    return BallotContent(
        superior_body=header.superior_body,
        issuing_body=header.issuing_body,
        what=labels.capitalize(data.elected_what(round_)),
        seats=round_.seats,
        round_number=round_.number,
        style=round_.ballot_style,
        names=tuple(n.printed for n in data.ballot_names(round_)),
        payload=qr_payload(round_.election_id, round_.number),
    )


def layout_for(round_: Round) -> BallotLayout:
    count = round_.ballot_names.count()
    return ballot_layout(round_.election.paper_size, round_.ballot_style, count)


@in_vietnamese
def ballot_pdf(round_: Round) -> bytes:
    """The round's ballot as a one-page PDF (print as many copies as ballots are issued)."""
    return draw_ballot(ballot_content(round_), layout_for(round_))


def filename(round_: Round) -> str:
    return f"phieu-bau-{round_.election_id}-lan-{round_.number}.pdf"

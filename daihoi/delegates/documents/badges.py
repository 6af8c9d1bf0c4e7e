"""Printable delegate badges (thẻ đại biểu), drawn with reportlab at exact positions.

Two sizes:

- "a6": A6 portrait, 105 × 148 mm, ONE badge per page (A6 card stock, or A4 printers with an
  A6 tray). Four A6 on an A4 sheet was rejected: A6 is 148 mm tall and half an A4 148.5 mm,
  so four badges leave no margin for the printer nor room for cut marks.
- "card": credit-card size (ID-1), 85.6 × 54 mm, TEN per A4 portrait sheet (2 columns × 5
  rows, butted against each other and centred: 19.4 mm left and right, 13.5 mm top and
  bottom), with cut marks in the margins on every cut line, for a guillotine or a trimmer;
  the badge goes into a standard card holder.

The geometry lives in `BadgeLayout` (millimetres from the badge's TOP-LEFT corner, y
downwards) and `sheet_origins` (where each badge's corner lies on the page), so tests read
the printed QR back from the pixels.

The QR code carries the badge's token ONLY (Badge.token of the live badge: unguessable,
revoked and reissued when lost): never the delegate's id or name. Delegates without a live
badge are skipped (badges are issued first: delegates.actions.badges.issue_badges); by
default the delegates who hold no seat any more (not convened, replaced) are not printed
either; a list of delegates given by the caller is printed as given.

The text (the congress's title, "ĐẠI BIỂU" or "ĐẠI BIỂU DỰ KHUYẾT" for an alternate who has
not taken a seat, the full name, the delegation, the badge number) is set in the shipped
serif (core.documents), NFC, with full Vietnamese diacritics. The photo slot is a framed
3 × 4 box labelled "Ảnh 3×4" (30 × 40 mm on A6; 21 × 28 mm, the same proportions, on a card).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from daihoi.congresses.models import Congress
from daihoi.core.documents import SERIF, in_vietnamese, qr_squares, register_pdf_fonts
from daihoi.core.text import nfc
from daihoi.delegates.models import Badge, Delegate, DelegateKind, SeatStatus

PT_PER_MM = 72 / 25.4
ROLE = "ĐẠI BIỂU"
ROLE_ALTERNATE = "ĐẠI BIỂU DỰ KHUYẾT"
PHOTO_LABEL = "Ảnh 3×4"
NUMBER_LABEL = "Số thẻ"
QR_QUIET_MODULES = 4  # the standard quiet zone, inside the QR box
SIZES = ("a6", "card")

A4 = (210.0, 297.0)
CARD_COLUMNS, CARD_ROWS = 2, 5
CUT_MARK_GAP = 2.0  # between the cards' edge and a cut mark
CUT_MARK_LENGTH = 5.0


class NoBadges(ValueError):
    """Nothing to print; the message is Vietnamese."""


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres; (x, y) its top-left corner from the badge's top-left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class BadgeLayout:
    size: str
    width: float  # the badge
    height: float
    page_width: float  # the page it is printed on
    page_height: float
    per_page: int
    frame: Box | None  # a printed border (A6); cards are cut on the marks instead
    title: Box
    title_font: float
    role: Box
    role_font: float
    photo: Box
    photo_font: float
    qr: Box  # the QR's square, quiet zone included
    name: Box
    name_font: float
    unit: Box
    unit_font: float
    number: Box
    number_font: float


LAYOUTS: dict[str, BadgeLayout] = {
    "a6": BadgeLayout(
        size="a6",
        width=105.0,
        height=148.0,
        page_width=105.0,
        page_height=148.0,
        per_page=1,
        frame=Box(4, 4, 97, 140),
        title=Box(9, 8, 87, 22),
        title_font=11.5,
        role=Box(9, 33, 87, 12),
        role_font=24,
        photo=Box(11, 50, 30, 40),
        photo_font=9,
        qr=Box(53, 50, 40, 40),
        name=Box(8, 95, 89, 17),
        name_font=20,
        unit=Box(10, 113, 85, 15),
        unit_font=13,
        number=Box(9, 130, 87, 8),
        number_font=14,
    ),
    "card": BadgeLayout(
        size="card",
        width=85.6,
        height=54.0,
        page_width=A4[0],
        page_height=A4[1],
        per_page=CARD_COLUMNS * CARD_ROWS,
        frame=None,
        title=Box(3, 2.5, 79.6, 8.5),
        title_font=7,
        role=Box(3, 11.5, 79.6, 6),
        role_font=12,
        photo=Box(4, 19.5, 21, 28),
        photo_font=6,
        qr=Box(62, 19.5, 21, 21),
        name=Box(27, 19.5, 34, 12),
        name_font=11,
        unit=Box(27, 32.5, 34, 10),
        unit_font=7.5,
        number=Box(60, 42, 25, 5),
        number_font=8,
    ),
}


def badge_layout(size: str) -> BadgeLayout:
    if size not in LAYOUTS:
        raise ValueError(f"Khổ thẻ “{size}” không được hỗ trợ (a6 hoặc card).")
    return LAYOUTS[size]


def sheet_origins(size: str) -> tuple[tuple[float, float], ...]:
    """The top-left corner (mm from the page's top-left) of each badge on a page, in the
    order they are filled (left to right, top to bottom)."""
    layout = badge_layout(size)
    if layout.per_page == 1:
        return ((0.0, 0.0),)
    x0 = (layout.page_width - CARD_COLUMNS * layout.width) / 2
    y0 = (layout.page_height - CARD_ROWS * layout.height) / 2
    return tuple(
        (x0 + c * layout.width, y0 + r * layout.height)
        for r in range(CARD_ROWS)
        for c in range(CARD_COLUMNS)
    )


def cut_marks(size: str) -> tuple[tuple[float, float, float, float], ...]:
    """The cut marks of a sheet as lines (x1, y1, x2, y2) in mm from the page's top-left: on
    every cut line, outside the block of badges."""
    layout = badge_layout(size)
    if layout.per_page == 1:
        return ()
    origins = sheet_origins(size)
    left, top = origins[0]
    right = left + CARD_COLUMNS * layout.width
    bottom = top + CARD_ROWS * layout.height
    near, far = CUT_MARK_GAP, CUT_MARK_GAP + CUT_MARK_LENGTH
    marks = []
    for c in range(CARD_COLUMNS + 1):
        x = left + c * layout.width
        marks += [(x, top - far, x, top - near), (x, bottom + near, x, bottom + far)]
    for r in range(CARD_ROWS + 1):
        y = top + r * layout.height
        marks += [(left - far, y, left - near, y), (right + near, y, right + far, y)]
    return tuple(marks)


# --- What a badge says ------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeContent:
    congress_title: str  # in capitals, as printed
    role: str
    full_name: str
    unit: str
    number: int
    token: str  # the QR's payload, and nothing else


def _content(congress_title: str, badge: Badge) -> BadgeContent:
    d: Delegate = badge.delegate
    alternate = d.kind == DelegateKind.ALTERNATE and d.replaces_id is None
    unit = d.delegation.name if d.delegation else (d.unit.name if d.unit else "")
    return BadgeContent(
        congress_title=nfc(congress_title).upper(),
        role=ROLE_ALTERNATE if alternate else ROLE,
        full_name=nfc(d.person.full_name),
        unit=nfc(unit),
        number=d.number,
        token=badge.token,
    )


def badge_contents(
    congress: Congress, delegates: Iterable[Delegate] | None = None
) -> list[BadgeContent]:
    """The badges to print, in badge-number order (two statements)."""
    congress = Congress.objects.select_related("organization").get(pk=congress.pk)
    badges = Badge.objects.filter(delegate__congress=congress, revoked_at__isnull=True)
    if delegates is None:
        badges = badges.exclude(delegate__status__in=[SeatStatus.NOT_CONVENED, SeatStatus.REPLACED])
    else:
        badges = badges.filter(delegate_id__in=[d.pk for d in delegates])
    badges = badges.select_related(
        "delegate__person", "delegate__delegation", "delegate__unit"
    ).order_by("delegate__number", "delegate_id")
    title = congress.title
    return [_content(title, badge) for badge in badges]


# --- Drawing ----------------------------------------------------------------------------------


class _Page:
    """Draws in millimetres from the page's top-left corner, offset to one badge's corner."""

    def __init__(self, canvas: Any, page_height: float) -> None:
        self.c = canvas
        self.page_height = page_height
        self.dx = 0.0
        self.dy = 0.0

    def at(self, origin: tuple[float, float]) -> None:
        self.dx, self.dy = origin

    def _x(self, x: float) -> float:
        return (self.dx + x) * PT_PER_MM

    def _y(self, y: float) -> float:
        return (self.page_height - self.dy - y) * PT_PER_MM

    def rect(self, box: Box, *, fill: bool = False, stroke: bool = True) -> None:
        self.c.rect(
            self._x(box.x),
            self._y(box.bottom),
            box.w * PT_PER_MM,
            box.h * PT_PER_MM,
            fill=int(fill),
            stroke=int(stroke),
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.c.line(self._x(x1), self._y(y1), self._x(x2), self._y(y2))

    def paragraph(self, markup: str, style: Any, box: Box) -> None:
        """A wrapped paragraph centred vertically in `box`, the type shrunk until it fits."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        size = float(style.fontSize)
        while True:
            fitted = ParagraphStyle(
                f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.18
            )
            paragraph = Paragraph(markup, fitted)
            width, height = paragraph.wrap(box.w * PT_PER_MM, box.h * PT_PER_MM)
            widest = max(_line_widths(paragraph), default=0.0)
            if (height <= box.h * PT_PER_MM and widest <= box.w * PT_PER_MM) or size <= 5:
                break
            size -= 0.5
        offset = (box.h * PT_PER_MM - height) / 2
        paragraph.drawOn(self.c, self._x(box.x), self._y(box.y) - offset - height)


def _line_widths(paragraph: Any) -> list[float]:
    """The width of each line of a wrapped paragraph (a single word wider than the box is not
    broken by reportlab: the caller shrinks the type instead)."""
    lines = getattr(paragraph.blPara, "lines", [])
    widths = []
    for line in lines:
        if isinstance(line, tuple):  # simple lines: (space left, words)
            widths.append(paragraph.width - line[0])
        else:
            widths.append(paragraph.width - getattr(line, "extraSpace", 0))
    return widths


def _styles(layout: BadgeLayout) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    register_pdf_fonts()
    centre = ParagraphStyle("badge", fontName=SERIF, alignment=TA_CENTER, splitLongWords=0)
    bold = f"{SERIF}-Bold"
    return {
        "title": ParagraphStyle(
            "b-title", parent=centre, fontName=bold, fontSize=layout.title_font
        ),
        "role": ParagraphStyle("b-role", parent=centre, fontName=bold, fontSize=layout.role_font),
        "name": ParagraphStyle("b-name", parent=centre, fontName=bold, fontSize=layout.name_font),
        "unit": ParagraphStyle("b-unit", parent=centre, fontSize=layout.unit_font),
        "number": ParagraphStyle(
            "b-number", parent=centre, fontName=bold, fontSize=layout.number_font
        ),
        "photo": ParagraphStyle(
            "b-photo", parent=centre, fontName=f"{SERIF}-Italic", fontSize=layout.photo_font
        ),
    }


def _draw_qr(page: _Page, box: Box, payload: str) -> None:
    page.c.saveState()
    page.c.setFillGray(0)
    squares = qr_squares(payload, x=box.x, y=box.y, size=box.w, quiet_modules=QR_QUIET_MODULES)
    for left, top, side in squares:
        page.rect(Box(left, top, side, side), fill=True, stroke=False)
    page.c.restoreState()


def _draw_badge(page: _Page, layout: BadgeLayout, badge: BadgeContent) -> None:
    styles = _styles(layout)
    c = page.c
    c.setStrokeGray(0)
    c.setFillGray(0)
    if layout.frame is not None:
        c.setLineWidth(0.8)
        page.rect(layout.frame)
    page.paragraph(escape(badge.congress_title), styles["title"], layout.title)
    rule_y = layout.title.bottom + (layout.role.y - layout.title.bottom) / 2
    c.setLineWidth(0.6)
    page.line(layout.width * 0.3, rule_y, layout.width * 0.7, rule_y)
    page.paragraph(escape(badge.role), styles["role"], layout.role)
    # The photo slot: a framed 3 × 4 box, its label in grey.
    c.setLineWidth(0.6)
    page.rect(layout.photo)
    c.saveState()
    c.setFillGray(0.45)
    label = Box(layout.photo.x, layout.photo.y + layout.photo.h / 2 - 3, layout.photo.w, 6)
    page.paragraph(escape(PHOTO_LABEL), styles["photo"], label)
    c.restoreState()
    page.paragraph(escape(badge.full_name), styles["name"], layout.name)
    if badge.unit:
        page.paragraph(escape(badge.unit), styles["unit"], layout.unit)
    page.paragraph(escape(f"{NUMBER_LABEL}: {badge.number:03d}"), styles["number"], layout.number)
    _draw_qr(page, layout.qr, badge.token)


def draw_badges(badges: list[BadgeContent], size: str) -> bytes:
    """The badges, `layout.per_page` to a page. Pure: no database."""
    from reportlab.pdfgen.canvas import Canvas

    layout = badge_layout(size)
    if not badges:
        raise NoBadges("Không có thẻ đại biểu nào để in: hãy cấp thẻ trước.")
    register_pdf_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page_width * PT_PER_MM, layout.page_height * PT_PER_MM),
        pageCompression=1,
        invariant=1,  # no creation date or random id: the same badges give the same bytes
    )
    canvas.setTitle(f"Thẻ đại biểu — {badges[0].congress_title}")
    page = _Page(canvas, layout.page_height)
    origins = sheet_origins(size)
    for start in range(0, len(badges), layout.per_page):
        page.at((0.0, 0.0))
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0)
        for x1, y1, x2, y2 in cut_marks(size):
            page.line(x1, y1, x2, y2)
        for origin, badge in zip(origins, badges[start : start + layout.per_page], strict=False):
            page.at(origin)
            _draw_badge(page, layout, badge)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@in_vietnamese
def badges_pdf(
    congress: Congress, delegates: Iterable[Delegate] | None = None, size: str = "a6"
) -> bytes:
    """The badges of `congress` (or of `delegates`) with a live badge, as a PDF: "a6" one
    A6 badge per page, "card" ten card-size badges per A4 sheet with cut marks."""
    badge_layout(size)
    return draw_badges(badge_contents(congress, delegates), size)

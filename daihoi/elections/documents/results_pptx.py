"""The results as slides (python-pptx): one slide per closed round with the elected in order
of votes, each with their votes and share; from the stored results."""

from __future__ import annotations

import io
from typing import Any

from daihoi.core.documents import in_vietnamese
from daihoi.core.formatting import vi_int, vi_percent
from daihoi.elections.documents import data, labels
from daihoi.elections.models import Election, Round

WIDE = (13.333, 7.5)  # inches: 16:9
TITLE_RGB = (0xB7, 0x1C, 0x1C)  # --dh-red of the theme


def _textbox(slide: Any, left: float, top: float, width: float, height: float) -> Any:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.text_frame.word_wrap = True
    return box.text_frame


def _line(frame: Any, text: str, *, size: int, bold: bool = False, first: bool = False) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    if bold and size >= 28:
        run.font.color.rgb = RGBColor(*TITLE_RGB)


def _round_slide(presentation: Any, round_: Round) -> None:
    from pptx.util import Inches, Pt

    result = round_.result or {}
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
    title = _textbox(slide, 0.5, 0.3, 12.3, 1.2)
    _line(title, round_.election.title, size=30, bold=True, first=True)
    _line(title, f"Bầu lần thứ {data.ordinal(round_.number)}", size=20)
    elected = labels.elected_in_order(result)
    summary = _textbox(slide, 0.5, 1.6, 12.3, 0.6)
    _line(
        summary,
        f"Trúng cử {vi_int(len(elected))}/{vi_int(round_.seats)} · "
        f"phiếu hợp lệ {vi_int(int(result['ballots']['valid']))} · "
        f"cần đạt {vi_int(int(result['threshold']['votes_needed']))} phiếu",
        size=18,
        first=True,
    )
    if elected:
        rows = len(elected) + 1
        height = min(5.2, 0.42 * rows)
        shape = slide.shapes.add_table(
            rows, 4, Inches(0.5), Inches(2.3), Inches(12.3), Inches(height)
        )
        table = shape.table
        for c, width in enumerate((0.9, 6.4, 2.2, 2.8)):
            table.columns[c].width = Inches(width)
        cells = [("STT", "Họ và tên", "Số phiếu", "Tỷ lệ so với B")]
        cells += [
            (str(n), row["name"], vi_int(int(row["votes"])), vi_percent(row["share_of_base"]))
            for n, row in enumerate(elected, start=1)
        ]
        size = 20 if rows <= 12 else max(10, int(240 / rows))
        for r, values in enumerate(cells):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                        run.font.bold = r == 0
    else:
        empty = _textbox(slide, 0.5, 2.5, 12.3, 1)
        _line(empty, "Không có đồng chí nào trúng cử.", size=24, first=True)
    footer = _textbox(slide, 0.5, 6.7, 12.3, 0.6)
    _line(footer, labels.next_step(result, round_.seats), size=16, first=True)


@in_vietnamese
def results_pptx(election: Election) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(WIDE[0]), Inches(WIDE[1])
    rounds = data.closed_rounds(election)
    for round_ in rounds:
        _round_slide(presentation, round_)
    if not rounds:
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])
        frame = _textbox(slide, 0.5, 0.5, 12.3, 2)
        _line(frame, election.title, size=30, bold=True, first=True)
        _line(frame, "Chưa có lần bầu nào kết thúc.", size=24)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def filename(election: Election) -> str:
    return f"ket-qua-bau-cu-{election.pk}.pptx"

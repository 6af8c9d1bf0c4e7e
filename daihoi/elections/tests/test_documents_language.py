"""The Party's documents stay Vietnamese whatever language the user reads the site in: the
ballot, the minutes, the entry journal and the results files read the same word for word
after the switch to English (the labels they borrow from models, such as the body or the
kind of congress, included)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation

from daihoi.elections.documents import ballot, journal, minutes, results_pptx, results_xlsx
from daihoi.elections.tests.document_cases import executive_with_tie
from daihoi.elections.tests.extract import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, fixed_now):
    return executive_with_tie(world, revote=False)


def workbook_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        f"{sheet.title}: {row}"
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def deck_text(content: bytes) -> str:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(content))
    return "\n".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


def documents(case) -> dict[str, str]:
    round_ = case.first
    return {
        "minutes.docx": docx_text(minutes.minutes_docx(round_)),
        "minutes.pdf": pdf_text(minutes.minutes_pdf(round_)),
        "ballot.pdf": pdf_text(ballot.ballot_pdf(round_)),
        "journal.pdf": pdf_text(journal.journal_pdf(round_)),
        "results.xlsx": workbook_text(results_xlsx.results_xlsx(case.election)),
        "results.pptx": deck_text(results_pptx.results_pptx(case.election)),
    }


def test_every_document_reads_the_same_in_an_english_session(case):
    with translation.override("vi"):
        vietnamese = documents(case)
    with translation.override("en"):
        after_the_switch = documents(case)
    for name, text in vietnamese.items():
        assert after_the_switch[name] == text, name
    assert "Đại hội đại biểu Đảng bộ huyện An Lạc" in vietnamese["minutes.docx"]
    assert "Ban Chấp hành Đảng bộ huyện An Lạc" in vietnamese["minutes.docx"]


def test_the_minutes_downloaded_after_the_switch_are_vietnamese(client, world, case):
    client.force_login(world.staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("elections:minutes_docx", args=[case.first.pk]))
    text = docx_text(response.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text.upper()
    assert "Congress of delegates" not in text and "Executive committee" not in text


def test_the_hall_display_follows_the_users_language(case):
    from daihoi.elections.documents import data, display

    with translation.override("vi"):
        board = display.board(case.election, 1)
        assert board.title == "Bầu lần thứ nhất"
        assert {n: str(w) for n, w in display.ROUND_ORDINALS.items()} == data.ORDINALS
    with translation.override("en"):
        board = display.board(case.election, 1)
        assert board.title == "Round 1"
        assert {line.outcome for line in board.elected} == {"Elected"}
        assert board.next_step.startswith("Re-vote")


def test_the_journal_page_follows_the_users_language_and_its_pdf_stays_vietnamese(
    client, world, case
):
    client.force_login(world.staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("elections:journal", args=[case.first.pk])).content.decode()
    assert "Totals per entry station (times struck out)" in page and "struck 5" in page
    pdf = client.get(reverse("elections:journal_pdf", args=[case.first.pk])).content
    assert "gạch 5" in pdf_text(pdf) and "struck" not in pdf_text(pdf)

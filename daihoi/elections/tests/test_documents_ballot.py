"""The printed ballot: rendered to PNG (pypdfium2) and read back as text, so that what the
congress prints is checked as pixels and characters, not as reportlab calls."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from daihoi.core import documents as documents_core
from daihoi.elections import actions
from daihoi.elections.documents import ballot
from daihoi.elections.documents.ballot import BallotLayoutError, ballot_layout, qr_payload
from daihoi.elections.models import StaffRole
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round
from daihoi.elections.tests.document_cases import executive_with_tie
from daihoi.elections.tests.extract import pdf_image, pdf_page_size_mm, pdf_text

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
DPI = 100
DARK, LIGHT = 80, 200  # grey levels (0 black … 255 white)


def px(mm: float, dpi: int = DPI) -> int:
    return round(mm / 25.4 * dpi)


def grey(image, x_mm: float, y_mm: float, dpi: int = DPI) -> int:
    return image.getpixel((px(x_mm, dpi), px(y_mm, dpi)))


@pytest.fixture
def strike_round(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, NAMES, seats=3)
    return open_first_round(election, team)


def test_the_ballot_prints_every_name_exactly_in_nfc_and_in_ballot_order(strike_round):
    text = pdf_text(ballot.ballot_pdf(strike_round))
    assert text == unicodedata.normalize("NFC", text)
    positions = [text.index(f"{n}. {name}") for n, name in enumerate(NAMES, start=1)]
    assert positions == sorted(positions)


def test_the_ballot_has_the_party_header_the_title_and_the_seats(strike_round):
    text = pdf_text(ballot.ballot_pdf(strike_round))
    for expected in [
        "ĐẢNG BỘ TỈNH PHÚ THỊNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "*",
        "PHIẾU BẦU CỬ",
        "Ban Chấp hành Đảng bộ huyện An Lạc nhiệm kỳ 2025-2030",
        "(bầu 3 đồng chí)",
        "Dấu của cấp ủy triệu tập",
    ]:
        assert expected in text, expected
    assert "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ HUYỆN AN LẠC" in " ".join(text.split())
    assert "Bầu lần thứ" not in text  # the first round says nothing about rounds


def test_a_later_round_prints_its_number_in_words(world):
    case = executive_with_tie(world, revote=False)
    by_name = {c.full_name: c for c in case.candidates}
    second = actions.open_round(
        case.election,
        acting_user=None,
        typists=case.team.typists,
        purpose="tie_revote",
        candidates=[by_name["Phạm Thị Dung"], by_name["Hoàng Văn Em"]],
        seats=1,
        figures=actions.BaseFigures(convened=14, present=12, ballots_issued=12),
    )
    text = pdf_text(ballot.ballot_pdf(second))
    assert "Bầu lần thứ hai" in text
    assert "1. Phạm Thị Dung" in text and "2. Hoàng Văn Em" in text
    assert "Nguyễn Văn An" not in text
    assert "(bầu 1 đồng chí)" in text


def test_identical_names_are_told_apart_by_the_year_of_birth_only(world):
    congress = make_congress(world)
    team = make_team()
    election = actions.create_election(congress, acting_user=None, body="executive", seats=2)
    for name, born in [
        ("Nguyễn Văn An", dt.date(1975, 3, 2)),
        ("Nguyễn Văn An", dt.date(1980, 9, 9)),
        ("Lê Thị Bình", dt.date(1970, 1, 1)),
    ]:
        actions.add_candidate(election, acting_user=None, full_name=name, birth_date=born)
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=None)
    for typist in team.typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=None)
    actions.confirm_list(election, acting_user=None)
    text = pdf_text(ballot.ballot_pdf(open_first_round(election, team)))
    assert "Nguyễn Văn An (1975)" in text
    assert "Nguyễn Văn An (1980)" in text
    assert "Lê Thị Bình (" not in text


def test_the_four_registration_marks_are_solid_squares_at_their_positions(strike_round):
    image = pdf_image(ballot.ballot_pdf(strike_round), dpi=DPI)
    layout = ballot.layout_for(strike_round)
    width, height = pdf_page_size_mm(ballot.ballot_pdf(strike_round))
    assert (round(width), round(height)) == (210, 297)
    for mark in layout.marks:
        cx, cy = mark.centre
        for dx in (-1.5, 0, 1.5):
            for dy in (-1.5, 0, 1.5):
                assert grey(image, cx + dx, cy + dy) < DARK, (mark, dx, dy)
        # White paper just outside each side of the square.
        for x, y in [
            (mark.x - 1.2, cy),
            (mark.right + 1.2, cy),
            (cx, mark.y - 1.2),
            (cx, mark.bottom + 1.2),
        ]:
            assert grey(image, x, y) > LIGHT, (mark, x, y)


def test_the_marks_are_at_the_same_place_on_every_ballot_of_a_paper_size():
    small = ballot_layout("A4", "strike", 3)
    large = ballot_layout("A4", "agree_disagree", 40)
    assert small.marks == large.marks
    assert [m.x for m in small.marks] == [6, 199, 6, 199]
    assert [m.y for m in small.marks] == [6, 6, 286, 286]
    a5 = ballot_layout("A5", "strike", 3)
    assert [(m.x, m.y) for m in a5.marks] == [(6, 6), (137, 6), (6, 199), (137, 199)]


def test_the_qr_code_carries_election_round_and_layout_version_and_no_serial(strike_round):
    payload = json.loads(qr_payload(strike_round.election_id, strike_round.number))
    assert payload == {"e": strike_round.election_id, "r": 1, "v": ballot.LAYOUT_VERSION}
    first = ballot.ballot_pdf(strike_round)
    assert first == ballot.ballot_pdf(strike_round)  # every ballot of the round is the same


def test_the_printed_qr_code_has_exactly_the_modules_of_its_payload(strike_round):
    """segno cannot decode, so read the printed modules back from the pixels and compare them
    with the symbol segno builds for the payload."""
    dpi = 300
    image = pdf_image(ballot.ballot_pdf(strike_round), dpi=dpi)
    layout = ballot.layout_for(strike_round)
    matrix = documents_core.qr_code(qr_payload(strike_round.election_id, 1)).matrix
    module = layout.qr.w / (len(matrix) + 2 * ballot.QR_QUIET_MODULES)
    read = []
    for r in range(len(matrix)):
        row = []
        for c in range(len(matrix)):
            x = layout.qr.x + (ballot.QR_QUIET_MODULES + c + 0.5) * module
            y = layout.qr.y + (ballot.QR_QUIET_MODULES + r + 0.5) * module
            row.append(1 if grey(image, x, y, dpi) < 128 else 0)
        read.append(row)
    assert read == [[int(bool(v)) for v in row] for row in matrix]
    # The quiet zone around the symbol is white.
    assert grey(image, layout.qr.x + module, layout.qr.y + module, dpi) > LIGHT


def test_the_stamp_area_is_a_dashed_rectangle_at_the_top_left(strike_round):
    layout = ballot.layout_for(strike_round)
    assert layout.stamp.x < layout.width / 4 and layout.stamp.y < 20
    image = pdf_image(ballot.ballot_pdf(strike_round), dpi=DPI)
    left_edge = [grey(image, layout.stamp.x, layout.stamp.y + i * 0.5) for i in range(40)]
    assert min(left_edge) < LIGHT and max(left_edge) > LIGHT  # dashes and gaps


def test_an_agree_disagree_ballot_is_a_table_with_empty_boxes(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, ["Đặng Quốc Hùng"], body="secretary", seats=1)
    round_ = open_first_round(election, team)
    assert round_.ballot_style == "agree_disagree"
    content = ballot.ballot_pdf(round_)
    text = pdf_text(content)
    for header in ("STT", "Họ và tên", "Đồng ý", "Không đồng ý", "Đặng Quốc Hùng"):
        assert header in text
    assert "Bí thư Đảng bộ huyện An Lạc" in text
    layout = ballot.layout_for(round_)
    image = pdf_image(content, dpi=200)
    (slot,) = layout.slots
    for box in (slot.agree, slot.disagree):
        cx, cy = box.centre
        assert grey(image, cx, cy, 200) > LIGHT  # empty inside
        assert grey(image, box.x, cy, 200) < 160  # its border is printed


def test_an_a5_ballot_is_printed_on_a5_paper(world):
    congress = make_congress(world)
    team = make_team()
    election = actions.create_election(
        congress, acting_user=None, body="executive", seats=2, paper_size="A5"
    )
    for name in NAMES[:3]:
        actions.add_candidate(election, acting_user=None, full_name=name)
    actions.add_staff(election, team.head, StaffRole.HEAD, acting_user=None)
    for typist in team.typists:
        actions.add_staff(election, typist, StaffRole.TYPIST, acting_user=None)
    actions.confirm_list(election, acting_user=None)
    content = ballot.ballot_pdf(open_first_round(election, team))
    width, height = pdf_page_size_mm(content)
    assert (round(width), round(height)) == (148, 210)
    image = pdf_image(content, dpi=DPI)
    for mark in ballot.registration_marks("A5"):
        assert grey(image, *mark.centre) < DARK


def test_a_long_list_goes_in_two_columns_inside_the_names_area():
    layout = ballot_layout("A4", "strike", 61)
    assert layout.columns == 2
    assert len(layout.slots) == 61
    for slot in layout.slots:
        assert layout.names.x <= slot.row.x and slot.row.right <= layout.names.right + 1e-6
        assert layout.names.y <= slot.row.y and slot.row.bottom <= layout.names.bottom + 1e-6
        assert slot.row.bottom <= layout.qr.y
    rows = sorted((s.row.x, s.row.y) for s in layout.slots)
    assert len(set(rows)) == 61  # no two names on the same spot


def test_too_many_names_for_a5_are_refused_with_a_clear_message():
    with pytest.raises(BallotLayoutError, match="hãy chọn khổ A4"):
        ballot_layout("A5", "agree_disagree", 61)

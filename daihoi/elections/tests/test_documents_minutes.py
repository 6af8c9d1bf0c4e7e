"""The counting minutes: one content model, two renderings (.pdf, .docx) that say the same,
compared with golden text files; built from the stored result only."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from daihoi.elections.documents import minutes
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round
from daihoi.elections.tests.document_cases import direct_secretary, executive_with_tie
from daihoi.elections.tests.extract import docx_text, pdf_flow_text, pdf_text, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive(world, fixed_now):
    return executive_with_tie(world, revote=True)


def test_the_minutes_of_a_round_with_a_tie_match_the_golden_pdf_and_docx(executive, golden):
    golden("minutes_executive_round1.pdf.txt", pdf_text(minutes.minutes_pdf(executive.first)))
    golden("minutes_executive_round1.docx.txt", docx_text(minutes.minutes_docx(executive.first)))


def test_the_minutes_of_the_tie_revote_match_the_golden_pdf(executive, golden):
    golden("minutes_executive_round2.pdf.txt", pdf_text(minutes.minutes_pdf(executive.second)))


def test_the_minutes_of_a_direct_secretary_election_match_the_golden_files(
    world, fixed_now, golden
):
    _, round_ = direct_secretary(world)
    golden("minutes_secretary.pdf.txt", pdf_text(minutes.minutes_pdf(round_)))
    golden("minutes_secretary.docx.txt", docx_text(minutes.minutes_docx(round_)))


def test_the_pdf_and_the_docx_say_the_same_thing(executive):
    pdf = words(pdf_flow_text(minutes.minutes_pdf(executive.first)))
    document = minutes.minutes_document(executive.first)
    docx = docx_text(minutes.minutes_docx(executive.first))
    for block in document.blocks:
        text = getattr(block, "text", None)
        if text:
            assert words(text) in pdf, text
            assert text in docx, text


def test_the_signed_minutes_carry_the_stored_results_check_code(executive):
    """What the committee signs can later be compared with the database: the code printed
    is the SHA-256 that `daihoi election verify` recomputes from the confirmed ballots."""
    digest = executive.first.result_digest
    assert len(digest) == 64
    assert digest in pdf_flow_text(minutes.minutes_pdf(executive.first)).replace("\n", "")
    assert "Mã kiểm tra kết quả (SHA-256" in docx_text(minutes.minutes_docx(executive.first))
    assert digest in docx_text(minutes.minutes_docx(executive.first))


def test_the_signed_minutes_anchor_the_audit_log_at_the_closing(executive):
    from daihoi.core.models import AuditEntry

    closing = AuditEntry.objects.get(
        action="round.close", object_type="round", object_id=str(executive.first.pk)
    )
    assert closing.after["digest"] == executive.first.result_digest
    text = docx_text(minutes.minutes_docx(executive.first))
    assert f"Mốc nhật ký hệ thống khi kết thúc lần bầu: {closing.seq}:{closing.entry_hash}" in text


def test_the_minutes_report_every_figure_in_vietnamese_format(executive):
    text = words(pdf_flow_text(minutes.minutes_pdf(executive.first)))
    for expected in [
        "BIÊN BẢN KIỂM PHIẾU",
        "ĐẢNG BỘ TỈNH PHÚ THỊNH",
        "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ HUYỆN AN LẠC LẦN THỨ XXI",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số .....-BB/BKP",
        "An Lạc, ngày 16 tháng 7 năm 2025",
        "Số đại biểu chính thức được triệu tập: 14.",
        "Ốm đau, điều trị dài ngày: 1;",
        "Cơ sở tính kết quả bầu cử (B): 12.",
        "quá một nửa so với B): 7.",
        "Số phiếu không hợp lệ: 2, trong đó:",
        "Ghi thêm tên ngoài danh sách: 1.",
        "Nguyễn Văn An 10 83,33% 100,00% Trúng cử",
        "Phạm Thị Dung 7 58,33% 70,00% Bằng phiếu",
        "Các đồng chí Phạm Thị Dung và Hoàng Văn Em bằng phiếu nhau (7 phiếu)",
        "TRƯỞNG BAN KIỂM PHIẾU",
        "CÁC THÀNH VIÊN",
        "Đỗ Thị Kiểm",
        "Vũ Văn Đếm",
    ]:
        assert expected in text, expected


def test_the_elected_are_listed_by_votes_and_the_next_step_is_said_in_words(executive):
    document = minutes.minutes_document(executive.second)
    text = "\n".join(getattr(b, "text", "") for b in document.blocks)
    assert "1. Đồng chí Phạm Thị Dung: 8 phiếu" in text
    assert "Bước tiếp theo: Đã bầu đủ 1 chỉ tiêu" in text
    first = "\n".join(
        getattr(b, "text", "") for b in minutes.minutes_document(executive.first).blocks
    )
    assert first.index("Đồng chí Nguyễn Văn An: 10") < first.index("Đồng chí Lê Thị Bình: 8")
    assert "Bầu lại giữa các đồng chí bằng phiếu (Phạm Thị Dung và Hoàng Văn Em)" in first


def test_the_protocol_steps_cite_their_articles(executive):
    text = words(pdf_flow_text(minutes.minutes_pdf(executive.first)))
    for step in executive.first.result["protocol"]:
        assert words(f"{step['step']}:") in text
        assert words(f"Căn cứ: {step['rule']}") in text


def test_a_number_given_to_the_minutes_is_printed_without_a_colon(executive):
    text = pdf_text(minutes.minutes_pdf(executive.first, number="12"))
    assert "Số 12-BB/BKP" in text


def test_the_minutes_print_the_stored_result_and_never_recount(executive):
    """Change the stored result behind the application's back: the minutes follow it."""
    tampered = dict(executive.first.result)
    tampered["candidates"] = [dict(c) for c in tampered["candidates"]]
    tampered["candidates"][0]["votes"] = 11
    with connection.cursor() as cursor:
        placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
        cursor.execute(
            f"UPDATE elections_round SET result = {placeholder} WHERE id = %s",
            [json.dumps(tampered, ensure_ascii=False), executive.first.pk],
        )
    executive.first.refresh_from_db()
    text = words(pdf_text(minutes.minutes_pdf(executive.first)))
    assert "Nguyễn Văn An 11 83,33%" in text


def test_an_open_round_has_no_minutes_yet(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1)
    round_ = open_first_round(election, team)
    with pytest.raises(minutes.MinutesUnavailable, match="chưa kết thúc"):
        minutes.minutes_pdf(round_)

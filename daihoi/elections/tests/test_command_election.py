"""`daihoi election verify|minutes|export`: verify recounts every closed round and fails,
naming the round, when a stored result or a confirmed ballot was changed behind the
application's back (raw SQL); minutes and export write their files."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from daihoi.counting.cli import count_main
from daihoi.elections.tests.document_cases import direct_secretary, executive_with_tie
from daihoi.elections.tests.extract import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return executive_with_tie(world, revote=True)


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("election", *args, stdout=out)
    return out.getvalue()


def json_sql(sql: str) -> str:
    """Our raw UPDATEs write JSON text; PostgreSQL wants it cast to jsonb."""
    return sql.replace("%j", "%s::jsonb" if connection.vendor == "postgresql" else "%s")


def raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(json_sql(sql), params)


def test_verify_all_passes_when_nothing_was_touched(case):
    out = run("verify", "--all")
    assert out.count("khớp        lần bầu #") == 2
    assert "Đã kiểm lại 2 lần bầu đã kết thúc: tất cả khớp." in out
    # The code printed in the signed minutes, to compare them with the database.
    assert f"mã kiểm tra {case.first.result_digest}" in out


def test_verify_fails_naming_the_round_whose_stored_result_was_edited(case):
    tampered = json.loads(json.dumps(case.first.result))
    tampered["candidates"][3]["votes"] = 8
    tampered["elected"].append(tampered["candidates"][3]["id"])
    raw(
        "UPDATE elections_round SET result = %j WHERE id = %s",
        [json.dumps(tampered, ensure_ascii=False), case.first.pk],
    )
    with pytest.raises(CommandError, match=rf"1/2 lần bầu không khớp .*#{case.first.pk}\b"):
        run("verify", "--all")


def test_verify_fails_when_a_confirmed_ballot_was_edited(case):
    raw(
        "UPDATE elections_confirmedballot SET struck = %j WHERE round_id = %s AND seq = 1",
        [json.dumps([1]), case.second.pk],
    )
    with pytest.raises(CommandError, match=rf"#{case.second.pk}\."):
        run("verify", str(case.election.pk))


def test_verify_reports_each_round_on_its_own_line(case, capsys):
    raw(
        "UPDATE elections_confirmedballot SET struck = %j WHERE round_id = %s AND seq = 1",
        [json.dumps([1]), case.first.pk],
    )
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("election", "verify", "--all", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"KHÔNG KHỚP  lần bầu #{case.first.pk}")
    assert "kết quả kiểm lại từ các phiếu đã xác nhận khác kết quả đã lưu" in lines[0]
    assert lines[1].startswith(f"khớp        lần bầu #{case.second.pk}")


def test_verify_of_one_election_leaves_the_others_alone(world, case):
    election, secretary = direct_secretary(world)
    raw(
        "UPDATE elections_round SET result_digest = %s WHERE id = %s",
        ["0" * 64, case.first.pk],
    )
    assert "tất cả khớp" in run("verify", str(election.pk))
    with pytest.raises(CommandError, match="mã băm|không khớp"):
        run("verify", "--all")


def test_verify_needs_an_election_or_all(db):
    with pytest.raises(CommandError, match="--all"):
        run("verify")


def test_the_minutes_command_writes_docx_and_pdf(case, tmp_path):
    docx = tmp_path / "bb.docx"
    pdf = tmp_path / "bb.pdf"
    run("minutes", str(case.election.pk), "--round", "1", "--format", "docx", "-o", str(docx))
    run("minutes", str(case.election.pk), "--round", "2", "-o", str(pdf), "--number", "07")
    assert "BIÊN BẢN KIỂM PHIẾU" in docx_text(docx.read_bytes())
    text = pdf_text(pdf.read_bytes())
    assert "Số 07-BB/BKP" in text and "bầu lần thứ hai" in text


def test_the_minutes_command_refuses_a_round_that_does_not_exist(case, tmp_path):
    with pytest.raises(CommandError, match="không có lần bầu thứ 9"):
        run("minutes", str(case.election.pk), "--round", "9", "-o", str(tmp_path / "x.pdf"))


def test_export_writes_an_input_that_daihoi_count_recounts_to_the_stored_result(
    case, tmp_path, capsys
):
    path = tmp_path / "lan1.json"
    run("export", str(case.first.pk), "-o", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "daihoi.count/1"
    assert len(document["ballots"]) == 12
    capsys.readouterr()
    assert count_main([str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == case.first.result

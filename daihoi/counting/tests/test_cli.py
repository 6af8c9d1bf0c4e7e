"""`daihoi count` and `daihoi sort-names`: every error path gives status 2, one Vietnamese
line naming the field on stderr, and nothing on stdout (shared/DESIGN.md, docs/cli.md)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from daihoi.counting.cli import count_main, sort_names_main
from daihoi.counting.tests.casefiles import CASES_DIR, load

E1 = load(CASES_DIR / "e01_chi_bo_members_congress_exclusions.json")
E7 = load(CASES_DIR / "e07_no_surplus_list_partial_marks.json")

Doc = dict[str, Any]


def run_count(doc: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    source = tmp_path / "round.json"
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    source.write_text(text, encoding="utf-8")
    status = count_main([str(source)])
    out, err = capsys.readouterr()
    return status, out, err


def e1(change: Callable[[Doc], object]) -> Doc:
    doc: Doc = copy.deepcopy(E1["input"])
    change(doc)
    return doc


def e7(change: Callable[[Doc], object]) -> Doc:
    doc: Doc = copy.deepcopy(E7["input"])
    change(doc)
    return doc


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("not json", "{", "tệp không phải JSON hợp lệ (dòng 1, cột 2)"),
    ("a list, not an object", "[]", "nội dung tệp phải là một đối tượng JSON ({…})"),
    ("a key twice", '{"format": 1, "format": 2}', "format: trường xuất hiện hai lần trong cùng một đối tượng"),
    ("unknown top-level key", e1(lambda d: d.update(extra=1)), "extra: trường không có trong định dạng"),
    ("missing format", e1(lambda d: d.pop("format")), "format: thiếu trường bắt buộc"),
    ("wrong format", e1(lambda d: d.update(format="daihoi.count/2")),
     'format: định dạng "daihoi.count/2" không được hỗ trợ (cần "daihoi.count/1")'),
    ("regulation not a string", e1(lambda d: d.update(regulation=190)), "regulation: phải là một chuỗi ký tự"),
    ("unknown regulation", e1(lambda d: d.update(regulation="220-2009")),
     'regulation: không có hồ sơ quy chế "220-2009" (chỉ có "190-2024", "244-2014")'),
    ("switches not an object", e1(lambda d: d.update(switches=[])), "switches: phải là một đối tượng JSON ({…})"),
    ("unknown switch", e1(lambda d: d.update(switches={"older_wins": True})),
     'switches.older_wins: không có công tắc quy chế tên "older_wins"'),
    ("switch not a boolean", e1(lambda d: d.update(switches={"all_struck_is_invalid": "no"})),
     "switches.all_struck_is_invalid: giá trị phải là true hoặc false"),
    ("election not an object", e1(lambda d: d.update(election=5)), "election: phải là một đối tượng JSON ({…})"),
    ("missing seats", e1(lambda d: d["election"].pop("seats")), "election.seats: thiếu trường bắt buộc"),
    ("unknown election key", e1(lambda d: d["election"].update(present=20)),
     "election.present: trường không có trong định dạng"),
    ("seats as a string", e1(lambda d: d["election"].update(seats="5")), "election.seats: phải là một số nguyên"),
    ("seats as a boolean", e1(lambda d: d["election"].update(seats=True)), "election.seats: phải là một số nguyên"),
    ("seats as a float", e1(lambda d: d["election"].update(seats=5.0)), "election.seats: phải là một số nguyên"),
    ("unknown body", e1(lambda d: d["election"].update(body="politburo")),
     'election.body: giá trị "politburo" không hợp lệ (chỉ nhận: executive, standing, secretary,'
     " deputy_secretary, inspection, inspection_chair, upper_delegates, upper_alternates, other)"),
    ("tie_revote not a boolean", e1(lambda d: d["election"].update(tie_revote=1)),
     "election.tie_revote: phải là true hoặc false"),
    ("zero seats", e1(lambda d: d["election"].update(seats=0)), "election.seats: phải là số nguyên từ 1 trở lên"),
    ("negative convened", e1(lambda d: d["election"].update(convened=-1)),
     "election.convened: phải là số nguyên từ 0 trở lên"),
    ("negative not counted", e1(lambda d: d["election"].update(not_counted_in_base=-2)),
     "election.not_counted_in_base: phải là số nguyên từ 0 trở lên"),
    ("round zero", e1(lambda d: d["election"].update(round=0)), "election.round: phải là số nguyên từ 1 trở lên"),
    ("negative alternate seats", e1(lambda d: d["election"].update(alternate_seats=-1)),
     "election.alternate_seats: phải là số nguyên từ 0 trở lên"),
    ("alternate seats outside a delegates round", e1(lambda d: d["election"].update(alternate_seats=1)),
     "election.alternate_seats: chỉ dùng trong vòng bầu đại biểu chính thức (body = upper_delegates)"),
    ("more excluded than convened", e1(lambda d: d["election"].update(not_counted_in_base=26)),
     "election.not_counted_in_base: số không tính vào cơ sở (26) lớn hơn số được triệu tập (25)"),
    ("candidates not a list", e1(lambda d: d.update(candidates={})), "candidates: phải là một danh sách ([…])"),
    ("no candidates", e1(lambda d: d.update(candidates=[], ballots=[])), "candidates: danh sách ứng cử viên trống"),
    ("candidate not an object", e1(lambda d: d["candidates"].__setitem__(2, "c3")),
     "candidates[2]: phải là một đối tượng JSON ({…})"),
    ("candidate without a name", e1(lambda d: d["candidates"][1].pop("name")),
     "candidates[1].name: thiếu trường bắt buộc"),
    ("candidate id not a string", e1(lambda d: d["candidates"][0].update(id=1)),
     "candidates[0].id: phải là một chuỗi ký tự"),
    ("empty candidate id", e1(lambda d: d["candidates"][0].update(id="")),
     "candidates[0].id: mã ứng cử viên không được để trống"),
    ("duplicate candidate id", e1(lambda d: d["candidates"][4].update(id="c1")),
     'candidates[4].id: mã ứng cử viên "c1" bị trùng'),
    ("blank candidate name", e1(lambda d: d["candidates"][3].update(name="  ")),
     "candidates[3].name: họ tên không được để trống"),
    ("birth date not a string", e1(lambda d: d["candidates"][0].update(birth_date=1970)),
     "candidates[0].birth_date: phải là một chuỗi ký tự"),
    ("birth date in another format", e1(lambda d: d["candidates"][0].update(birth_date="02/01/1970")),
     'candidates[0].birth_date: ngày sinh "02/01/1970" không đúng dạng YYYY-MM-DD'),
    ("birth date that does not exist", e1(lambda d: d["candidates"][0].update(birth_date="1970-02-30")),
     'candidates[0].birth_date: ngày sinh "1970-02-30" không đúng dạng YYYY-MM-DD'),
    ("ballots not a list", e1(lambda d: d.update(ballots=None)), "ballots: phải là một danh sách ([…])"),
    ("ballot not an object", e1(lambda d: d["ballots"].__setitem__(1, ["c1"])),
     "ballots[1]: phải là một đối tượng JSON ({…})"),
    ("strike ballot without struck", e1(lambda d: d["ballots"][2].pop("struck")),
     "ballots[2].struck: thiếu trường bắt buộc"),
    ("strike ballot with marks", e1(lambda d: d["ballots"][0].update(marks={})),
     "ballots[0].marks: trường không có trong định dạng"),
    ("struck not a list", e1(lambda d: d["ballots"][3].update(struck="c1")),
     "ballots[3].struck: phải là một danh sách ([…])"),
    ("struck id not a string", e1(lambda d: d["ballots"][3].update(struck=[1])),
     "ballots[3].struck[0]: phải là một chuỗi ký tự"),
    ("unknown candidate struck", e1(lambda d: d["ballots"][3].update(struck=["c9"])),
     'ballots[3].struck: mã ứng cử viên "c9" không có trong danh sách'),
    ("candidate struck twice", e1(lambda d: d["ballots"][3].update(struck=["c2", "c2"])),
     'ballots[3].struck: mã ứng cử viên "c2" được ghi hai lần'),
    ("defects not a list", e1(lambda d: d["ballots"][0].update(defects="torn")),
     "ballots[0].defects: phải là một danh sách ([…])"),
    ("unknown defect", e1(lambda d: d["ballots"][0].update(defects=["coffee_stain"])),
     'ballots[0].defects[0]: giá trị "coffee_stain" không hợp lệ (chỉ nhận: not_official,'
     " added_name, extra_writing, torn_or_unreadable)"),
    ("defect twice", e1(lambda d: d["ballots"][0].update(defects=["added_name", "added_name"])),
     "ballots[0].defects: một lỗi được ghi hai lần"),
    ("count not an integer", e1(lambda d: d["ballots"][0].update(count="8")),
     "ballots[0].count: phải là một số nguyên"),
    ("negative count", e1(lambda d: d["ballots"][0].update(count=-3)),
     "ballots[0].count: số phiếu giống nhau phải từ 1 trở lên"),
    ("more ballots than convened", e1(lambda d: d["ballots"][0].update(count=20)),
     "ballots: số phiếu thu vào (33) nhiều hơn số được triệu tập (25)"),
    ("agree/disagree ballot without marks", e7(lambda d: d["ballots"][0].pop("marks")),
     "ballots[0].marks: thiếu trường bắt buộc"),
    ("agree/disagree ballot with struck", e7(lambda d: d["ballots"][0].update(struck=[])),
     "ballots[0].struck: trường không có trong định dạng"),
    ("marks not an object", e7(lambda d: d["ballots"][1].update(marks=["agree"])),
     "ballots[1].marks: phải là một đối tượng JSON ({…})"),
    ("unknown mark", e7(lambda d: d["ballots"][1].update(marks={"c1": "yes"})),
     'ballots[1].marks.c1: giá trị "yes" không hợp lệ (chỉ nhận: agree, disagree, both, none)'),
    ("mark for an unknown candidate", e7(lambda d: d["ballots"][2].update(marks={"c1": "agree", "c7": "agree"})),
     'ballots[2].marks: mã ứng cử viên "c7" không có trong danh sách'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "message"),
    [(doc, message) for _, doc, message in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_exits_2_naming_the_field_in_vietnamese_with_nothing_on_stdout(
    doc: Any, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_count(doc, tmp_path, capsys)
    assert (status, out, err) == (2, "", f"Lỗi: {message}\n")


def test_the_design_md_example_as_printed_is_refused_for_27_ballots_of_10_convened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(load(CASES_DIR / "contract_example_design_md.json")["input"])
    doc["election"]["convened"] = 10
    status, out, err = run_count(doc, tmp_path, capsys)
    assert (status, out) == (2, "")
    assert err == "Lỗi: ballots: số phiếu thu vào (27) nhiều hơn số được triệu tập (10)\n"


def test_count_of_a_missing_file_says_it_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "khong-co.json"
    assert count_main([str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Lỗi: không đọc được tệp {missing}: No such file or directory\n"


def test_count_of_a_file_that_is_not_utf8_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cp1258.json"
    source.write_bytes("Nguyễn".encode("utf-16"))
    assert count_main([str(source)]) == 2
    assert capsys.readouterr() == ("", f"Lỗi: tệp {source} không phải văn bản UTF-8\n")


@pytest.mark.parametrize("argv", [[], ["a.json", "b.json"]])
def test_count_without_exactly_one_file_prints_the_usage_and_exits_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert count_main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Cách dùng: daihoi count FILE.json")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_count_help_prints_the_usage_on_stdout(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert count_main([flag]) == 0
    assert capsys.readouterr().out.startswith("Cách dùng: daihoi count FILE.json")


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_count_dash_reads_the_round_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, json.dumps(E1["input"]).encode())
    assert count_main(["-"]) == 0
    assert json.loads(capsys.readouterr().out) == E1["expected"]


def test_count_dash_accepts_a_text_stdin_without_a_byte_buffer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(E1["input"], ensure_ascii=False)))
    assert count_main(["-"]) == 0
    assert json.loads(capsys.readouterr().out) == E1["expected"]


def test_count_dash_refuses_stdin_that_is_not_utf8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, b"\xff\xfe{")
    assert count_main(["-"]) == 2
    assert capsys.readouterr() == ("", "Lỗi: dữ liệu vào không phải văn bản UTF-8\n")


def test_count_writes_to_a_text_stdout_without_a_byte_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "round.json"
    source.write_text(json.dumps(E1["input"]), encoding="utf-8")
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert count_main([str(source)]) == 0
    assert json.loads(out.getvalue()) == E1["expected"]


def test_count_accepts_a_utf8_file_with_a_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bom.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(E1["input"]).encode())
    assert count_main([str(source)]) == 0
    assert json.loads(capsys.readouterr().out) == E1["expected"]


def test_count_output_is_utf8_json_ending_with_a_newline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_count(E1["input"], tmp_path, capsys)
    assert status == 0 and out.endswith("}\n")
    assert "Nguyễn Văn An" in out  # not \\u-escaped


# --- sort-names -----------------------------------------------------------------------------


def sort_names(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: bytes
) -> tuple[int, str, str]:
    stdin_bytes(monkeypatch, text)
    status = sort_names_main([])
    out, err = capsys.readouterr()
    return status, out, err


def test_sort_names_prints_nfc_names_in_ballot_order_skipping_blank_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nfd = "Tr\u1ea7n Văn Cu\u031bo\u031b\u0300ng"  # "Trần Văn Cường" with ư, ờ decomposed
    text = f"Lê Thị Bình\n\n  Nguyễn   Văn An \n{nfd}\n".encode()
    assert sort_names(monkeypatch, capsys, text) == (
        0,
        "Nguyễn Văn An\nLê Thị Bình\nTrần Văn Cường\n",
        "",
    )


def test_sort_names_breaks_a_tie_by_the_birth_date_after_a_tab(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Nguyễn Văn An\t1970-05-02\nNguyễn Văn An\t1965-01-09\n".encode()
    status, out, _ = sort_names(monkeypatch, capsys, text)
    assert (status, out) == (0, "Nguyễn Văn An\t1965-01-09\nNguyễn Văn An\t1970-05-02\n")


def test_sort_names_of_nothing_prints_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sort_names(monkeypatch, capsys, b"") == (0, "", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Nguyễn Văn An\t2/5/1970\n",
            'Lỗi: dòng 1: ngày sinh "2/5/1970" không đúng dạng YYYY-MM-DD\n',
        ),
        ("Lê Thị Bình\n\t1970-05-02\n", "Lỗi: dòng 2: thiếu họ tên\n"),
        ("\udcff", "Lỗi: dữ liệu vào không phải văn bản UTF-8\n"),
    ],
    ids=["bad birth date", "birth date without a name", "not utf-8"],
)
def test_sort_names_refuses_bad_lines_with_status_2_naming_the_line(
    text: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = text.encode("utf-8", "surrogateescape")
    assert sort_names(monkeypatch, capsys, data) == (2, "", message)


def test_sort_names_takes_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert sort_names_main(["names.txt"]) == 2
    assert capsys.readouterr().err.startswith("Cách dùng: daihoi sort-names")


def test_sort_names_help_prints_the_usage_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert sort_names_main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("Cách dùng: daihoi sort-names")

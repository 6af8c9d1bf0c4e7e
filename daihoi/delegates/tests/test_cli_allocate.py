"""`daihoi allocate`: the daihoi.allocate/1 → daihoi.allocation-result/1 contract through
`daihoi.cli.main` and through a real process; bad input gives status 2, one Vietnamese line
naming the field on stderr and nothing on stdout (shared/DESIGN.md, docs/cli.md)."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from daihoi.cli import main
from daihoi.delegates.cli import MAX_INPUT_BYTES, allocate_main

REPO = Path(__file__).resolve().parents[3]

Doc = dict[str, Any]

EXAMPLE: Doc = {
    "format": "daihoi.allocate/1",
    "method": "largest_remainder",
    "seats": 10,
    "alternates": 2,
    "minimum": 1,
    "units": [
        {"id": "u1", "name": "Đảng bộ phường A", "members": 182},
        {"id": "u2", "name": "Đảng bộ phường B", "members": 450},
        {"id": "u3", "name": "Đảng bộ xã C", "members": 97, "extra": 1},
    ],
}


def run(doc: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    source = tmp_path / "allocate.json"
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    source.write_text(text, encoding="utf-8")
    status = main(["allocate", str(source)])
    out, err = capsys.readouterr()
    return status, out, err


def run_daihoi(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO), LC_ALL="C")
    return subprocess.run(
        [sys.executable, "-m", "daihoi.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


# --- what comes out -------------------------------------------------------------------------


def test_the_example_gives_every_unit_its_seats_with_the_reason_in_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(EXAMPLE, tmp_path, capsys)
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["format"] == "daihoi.allocation-result/1"
    assert [(u["id"], u["official"], u["alternates"]) for u in result["units"]] == [
        ("u1", 3, 1),
        ("u2", 5, 1),
        ("u3", 3, 0),
    ]
    assert [u["reason"].split(" (")[0] for u in result["units"]] == [
        "tối thiểu 1 + 2 theo số dư lớn nhất",
        "tối thiểu 1 + 4 theo số dư lớn nhất",
        "tối thiểu 1 + 1 theo số dư lớn nhất",
    ]
    assert (result["official_total"], result["alternates_total"], result["ties"]) == (11, 2, [])


def test_every_key_is_present_the_contract_keys_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = json.loads(run(EXAMPLE, tmp_path, capsys)[1])
    assert list(result) == [
        "format", "units", "official_total", "alternates_total", "ties", "profile", "method",
        "alternates_method", "seats_unallocated", "alternates_unallocated", "ex_officio",
        "appointed", "convened_total",
    ]  # fmt: skip
    assert list(result["units"][2]) == [
        "id", "official", "alternates", "reason", "name", "members", "base", "by_members", "extra",
    ]  # fmt: skip
    assert result["units"][2] | {"reason": "…"} == {
        "id": "u3", "official": 3, "alternates": 0, "reason": "…", "name": "Đảng bộ xã C",
        "members": 97, "base": 1, "by_members": 1, "extra": 1,
    }  # fmt: skip


def test_a_tie_is_reported_with_the_units_the_seats_and_the_exact_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "daihoi.allocate/1",
        "method": "dhondt",
        "seats": 7,
        "units": [
            {"id": "u1", "members": 10_000},
            {"id": "u2", "members": 6_000},
            {"id": "u3", "members": 1_500},
        ],
    }
    result = json.loads(run(doc, tmp_path, capsys)[1])
    assert [u["official"] for u in result["units"]] == [4, 2, 0]
    assert result["ties"] == [
        {"kind": "official", "units": ["u1", "u2"], "seats": 1, "criterion": "quotient", "value": "2000"}
    ]
    assert (result["official_total"], result["seats_unallocated"]) == (6, 1)


def test_a_remainder_tie_gives_its_value_as_an_exact_fraction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "daihoi.allocate/1",
        "method": "largest_remainder",
        "seats": 4,
        "units": [{"id": "a", "members": 100}, {"id": "b", "members": 100}, {"id": "c", "members": 100}],
    }
    result = json.loads(run(doc, tmp_path, capsys)[1])
    assert result["ties"][0] == {
        "kind": "official", "units": ["a", "b", "c"], "seats": 1, "criterion": "remainder", "value": "1/3",
    }  # fmt: skip


# --- the XIII congress: 1,381 elected delegates over 67 units --------------------------------

# 67 directly-subordinate committees with member counts spread from 9,000 to 158,000; two of
# them sit on either side of the rounding rule (remainder 6,000 and 6,001); six key
# committees carry extra seats.
XIII_MEMBERS = [9_000 + (i * 48_611) % 150_000 for i in range(67)]
XIII_MEMBERS[10], XIII_MEMBERS[11] = 30_000, 30_001
XIII_EXTRA = {0: 12, 1: 12, 2: 8, 3: 6, 4: 5, 5: 5}


def xiii_document() -> Doc:
    units: list[Doc] = []
    for i, members in enumerate(XIII_MEMBERS):
        unit: Doc = {"id": f"DB{i + 1:02d}", "members": members}
        if i in XIII_EXTRA:
            unit["extra"] = XIII_EXTRA[i]
        units.append(unit)
    return {
        "format": "daihoi.allocate/1",
        "profile": "xiii",
        "ex_officio": 194,
        "appointed": 15,
        "units": units,
    }


def by_hand(members: int, extra: int) -> int:
    """13 per unit, 1 per 12,000 members, 1 more if the remainder is at least 6,001."""
    whole, remainder = divmod(members, 12_000)
    return 13 + whole + (1 if remainder >= 6_001 else 0) + extra


def test_the_xiii_formula_elects_1381_delegates_and_convenes_1590(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [by_hand(m, XIII_EXTRA.get(i, 0)) for i, m in enumerate(XIII_MEMBERS)]
    assert sum(expected) == 1_381  # the figure of rules.md §12
    assert expected[10:12] == [13 + 2, 13 + 2 + 1]  # remainder 6,000 → no seat; 6,001 → one
    status, out, _ = run(xiii_document(), tmp_path, capsys)
    result = json.loads(out)
    assert status == 0
    assert [u["official"] for u in result["units"]] == expected
    assert result["official_total"] == 1_381
    assert result["convened_total"] == 194 + 1_381 + 15 == 1_590
    assert (result["profile"], result["method"], result["ties"]) == ("xiii", "per_members", [])


def test_a_real_daihoi_allocate_process_elects_1381_for_the_xiii_congress() -> None:
    done = run_daihoi("allocate", "-", stdin=json.dumps(xiii_document()).encode())
    assert (done.returncode, done.stderr) == (0, b"")
    assert json.loads(done.stdout.decode("utf-8"))["official_total"] == 1_381


def test_a_real_daihoi_allocate_process_reads_a_file_and_prints_utf8_json(tmp_path: Path) -> None:
    source = tmp_path / "phan-bo.json"
    source.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    done = run_daihoi("allocate", str(source))
    assert (done.returncode, done.stderr) == (0, b"")
    out = done.stdout.decode("utf-8")
    assert "Đảng bộ phường A" in out and out.endswith("}\n")  # not \\u-escaped
    assert json.loads(out)["official_total"] == 11


def test_a_real_daihoi_allocate_process_refuses_bad_input_in_vietnamese_with_status_2() -> None:
    bad = copy.deepcopy(EXAMPLE)
    bad["units"].append({"id": "u4", "members": -5})
    done = run_daihoi("allocate", "-", stdin=json.dumps(bad).encode())
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8") == "Lỗi: units[3].members: phải là số nguyên từ 0 trở lên\n"


def test_daihoi_allocate_does_not_load_django() -> None:
    probe = (
        "import sys, io, json; from daihoi.cli import main;"
        f"sys.stdin = io.StringIO({json.dumps(json.dumps(EXAMPLE))});"
        "status = main(['allocate', '-']);"
        "sys.exit(10 if 'django' in sys.modules else status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, cwd=REPO, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


# --- profiles -------------------------------------------------------------------------------


def test_the_xiv_profile_bases_a_merged_committee_on_24_and_needs_the_member_rule_stated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc: Doc = {
        "format": "daihoi.allocate/1",
        "profile": "xiv-341",
        "units": [{"id": "a", "members": 30_001, "merged_from": 2}, {"id": "b", "members": 5_000}],
    }
    status, out, err = run(doc, tmp_path, capsys)
    assert (status, out) == (2, "")
    assert err == (
        "Lỗi: members_per_seat: thiếu trường bắt buộc (hồ sơ xiv-341 không quy định giá trị"
        " này: chưa xác minh)\n"
    )
    doc |= {"members_per_seat": 12_000, "remainder_at_least": 6_001}
    result = json.loads(run(doc, tmp_path, capsys)[1])
    assert [u["official"] for u in result["units"]] == [24 + 2 + 1, 13]


def test_explicit_fields_override_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "daihoi.allocate/1",
        "profile": "xiii",
        "base_per_unit": 5,
        "remainder_at_least": 12_000,
        "units": [{"id": "a", "members": 23_999}],
    }
    result = json.loads(run(doc, tmp_path, capsys)[1])
    assert result["units"][0]["official"] == 5 + 1  # 11,999 left never reaches 12,000


def test_a_base_by_merger_table_declares_committees_merged_from_three(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "daihoi.allocate/1",
        "profile": "xiv-341",
        "members_per_seat": 12_000,
        "remainder_at_least": 6_001,
        "base_by_merger": {"1": 13, "2": 24, "3": 35},
        "units": [{"id": "a", "members": 1_000, "merged_from": 3}],
    }
    result = json.loads(run(doc, tmp_path, capsys)[1])
    assert result["units"][0]["official"] == 35


# --- what is refused ------------------------------------------------------------------------


def example(change: Callable[[Doc], object]) -> Doc:
    doc: Doc = copy.deepcopy(EXAMPLE)
    change(doc)
    return doc


def per_members(change: Callable[[Doc], object]) -> Doc:
    doc: Doc = {
        "format": "daihoi.allocate/1",
        "profile": "xiv-341",
        "members_per_seat": 12_000,
        "remainder_at_least": 6_001,
        "units": [{"id": "a", "members": 30_001, "merged_from": 2}, {"id": "b", "members": 5_000}],
    }
    change(doc)
    return doc


def set_unit(i: int, **fields: object) -> Callable[[Doc], object]:
    return lambda d: d["units"][i].update(fields)


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("not json", "{", "tệp không phải JSON hợp lệ (dòng 1, cột 2)"),
    ("a list, not an object", "[]", "nội dung tệp phải là một đối tượng JSON ({…})"),
    ("a key twice", '{"format": 1, "format": 2}', "format: trường xuất hiện hai lần trong cùng một đối tượng"),
    ("an integer too long to read", '{"seats": 1' + "0" * 5000 + "}", "tệp không phải JSON hợp lệ (có số quá dài)"),
    ("nested too deep", "[" * 100_000 + "]" * 100_000, "tệp không phải JSON hợp lệ (lồng nhau quá sâu)"),
    ("wrong format", example(lambda d: d.update(format="daihoi.count/1")),
     'format: định dạng "daihoi.count/1" không được hỗ trợ (cần "daihoi.allocate/1")'),
    ("wrong format before missing fields", '{"format": "x"}',
     'format: định dạng "x" không được hỗ trợ (cần "daihoi.allocate/1")'),
    ("missing format", example(lambda d: d.pop("format")), "format: thiếu trường bắt buộc"),
    ("unknown field", example(lambda d: d.update(quota=3)), "quota: trường không có trong định dạng"),
    ("missing method", example(lambda d: d.pop("method")), "method: thiếu trường bắt buộc (hoặc khai báo profile)"),
    ("unknown method", example(lambda d: d.update(method="imperiali")),
     'method: phương pháp "imperiali" không có (chỉ nhận: largest_remainder, dhondt, sainte_lague, per_members)'),
    ("unknown profile", example(lambda d: d.update(profile="xv")), 'profile: không có hồ sơ "xv" (chỉ có "xiii", "xiv-341")'),
    ("method against the profile", example(lambda d: d.update(profile="xiii")),
     'method: hồ sơ "xiii" dùng phương pháp per_members'),
    ("missing seats", example(lambda d: d.pop("seats")), "seats: thiếu trường bắt buộc (phương pháp largest_remainder)"),
    ("seats as a string", example(lambda d: d.update(seats="10")), "seats: phải là một số nguyên"),
    ("seats as a float", example(lambda d: d.update(seats=10.0)), "seats: phải là một số nguyên"),
    ("negative seats", example(lambda d: d.update(seats=-1)), "seats: phải là số nguyên từ 0 trở lên"),
    ("too many seats", example(lambda d: d.update(seats=100_001)), "seats: quá lớn (tối đa 100.000)"),
    ("minimum beyond the seats", example(lambda d: d.update(minimum=4)),
     "minimum: mức tối thiểu 4 × 3 đơn vị = 12 vượt quá số suất 10"),
    ("negative minimum", example(lambda d: d.update(minimum=-1)), "minimum: phải là số nguyên từ 0 trở lên"),
    ("a per-members field with a total method", example(lambda d: d.update(members_per_seat=100)),
     "members_per_seat: chỉ dùng với phương pháp per_members"),
    ("negative alternates", example(lambda d: d.update(alternates=-2)), "alternates: phải là số nguyên từ 0 trở lên"),
    ("alternates per members", example(lambda d: d.update(alternates_method="per_members")),
     "alternates_method: đại biểu dự khuyết chỉ phân bổ theo largest_remainder, dhondt hoặc sainte_lague"),
    ("negative ex officio", example(lambda d: d.update(ex_officio=-1)), "ex_officio: phải là số nguyên từ 0 trở lên"),
    ("appointed as a boolean", example(lambda d: d.update(appointed=True)), "appointed: phải là một số nguyên"),
    ("units not a list", example(lambda d: d.update(units={})), "units: phải là một danh sách ([…])"),
    ("no units", example(lambda d: d.update(units=[])), "units: danh sách đơn vị trống"),
    ("a unit not an object", example(lambda d: d["units"].__setitem__(1, "u2")), "units[1]: phải là một đối tượng JSON ({…})"),
    ("a unit without members", example(lambda d: d["units"][2].pop("members")), "units[2].members: thiếu trường bắt buộc"),
    ("a unit with an unknown field", example(set_unit(0, seats=3)), "units[0].seats: trường không có trong định dạng"),
    ("members as a string", example(set_unit(1, members="450")), "units[1].members: phải là một số nguyên"),
    ("members as a float", example(set_unit(1, members=450.5)), "units[1].members: phải là một số nguyên"),
    ("negative members", example(set_unit(2, members=-97)), "units[2].members: phải là số nguyên từ 0 trở lên"),
    ("no member anywhere", example(lambda d: [u.update(members=0) for u in d["units"]]),
     "seats: mọi đơn vị đều có 0 đảng viên: không có căn cứ phân bổ 7 suất còn lại sau mức tối thiểu theo số đảng viên"),
    ("id not a string", example(set_unit(0, id=1)), "units[0].id: phải là một chuỗi ký tự"),
    ("empty id", example(set_unit(0, id=" ")), "units[0].id: mã đơn vị không được để trống"),
    ("duplicate id", example(set_unit(2, id="u1")), 'units[2].id: mã đơn vị "u1" bị trùng'),
    ("name not a string", example(set_unit(0, name=5)), "units[0].name: phải là một chuỗi ký tự"),
    ("negative extra", example(set_unit(1, extra=-1)), "units[1].extra: phải là số nguyên từ 0 trở lên"),
    ("merged_from with a total method", example(set_unit(1, merged_from=2)),
     "units[1].merged_from: chỉ dùng với phương pháp per_members"),
    ("seats with per_members", per_members(lambda d: d.update(seats=40)),
     "seats: không dùng với phương pháp per_members (số đại biểu tính theo công thức)"),
    ("minimum with per_members", per_members(lambda d: d.update(minimum=1)),
     "minimum: không dùng với phương pháp per_members (mức cơ sở là base_per_unit)"),
    ("per_members without a base", {"format": "daihoi.allocate/1", "method": "per_members", "members_per_seat": 100,
     "remainder_at_least": 51, "units": [{"id": "a", "members": 1}]}, "base_per_unit: thiếu trường bắt buộc"),
    ("per_members without the rounding rule", {"format": "daihoi.allocate/1", "method": "per_members",
     "members_per_seat": 100, "base_per_unit": 1, "units": [{"id": "a", "members": 1}]},
     "remainder_at_least: thiếu trường bắt buộc"),
    ("members per seat zero", per_members(lambda d: d.update(members_per_seat=0)),
     "members_per_seat: phải là số nguyên từ 1 trở lên"),
    ("remainder beyond the seat size", per_members(lambda d: d.update(remainder_at_least=12_001)),
     "remainder_at_least: phải từ 1 đến 12.000 (members_per_seat)"),
    ("merged from three, not confirmed", per_members(set_unit(0, merged_from=3)),
     "units[0].merged_from: base_by_merger không có mức cơ sở cho đảng bộ hợp nhất từ 3 đảng bộ"
     " (chỉ có: 1, 2); mức ngoài 2 đảng bộ chưa được xác minh: khai báo trong base_by_merger"),
    ("merged from zero", per_members(set_unit(0, merged_from=0)), "units[0].merged_from: phải là số nguyên từ 1 trở lên"),
    ("merged_from without a table", per_members(lambda d: d.update(base_per_unit=13)),
     "units[0].merged_from: chỉ dùng với base_by_merger (hồ sơ xiv-341)"),
    ("both kinds of base", per_members(lambda d: d.update(base_per_unit=13, base_by_merger={"1": 13})),
     "base_by_merger: không dùng cùng với base_per_unit"),
    ("a table key that is no number", per_members(lambda d: d.update(base_by_merger={"hai": 24})),
     "base_by_merger.hai: khóa phải là số đảng bộ hợp nhất (số nguyên từ 1 trở lên)"),
    ("a table without the unmerged base", per_members(lambda d: d.update(base_by_merger={"2": 24})),
     "base_by_merger: thiếu mức cơ sở cho đảng bộ không hợp nhất (1)"),
    ("a negative base", per_members(lambda d: d.update(base_by_merger={"1": -1, "2": 24})),
     "base_by_merger.1: phải là số nguyên từ 0 trở lên"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "message"),
    [(doc, message) for _, doc, message in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_exits_2_naming_the_field_in_vietnamese_with_nothing_on_stdout(
    doc: Any, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(doc, tmp_path, capsys) == (2, "", f"Lỗi: {message}\n")


def test_a_file_larger_than_5_mb_is_refused_before_it_is_read_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.json"
    source.write_bytes(b" " * MAX_INPUT_BYTES + b"{}")
    assert allocate_main([str(source)]) == 2
    assert capsys.readouterr() == ("", f"Lỗi: tệp {source} lớn hơn giới hạn 5 MB\n")


def test_stdin_larger_than_5_mb_is_refused_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, b" " * (MAX_INPUT_BYTES + 1))
    assert allocate_main(["-"]) == 2
    assert capsys.readouterr() == ("", "Lỗi: dữ liệu vào lớn hơn giới hạn 5 MB\n")


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "khong-co.json"
    assert allocate_main([str(missing)]) == 2
    assert capsys.readouterr() == (
        "",
        f"Lỗi: không đọc được tệp {missing}: No such file or directory\n",
    )


def test_a_file_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "utf16.json"
    source.write_bytes(json.dumps(EXAMPLE).encode("utf-16"))
    assert allocate_main([str(source)]) == 2
    assert capsys.readouterr() == ("", f"Lỗi: tệp {source} không phải văn bản UTF-8\n")


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_the_request_from_stdin_a_byte_order_mark_allowed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    assert main(["allocate", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["official_total"] == 11


def test_dash_accepts_a_text_stdin_and_writes_a_text_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(EXAMPLE, ensure_ascii=False)))
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert allocate_main(["-"]) == 0
    assert json.loads(out.getvalue())["units"][0]["name"] == "Đảng bộ phường A"


def test_dash_refuses_stdin_that_is_not_utf8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, b"\xff\xfe{")
    assert allocate_main(["-"]) == 2
    assert capsys.readouterr() == ("", "Lỗi: dữ liệu vào không phải văn bản UTF-8\n")


@pytest.mark.parametrize("argv", [[], ["a.json", "b.json"]])
def test_without_exactly_one_file_the_usage_is_printed_with_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["allocate", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Cách dùng: daihoi allocate FILE.json")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_prints_the_usage_on_stdout(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert allocate_main([flag]) == 0
    assert capsys.readouterr().out.startswith("Cách dùng: daihoi allocate FILE.json")


def test_the_daihoi_usage_lists_allocate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "allocate FILE.json | -" in capsys.readouterr().out


# --- docs/cli.md shows the real output --------------------------------------------------------


def docs_example() -> tuple[Doc, Doc]:
    text = (REPO / "docs/cli.md").read_text(encoding="utf-8")
    section = text.split("## `daihoi allocate`", 1)[1].split("\n## ", 1)[0]
    request, output = re.findall(r"```(?:json|sh)\n(.*?)```", section, re.S)[:2]
    return json.loads(request), json.loads(output.split("\n", 1)[1])


def test_the_example_of_docs_cli_md_prints_the_output_shown_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request, shown = docs_example()
    status, out, _ = run(request, tmp_path, capsys)
    assert status == 0
    assert json.loads(out) == shown

"""Every case file, through the Python API and through `daihoi count` (rules.md §15)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from daihoi.counting.cli import count_main
from daihoi.counting.regulation import SWITCH_NAMES, regulation
from daihoi.counting.tests.casefiles import case_paths, load, run_api

REPO = Path(__file__).resolve().parents[3]
CASES = case_paths()
COUNT_CASES = [p for p in CASES if load(p)["kind"] == "count"]


def ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.mark.parametrize("path", CASES, ids=ids(CASES))
def test_case_file_gives_its_expected_output_through_the_python_api(path: Path) -> None:
    case = load(path)
    assert run_api(case["kind"], case["input"]) == case["expected"]


@pytest.mark.parametrize("path", COUNT_CASES, ids=ids(COUNT_CASES))
def test_case_file_gives_its_expected_output_through_daihoi_count(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = load(path)
    source = tmp_path / "input.json"
    source.write_text(json.dumps(case["input"], ensure_ascii=False), encoding="utf-8")
    assert count_main([str(source)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == case["expected"]


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


@pytest.mark.parametrize(
    "name",
    [
        "e01_chi_bo_members_congress_exclusions",
        "e04_tie_at_the_cutoff",
        "e07_no_surplus_list_partial_marks",
    ],
)
def test_a_real_daihoi_count_process_prints_the_expected_result(name: str) -> None:
    case = load(REPO / "daihoi/counting/tests/cases" / f"{name}.json")
    done = run_daihoi("count", "-", stdin=json.dumps(case["input"]).encode())
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert json.loads(done.stdout.decode("utf-8")) == case["expected"]


def test_a_real_daihoi_count_process_refuses_bad_input_in_vietnamese_with_status_2() -> None:
    case = load(REPO / "daihoi/counting/tests/cases/e01_chi_bo_members_congress_exclusions.json")
    bad: dict[str, Any] = json.loads(json.dumps(case["input"]))
    bad["ballots"][3]["struck"] = ["c9"]
    done = run_daihoi("count", "-", stdin=json.dumps(bad).encode())
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode("utf-8") == (
        'Lỗi: ballots[3].struck: mã ứng cử viên "c9" không có trong danh sách\n'
    )


def test_a_real_daihoi_sort_names_process_prints_nfc_names_in_ballot_order() -> None:
    done = run_daihoi("sort-names", stdin="Lê Thị Bình\nNguyễn Văn An\n".encode())
    assert done.returncode == 0
    assert done.stdout.decode("utf-8") == "Nguyễn Văn An\nLê Thị Bình\n"


def test_every_worked_example_e1_to_e18_has_a_case_file() -> None:
    covered = {example for path in CASES for example in load(path)["examples"]}
    assert covered == {f"E{n}" for n in range(1, 19)}


def test_every_switch_is_exercised_in_both_positions_by_some_case_file() -> None:
    seen: dict[str, set[bool]] = {name: set() for name in SWITCH_NAMES}
    for path in CASES:
        inp = load(path)["input"]
        in_force = regulation(inp.get("regulation", "190-2024"), inp.get("switches"))
        for name, value in in_force.switches.as_dict().items():
            seen[name].add(value)
    assert all(values == {True, False} for values in seen.values()), seen


def test_both_regulation_profiles_are_exercised_by_case_files() -> None:
    profiles = {load(p)["expected"]["regulation"]["profile"] for p in COUNT_CASES}
    assert profiles == {"190-2024", "244-2014"}


def test_every_case_file_cited_in_docs_rules_exists() -> None:
    cited = set()
    for page in (REPO / "docs/rules").glob("*.md"):
        cited |= set(re.findall(r"`([a-z0-9_]+)\.json`", page.read_text(encoding="utf-8")))
    assert cited, "docs/rules cites no case file"
    assert cited <= {p.stem for p in CASES}

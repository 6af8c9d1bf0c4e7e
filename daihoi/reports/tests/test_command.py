"""`daihoi report summary`: JSON (its keys exactly the ones documented in docs/cli.md),
.docx and .xlsx files, the default organization, and --as applying a user's scope (a code
outside it fails like a missing one, in Vietnamese)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from daihoi.reports.summary import summary_figures
from daihoi.reports.summary_json import summary_json
from daihoi.reports.tests.hierarchy import TERM, TODAY, build_hoa_thu

pytestmark = pytest.mark.django_db

CLI_DOC = Path(__file__).resolve().parents[3] / "docs" / "cli.md"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "summary", *args, stdout=out)
    return out.getvalue()


def documented_keys() -> list[str]:
    """The keys in the table of the `daihoi report summary` section of docs/cli.md."""
    text = CLI_DOC.read_text(encoding="utf-8")
    section = text.split("## `daihoi report summary`", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_.\[\]]+)` \|", section, flags=re.MULTILINE)


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON value: "levels", "levels[].progress.held", …"""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path} | key_paths(child, path)
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, f"{prefix}[]")
    return paths


@pytest.fixture
def built():
    return build_hoa_thu()


def test_the_json_is_the_report_of_the_named_organization(built):
    output = json.loads(run("H", "--term", TERM, "--as-of", "2020-07-15"))
    assert output == summary_json(summary_figures(built.orgs["H"], TERM, today=TODAY))


def test_the_json_keys_are_exactly_the_documented_ones(built):
    documented = documented_keys()
    assert len(documented) == len(set(documented)), "a key is documented twice"
    # The test district fills every list and every optional object.
    output = json.loads(run("H", "--term", TERM, "--as-of", "2020-07-15"))
    assert sorted(key_paths(output)) == sorted(documented)


def test_the_docx_and_xlsx_files_are_written(built, tmp_path):
    docx_file, xlsx_file = tmp_path / "tong-ket.docx", tmp_path / "so-lieu.xlsx"
    message = run("H", "--term", TERM, "--format", "docx", "-o", str(docx_file))
    assert message == (
        f"Đã ghi báo cáo tổng kết (docx) của Đảng bộ huyện Hòa Thử, nhiệm kỳ 2020-2025 "
        f"vào {docx_file}.\n"
    )
    assert "BÁO CÁO" in [p.text for p in Document(str(docx_file)).paragraphs]
    run("H", "--term", TERM, "-o", str(xlsx_file))  # the format from the extension
    assert load_workbook(xlsx_file)["Tiến độ"].cell(3, 1).value == "Tổ chức cơ sở đảng"


def test_a_json_file_is_written_when_asked(built, tmp_path):
    target = tmp_path / "r.json"
    run("H2", "--term", TERM, "--format", "json", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["organization"]["code"] == "H2"


def test_without_a_code_the_report_is_of_the_top_organization(world):
    output = json.loads(run("--term", "2025-2030"))
    assert output["organization"]["code"] == "P"
    assert [level["level_key"] for level in output["levels"]] == ["upper_base", "base", "cell"]


def test_without_a_code_and_term_as_a_user_the_top_of_their_scope(world):
    output = json.loads(run("--as", "staff_b"))
    assert output["organization"]["code"] == "B"
    assert output["term"] == "2025-2030"  # no congress yet: the newest directive's term


def test_several_top_organizations_need_a_code(built):
    with pytest.raises(CommandError, match="Có nhiều tổ chức cấp cao nhất \\(H, K\\)"):
        run("--term", TERM)


def test_as_a_user_of_another_district_the_code_is_not_found(world):
    with pytest.raises(CommandError) as forbidden:
        run("A", "--term", TERM, "--as", "staff_b")
    assert str(forbidden.value) == "Không tìm thấy tổ chức có mã “A”."
    with pytest.raises(CommandError) as missing:
        run("ZZ", "--term", TERM, "--as", "staff_b")
    assert str(missing.value) == "Không tìm thấy tổ chức có mã “ZZ”."
    assert json.loads(run("A", "--term", TERM, "--as", "staff_a"))["organization"]["code"] == "A"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A", "--as", "nobody"], "Không tìm thấy người dùng “nobody”"),
        (["A", "--term", "2025"], "Nhiệm kỳ có dạng 2025-2030"),
        (["A", "--format", "docx"], "Cần -o TỆP để ghi báo cáo dạng docx."),
        (["A", "-o", "bao-cao.pdf"], "Cần --format json, docx hoặc xlsx"),
        (["A", "--as-of", "15/07/2020"], "Ngày “15/07/2020” không đúng dạng YYYY-MM-DD."),
    ],
)
def test_bad_arguments_are_refused_in_vietnamese(world, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_an_empty_database_has_no_report():
    with pytest.raises(CommandError, match="Không có tổ chức nào để lập báo cáo."):
        run("--term", TERM)

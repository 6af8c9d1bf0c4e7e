"""`daihoi import-organizations FILE [--as USERNAME] [--commit]`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from daihoi.core.models import AuditEntry
from daihoi.organizations import imports
from daihoi.organizations.models import Organization
from daihoi.organizations.tests.import_files import BAD_ROWS, GOOD_ROWS, csv_bytes, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args):
    """Run the command; return (exit status, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_organizations", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def new_codes():
    return set(
        Organization.objects.filter(code__in=["A3", "A3-1", "A4"]).values_list("code", flat=True)
    )


def test_without_commit_it_prints_the_preview_and_writes_nothing(world, tmp_path):
    path = write_xlsx(tmp_path / "danh-sach.xlsx", GOOD_ROWS)
    status, out, err = run(str(path))
    assert status == 0
    assert "3 tổ chức hợp lệ" in out and "--commit" in out
    assert new_codes() == set()


def test_errors_are_printed_with_row_numbers_and_exit_2(world, tmp_path):
    path = write_xlsx(tmp_path / "danh-sach.xlsx", GOOD_ROWS + BAD_ROWS)
    status, out, err = run(str(path), "--commit")
    assert status == 2
    assert "Dòng 5: Cột “Mã cấp trên”: không tìm thấy tổ chức cấp trên “KHONG-CO”" in err
    assert "Dòng 6: Cột “Đảng viên chính thức”" in err
    assert "Dòng 7: Cột “Tên tổ chức”: không được để trống." in err
    assert "3/6 dòng có lỗi" in err
    assert out == ""
    assert new_codes() == set()


def test_commit_writes_every_row_with_one_audit_entry(world, tmp_path):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS, delimiter=";", bom=True))
    status, out, err = run(str(path), "--as", "staff_a", "--commit")
    assert status == 0, err
    assert "Đã nhập 3 tổ chức từ tệp danh-sach.csv." in out
    assert new_codes() == {"A3", "A3-1", "A4"}
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "organization.import" and entry.actor == world.staff_a


def test_as_a_district_user_another_districts_parent_is_not_found(world, tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", [["B9", "Đảng bộ xã Bảo Lâm", "Cơ sở", "B", 0, 0]])
    status, out, err = run(str(path), "--as", "staff_a", "--commit")
    assert status == 2
    assert "Dòng 2: Cột “Mã cấp trên”: không tìm thấy tổ chức cấp trên “B”" in err
    assert not Organization.objects.filter(code="B9").exists()


def test_an_unknown_user_a_missing_file_and_a_bad_file_exit_2(world, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS)
    assert run(str(path), "--as", "nobody")[0] == 2
    status, _, err = run(str(tmp_path / "missing.xlsx"))
    assert status == 2 and "Không tìm thấy tệp" in err
    (tmp_path / "a.xls").write_bytes(b"old")
    status, _, err = run(str(tmp_path / "a.xls"))
    assert status == 2 and "không phải tệp Excel .xlsx hoặc .csv" in err


def test_a_big_file_prints_progress_lines(world, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    rows = [[f"C{i}", f"Chi bộ số {i}", "Chi bộ", "A1", 4, 0] for i in range(5)]
    path = write_xlsx(tmp_path / "lon.xlsx", rows)
    status, out, err = run(str(path), "--commit")
    assert status == 0
    assert "Đã đọc 2 dòng…" in err and "Đã đọc 4 dòng…" in err
    assert "Đang kiểm tra và ghi 5 tổ chức…" in err
    assert "Đã nhập 5 tổ chức" in out


def test_the_daihoi_command_accepts_the_dashed_name(tmp_path):
    # A separate process: `daihoi` (daihoi.cli) is above the apps, organizations never imports it.
    env = {**os.environ, "DAIHOI_DATA_DIR": str(tmp_path)}
    env.pop("DAIHOI_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "daihoi.cli", "import-organizations", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Nhập danh sách tổ chức đảng" in result.stdout
    assert "--commit" in result.stdout

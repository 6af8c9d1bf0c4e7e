"""In a real browser: district staff confirms a big import (threshold lowered), sees the
job's progress bar, comes back to it from "Công việc của tôi", and sees the result once the
worker has run it (run here in the test's thread, as the server's worker thread would)."""

from __future__ import annotations

import pytest

from daihoi.core import worker
from daihoi.core.models import Job
from daihoi.organizations.models import Organization
from daihoi.organizations.tests.import_files import write_xlsx
from daihoi.organizations.tests.test_import_job import BIG_ROWS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_confirms_a_big_import_follows_the_progress_bar_and_sees_the_result(
    world, live_server, page, login, tmp_path, settings
):
    settings.DAIHOI_JOB_IMPORT_ROWS = 10
    settings.DAIHOI_JOBS_DIR = tmp_path / "jobs"
    big = write_xlsx(tmp_path / "danh-sach-lon.xlsx", BIG_ROWS)
    login(page, live_server.url, "staff_a")

    page.goto(f"{live_server.url}/to-chuc/nhap/")
    page.set_input_files("input[type=file]", str(big))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_test_id("import-ok").wait_for()
    assert "việc nhập chạy trong nền" in page.get_by_test_id("import-ok").inner_text()
    page.get_by_test_id("import-confirm").click()

    # The job's page: a progress bar, waiting for the worker; nothing written yet.
    page.get_by_role("heading", name="Nhập tệp “danh-sach-lon.xlsx” (15 dòng)").wait_for()
    progress = page.get_by_test_id("job-progress")
    assert progress.get_attribute("data-status") == "queued"
    assert page.get_by_role("progressbar").is_visible()
    assert "Đang chờ" in progress.inner_text()
    assert not Organization.objects.filter(code="A3").exists()

    # Leave, and come back from "Công việc của tôi".
    page.goto(f"{live_server.url}/to-chuc/")
    page.get_by_test_id("nav-jobs").click()
    page.get_by_role("link", name="Nhập tệp “danh-sach-lon.xlsx” (15 dòng)").click()
    page.get_by_test_id("job-progress").wait_for()

    # The worker runs it; the polled bar fills up and shows the result.
    assert worker.run_pending_jobs() == 1
    page.locator("[data-testid=job-progress][data-status=succeeded]").wait_for()
    assert page.get_by_test_id("job-bar").inner_text() == "100%"
    assert page.get_by_test_id("job-message").inner_text() == (
        "Đã nhập 15 tổ chức từ tệp “danh-sach-lon.xlsx”."
    )
    page.get_by_test_id("job-result-link").click()
    children = page.get_by_test_id(f"children-of-{world.district_a.pk}")
    children.get_by_role("link", name="Đảng bộ xã An Hòa").wait_for()
    assert Organization.objects.filter(code__startswith="A3-").count() == 13
    assert Job.objects.get().owner == world.staff_a

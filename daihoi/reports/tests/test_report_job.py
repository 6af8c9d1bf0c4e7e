"""The summary report of a big subtree (threshold lowered here) is made by a background job:
the page starts it, the worker makes the same document the direct download gives, and only
its owner downloads it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from daihoi.core import actions as core_actions
from daihoi.core import worker
from daihoi.core.models import Job, JobStatus, Role, RoleGrant

pytestmark = pytest.mark.django_db

TERM = "2025-2030"


@pytest.fixture(autouse=True)
def lowered_threshold(settings, tmp_path):
    settings.DAIHOI_JOB_REPORT_UNITS = 3  # district A has 5 units: a job
    settings.DAIHOI_JOBS_DIR = tmp_path / "jobs"


def url(org, tail: str = "") -> str:
    return f"/bao-cao/tong-ket/{org.pk}/{tail}?nhiem_ky={TERM}"


def download(client, job: Job) -> bytes:
    response = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_report_page_of_a_big_subtree_offers_to_make_the_files_in_the_background(client, world):
    client.force_login(world.staff_a)
    page = client.get(url(world.district_a)).content.decode()
    assert f'<form method="post" action="{url(world.district_a, "bao-cao.docx")}"' in page
    assert "Lập báo cáo (.docx)" in page and "Lập bảng số liệu (.xlsx)" in page
    # A link followed to the file explains and offers the button; nothing is queued.
    followed = client.get(url(world.district_a, "bao-cao.docx")).content.decode()
    assert "Đơn vị này có 5 tổ chức trực thuộc" in followed
    assert not Job.objects.exists()


def test_the_docx_is_made_by_a_job_and_downloaded_from_its_page(client, world):
    client.force_login(world.staff_a)
    response = client.post(url(world.district_a, "bao-cao.docx"))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/cong-viec/{job.pk}/"
    assert job.title == "Báo cáo tổng kết Đảng bộ huyện An Lạc, nhiệm kỳ 2025-2030 (.docx)"

    worker.run_pending_jobs()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message == "Đã lập báo cáo tổng kết của Đảng bộ huyện An Lạc, nhiệm kỳ 2025-2030."
    assert job.result_name == "bao-cao-tong-ket-A-2025-2030.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(download(client, job))).paragraphs)
    assert "BÁO CÁO" in text and "HUYỆN ỦY AN LẠC" in text.upper()
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Tải về bao-cao-tong-ket-A-2025-2030.docx" in page


def test_the_xlsx_job_gives_the_same_workbook_as_the_direct_download(client, world, settings):
    client.force_login(world.staff_a)
    client.post(url(world.district_a, "so-lieu.xlsx"))
    worker.run_pending_jobs()
    from_job = load_workbook(io.BytesIO(download(client, Job.objects.get())))

    settings.DAIHOI_JOB_REPORT_UNITS = 5000
    direct = client.get(url(world.district_a, "so-lieu.xlsx"))
    assert direct["Content-Type"].endswith("spreadsheetml.sheet")
    from_request = load_workbook(io.BytesIO(direct.content))
    assert from_job.sheetnames == from_request.sheetnames
    for name in from_job.sheetnames:
        assert list(from_job[name].values) == list(from_request[name].values)


def test_a_second_click_while_the_job_waits_starts_no_second_job(client, world):
    client.force_login(world.staff_a)
    first = client.post(url(world.district_a, "bao-cao.docx"))
    second = client.post(url(world.district_a, "bao-cao.docx"))
    assert first.url == second.url and Job.objects.count() == 1


def test_a_small_subtree_still_downloads_at_once(client, world):
    client.force_login(world.staff_a)
    response = client.get(url(world.base_a, "bao-cao.docx"))  # 3 units
    assert response.status_code == 200 and response["Content-Type"].endswith("document")
    assert not Job.objects.exists()


def test_another_district_can_neither_start_nor_download_the_report(client, world):
    client.force_login(world.staff_a)
    client.post(url(world.district_a, "bao-cao.docx"))
    worker.run_pending_jobs()
    job = Job.objects.get()
    client.force_login(world.staff_b)
    assert client.post(url(world.district_a, "bao-cao.docx")).status_code == 404
    assert Job.objects.count() == 1
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404
    assert client.get(f"/cong-viec/{job.pk}/").status_code == 404


def test_an_owner_who_lost_the_scope_before_the_job_ran_gets_no_report(client, world):
    client.force_login(world.staff_a)
    client.post(url(world.district_a, "bao-cao.docx"))
    grant = RoleGrant.objects.get(user=world.staff_a, role=Role.ORG_STAFF)
    core_actions.revoke_role(grant, acting_user=None)
    worker.run_pending_jobs()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message == "Không tìm thấy tổ chức."
    assert job.result_file == ""

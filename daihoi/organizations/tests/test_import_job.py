"""Confirming a big import runs as a background job (threshold lowered here): the same
validation and action — all or nothing, audited under the owner — with a progress bar and
the result on the job's page; small files are still written during the request."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.core import worker
from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry, Job, JobStatus
from daihoi.organizations import actions
from daihoi.organizations.models import Organization, PendingImport
from daihoi.organizations.tests.import_files import GOOD_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db

CODES = ["A3", "A3-1", "A4"]
# GOOD_ROWS plus twelve cells under the new base organization A3: fifteen rows.
BIG_ROWS = GOOD_ROWS + [
    [f"A3-{n}", f"Chi bộ thôn số {n}", "Chi bộ", "A3", 10 + n, 0, "Địa phương", ""]
    for n in range(2, 14)
]


@pytest.fixture(autouse=True)
def lowered_threshold(settings, tmp_path):
    settings.DAIHOI_JOB_IMPORT_ROWS = 10  # more than ten rows: a job
    settings.DAIHOI_JOBS_DIR = tmp_path / "jobs"
    settings.DAIHOI_JOB_PROGRESS_SECONDS = 0


def uploaded(client, rows) -> PendingImport:
    response = client.post(
        reverse("organizations:import"),
        {"file": SimpleUploadedFile("danh-sach-lon.xlsx", xlsx_bytes(rows))},
    )
    assert response.status_code == 302
    return PendingImport.objects.latest("pk")


def confirm(client, pending):
    return client.post(reverse("organizations:import_confirm", args=[pending.pk]))


def imported() -> int:
    return Organization.objects.filter(code__startswith="A3").count()


def test_confirming_a_big_file_queues_a_job_and_shows_its_progress_page(client, world):
    client.force_login(world.staff_a)
    pending = uploaded(client, BIG_ROWS)
    preview = client.get(reverse("organizations:import_preview", args=[pending.pk]))
    assert "việc nhập chạy trong nền" in preview.content.decode()

    response = confirm(client, pending)

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:job", args=[job.pk])
    assert (job.owner, job.kind, job.status) == (world.staff_a, "organizations.import", "queued")
    assert job.title == "Nhập tệp “danh-sach-lon.xlsx” (15 dòng)"
    assert imported() == 0  # nothing is written until the job runs
    page = client.get(response.url).content.decode()
    assert 'role="progressbar"' in page and "Đang chờ" in page
    assert "bạn có thể rời trang này" in page


def test_the_job_writes_every_row_audited_under_the_owner_and_the_page_shows_the_result(
    client, world
):
    client.force_login(world.staff_a)
    pending = uploaded(client, BIG_ROWS)
    confirm(client, pending)
    audit_before = AuditEntry.objects.count()

    assert worker.run_pending_jobs() == 1

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message == "Đã nhập 15 tổ chức từ tệp “danh-sach-lon.xlsx”."
    assert (job.done, job.total) == (30, 30)  # each row checked, then written
    assert imported() == 14 and Organization.objects.filter(code="A4").exists()
    pending.refresh_from_db()
    assert pending.used_at is not None
    entry = AuditEntry.objects.get(action="organization.import")
    assert entry.actor == world.staff_a and entry.after["count"] == 15
    assert AuditEntry.objects.count() == audit_before + 1
    assert verify_chain()[1] is None
    fragment = client.get(
        reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Đã nhập 15 tổ chức" in fragment and "Hoàn thành" in fragment
    assert reverse("organizations:tree") in fragment


def test_the_progress_counts_rows_checked_then_rows_written(client, world, monkeypatch):
    monkeypatch.setattr(actions, "INSERT_BATCH", 4)
    reported: list[tuple[int, int | None, str | None]] = []
    original = worker.jobs.Progress.__call__

    def spy(self, done, total=None, message=None):
        reported.append((done, total, message))
        original(self, done, total, message)

    monkeypatch.setattr(worker.jobs.Progress, "__call__", spy)
    client.force_login(world.staff_a)
    confirm(client, uploaded(client, BIG_ROWS))
    worker.run_pending_jobs()
    assert reported == [
        (0, 30, "Đang kiểm tra lại 15 dòng…"),
        (15, 30, "Đang ghi 15 tổ chức…"),
        (19, 30, None),
        (23, 30, None),
        (27, 30, None),
        (30, 30, None),
    ]


def test_a_job_that_breaks_while_writing_leaves_nothing_written(client, world, monkeypatch):
    monkeypatch.setattr(actions, "INSERT_BATCH", 4)
    client.force_login(world.staff_a)
    pending = uploaded(client, BIG_ROWS)
    confirm(client, pending)
    audit_before = AuditEntry.objects.count()

    def audit_fails(**kwargs):
        raise RuntimeError("ổ đĩa đầy")

    # Every batch is inserted, then the audit entry fails: the whole import is rolled back.
    monkeypatch.setattr(actions, "append_entry", audit_fails)
    worker.run_pending_jobs()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message == worker.unexpected_message()
    assert imported() == 0 and not Organization.objects.filter(code="A4").exists()
    assert AuditEntry.objects.count() == audit_before
    pending.refresh_from_db()
    assert pending.used_at is None  # the owner may confirm it again


def test_when_the_database_changed_since_the_preview_the_job_fails_and_points_to_it(client, world):
    client.force_login(world.staff_a)
    pending = uploaded(client, BIG_ROWS)
    confirm(client, pending)
    # Someone creates A4 before the job runs: the row now clashes.
    actions.create_organization(
        actions.NewOrganization("A4", "Chi bộ khác", 3, "agency", "chi_bo", 5, 0, "A"),
        acting_user=world.staff_a,
    )
    worker.run_pending_jobs()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Dữ liệu đã thay đổi từ lúc xem trước; chưa nhập gì.")
    assert job.result_url == reverse("organizations:import_preview", args=[pending.pk])
    assert imported() == 0


def test_a_second_confirm_while_the_job_waits_starts_no_second_job(client, world):
    client.force_login(world.staff_a)
    pending = uploaded(client, BIG_ROWS)
    first = confirm(client, pending)
    second = confirm(client, pending)
    assert first.url == second.url and Job.objects.count() == 1
    preview = client.get(reverse("organizations:import_preview", args=[pending.pk]))
    assert "Tệp này đang được nhập trong nền." in preview.content.decode()
    worker.run_pending_jobs()
    assert imported() == 14


def test_a_small_file_is_still_written_during_the_request(client, world):
    client.force_login(world.staff_a)
    response = confirm(client, uploaded(client, GOOD_ROWS))
    assert response.status_code == 302 and response.url == reverse("organizations:tree")
    assert not Job.objects.exists()
    assert set(Organization.objects.filter(code__in=CODES).values_list("code", flat=True)) == set(
        CODES
    )


def test_another_user_cannot_see_the_import_job(client, world):
    client.force_login(world.staff_a)
    confirm(client, uploaded(client, BIG_ROWS))
    job = Job.objects.get()
    for user in (world.staff_b, world.staff_p, world.viewer_a):
        client.force_login(user)
        assert client.get(reverse("core:job", args=[job.pk])).status_code == 404


def test_uploads_older_than_a_week_are_swept_unless_a_job_still_works_on_them(client, world):
    import datetime as dt

    from django.utils import timezone

    from daihoi.core import jobs
    from daihoi.organizations.jobs import IMPORT

    client.force_login(world.staff_a)
    abandoned, busy, recent = (uploaded(client, BIG_ROWS) for _ in range(3))
    long_ago = timezone.now() - dt.timedelta(days=8)
    PendingImport.objects.filter(pk__in=[abandoned.pk, busy.pk]).update(created_at=long_ago)
    confirm(client, busy)  # queued: the job still needs its rows
    assert Job.objects.get(kind=IMPORT).params["pending"] == busy.pk
    assert jobs.sweep()["organizations.pending_imports"] == 1
    assert set(PendingImport.objects.values_list("pk", flat=True)) == {busy.pk, recent.pk}

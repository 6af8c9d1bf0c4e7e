"""Background jobs: queued, run by the worker (synchronously here: run_pending_jobs), with
their progress on the row and on the page, failures in Vietnamese with nothing half-written,
only their owner's, and interrupted ones marked failed when a worker starts again."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from daihoi.core import actions as core_actions
from daihoi.core import jobs, worker
from daihoi.core.models import AuditEntry, Job, JobStatus, User

pytestmark = pytest.mark.django_db

STEPS = 5


@pytest.fixture(autouse=True)
def jobs_settings(settings, tmp_path):
    settings.DAIHOI_JOBS_DIR = tmp_path / "jobs"
    settings.DAIHOI_JOB_PROGRESS_SECONDS = 0  # every progress call writes (see the throttle)


# --- Kinds of job used by these tests ---------------------------------------------------------

seen: list[tuple[str, int, int, str]] = []


@jobs.job_kind("tests.count")
def count_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    """Counts to STEPS, and at each step records what the job's row (the page) shows."""
    for step in range(1, STEPS + 1):
        progress(step, STEPS, f"Đang đếm {step}/{STEPS}…")
        row = jobs.with_live_progress(Job.objects.get(pk=job.pk))
        seen.append((row.status, row.done, row.total, row.message))
    return jobs.JobResult("Đã đếm xong.", url="/to-chuc/")


@jobs.job_kind("tests.refuse")
def refusing_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    raise jobs.JobFailed("Không đủ dữ liệu để lập báo cáo.", url="/to-chuc/")


@jobs.job_kind("tests.half_write")
def half_writing_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    """Writes through an action inside its transaction, then breaks."""
    with transaction.atomic():
        core_actions.create_user("viet_do_dang", None, acting_user=job.owner)
        progress(1, 2, "Đã ghi một nửa…")
        raise RuntimeError("hỏng giữa chừng")


@jobs.job_kind("tests.file")
def file_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    return jobs.JobResult("Đã lập tệp.", file_name="ket-qua.txt", content="xin chào".encode())


@jobs.job_kind("tests.in_transaction")
def in_transaction_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    """Reports progress from inside its own all-or-nothing transaction."""
    with transaction.atomic():
        progress(3, 4, "Đang ghi…")
        row = jobs.with_live_progress(Job.objects.get(pk=job.pk))
        seen.append((row.status, row.done, row.total, row.message))
    return jobs.JobResult("Xong.")


@jobs.job_kind("tests.in_transaction_row")
def in_transaction_row_job(job: Job, progress: jobs.Progress) -> jobs.JobResult:
    """Reads its own row from another connection while inside its transaction."""
    with transaction.atomic():
        progress(3, 4, "Đang ghi…")
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total, message FROM core_job WHERE id = %s", [job.pk])
                seen.append(tuple(cursor.fetchone()))
        finally:
            other.close()
    return jobs.JobResult("Xong.")


def enqueue(kind: str, owner: User, **params: object) -> Job:
    return jobs.enqueue_job(kind, owner=owner, title=f"Việc thử {kind}", params=params)


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


@pytest.fixture(autouse=True)
def clear_seen():
    seen.clear()


# --- Running --------------------------------------------------------------------------------


def test_a_job_waits_in_the_queue_until_a_worker_runs_it_to_completion(world):
    job = enqueue("tests.count", world.staff_a)
    assert fresh(job).status == JobStatus.QUEUED

    assert worker.run_pending_jobs() == 1

    done = fresh(job)
    assert done.status == JobStatus.SUCCEEDED
    assert (done.done, done.total, done.percent) == (STEPS, STEPS, 100)
    assert done.message == "Đã đếm xong."
    assert done.result_url == "/to-chuc/"
    assert done.started_at is not None and done.finished_at is not None
    assert worker.run_pending_jobs() == 0


def test_progress_is_on_the_jobs_row_while_it_runs(world):
    job = enqueue("tests.count", world.staff_a)
    worker.run_pending_jobs()
    expected = [(JobStatus.RUNNING, n, STEPS, f"Đang đếm {n}/{STEPS}…") for n in range(1, 6)]
    assert seen == expected
    assert fresh(job).status == JobStatus.SUCCEEDED


def test_progress_inside_the_works_own_transaction_reaches_the_page(world):
    """SQLite lets one writer at a time, so inside the work's transaction the page reads the
    worker's in-memory copy; PostgreSQL gets the row written through a second connection."""
    enqueue("tests.in_transaction", world.staff_a)
    worker.run_pending_jobs()
    assert seen == [(JobStatus.RUNNING, 3, 4, "Đang ghi…")]
    assert jobs.live_progress(Job.objects.get().pk) is None  # forgotten once finished


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_inside_the_works_transaction_reaches_the_row(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the page reads the worker's copy")
    enqueue("tests.in_transaction_row", world.staff_a)
    worker.run_pending_jobs()
    assert seen == [(3, 4, "Đang ghi…")]


def test_progress_writes_the_row_at_most_every_interval(world, settings):
    settings.DAIHOI_JOB_PROGRESS_SECONDS = 0.5
    job = Job.objects.create(owner=world.staff_a, kind="tests.count", status=JobStatus.RUNNING)
    now = [100.0]
    progress = jobs.Progress(job, clock=lambda: now[0])
    with CaptureQueriesContext(connection) as queries:
        for done in range(1000):
            progress(done, 1000, "Đang đếm…")
    assert progress.writes == 1 and len(queries) == 1
    now[0] += 0.3
    progress(1000, 1000, "Đang đếm…")
    assert progress.writes == 1  # same message, too soon
    progress(1000, 1000, "Bước sau…")
    assert progress.writes == 2  # a new message is written a little sooner
    now[0] += 0.5
    progress(1000, 1000, "Bước sau…")
    assert progress.writes == 3
    assert (fresh(job).done, fresh(job).message) == (1000, "Bước sau…")
    # The page always sees the latest value, written or not.
    progress(999, 1000)
    assert jobs.live_progress(job.pk) == (999, 1000, "Bước sau…")
    progress.close()


def test_a_job_that_refuses_is_marked_failed_with_its_vietnamese_message(world):
    job = enqueue("tests.refuse", world.staff_a)
    worker.run_pending_jobs()
    failed = fresh(job)
    assert failed.status == JobStatus.FAILED
    assert failed.message == "Không đủ dữ liệu để lập báo cáo."
    assert failed.result_url == "/to-chuc/"
    assert failed.finished_at is not None


def test_a_job_that_breaks_is_marked_failed_and_nothing_it_wrote_remains(world):
    audit_before = AuditEntry.objects.count()
    job = enqueue("tests.half_write", world.staff_a)
    worker.run_pending_jobs()
    failed = fresh(job)
    assert failed.status == JobStatus.FAILED
    assert failed.message == worker.unexpected_message()
    assert "không có gì được ghi dở dang" in failed.message
    assert not User.objects.filter(username="viet_do_dang").exists()
    assert AuditEntry.objects.count() == audit_before


def test_one_failing_job_does_not_stop_the_next(world):
    first = enqueue("tests.refuse", world.staff_a)
    second = enqueue("tests.count", world.staff_a)
    assert worker.run_pending_jobs() == 2
    assert (fresh(first).status, fresh(second).status) == (JobStatus.FAILED, JobStatus.SUCCEEDED)


def test_a_job_is_claimed_by_one_worker_only(world):
    first = enqueue("tests.count", world.staff_a)
    second = enqueue("tests.count", world.staff_a)
    assert worker.claim_next_job("w1").pk == first.pk
    assert worker.claim_next_job("w2").pk == second.pk
    assert worker.claim_next_job("w3") is None
    assert fresh(first).worker == "w1"


def test_an_unknown_kind_cannot_be_queued(world):
    with pytest.raises(ValueError):
        enqueue("tests.no_such_kind", world.staff_a)


def test_the_worker_command_runs_the_queued_jobs_once(world, capsys):
    job = enqueue("tests.count", world.staff_a)
    call_command("worker", "--once")
    assert "Đã chạy 1 công việc." in capsys.readouterr().out
    assert fresh(job).status == JobStatus.SUCCEEDED


def test_the_worker_loop_runs_what_is_queued_and_tells_of_each_job(world):
    first = enqueue("tests.count", world.staff_a)
    second = enqueue("tests.refuse", world.staff_a)
    told: list[tuple[int, str]] = []
    loop = worker.Worker(finished=lambda job: told.append((job.pk, job.status)))
    loop.run_available()  # one pass of the thread's loop, in this thread
    assert told == [(first.pk, JobStatus.SUCCEEDED), (second.pk, JobStatus.FAILED)]
    assert loop.current is None


# --- A restart ------------------------------------------------------------------------------


def running_job(owner: User, worker_id: str, seen_seconds_ago: int = 0) -> Job:
    seen = timezone.now() - dt.timedelta(seconds=seen_seconds_ago)
    return Job.objects.create(
        owner=owner,
        kind="tests.count",
        title="Nhập tệp lớn",
        status=JobStatus.RUNNING,
        done=40,
        total=100,
        worker=worker_id,
        started_at=seen,
        heartbeat_at=seen,
    )


def test_a_restart_marks_the_job_the_crash_interrupted_as_failed(world):
    # A worker of an earlier run of this very process number, and one of a process of this
    # machine that has ended: both certainly gone.
    earlier_run = running_job(world.staff_a, f"{worker.HOST}:{os.getpid()}:truockhi")
    ended_process = running_job(world.staff_a, f"{worker.HOST}:{2**22 + 7}:dahet")
    queued = enqueue("tests.count", world.staff_a)

    assert worker.recover_interrupted_jobs() == 2

    for job in (earlier_run, ended_process):
        failed = fresh(job)
        assert failed.status == JobStatus.FAILED
        assert failed.message == worker.interrupted_message()
        assert failed.message.startswith("Công việc bị gián đoạn")
        assert failed.finished_at is not None
    assert fresh(queued).status == JobStatus.QUEUED  # still runs after the restart
    assert worker.run_pending_jobs() == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_process_killed_but_not_yet_reaped_counts_as_gone():
    child = subprocess.Popen(["sleep", "60"])
    try:
        assert not worker._worker_gone(f"{worker.HOST}:{child.pid}:song")
        child.kill()
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, not reaped: a zombie
        assert worker._worker_gone(f"{worker.HOST}:{child.pid}:da-chet")
    finally:
        child.kill()
        child.wait()


def test_a_live_workers_job_is_left_alone_and_a_silent_one_is_not(world, settings):
    settings.DAIHOI_JOB_STALE_SECONDS = 120
    alive_id = f"{worker.HOST}:{os.getpid()}:song"  # a worker of this process, running
    alive_here = running_job(world.staff_a, alive_id, seen_seconds_ago=600)
    worker.LIVE_WORKERS.add(alive_id)
    other_machine = running_job(world.staff_a, "may-khac:42:song", seen_seconds_ago=30)
    silent = running_job(world.staff_a, "may-khac:43:im-lang", seen_seconds_ago=600)
    try:
        assert worker.recover_interrupted_jobs() == 1
    finally:
        worker.LIVE_WORKERS.discard(alive_id)
    assert fresh(alive_here).status == JobStatus.RUNNING
    assert fresh(other_machine).status == JobStatus.RUNNING
    assert fresh(silent).status == JobStatus.FAILED


# --- Pages ----------------------------------------------------------------------------------


def job_url(job: Job) -> str:
    return reverse("core:job", args=[job.pk])


def test_the_owner_follows_the_progress_bar_until_the_result(world, client):
    job = enqueue("tests.count", world.staff_a)
    client.force_login(world.staff_a)

    page = client.get(job_url(job)).content.decode()
    assert 'role="progressbar"' in page and 'hx-trigger="every 1s"' in page
    assert "Đang chờ" in page and "Việc thử tests.count" in page

    worker.run_pending_jobs()
    fragment = client.get(job_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment  # the polled fragment only
    assert "hx-trigger" not in fragment  # finished: polling stops
    assert 'aria-valuenow="100"' in fragment and "Hoàn thành" in fragment
    assert "Đã đếm xong." in fragment and 'href="/to-chuc/"' in fragment


def test_a_running_job_shows_how_far_it_is(world, client):
    job = running_job(world.staff_a, f"{worker.HOST}:1:w")
    client.force_login(world.staff_a)
    fragment = client.get(job_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-valuenow="40"' in fragment and "40 / 100" in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_my_jobs_lists_only_my_own(world, client):
    mine = enqueue("tests.count", world.staff_a)
    theirs = jobs.enqueue_job(
        "tests.count", owner=world.staff_b, title="Việc của huyện B", params={}
    )
    client.force_login(world.staff_a)
    page = client.get(reverse("core:jobs")).content.decode()
    assert "Việc thử tests.count" in page and job_url(mine) in page
    assert "Việc của huyện B" not in page and job_url(theirs) not in page


def test_another_user_gets_not_found_for_a_job_and_its_file(world, client):
    job = enqueue("tests.file", world.staff_a)
    worker.run_pending_jobs()
    urls = [job_url(job), reverse("core:job_download", args=[job.pk])]
    for user in (world.staff_b, world.staff_p, world.viewer_a, world.outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_the_owner_and_a_superuser_download_the_result_file(world, client):
    job = enqueue("tests.file", world.staff_a)
    worker.run_pending_jobs()
    done = fresh(job)
    assert done.result_file == f"{job.pk}/ket-qua.txt" and done.result_name == "ket-qua.txt"
    for user in (world.staff_a, world.admin):
        client.force_login(user)
        response = client.get(reverse("core:job_download", args=[job.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).decode() == "xin chào"
        assert 'filename="ket-qua.txt"' in response["Content-Disposition"]
    client.force_login(world.staff_a)
    assert "Tải về ket-qua.txt" in client.get(job_url(job)).content.decode()


def test_a_job_without_a_file_has_nothing_to_download(world, client):
    job = enqueue("tests.count", world.staff_a)
    worker.run_pending_jobs()
    client.force_login(world.staff_a)
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


# --- Housekeeping ----------------------------------------------------------------------------


def test_a_result_file_older_than_its_keeping_time_is_removed_and_the_job_says_so(world):
    old, recent = enqueue("tests.file", world.staff_a), enqueue("tests.file", world.staff_a)
    worker.run_pending_jobs()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    assert jobs.sweep()["core.job_files"] == 1
    old, recent = fresh(old), fresh(recent)
    assert (old.result_file, old.result_name) == ("", "")
    assert old.message.endswith("Tệp kết quả đã được xóa sau 30 ngày.")
    assert not (jobs.jobs_dir() / str(old.pk)).exists()
    assert jobs.result_path(recent) is not None  # kept
    assert jobs.sweep()["core.job_files"] == 0  # nothing more to remove


def test_the_worker_sweeps_when_it_starts(world):
    job = enqueue("tests.file", world.staff_a)
    worker.run_pending_jobs()
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=40))
    started = worker.Worker(interval=60)
    started._begin()
    try:
        assert fresh(job).result_file == ""
    finally:
        started.stop()

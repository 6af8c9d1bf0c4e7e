"""The worker that runs background jobs (daihoi/core/jobs.py).

- `run_pending_jobs()` runs every queued job, one after the other, in the calling thread
  (the tests call it directly);
- `Worker` runs that loop in a daemon thread: `daihoi serve` and `daihoi demo` start one in
  the server's own process (a laptop needs no other program), `daihoi worker` runs one on
  its own (a PostgreSQL server, next to the web processes).

A job is claimed with a conditional UPDATE (queued → running, only if still queued), which
works the same on SQLite and PostgreSQL and lets several workers share the table. While it
runs, its worker refreshes `heartbeat_at`. A running job whose worker is gone — the process
crashed or the laptop was switched off — is marked failed when a worker next starts (and
checked again every minute): its own transaction was rolled back by the database, so
nothing of it was written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.core import jobs
from daihoi.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

# The ids of the workers alive in this process: never taken for crashed ones.
LIVE_WORKERS: set[str] = set()
HOST = socket.gethostname()
RECOVER_EVERY_SECONDS = 60
SWEEP_EVERY_SECONDS = 3600


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def interrupted_message() -> str:
    return _(
        "Công việc bị gián đoạn vì hệ thống đã dừng hoặc khởi động lại khi đang chạy; "
        "không có gì được ghi dở dang. Hãy làm lại."
    )


def unexpected_message() -> str:
    return _(
        "Có lỗi ngoài dự kiến nên công việc đã dừng; không có gì được ghi dở dang. "
        "Hãy thử lại hoặc báo quản trị viên."
    )


# --- Claiming and running -------------------------------------------------------------------


def claim_next_job(worker_id: str) -> Job | None:
    """The oldest queued job, now marked running for this worker; None if there is none."""
    for _attempt in range(5):
        pk = (
            Job.objects.filter(status=JobStatus.QUEUED)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if pk is None:
            return None
        now = timezone.now()
        claimed = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, worker=worker_id, started_at=now, heartbeat_at=now
        )
        if claimed:
            return Job.objects.get(pk=pk)
        # Another worker took it between the two statements: try the next one.
    return None


def _finish(job: Job, worker_id: str, status: str, message: str, **result: object) -> None:
    values = {"status": status, "message": message[:1000], "finished_at": timezone.now()}
    values.update(result)
    # Keyed on the worker too: a job another process took for crashed is not overwritten
    # unless this worker really ran it.
    Job.objects.filter(pk=job.pk, worker=worker_id).update(**values)


def _job_dir(job: Job) -> Path:
    return jobs.jobs_dir() / str(job.pk)


def _store_file(job: Job, result: jobs.JobResult) -> str:
    """Write the result file (a temporary name, then renamed: never a half-written file)
    and return its path relative to the jobs folder."""
    assert result.content is not None and result.file_name
    name = os.path.basename(result.file_name)
    folder = _job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.part"
    partial.write_bytes(result.content)
    os.replace(partial, folder / name)
    return f"{job.pk}/{name}"


def _remove_files(job: Job) -> None:
    shutil.rmtree(_job_dir(job), ignore_errors=True)


def run_job(job: Job, worker_id: str) -> None:
    """Run one claimed job to its end: succeeded with its result, or failed with a
    Vietnamese message (JobFailed's own, or a general one for an unexpected error)."""
    progress = jobs.Progress(job)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            result = jobs.runner_for(job.kind)(job, progress)
            stored = _store_file(job, result) if result.content is not None else ""
    except jobs.JobFailed as failure:
        _remove_files(job)
        _finish(job, worker_id, JobStatus.FAILED, failure.message, result_url=failure.url)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _remove_files(job)
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, worker_id, JobStatus.FAILED, unexpected_message())
    except BaseException:
        # Ctrl+C on `daihoi worker`: the work's transaction is rolled back; say so.
        _remove_files(job)
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, worker_id, JobStatus.FAILED, interrupted_message())
        raise
    else:
        _finish(
            job,
            worker_id,
            JobStatus.SUCCEEDED,
            result.message,
            done=max(progress.done, progress.total),
            total=progress.total,
            result_url=result.url,
            result_file=stored,
            result_name=result.file_name if stored else "",
        )
    finally:
        progress.close()


def run_pending_jobs(*, worker_id: str | None = None, limit: int | None = None) -> int:
    """Run queued jobs in this thread until there are none left (or `limit` have run);
    return how many ran."""
    worker_id = worker_id or new_worker_id()
    LIVE_WORKERS.add(worker_id)
    ran = 0
    try:
        while limit is None or ran < limit:
            job = claim_next_job(worker_id)
            if job is None:
                break
            run_job(job, worker_id)
            ran += 1
    finally:
        LIVE_WORKERS.discard(worker_id)
    return ran


# --- Jobs whose worker is gone --------------------------------------------------------------


def _worker_gone(worker_id: str) -> bool:
    """True when the worker certainly no longer runs: a worker of this process that is not
    alive, or a process of this machine that has ended. Otherwise the heartbeat decides."""
    if worker_id in LIVE_WORKERS:
        return False
    host, _sep, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != HOST or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # on Windows os.kill(pid, 0) would not test but interrupt the process
    # A process that exists (or whose number was reused) may still be the worker: then the
    # heartbeat decides.
    return not _process_exists(pid)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:  # Linux: a killed process not yet reaped by its parent is a zombie ("Z")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def recover_interrupted_jobs(*, now: dt.datetime | None = None) -> int:
    """Mark failed every running job whose worker is gone (see _worker_gone) or has not
    shown signs of life for DAIHOI_JOB_STALE_SECONDS; return how many."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=int(settings.DAIHOI_JOB_STALE_SECONDS))
    recovered = 0
    running = Job.objects.filter(status=JobStatus.RUNNING).only(
        "id", "worker", "heartbeat_at", "started_at"
    )
    for job in running:
        if job.worker in LIVE_WORKERS:
            continue
        seen = job.heartbeat_at or job.started_at
        if not (_worker_gone(job.worker) or seen is None or seen < stale_before):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            message = interrupted_message()
        recovered += Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, worker=job.worker
        ).update(status=JobStatus.FAILED, message=message, finished_at=now)
        _remove_files(job)
    return recovered


def sweep_expired() -> None:
    """Remove what is kept only for a while (jobs.sweep); a failure is logged, never fatal."""
    try:
        removed = jobs.sweep()
    except DatabaseError:
        logger.warning("worker: housekeeping postponed, database unavailable", exc_info=True)
        return
    if any(removed.values()):
        logger.info("worker: housekeeping removed %s", removed)


# --- The worker thread ----------------------------------------------------------------------


class Worker:
    """Runs queued jobs, polling every `interval` seconds (at once when this process
    enqueues one), with a daemon thread for the running job's heartbeat: `start()` in a
    daemon thread of the server's process, `run()` in the calling thread (`daihoi worker`,
    where Ctrl+C marks the running job interrupted). `finished` is told of every job run."""

    def __init__(
        self, *, interval: float = 1.0, finished: Callable[[Job], None] | None = None
    ) -> None:
        self.id = new_worker_id()
        self.interval = interval
        self.finished = finished
        self.stopping = threading.Event()
        self.current: int | None = None
        self.threads: list[threading.Thread] = []

    def _begin(self) -> None:
        LIVE_WORKERS.add(self.id)
        recovered = recover_interrupted_jobs()
        if recovered:
            logger.warning("Đã đánh dấu %s công việc bị gián đoạn là thất bại.", recovered)
        sweep_expired()
        self._thread(self.heartbeat, "heartbeat")

    def _thread(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=f"daihoi-{name}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def start(self) -> Worker:
        self._begin()
        close_old_connections()  # the threads open their own connections
        self._thread(self.loop, "worker")
        return self

    def run(self) -> None:
        self._begin()
        try:
            self.loop()
        finally:
            self.stop()

    def stop(self, timeout: float | None = None) -> None:
        self.stopping.set()
        jobs.wake_workers()
        for thread in self.threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        LIVE_WORKERS.discard(self.id)

    def loop(self) -> None:
        last_recovery = last_sweep = time.monotonic()  # start() has just done both
        try:
            while not self.stopping.is_set():
                try:
                    self.run_available()
                    if time.monotonic() - last_recovery >= RECOVER_EVERY_SECONDS:
                        recover_interrupted_jobs()
                        last_recovery = time.monotonic()
                    if time.monotonic() - last_sweep >= SWEEP_EVERY_SECONDS:
                        sweep_expired()
                        last_sweep = time.monotonic()
                except DatabaseError:
                    logger.warning("worker: database unavailable, retrying", exc_info=True)
                close_old_connections()
                jobs.WAKE.wait(self.interval)
                jobs.WAKE.clear()
        finally:
            connections.close_all()

    def run_available(self) -> None:
        while not self.stopping.is_set():
            job = claim_next_job(self.id)
            if job is None:
                return
            self.current = job.pk
            try:
                run_job(job, self.id)
            finally:
                self.current = None
            if self.finished is not None:
                job.refresh_from_db()
                self.finished(job)

    def heartbeat(self) -> None:
        seconds = float(settings.DAIHOI_JOB_HEARTBEAT_SECONDS)
        try:
            while not self.stopping.wait(seconds):
                if self.current is None:
                    continue
                try:
                    Job.objects.filter(
                        pk=self.current, status=JobStatus.RUNNING, worker=self.id
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    # SQLite: the job's own transaction holds the write lock; next time.
                    logger.info("worker: heartbeat not written", exc_info=True)
        finally:
            connections.close_all()

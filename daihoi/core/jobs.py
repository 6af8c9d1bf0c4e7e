"""Background jobs: long work (a big import, the report of a whole province) that runs in a
worker, shows its progress, and can be left and come back to.

An app names its kinds of job in its own `jobs.py` (found when Django starts):

    @job_kind("reports.summary")
    def summary(job: Job, progress: Progress) -> JobResult: ...

and its views call `enqueue_job("reports.summary", owner=..., title=..., params=...)`. The
worker (daihoi/core/worker.py) runs the function with the job's row and a Progress to call
as the work advances; the function returns a JobResult (a Vietnamese message, a page to
open and/or a file to offer) or raises JobFailed with a Vietnamese message. Its writes go
through the app's actions (atomic, audited) exactly as when a page calls them directly.

Why our own small table rather than django-tasks: docs/decisions/0010-background-jobs.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.core.models import Job, JobStatus, User
from daihoi.core.text import nfc

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    """What a finished job offers: a message, a page (`url`) and/or a file."""

    message: str
    url: str = ""
    file_name: str = ""  # ASCII, the name the browser saves the file under
    content: bytes | None = None


class JobFailed(Exception):
    """The job cannot do its work; `message` (Vietnamese) tells the owner why, `url` where
    to look (e.g. the import's preview with the rows that are now wrong)."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url


class ProgressCallback(Protocol):
    """What long work accepts to report its progress (a Progress, or a CLI's printer)."""

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None: ...


Runner = Callable[[Job, "Progress"], JobResult]
_RUNNERS: dict[str, Runner] = {}


def job_kind(kind: str) -> Callable[[Runner], Runner]:
    """Register the function that runs jobs of `kind`."""

    def register(runner: Runner) -> Runner:
        if _RUNNERS.get(kind, runner) is not runner:
            raise ValueError(f"job kind {kind!r} registered twice")
        _RUNNERS[kind] = runner
        return runner

    return register


def runner_for(kind: str) -> Runner:
    return _RUNNERS[kind]


def known_kinds() -> set[str]:
    return set(_RUNNERS)


# --- Enqueueing -----------------------------------------------------------------------------

# Set when a job is enqueued, so that an in-process worker starts it at once instead of at
# its next poll.
WAKE = threading.Event()


def wake_workers() -> None:
    WAKE.set()


def enqueue_job(kind: str, *, owner: User, title: str, params: dict[str, Any]) -> Job:
    """Queue a job for `owner`; a worker picks it up (in this process on a laptop, or the
    `daihoi worker` process on a server). The job's own work is audited when it runs."""
    if kind not in _RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(owner=owner, kind=kind, title=nfc(title)[:300], params=params)
    transaction.on_commit(wake_workers)
    return job


def active_jobs(kind: str, owner: User, **params: object) -> Any:
    """The queued or running jobs of `owner` of this kind whose params include `params`."""
    filters = {f"params__{key}": value for key, value in params.items()}
    return Job.objects.filter(kind=kind, owner=owner, status__in=Job.ACTIVE, **filters)


# --- Progress -------------------------------------------------------------------------------

# The latest progress of the jobs running in this process: the job page reads it when the
# database cannot have it yet (SQLite, inside the work's own transaction).
_LIVE: dict[int, tuple[int, int, str]] = {}
_LIVE_LOCK = threading.Lock()


def live_progress(job_id: int) -> tuple[int, int, str] | None:
    with _LIVE_LOCK:
        return _LIVE.get(job_id)


def forget_live_progress(job_id: int) -> None:
    with _LIVE_LOCK:
        _LIVE.pop(job_id, None)


def with_live_progress(job: Job) -> Job:
    """The job with the progress of this process's worker, if it is newer than the row."""
    live = live_progress(job.pk) if job.status == JobStatus.RUNNING else None
    if live is not None:
        job.done, job.total, job.message = live
    return job


def _inside_work_transaction() -> bool:
    """Whether the job's own code holds a transaction open on the default connection.
    (The transaction pytest wraps a test in is not the work's: Django marks it.)"""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class Progress:
    """Called by a job as it advances: `progress(done, total, message)`.

    Cheap to call often: the row is written at most every DAIHOI_JOB_PROGRESS_SECONDS (a
    new message a little sooner), and the latest value is always kept in memory for the
    page. Inside the work's own transaction (an all-or-nothing import) the row is written
    through a second connection on PostgreSQL; SQLite allows one writer at a time, so there
    the page reads the in-memory copy (the laptop's worker runs in the server's process)."""

    def __init__(self, job: Job, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.job_id = job.pk
        self.done, self.total, self.message = job.done, job.total, job.message
        self.interval = float(settings.DAIHOI_JOB_PROGRESS_SECONDS)
        self.clock = clock
        self.last_write: float | None = None
        self.writes = 0
        self._aside: Any = None

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        new_message = message is not None and message != self.message
        self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        with _LIVE_LOCK:
            _LIVE[self.job_id] = (self.done, self.total, self.message)
        now = self.clock()
        gap = self.interval / 2 if new_message else self.interval
        if self.last_write is None or now - self.last_write >= gap:
            self.last_write = now
            self.write()

    def write(self) -> None:
        values = {
            "done": self.done,
            "total": self.total,
            "message": self.message[:1000],
            "heartbeat_at": timezone.now(),
        }
        try:
            if not _inside_work_transaction():
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(**values)
            elif connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
                self._write_aside(values)
            else:
                return
        except DatabaseError:
            # Progress is best effort: a busy database must not fail the work itself.
            logger.warning("job %s: progress not written", self.job_id, exc_info=True)
            return
        self.writes += 1

    def _write_aside(self, values: dict[str, Any]) -> None:
        if self._aside is None:
            self._aside = connections.create_connection(DEFAULT_DB_ALIAS)
        table = connections[DEFAULT_DB_ALIAS].ops.quote_name(Job._meta.db_table)
        with self._aside.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s, heartbeat_at = %s "
                "WHERE id = %s AND status = %s",
                [*values.values(), self.job_id, JobStatus.RUNNING.value],
            )

    def close(self) -> None:
        if self._aside is not None:
            self._aside.close()
            self._aside = None
        forget_live_progress(self.job_id)


# --- Result files ---------------------------------------------------------------------------


def jobs_dir() -> Path:
    return Path(settings.DAIHOI_JOBS_DIR)


def result_path(job: Job) -> Path | None:
    """The job's result file, if it has one and it is still there."""
    if not job.result_file:
        return None
    path = (jobs_dir() / job.result_file).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        return None
    return path


# --- Housekeeping ----------------------------------------------------------------------------
# What is kept only for a while — uploads waiting for their owner's confirmation, the files a
# finished job produced — is removed by sweepers the worker runs when it starts and every
# hour (worker.py). Each app registers its own in its jobs.py; a sweeper is given the time
# now and returns how many things it removed. Nothing audited is ever swept: these are
# working files, like sessions (docs/decisions/0010-background-jobs.md).

Sweeper = Callable[[dt.datetime], int]
_SWEEPERS: dict[str, Sweeper] = {}


def sweeper(name: str) -> Callable[[Sweeper], Sweeper]:
    def register(function: Sweeper) -> Sweeper:
        _SWEEPERS[name] = function
        return function

    return register


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every sweeper; how many things each removed."""
    now = now or timezone.now()
    return {name: function(now) for name, function in sorted(_SWEEPERS.items())}


@sweeper("core.job_files")
def sweep_job_files(now: dt.datetime) -> int:
    """The result files of jobs finished more than DAIHOI_JOB_FILES_DAYS ago (a report can be
    made again; the job's row stays, saying the file was removed)."""
    days = int(settings.DAIHOI_JOB_FILES_DAYS)
    old = Job.objects.filter(finished_at__lt=now - dt.timedelta(days=days)).exclude(result_file="")
    with translation.override(settings.LANGUAGE_CODE):  # stored: Vietnamese, like the messages
        note = _("Tệp kết quả đã được xóa sau %(days)s ngày.") % {"days": days}
    removed = 0
    for job in old.only("id", "message"):
        shutil.rmtree(jobs_dir() / str(job.pk), ignore_errors=True)
        message = f"{job.message} {note}".strip()[:1000]
        removed += Job.objects.filter(pk=job.pk).update(
            result_file="", result_name="", message=message
        )
    return removed

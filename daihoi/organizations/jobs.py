"""The hierarchy's background jobs: confirming a big import (core/jobs.py).

A file of more than DAIHOI_JOB_IMPORT_ROWS rows is written by a job instead of during the
confirmation request: the same validation and the same action (all or nothing, audited
under the owner's name), with a progress bar the owner can leave and come back to."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.core.jobs import (
    JobFailed,
    JobResult,
    Progress,
    active_jobs,
    enqueue_job,
    job_kind,
    sweeper,
)
from daihoi.core.models import Job, User
from daihoi.organizations import imports
from daihoi.organizations.models import PendingImport

IMPORT = "organizations.import"


def runs_as_job(pending: PendingImport) -> bool:
    return pending.row_count > int(settings.DAIHOI_JOB_IMPORT_ROWS)


def active_import_job(pending: PendingImport, user: User) -> Job | None:
    return active_jobs(IMPORT, user, pending=pending.pk).order_by("-id").first()


def enqueue_import(pending: PendingImport, user: User) -> Job:
    """The job confirming this upload: the one already queued or running (a second click
    starts nothing new), or a new one."""
    existing = active_import_job(pending, user)
    if existing is not None:
        return existing
    with translation.override(settings.LANGUAGE_CODE):  # stored: Vietnamese, like the messages
        title = _("Nhập tệp “%(name)s” (%(n)s dòng)") % {
            "name": pending.file_name,
            "n": imports.count_text(pending.row_count),
        }
    return enqueue_job(IMPORT, owner=user, title=title, params={"pending": pending.pk})


@job_kind(IMPORT)
def run_import(job: Job, progress: Progress) -> JobResult:
    owner = job.owner
    pending = PendingImport.objects.filter(pk=job.params.get("pending"), owner=owner).first()
    if pending is None or not owner.is_active:
        raise JobFailed(_("Không tìm thấy tệp chờ nhập."))
    preview = reverse("organizations:import_preview", args=[pending.pk])
    outcome = imports.confirm_pending(pending, owner, progress)
    if outcome.already_used:
        raise JobFailed(_("Tệp này đã được nhập trước đó."), preview)
    if outcome.conflict:
        raise JobFailed(imports.conflict_message(), preview)
    assert outcome.report is not None
    if not outcome.report.ok:
        raise JobFailed(
            _("Dữ liệu đã thay đổi từ lúc xem trước; chưa nhập gì.")
            + " "
            + imports.summary_text(outcome.report),
            preview,
        )
    message = _("Đã nhập %(count)s tổ chức từ tệp “%(name)s”.") % {
        "count": imports.count_text(outcome.created),
        "name": pending.file_name,
    }
    return JobResult(message, url=reverse("organizations:tree"))


@sweeper("organizations.pending_imports")
def sweep_pending_imports(now: dt.datetime) -> int:
    """Uploads older than DAIHOI_PENDING_IMPORT_DAYS, confirmed or not: the rows of a file
    (names of organizations, member counts) are not kept once the import is done or
    abandoned; the import itself is in the audit log. One a job is still working on stays."""
    days = int(settings.DAIHOI_PENDING_IMPORT_DAYS)
    busy = [
        job.params.get("pending")
        for job in Job.objects.filter(kind=IMPORT, status__in=Job.ACTIVE).only("params")
    ]
    old = PendingImport.objects.filter(created_at__lt=now - dt.timedelta(days=days))
    deleted, _by_model = old.exclude(pk__in=[pk for pk in busy if pk]).delete()
    return deleted

"""The owner's view of background jobs: the list ("Công việc của tôi"), one job's page
with its progress bar (polled by htmx every second while it runs), and its result file.
Every job is resolved through core.access.get_visible_job: 404 for anyone but its owner
(and a superuser), exactly like a missing job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.core import jobs
from daihoi.core.access import NotFoundForUser, get_visible_job
from daihoi.core.models import Job

LIST_LIMIT = 100


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    mine = [
        jobs.with_live_progress(job)
        for job in Job.objects.filter(owner_id=request.user.pk).order_by("-id")[:LIST_LIMIT]
    ]
    return render(request, "core/jobs.html", {"jobs": mine})


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; an htmx poll gets only its progress fragment."""
    job = jobs.with_live_progress(get_visible_job(request.user, pk))
    template = "core/job.html#progress" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_visible_job(request.user, pk)
    path = jobs.result_path(job)
    if path is None:
        raise NotFoundForUser()
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)

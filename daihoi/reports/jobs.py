"""The summary report of a big subtree as a background job (core/jobs.py).

For an organization with more than DAIHOI_JOB_REPORT_UNITS units under it, the .docx and
.xlsx are made by a job: the owner sees a progress bar, may leave, and downloads the file
from the job's page ("Công việc của tôi") when it is ready. The figures and the documents
are the same functions the direct download uses."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from daihoi.core.jobs import JobFailed, JobResult, Progress, active_jobs, enqueue_job, job_kind
from daihoi.core.models import Job, User
from daihoi.organizations import access as org_access
from daihoi.organizations import queries as org_queries
from daihoi.organizations.models import Organization
from daihoi.reports import summary, summary_docx, summary_xlsx

SUMMARY = "reports.summary"
RENDERERS: dict[str, Callable[[summary.SummaryFigures], bytes]] = {
    "docx": summary_docx.summary_docx,
    "xlsx": summary_xlsx.summary_xlsx,
}


def units_under(organization: Organization) -> int:
    return org_queries.subtree(organization).count()


def runs_as_job(organization: Organization) -> bool:
    return units_under(organization) > int(settings.DAIHOI_JOB_REPORT_UNITS)


def enqueue_summary(organization: Organization, term: str, fmt: str, user: User) -> Job:
    """The job making this report: the one already queued or running for the same
    organization, term and format, or a new one."""
    params = {"org": organization.pk, "term": term, "format": fmt}
    existing = active_jobs(SUMMARY, user, **params).order_by("-id").first()
    if existing is not None:
        return existing
    with translation.override(settings.LANGUAGE_CODE):  # stored: Vietnamese, like the messages
        title = _("Báo cáo tổng kết %(org)s, nhiệm kỳ %(term)s (.%(format)s)") % {
            "org": organization.name,
            "term": term,
            "format": fmt,
        }
    return enqueue_job(SUMMARY, owner=user, title=title, params=params)


@job_kind(SUMMARY)
def run_summary(job: Job, progress: Progress) -> JobResult:
    from daihoi.reports.views import filename  # the views enqueue this job

    owner, params = job.owner, job.params
    organization = Organization.objects.filter(pk=params.get("org")).first()
    # The scope is checked again: the owner may have lost the role since the request.
    if organization is None or not owner.is_active or not org_access.can_view(owner, organization):
        raise JobFailed(_("Không tìm thấy tổ chức."))
    render = RENDERERS[params["format"]]
    units = number_format(units_under(organization), force_grouping=True)
    progress(0, 2, _("Đang tính số liệu của %(n)s tổ chức…") % {"n": units})
    figures = summary.summary_figures(organization, params["term"])
    progress(1, 2, _("Đang soạn tệp .%(format)s…") % {"format": params["format"]})
    content = render(figures)
    message = _("Đã lập báo cáo tổng kết của %(org)s, nhiệm kỳ %(term)s.") % {
        "org": organization.name,
        "term": figures.term,
    }
    page = reverse("reports:summary", args=[organization.pk]) + f"?nhiem_ky={figures.term}"
    return JobResult(
        message, url=page, file_name=filename(figures, params["format"]), content=content
    )

"""The summary report on screen and as downloads (.docx, .xlsx, .json).

Every view resolves the organization through organizations.access (404 for missing and
forbidden alike); the report covers the organization's whole subtree, which is inside the
scope of whoever may see the organization."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from daihoi.organizations import access as org_access
from daihoi.organizations.models import Organization
from daihoi.reports import jobs as report_jobs
from daihoi.reports import summary, summary_docx, summary_json, summary_text, summary_xlsx

TERM = re.compile(r"^\d{4}-\d{4}$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadTerm(Exception):
    pass


def _organization_and_term(request: HttpRequest, org_pk: int) -> tuple[Organization, str]:
    organization = org_access.get_visible_organization(request.user, org_pk)
    term = request.GET.get("nhiem_ky", "").strip() or summary.default_term(organization)
    if not TERM.match(term):
        raise BadTerm()
    return organization, term


def _figures(request: HttpRequest, org_pk: int) -> summary.SummaryFigures:
    return summary.summary_figures(*_organization_and_term(request, org_pk))


def _bad_term() -> HttpResponse:
    return HttpResponseBadRequest(_("Nhiệm kỳ có dạng 2025-2030.").encode())


def filename(figures: summary.SummaryFigures, extension: str) -> str:
    code = re.sub(r"[^A-Za-z0-9-]+", "-", figures.organization.code).strip("-") or "to-chuc"
    return f"bao-cao-tong-ket-{code}-{figures.term}.{extension}"


def _download(
    render_bytes: Callable[[summary.SummaryFigures], bytes], content_type: str, extension: str
) -> Callable[..., HttpResponse]:
    # A POST starts the background job that makes a big subtree's document (_as_job).
    methods = ["GET", "POST"] if extension in report_jobs.RENDERERS else ["GET"]

    @login_required
    @require_http_methods(methods)
    def view(request: HttpRequest, org_pk: int) -> HttpResponse:
        try:
            organization, term = _organization_and_term(request, org_pk)
        except BadTerm:
            return _bad_term()
        if extension in report_jobs.RENDERERS and report_jobs.runs_as_job(organization):
            return _as_job(request, organization, term, extension)
        figures = summary.summary_figures(organization, term)
        return HttpResponse(
            render_bytes(figures),
            content_type=content_type,
            headers={
                "Content-Disposition": content_disposition_header(
                    True, filename(figures, extension)
                )
            },
        )

    return view


def _as_job(request: HttpRequest, organization: Organization, term: str, fmt: str) -> HttpResponse:
    """A big subtree's document is made by a background job: a POST starts it (then its
    progress page); a GET (a link followed) says so and offers the button."""
    if request.method == "POST":
        job = report_jobs.enqueue_summary(organization, term, fmt, request.user)
        return redirect("core:job", pk=job.pk)
    context = {
        "org": organization,
        "term": term,
        "format": fmt,
        "units": report_jobs.units_under(organization),
        "query": f"?nhiem_ky={term}",
    }
    return render(request, "reports/summary_job.html", context)


summary_docx_view = _download(summary_docx.summary_docx, DOCX, "docx")
summary_xlsx_view = _download(summary_xlsx.summary_xlsx, XLSX, "xlsx")
summary_json_view = _download(
    lambda f: summary_json.summary_json_text(f).encode(), "application/json", "json"
)


def _table_rows(table: summary_text.Table) -> list[list[tuple[str, bool]]]:
    """Each cell as (text, is a number) so that numbers align right."""
    return [
        [
            (summary_text.cell_text(v), isinstance(v, int | summary_text.Pct) and i > 0)
            for i, v in enumerate(row)
        ]
        for row in table.rows
    ]


@login_required
@require_GET
def summary_page(request: HttpRequest, org_pk: int) -> HttpResponse:
    try:
        figures = _figures(request, org_pk)
    except BadTerm:
        return _bad_term()
    organization = figures.organization
    sections: list[dict[str, Any]] = [
        {
            "heading": s.heading,
            "paragraphs": [(str(p), isinstance(p, summary_text.Subheading)) for p in s.paragraphs],
        }
        for s in summary_text.sections(figures)
    ]
    context = {
        "org": organization,
        "figures": figures,
        "committee": figures.committee,
        "title": summary_text.title(figures),
        "sections": sections,
        "tables": [(t, _table_rows(t)) for t in summary_text.tables(figures)],
        "terms": summary.terms_for(organization),
        "query": f"?nhiem_ky={figures.term}",
        "runs_as_job": report_jobs.runs_as_job(organization),
    }
    return render(request, "reports/summary.html", context)

"""Pages of the hierarchy. Every view resolves objects through organizations.access."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.core.access import NotFoundForUser
from daihoi.organizations import access, actions, imports, queries
from daihoi.organizations import jobs as org_jobs
from daihoi.organizations.forms import ImportUploadForm
from daihoi.organizations.models import PendingImport
from daihoi.organizations.rules import ImportReport


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    roots = list(access.top_organizations_for(request.user))
    root_totals = [(root, queries.subtree_totals_by_level(root)) for root in roots]
    context = {"root_totals": root_totals, "may_import": access.may_import(request.user)}
    return render(request, "organizations/tree.html", context)


@login_required
def children_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_visible_organization(request.user, pk)
    children = queries.children_with_counts(org)
    return render(request, "organizations/tree.html#children", {"org": org, "children": children})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_visible_organization(request.user, pk)
    context = {
        "org": org,
        "ancestors": [a for a in queries.path_to(org)[:-1] if access.can_view(request.user, a)],
        "totals": queries.subtree_totals_by_level(org),
        "children": queries.children_with_counts(org),
        "can_manage": access.can_manage(request.user, org),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = list(queries.search_within(access.organizations_visible_to(request.user), query))
    template = "organizations/search.html#results" if request.htmx else "organizations/search.html"
    return render(request, template, {"query": query, "results": results})


# --- Hierarchy import: upload → preview → confirm ------------------------------------------

PREVIEW_ROWS = 200  # a big file's preview shows its error rows and its first rows
PREVIEW_MAX_ERROR_ROWS = 2000  # beyond this the page says how many more (the CSV has all)


def _import_allowed(request: HttpRequest) -> None:
    if not access.may_import(request.user):
        raise NotFoundForUser()


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST reads the file and keeps its rows for the preview."""
    _import_allowed(request)
    unit = None
    if "to_chuc" in request.GET:
        unit = access.get_managed_organization(request.user, request.GET["to_chuc"])
    file_errors: list[str] = []
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_rows(upload, upload.name, size=upload.size)
        except imports.ImportFileError as error:
            file_errors = error.messages
        else:
            pending = actions.create_pending_import(
                owner=request.user,
                file_name=upload.name,
                rows=imports.rows_to_json(rows),
                acting_user=request.user,
            )
            return redirect("organizations:import_preview", pk=pending.pk)
    context = {
        "form": form,
        "file_errors": file_errors,
        "unit": unit,
        "managed_roots": access.top_managed_organizations_for(request.user)[:20],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/import.html", context, status=status)


def _preview_context(
    pending: PendingImport, report: ImportReport, errors_only: bool
) -> dict[str, object]:
    rows = report.rows
    error_rows = [row for row in rows if not row.ok]
    if errors_only:
        shown = error_rows[:PREVIEW_MAX_ERROR_ROWS]
    elif len(rows) <= PREVIEW_ROWS:
        shown = rows
    else:
        # Every error row (up to the cap) and the first rows, in file order.
        first = rows[:PREVIEW_ROWS]
        extra = [
            row
            for row in error_rows[:PREVIEW_MAX_ERROR_ROWS]
            if row.row_number > first[-1].row_number
        ]
        shown = first + extra
    return {
        "pending": pending,
        "report": report,
        "shown_rows": shown,
        "errors_only": errors_only,
        "big_file": len(rows) > PREVIEW_ROWS,
        "hidden_error_rows": max(0, len(error_rows) - PREVIEW_MAX_ERROR_ROWS),
        "preview_rows": PREVIEW_ROWS,
        "summary": imports.summary_text(report),
    }


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Every row of the pending upload checked against the database as it is now."""
    pending = access.get_own_pending_import(request.user, pk)
    if pending.used_at is not None:
        return render(request, "organizations/import_preview.html", {"pending": pending})
    report = imports.check_rows(imports.rows_from_json(pending.rows), request.user)
    context = _preview_context(pending, report, errors_only=request.GET.get("loi") == "1")
    context["runs_as_job"] = org_jobs.runs_as_job(pending)
    context["active_job"] = org_jobs.active_import_job(pending, request.user)
    return render(request, "organizations/import_preview.html", context)


@login_required
def import_errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """All the errors of a pending upload, one per line, to fix the file in Excel."""
    pending = access.get_own_pending_import(request.user, pk)
    report = imports.check_rows(imports.rows_from_json(pending.rows), request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loi-nhap-to-chuc.csv"'
    response.write("\ufeff")  # so that Excel opens it as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Dòng"), _("Mã"), _("Lỗi")])
    for row in report.rows:
        for error in row.errors:
            writer.writerow([error.row_number, row.code, error.message])
    return response


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = access.get_own_pending_import(request.user, pk)
    if pending.used_at is None and org_jobs.runs_as_job(pending):
        # A big file is written by a background job: the page shows its progress.
        job = org_jobs.enqueue_import(pending, request.user)
        return redirect("core:job", pk=job.pk)
    outcome = imports.confirm_pending(pending, request.user)
    if outcome.already_used:
        messages.info(request, _("Tệp này đã được nhập trước đó."))
        return redirect("organizations:import_preview", pk=pending.pk)
    if outcome.conflict:
        messages.error(request, imports.conflict_message())
        return redirect("organizations:import_preview", pk=pending.pk)
    assert outcome.report is not None
    if not outcome.report.ok:
        # The database changed since the preview: show the new errors, write nothing.
        messages.error(request, _("Dữ liệu đã thay đổi từ lúc xem trước; chưa nhập gì."))
        context = _preview_context(pending, outcome.report, errors_only=False)
        return render(request, "organizations/import_preview.html", context, status=409)
    messages.success(
        request,
        _("Đã nhập %(count)s tổ chức từ tệp “%(name)s”.")
        % {"count": number_format(outcome.created, force_grouping=True), "name": pending.file_name},
    )
    return redirect("organizations:tree")


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """An .xlsx with the Vietnamese headers and two example rows to fill in."""
    _import_allowed(request)
    if "to_chuc" in request.GET:
        unit = access.get_managed_organization(request.user, request.GET["to_chuc"])
    else:
        unit = access.top_managed_organizations_for(request.user).first()
    content = imports.template_workbook(unit)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-to-chuc.xlsx"'
    return response

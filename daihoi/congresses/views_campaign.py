"""Pages of the campaign: a unit's plan of congresses (with the bulk plan and the .xlsx
import with preview), and the congress page's campaign panel (status timeline, the
lifecycle buttons, the results, approval).

Access before method: every view resolves its object first (404 for missing and forbidden
alike), then refuses a wrong method with 405. Approval resolves through
access.get_approvable_congress: only the upper committee reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from daihoi.congresses import access, actions, imports, queries, rules, sections
from daihoi.congresses.forms import (
    AdvanceForm,
    BulkPlanForm,
    PlanFilterForm,
    PlanImportForm,
    ResultForm,
)
from daihoi.congresses.models import STATUS_ORDER, Congress, CongressResult, CongressStatus
from daihoi.organizations import access as org_access
from daihoi.organizations.imports import ImportFileError
from daihoi.organizations.models import Organization

PAGE_SIZE = 50
TERM_RE = re.compile(r"\d{4}-\d{4}")
PREVIEW_ROWS = 300  # a big file's preview shows its error rows and its first rows


def _post_only(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _grouped(n: int) -> str:
    return number_format(n, force_grouping=True)


def default_campaign_term() -> str:
    """The term of the newest directive (the campaign under way), else this year's."""
    terms = queries.known_terms()
    if terms:
        return terms[0]
    year = timezone.localdate().year
    start = 2025 + 5 * ((year - 2025) // 5)
    return f"{start}-{start + 5}"


# --- The plan page -------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[PlanFilterForm, str, queries.PlanFilters]:
    form = PlanFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    term = (data.get("nhiem_ky") or "").strip() or default_campaign_term()
    if not TERM_RE.fullmatch(term):
        term = default_campaign_term()
    filters = queries.PlanFilters(
        level=data.get("cap"),
        status=data.get("trang_thai") or "",
        kind=data.get("hinh_thuc") or "",
        late_only=bool(data.get("tre_han")),
        pilot_only=bool(data.get("diem")),
    )
    return form, term, filters


def _plan_page(
    request: HttpRequest,
    org: Organization,
    *,
    bulk_form: BulkPlanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    filter_form, term, filters = _filters(request)
    today = timezone.localdate()
    can_manage = org_access.can_manage(request.user, org)
    levels = queries.congress_levels_below(org)
    if bulk_form is None and can_manage and levels:
        bulk_form = BulkPlanForm(levels=levels, initial={"term": term, "contents": 4})
    rows = queries.plan_list(org, term, filters, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    missing_level = _int_or_none(request.GET.get("thieu"))
    missing_page = None
    if missing_level is not None:
        missing = queries.missing_units(org, term, level=missing_level)
        missing_page = Paginator(missing, PAGE_SIZE).get_page(request.GET.get("trang_thieu"))
    directive = queries.directive_for(term)
    context = {
        "org": org,
        "term": term,
        "terms": sorted({term, *queries.known_terms()}, reverse=True),
        "directive": directive,
        "deadlines": sorted(queries.deadlines_of(directive).items()),
        "today": today,
        "progress": queries.progress_by_level(org, term, today=today),
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "missing_level": missing_level,
        "missing_page": missing_page,
        "can_manage": can_manage,
        "bulk_form": bulk_form if can_manage else None,
        "statuses": STATUS_ORDER,
    }
    return render(request, "congresses/campaign_plan.html", context, status=status)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def plan(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Kế hoạch đại hội: the congresses of a term under a unit, with status, late flags,
    filters, the units still without a congress, and the bulk-plan form."""
    org = org_access.get_visible_organization(request.user, org_pk)
    return _plan_page(request, org)


@login_required
def plan_bulk(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = org_access.get_managed_organization(request.user, org_pk)
    if refused := _post_only(request):
        return refused
    form = BulkPlanForm(request.POST, levels=queries.congress_levels_below(org))
    if form.is_valid():
        term = form.cleaned_data["term"]
        try:
            count = actions.plan_congresses(
                org,
                form.cleaned_data["level"],
                term,
                acting_user=request.user,
                **form.action_kwargs(),
            )
        except actions.CampaignError as error:
            form.add_error(None, str(error))
        else:
            if count:
                messages.success(
                    request,
                    _("Đã lên kế hoạch %(n)s đại hội nhiệm kỳ %(term)s.")
                    % {"n": _grouped(count), "term": term},
                )
            else:
                messages.info(request, _("Mọi đơn vị của cấp này đều đã có đại hội nhiệm kỳ này."))
            url = reverse("congresses:plan", args=[org.pk])
            return redirect(f"{url}?nhiem_ky={term}&cap={form.cleaned_data['level']}")
    return _plan_page(request, org, bulk_form=form, status=400)


# --- The plan import -----------------------------------------------------------------------


def _import_page(
    request: HttpRequest, org: Organization, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request, "congresses/campaign_import.html", {"org": org, **context}, status=status
    )


def _preview_context(
    org: Organization, term: str, file_name: str, raw_rows: list[rules.RawPlanRow]
) -> dict[str, Any]:
    checked = imports.check_plan_rows(org, term, raw_rows)
    bad = [row for row in checked if not row.ok]
    shown = checked[:PREVIEW_ROWS] + [r for r in bad if r.row_number > PREVIEW_ROWS + 1]
    return {
        "term": term,
        "file_name": file_name,
        "checked": checked,
        "shown": shown,
        "bad_count": len(bad),
        "good_count": len(checked) - len(bad),
        "hidden_rows": max(0, len(checked) - len(shown)),
        "token": imports.sign_rows(org, term, file_name, raw_rows) if not bad else "",
    }


@login_required
def plan_import(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Upload → preview: every row checked, every bad row listed with its number and what
    is wrong; nothing is written until the confirmation."""
    org = org_access.get_managed_organization(request.user, org_pk)
    if request.method != "POST":
        form = PlanImportForm(
            initial={"term": request.GET.get("nhiem_ky") or default_campaign_term()}
        )
        return _import_page(request, org, {"form": form})
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, org, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        raw_rows = imports.read_plan_file(upload, upload.name, size=upload.size)
    except ImportFileError as error:
        context = {"form": form, "file_errors": error.messages}
        return _import_page(request, org, context, status=400)
    context = {
        "form": form,
        **_preview_context(org, form.cleaned_data["term"], upload.name, raw_rows),
    }
    return _import_page(request, org, context, status=200 if not context["bad_count"] else 400)


def _confirm_import(
    request: HttpRequest,
    org_pk: int,
    *,
    spec: tuple[object, ...],
    write: Callable[..., int],
    page: Callable[..., HttpResponse],
    preview: Callable[..., dict[str, object]],
    done: str,
) -> HttpResponse:
    """Confirm a previewed .xlsx (plans or results): the signed rows are written all or
    nothing; if the database changed since the preview, the new errors are shown instead."""
    org = org_access.get_managed_organization(request.user, org_pk)
    if refused := _post_only(request):
        return refused
    try:
        term, file_name, raw_rows = imports.unsign_rows(request.POST.get("rows", ""), org, spec)
    except imports.BadSignedRows:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc không hợp lệ: tải tệp lên lại."))
        return page(request, org, {"form": PlanImportForm()}, status=400)
    try:
        count = write(org, term, raw_rows, acting_user=request.user, file_name=file_name)
    except actions.CampaignError:
        messages.error(request, _("Dữ liệu đã thay đổi từ lúc xem trước; chưa ghi gì."))
        context = {
            "form": PlanImportForm(initial={"term": term}),
            **preview(org, term, file_name, raw_rows),
        }
        return page(request, org, context, status=409)
    messages.success(request, done % {"n": _grouped(count), "name": file_name})
    return redirect(f"{reverse('congresses:plan', args=[org.pk])}?nhiem_ky={term}")


@login_required
def plan_import_confirm(request: HttpRequest, org_pk: int) -> HttpResponse:
    return _confirm_import(
        request,
        org_pk,
        spec=imports.PLAN,
        write=actions.import_plan,
        page=_import_page,
        preview=_preview_context,
        done=_("Đã lên kế hoạch %(n)s đại hội từ tệp “%(name)s”."),
    )


@login_required
def plan_import_template(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = org_access.get_managed_organization(request.user, org_pk)
    examples = list(queries.missing_units(org, default_campaign_term())[:3])
    response = HttpResponse(
        imports.template_workbook(examples),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-dai-hoi.xlsx"'
    return response


# --- The results import (congresses run outside daihoi) ---------------------------------------


def _results_page(
    request: HttpRequest, org: Organization, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request, "congresses/campaign_results.html", {"org": org, **context}, status=status
    )


def _results_preview(
    org: Organization, term: str, file_name: str, raw_rows: list[rules.RawPlanRow]
) -> dict[str, Any]:
    checked = imports.check_result_rows(org, term, raw_rows)
    bad = [row for row in checked if not row.ok]
    shown = checked[:PREVIEW_ROWS] + [r for r in bad if r.row_number > PREVIEW_ROWS + 1]
    token = imports.sign_rows(org, term, file_name, raw_rows, imports.RESULTS) if not bad else ""
    return {
        "term": term,
        "file_name": file_name,
        "checked": checked,
        "shown": shown,
        "bad_count": len(bad),
        "good_count": len(checked) - len(bad),
        "hidden_rows": max(0, len(checked) - len(shown)),
        "token": token,
    }


@login_required
def results_import(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Upload the results of congresses run elsewhere → preview; nothing written yet."""
    org = org_access.get_managed_organization(request.user, org_pk)
    if request.method != "POST":
        term = request.GET.get("nhiem_ky") or default_campaign_term()
        return _results_page(request, org, {"form": PlanImportForm(initial={"term": term})})
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _results_page(request, org, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        raw_rows = imports.read_plan_file(
            upload, upload.name, size=upload.size, spec=imports.RESULTS
        )
    except ImportFileError as error:
        return _results_page(request, org, {"form": form, "file_errors": error.messages}, 400)
    context = {
        "form": form,
        **_results_preview(org, form.cleaned_data["term"], upload.name, raw_rows),
    }
    return _results_page(request, org, context, status=400 if context["bad_count"] else 200)


@login_required
def results_import_confirm(request: HttpRequest, org_pk: int) -> HttpResponse:
    return _confirm_import(
        request,
        org_pk,
        spec=imports.RESULTS,
        write=actions.import_results,
        page=_results_page,
        preview=_results_preview,
        done=_("Đã báo cáo kết quả %(n)s đại hội từ tệp “%(name)s”."),
    )


@login_required
def results_import_template(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = org_access.get_managed_organization(request.user, org_pk)
    held = queries.congresses_under(org, default_campaign_term()).filter(status="held")
    examples = [c.organization for c in held.select_related("organization")[:3]]
    response = HttpResponse(
        imports.results_template_workbook(examples),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-ket-qua-dai-hoi.xlsx"'
    return response


# --- The congress page's campaign panel ------------------------------------------------------


def _timeline(congress: Congress) -> list[dict[str, Any]]:
    """Each status in order with the date it was reached (the latest change to it)."""
    reached = {change.status: change for change in queries.status_history(congress)}
    current = STATUS_ORDER.index(congress.status)
    return [
        {
            "status": status,
            "label": CongressStatus(status).label,
            "change": reached.get(status) if index <= current else None,
            "done": index <= current,
            "current": index == current,
        }
        for index, status in enumerate(STATUS_ORDER)
    ]


def panel_context(
    request: HttpRequest,
    congress: Congress,
    *,
    result_form: ResultForm | None = None,
    advance_form: AdvanceForm | None = None,
) -> dict[str, Any]:
    """What the campaign panel of the congress page shows to this user."""
    today = timezone.localdate()
    can_manage = access.can_manage(request.user, congress)
    next_status = rules.next_status(congress.status)
    can_advance = can_manage and next_status in rules.ADVANCEABLE
    result = CongressResult.objects.filter(congress=congress).first()
    can_report = can_manage and congress.status in (CongressStatus.HELD, CongressStatus.REPORTED)
    if can_report and result_form is None:
        result_form = ResultForm(initial=ResultForm.initial_for(result))
    if can_advance and advance_form is None:
        advance_form = AdvanceForm(initial={"to_status": next_status, "on": today})
    return {
        "campaign": {
            "timeline": _timeline(congress),
            "history": queries.status_history(congress),
            "deadline": queries.deadline_of(congress),
            "late": queries.is_late(congress, today=today),
            "next_status": next_status,
            "next_label": CongressStatus(next_status).label if next_status else "",
            "can_advance": can_advance,
            "advance_form": advance_form if can_advance else None,
            "can_report": can_report,
            "result_form": result_form if can_report else None,
            "result": result,
            "can_approve": congress.status == CongressStatus.REPORTED
            and access.can_approve(request.user, congress),
            "awaiting_upper": congress.status == CongressStatus.REPORTED
            and not access.can_approve(request.user, congress),
        }
    }


def _detail_with_panel(
    request: HttpRequest, congress: Congress, status: int, **forms: Any
) -> HttpResponse:
    context = {
        "congress": congress,
        "can_manage": access.can_manage(request.user, congress),
        "sections": sections.render_sections(request, congress),
        **panel_context(request, congress, **forms),
    }
    return render(request, "congresses/detail.html", context, status=status)


def _back(congress: Congress) -> HttpResponse:
    return redirect(f"{reverse('congresses:detail', args=[congress.pk])}#chien-dich")


@login_required
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    congress = access.get_managed_congress(request.user, pk)
    if refused := _post_only(request):
        return refused
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _detail_with_panel(request, congress, 400, advance_form=form)
    to_status = form.cleaned_data["to_status"]
    try:
        actions.advance_congress(
            congress, to_status, form.cleaned_data["on"], acting_user=request.user
        )
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã chuyển trạng thái: %(status)s.") % {"status": CongressStatus(to_status).label},
        )
    return _back(congress)


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Chuẩn y, by the upper committee only (everyone else: 404, as for a missing one)."""
    congress = access.get_approvable_congress(request.user, pk)
    if refused := _post_only(request):
        return refused
    try:
        actions.approve_congress(congress, acting_user=request.user)
    except actions.CampaignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã chuẩn y kết quả đại hội."))
    return _back(congress)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The results form of a congress run outside daihoi (GET: the congress page with its
    panel; POST: report, then back to the congress page)."""
    congress = access.get_managed_congress(request.user, pk)
    if request.method != "POST":
        return _detail_with_panel(request, congress, 200)
    form = ResultForm(request.POST)
    if not form.is_valid():
        return _detail_with_panel(request, congress, 400, result_form=form)
    try:
        actions.report_results(congress, form.figures(), source="form", acting_user=request.user)
    except actions.CampaignError as error:
        form.add_error(None, str(error))
        return _detail_with_panel(request, congress, 400, result_form=form)
    messages.success(request, _("Đã báo cáo kết quả đại hội lên cấp trên."))
    return _back(congress)

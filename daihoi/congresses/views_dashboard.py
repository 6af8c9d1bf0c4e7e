"""The campaign dashboard: progress of the congresses under an organization, with drill-down
to its children and to the units of each level, charts, and an .xlsx export of every table.

Every view resolves the organization through organizations.access (forbidden == missing,
404): the Centre sees the nation, a district's staff only their district.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses import exports_dashboard as exports
from daihoi.congresses import queries_dashboard as q
from daihoi.congresses.models import TERM_PATTERN
from daihoi.organizations import access as org_access
from daihoi.organizations import queries as org_queries
from daihoi.organizations.models import Level, Organization

PARTIALS = {"tre-han": "late", "thieu": "missing", "diem": "pilots"}


def _term(request: HttpRequest) -> str:
    term = request.GET.get("nhiem_ky", "")
    try:
        TERM_PATTERN(term)
    except Exception:
        return q.default_term()
    return term


def _day(request: HttpRequest) -> tuple[dt.date, str]:
    """The day lateness is judged on (?ngay=dd/mm/yyyy, default today) and an error."""
    today = timezone.localdate()
    text = request.GET.get("ngay", "").strip()
    if not text:
        return today, ""
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date(), ""
    except ValueError:
        return today, _("Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/09/2025; đang tính đến hôm nay.")


def _scope(request: HttpRequest, org_pk: int) -> tuple[q.Scope, str]:
    org = org_access.get_visible_organization(request.user, org_pk)
    day, error = _day(request)
    return q.Scope.of(org, _term(request), day), error


def _base_query(request: HttpRequest, scope: q.Scope) -> str:
    """The term and the day, kept by every drill-down link."""
    query = {"nhiem_ky": scope.term}
    if request.GET.get("ngay"):
        query["ngay"] = scope.day.strftime("%d/%m/%Y")
    return urlencode(query)


def _ancestors(request: HttpRequest, org: Organization) -> list[Organization]:
    return [a for a in org_queries.path_to(org)[:-1] if org_access.can_view(request.user, a)]


def _chart_data(dash: q.Dashboard) -> dict[str, Any]:
    labels = dict(Level.choices)
    return {
        "series": {
            "days": [d.strftime("%d/%m/%Y") for d in dash.series.days],
            "total": dash.series.total,
            "levels": [
                {"label": str(labels[level]), "values": values}
                for level, values in dash.series.by_level.items()
                if values and values[-1]
            ],
            "total_label": _("Tất cả các cấp"),
        },
        "shares": {
            "labels": [f"{p}%" for p, _count in dash.shares.bins()],
            "values": [count for _p, count in dash.shares.bins()],
            "label": _("Số bí thư"),
        },
    }


def _level_rows(dash: q.Dashboard) -> list[dict[str, Any]]:
    labels = dict(Level.choices)
    return [
        {
            "level": level,
            "label": str(labels[level]),
            "tally": dash.progress.by_level[level],
            "flags": dash.flags[level],
            "deadline": dash.scope.deadlines.get(level),
        }
        for level in dash.scope.levels
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's scope: straight to it when there is one root."""
    roots = list(org_access.top_organizations_for(request.user))
    if len(roots) == 1:
        return redirect("congresses:dashboard", org_pk=roots[0].pk)
    return render(request, "congresses/dashboard_home.html", {"roots": roots})


@login_required
def dashboard(request: HttpRequest, org_pk: int) -> HttpResponse:
    scope, day_error = _scope(request, org_pk)
    if request.htmx and request.GET.get("bang") in PARTIALS:
        return _partial(request, scope, PARTIALS[request.GET["bang"]])
    dash = q.dashboard(scope)
    context = {
        "scope": scope,
        "org": scope.org,
        "dash": dash,
        "day_error": day_error,
        "terms": q.terms(),
        "ancestors": _ancestors(request, scope.org),
        "base_query": _base_query(request, scope),
        "levels": _level_rows(dash),
        "total": dash.progress.total,
        "chart_data": _chart_data(dash),
        "late_page": q.late_page(scope, dash.progress, request.GET.get("trang_tre")),
        "missing_page": q.missing_page(scope, dash.progress, request.GET.get("trang_thieu")),
        "pilots_page": q.pilots_page(scope, dash.flags, request.GET.get("trang_diem")),
    }
    return render(request, "congresses/dashboard.html", context)


def _partial(request: HttpRequest, scope: q.Scope, name: str) -> HttpResponse:
    """One list's next page (HTMX): only the counts that list needs."""
    context: dict[str, Any] = {
        "scope": scope,
        "org": scope.org,
        "base_query": _base_query(request, scope),
    }
    if name == "pilots":
        flags = q.flags_by_level(scope, q.progress(scope))
        context["pilots_page"] = q.pilots_page(scope, flags, request.GET.get("trang_diem"))
    else:
        progress = q.progress(scope)
        context["late_page"] = q.late_page(scope, progress, request.GET.get("trang_tre"))
        context["missing_page"] = q.missing_page(scope, progress, request.GET.get("trang_thieu"))
    return render(request, f"congresses/dashboard.html#{name}", context)


def _level(request: HttpRequest, scope: q.Scope) -> int:
    """?cap=<level>: one of the congress levels at or below X (default the first)."""
    text = request.GET.get("cap", "")
    if not text:
        return scope.levels[0] if scope.levels else -1
    return int(text) if text.isdigit() else -1


@login_required
def level_units(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The units of one level under X (?cap=), each with its congress of the term."""
    scope, day_error = _scope(request, org_pk)
    level = _level(request, scope)
    if level not in scope.levels:
        raise Http404()
    progress = q.progress(scope)
    context = {
        "scope": scope,
        "org": scope.org,
        "level": level,
        "level_label": Level(level).label,
        "tally": progress.by_level[level],
        "units_page": q.units_page(scope, progress, level, request.GET.get("trang")),
        "late_levels": scope.late_levels,
        "not_held": q.NOT_HELD,
        "export_table": exports.level_table_slug(level),
        "terms": q.terms(),
        "ancestors": _ancestors(request, scope.org),
        "base_query": _base_query(request, scope),
        "day_error": day_error,
    }
    return render(request, "congresses/dashboard_level.html", context)


@login_required
def export(request: HttpRequest, org_pk: int) -> HttpResponse:
    """?bang=<table>: one table of the dashboard as .xlsx (default the progress by level)."""
    scope, _error = _scope(request, org_pk)
    table = request.GET.get("bang", "") or exports.DEFAULT_TABLE
    if table not in exports.TABLES and not exports.is_level_table(table, scope):
        raise Http404()
    return exports.xlsx_response(scope, table)

"""Pages of congresses: the list, a new congress from a unit page, a congress's page.

Every view resolves objects through congresses.access / organizations.access (forbidden ==
missing). The congress page shows the sections other apps register (congresses.sections):
the elections app adds the list of elections and the "Thêm cuộc bầu cử" form.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses import access, actions, queries, sections, views_campaign
from daihoi.congresses.forms import CongressForm, default_term
from daihoi.congresses.models import Congress
from daihoi.organizations import access as org_access
from daihoi.organizations import queries as org_queries
from daihoi.organizations.models import Organization

PAGE_SIZE = 50


def _status_summary(congress: Congress) -> list[tuple[str, int]]:
    """("Đang chuẩn bị danh sách", 2), … for the congress's elections (prefetched). The
    labels come from the related model's own choices: congresses imports no election code."""
    counts = Counter(e.get_status_display() for e in congress.elections.all())
    return sorted(counts.items())


def _listed(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    return queryset.select_related("organization").prefetch_related("elections")


@login_required
def congress_list(request: HttpRequest) -> HttpResponse:
    """The congresses the user may see; `?to_chuc=<pk>` narrows to one unit's congresses
    and offers "Tạo đại hội" when the user manages that unit."""
    unit: Organization | None = None
    congresses = access.congresses_visible_to(request.user)
    if request.GET.get("to_chuc"):
        unit = org_access.get_visible_organization(request.user, request.GET["to_chuc"])
        congresses = congresses.filter(organization=unit)
    page = Paginator(_listed(congresses), PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [(c, len(c.elections.all()), _status_summary(c)) for c in page.object_list]
    context = {
        "unit": unit,
        "can_create": unit is not None and org_access.can_manage(request.user, unit),
        "page": page,
        "rows": rows,
    }
    return render(request, "congresses/list.html", context)


def _form_page(
    request: HttpRequest,
    form: CongressForm,
    organization: Organization,
    congress: Congress | None,
    status: int = 200,
) -> HttpResponse:
    _units, official, probationary = org_queries.subtree_member_totals(organization)
    context = {
        "form": form,
        "org": organization,
        "congress": congress,
        "official": official,
        "probationary": probationary,
    }
    return render(request, "congresses/form.html", context, status=status)


def _save_errors(form: CongressForm, error: ValidationError) -> None:
    """A model check the form did not foresee (e.g. a race on the one-per-term rule)."""
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@login_required
def create(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = org_access.get_managed_organization(request.user, org_pk)
    if request.method != "POST":
        term = default_term(organization, timezone.localdate().year)
        form = CongressForm(
            organization=organization,
            initial={
                "term": term,
                # The directive's rule (chi bộ, or fewer members than its threshold: a
                # general meeting; otherwise delegates).
                "kind": queries.default_kind_for(organization, term),
            },
        )
        return _form_page(request, form, organization, None)
    form = CongressForm(request.POST, organization=organization)
    if form.is_valid():
        try:
            congress = actions.create_congress(
                organization, acting_user=request.user, **form.action_kwargs()
            )
        except ValidationError as error:
            _save_errors(form, error)
        else:
            messages.success(request, _("Đã tạo %(title)s.") % {"title": congress.title})
            return redirect("congresses:detail", pk=congress.pk)
    return _form_page(request, form, organization, None, status=400)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    congress = access.get_managed_congress(request.user, pk)
    organization = congress.organization
    if request.method != "POST":
        form = CongressForm(
            organization=organization,
            congress=congress,
            initial=CongressForm.initial_for(congress),
        )
        return _form_page(request, form, organization, congress)
    form = CongressForm(request.POST, organization=organization, congress=congress)
    if form.is_valid():
        try:
            congress = actions.update_congress(
                congress, acting_user=request.user, **form.action_kwargs()
            )
        except ValidationError as error:
            _save_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin đại hội."))
            return redirect("congresses:detail", pk=congress.pk)
    return _form_page(request, form, organization, congress, status=400)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = access.get_visible_congress(request.user, pk)
    context = {
        "congress": congress,
        "can_manage": access.can_manage(request.user, congress),
        "sections": sections.render_sections(request, congress),
        # The campaign panel: status timeline, lifecycle buttons, results, approval.
        **views_campaign.panel_context(request, congress),
    }
    return render(request, "congresses/detail.html", context)

"""The congress page's delegates section, the roster page and its changes (add, absence,
replacement by an alternate, badges), and the congress's staff."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.access import scope_paths
from daihoi.core.models import User
from daihoi.delegates import access, queries
from daihoi.delegates.actions import DelegateActionError
from daihoi.delegates.actions import badges as badge_actions
from daihoi.delegates.actions import roster as roster_actions
from daihoi.delegates.actions import staff as staff_actions
from daihoi.delegates.forms import AbsenceForm, DelegateForm, StaffForm
from daihoi.delegates.models import (
    AbsenceKind,
    AlternateOrder,
    Badge,
    DelegateKind,
    SeatStatus,
    StaffRole,
)

CongressView = Callable[..., HttpResponse]


def congress_view(resolve: Callable[[Any, object], Congress], methods: tuple[str, ...]) -> Any:
    """Resolve the congress first — 404 for whoever may not use this page, whatever the method —
    then accept only `methods`; the view receives the congress (and the delegate for
    `delegate_pk`, the session for `session_pk`: of that congress, or 404)."""

    def decorate(view: CongressView) -> CongressView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            congress = resolve(request.user, pk)
            if "delegate_pk" in kwargs:
                kwargs["delegate"] = access.get_delegate(congress, kwargs.pop("delegate_pk"))
            if "session_pk" in kwargs:
                kwargs["session"] = access.get_session(congress, kwargs.pop("session_pk"))
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, congress, **kwargs)

        return wrapper

    return decorate


reading = congress_view(access.get_readable_congress, ("GET", "HEAD"))
desk_page = congress_view(access.get_desk_congress, ("GET", "HEAD"))
desk_change = congress_view(access.get_desk_congress, ("POST",))
managing = congress_view(access.get_managed_congress, ("POST",))


def roster_url(congress: Congress, anchor: str = "") -> str:
    return reverse("delegates:roster", args=[congress.pk]) + (f"#{anchor}" if anchor else "")


# --- The congress page's section ------------------------------------------------------------------


def congress_section(request: HttpRequest, congress: Congress) -> SafeString:
    """Registered on the congress page (congresses.sections) by the delegates app: what this
    congress must elect upward (its allotment) and, for a congress with a roster, its figures."""
    user = request.user
    context = {
        "congress": congress,
        "allotment": queries.allotment_for(congress),
        "counts": queries.roster_counts(congress),
        "figures": queries.figures(congress) if queries.runs_checkin(congress) else None,
        "can_desk": access.can_run_desk(user, congress),
        "can_manage": access.can_manage(user, congress),
        "has_units": bool(queries.units_below(congress)),
    }
    return mark_safe(render_to_string("delegates/congress_section.html", context, request=request))


# --- The roster -----------------------------------------------------------------------------------


def _roster_context(request: HttpRequest, congress: Congress, **extra: Any) -> dict[str, Any]:
    delegates = queries.roster(congress)
    live = set(
        Badge.objects.filter(delegate__congress=congress, revoked_at__isnull=True).values_list(
            "delegate_id", flat=True
        )
    )
    user = request.user
    context = {
        "congress": congress,
        "delegates": delegates,
        "live_badges": live,
        "without_badge": sum(1 for d in delegates if d.pk not in live),
        "counts": queries.roster_counts(congress),
        "figures": queries.figures(congress),
        "settings": queries.roster_settings(congress),
        "staff": list(congress.staff.all()),
        "can_desk": access.can_run_desk(user, congress),
        "can_manage": access.can_manage(user, congress),
        "can_review": access.can_review(user, congress),
        "kinds": [
            (k, label)
            for k, label in DelegateKind.choices
            if (k == DelegateKind.MEMBER) == (congress.kind == CongressKind.GENERAL)
        ],
        "absence_kinds": AbsenceKind.choices,
        "alternate_orders": AlternateOrder.choices,
        "form": DelegateForm(congress=congress),
        "staff_form": StaffForm(),
        "seat": SeatStatus,
    }
    context.update(extra)
    return context


@reading
def roster(request: HttpRequest, congress: Congress) -> HttpResponse:
    return render(request, "delegates/roster.html", _roster_context(request, congress))


def _refused(request: HttpRequest, error: object) -> None:
    messages.error(request, str(error))


@desk_change
def add_delegate(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = DelegateForm(request.POST, congress=congress)
    if not form.is_valid():
        context = _roster_context(request, congress, form=form, form_open=True)
        return render(request, "delegates/roster.html", context, status=400)
    data = form.cleaned_data
    try:
        delegate = roster_actions.add_delegate(
            congress,
            form.person_data(),
            kind=data["kind"],
            unit=data["unit"],
            delegation=data["delegation"],
            alternate_rank=data["alternate_rank"],
            acting_user=request.user,
        )
    except DelegateActionError as error:
        context = _roster_context(request, congress, form=form, form_open=True, form_error=error)
        return render(request, "delegates/roster.html", context, status=400)
    messages.success(request, _("Đã thêm %(name)s.") % {"name": delegate.person.full_name})
    return redirect(roster_url(congress, f"d{delegate.pk}"))


@desk_change
def record_absence(request: HttpRequest, congress: Congress, delegate: Any) -> HttpResponse:
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        _refused(request, _("Chọn loại vắng mặt và ghi lý do."))
    else:
        try:
            roster_actions.record_absence(
                delegate,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except DelegateActionError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã ghi nhận: %(name)s.") % {"name": delegate})
    return redirect(roster_url(congress, f"d{delegate.pk}"))


@managing
def replace(request: HttpRequest, congress: Congress, delegate: Any) -> HttpResponse:
    """The convening committee puts an alternate of the same unit in the official's seat."""
    chosen = None
    if request.POST.get("alternate"):
        chosen = access.get_delegate(congress, request.POST["alternate"])
    try:
        alternate = roster_actions.replace_with_alternate(
            delegate, alternate=chosen, acting_user=request.user
        )
    except DelegateActionError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(alternate)s thay thế %(official)s.")
            % {"alternate": alternate, "official": delegate},
        )
    return redirect(roster_url(congress, f"d{delegate.pk}"))


@desk_change
def issue_badges(request: HttpRequest, congress: Congress) -> HttpResponse:
    badges = badge_actions.issue_badges(congress, acting_user=request.user)
    messages.success(request, _("Đã cấp %(n)s thẻ đại biểu.") % {"n": len(badges)})
    return redirect(roster_url(congress))


@desk_change
def revoke_badge(request: HttpRequest, congress: Congress, delegate: Any) -> HttpResponse:
    try:
        badge_actions.revoke_badge(
            delegate, reason=request.POST.get("reason", ""), acting_user=request.user
        )
    except DelegateActionError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Đã thu hồi thẻ cũ và cấp thẻ mới cho %(name)s.") % {"name": delegate}
        )
    return redirect(roster_url(congress, f"d{delegate.pk}"))


# --- Staff and settings ---------------------------------------------------------------------------


@managing
def add_staff(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = StaffForm(request.POST)
    if not form.is_valid():
        _refused(request, _("Nhập tên đăng nhập và chọn vai trò."))
        return redirect(roster_url(congress, "nhan-su"))
    user = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
    if user is None:
        _refused(request, _("Không có tài khoản “%(u)s”.") % {"u": form.cleaned_data["username"]})
        return redirect(roster_url(congress, "nhan-su"))
    try:
        staff_actions.add_congress_staff(
            congress,
            user,
            role=form.cleaned_data["role"],
            is_head=form.cleaned_data["is_head"],
            acting_user=request.user,
        )
    except DelegateActionError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã giao vai trò cho %(u)s.") % {"u": user.display_name()})
    return redirect(roster_url(congress, "nhan-su"))


@managing
def alternate_order(request: HttpRequest, congress: Congress) -> HttpResponse:
    try:
        staff_actions.set_alternate_order(
            congress, request.POST.get("alternate_order", ""), acting_user=request.user
        )
    except Exception:  # noqa: BLE001 - full_clean's ValidationError for an unknown choice
        _refused(request, _("Thứ tự thay thế không hợp lệ."))
    return redirect(roster_url(congress, "nhan-su"))


def staff_home(user: User) -> str | None:
    """Secretariat and credentials staff without an organization grant start on their
    congress's roster."""
    if user.is_superuser or not user.is_authenticated:
        return None
    if scope_paths(user):
        return None
    role = user.congress_roles.order_by("-congress__starts_on", "-id").first()
    if role is None:
        return None
    if role.role == StaffRole.CREDENTIALS:
        return reverse("delegates:credentials", args=[role.congress_id])
    return reverse("delegates:roster", args=[role.congress_id])

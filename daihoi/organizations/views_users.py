"""User management for an organization department: who holds a role inside the unit's
subtree, create a user with a first role, grant another role, revoke one.

Everything is scope-checked here on the server: the unit must be managed by the requesting
user, and every organization, user and grant posted must lie inside that unit's subtree;
anything else answers 404, like a missing object. Writes go through core.actions (audited).
These views live in organizations because core knows no organization model.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.core import actions as core_actions
from daihoi.core.access import NotFoundForUser
from daihoi.core.models import ORGANIZATION_ROLES, RoleGrant, User
from daihoi.organizations import access, queries
from daihoi.organizations.forms_users import CreateUserForm, GrantRoleForm
from daihoi.organizations.models import Organization


def _grants_within(unit: Organization) -> QuerySet[RoleGrant]:
    """Organization roles held on the unit or under it (never a grant elsewhere: a user's
    roles in another district are not this department's business)."""
    return RoleGrant.objects.filter(
        role__in=list(ORGANIZATION_ROLES),
        organization__path__gte=unit.path,
        organization__path__lt=unit.subtree_end,
    )


def _users_within(unit: Organization) -> QuerySet[User]:
    grants = _grants_within(unit).select_related("organization").order_by("organization__path")
    return (
        User.objects.filter(pk__in=_grants_within(unit).values("user_id"))
        .prefetch_related(Prefetch("role_grants", queryset=grants, to_attr="grants_here"))
        .order_by("full_name", "username")
    )


def _refuse_posted_outside(request: HttpRequest, field: str, allowed: QuerySet) -> None:
    """A posted id outside the subtree is a forged request: answer as for a missing object."""
    value = request.POST.get(field)
    if value and not allowed.filter(pk=value if value.isdigit() else None).exists():
        raise NotFoundForUser()


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (`request.POST or None` would leave an
    empty POST unbound: no error messages at all)."""
    return request.POST if request.method == "POST" else None


@login_required
def users(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_managed_organization(request.user, pk)
    context = {"unit": unit, "people": _users_within(unit)}
    return render(request, "organizations/users.html", context)


@login_required
def user_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_managed_organization(request.user, pk)
    organizations = queries.subtree(unit)
    if request.method == "POST":
        _refuse_posted_outside(request, "organization", organizations)
    form = CreateUserForm(_posted(request), unit=unit, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():  # the user and their first role, or neither
            person = core_actions.create_user(
                data["username"],
                data["password1"],
                acting_user=request.user,
                full_name=data["full_name"],
            )
            grant = core_actions.grant_role(
                person, data["role"], data["organization"], acting_user=request.user
            )
        messages.success(
            request,
            _("Đã tạo người dùng %(username)s, vai trò %(role)s trên %(organization)s.")
            % {
                "username": person.username,
                "role": grant.get_role_display(),
                "organization": grant.organization.name,
            },
        )
        return redirect("organizations:users", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    context = {"unit": unit, "form": form, "creating": True}
    return render(request, "organizations/users_form.html", context, status=status)


@login_required
def user_grant(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_managed_organization(request.user, pk)
    organizations = queries.subtree(unit)
    people = _users_within(unit)
    if request.method == "POST":
        _refuse_posted_outside(request, "organization", organizations)
        _refuse_posted_outside(request, "user", people)
    initial = {"user": request.GET.get("nguoi_dung")} if request.method == "GET" else None
    form = GrantRoleForm(
        _posted(request),
        initial=initial,
        unit=unit,
        organizations=organizations,
        users=people,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grant = core_actions.grant_role(
            data["user"], data["role"], data["organization"], acting_user=request.user
        )
        messages.success(
            request,
            _("Đã cấp vai trò %(role)s trên %(organization)s cho %(username)s.")
            % {
                "username": data["user"].username,
                "role": grant.get_role_display(),
                "organization": grant.organization.name,
            },
        )
        return redirect("organizations:users", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    context = {"unit": unit, "form": form, "creating": False}
    return render(request, "organizations/users_form.html", context, status=status)


@login_required
@require_POST
def user_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    unit = access.get_managed_organization(request.user, pk)
    try:
        grant = _grants_within(unit).select_related("user", "organization").get(pk=grant_pk)
    except RoleGrant.DoesNotExist:
        raise NotFoundForUser() from None
    if grant.user_id == request.user.pk:
        # Revoking one's own role would lock the department out of its own page.
        messages.error(request, _("Không thể tự thu hồi vai trò của chính mình."))
        return redirect("organizations:users", pk=unit.pk)
    core_actions.revoke_role(grant, acting_user=request.user)
    messages.success(
        request,
        _("Đã thu hồi vai trò %(role)s trên %(organization)s của %(username)s.")
        % {
            "username": grant.user.username,
            "role": grant.get_role_display(),
            "organization": grant.organization.name,
        },
    )
    return redirect("organizations:users", pk=unit.pk)

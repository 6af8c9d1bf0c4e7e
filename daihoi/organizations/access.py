"""Access to organizations: every view, export and command goes through these helpers."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from daihoi.core.access import (
    MANAGE_ROLES,
    READ_ROLES,
    NotFoundForUser,
    is_global,
    path_in_scope,
    scope_paths,
)
from daihoi.core.models import User
from daihoi.organizations.models import SUBTREE_END, Organization, PendingImport


def _within(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__gte=path, path__lt=path + SUBTREE_END)
    return condition


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    if is_global(user):
        return Organization.objects.all()
    return Organization.objects.filter(_within(scope_paths(user, READ_ROLES)))


def organizations_managed_by(user: User) -> QuerySet[Organization]:
    if is_global(user):
        return Organization.objects.all()
    return Organization.objects.filter(_within(scope_paths(user, MANAGE_ROLES)))


def can_view(user: User, org: Organization) -> bool:
    return is_global(user) or path_in_scope(org.path, scope_paths(user, READ_ROLES))


def can_manage(user: User, org: Organization) -> bool:
    return is_global(user) or path_in_scope(org.path, scope_paths(user, MANAGE_ROLES))


def get_visible_organization(user: User, pk: object) -> Organization:
    """The organization, or 404 when it is missing *or* outside the user's scope."""
    try:
        org = Organization.objects.select_related("parent").get(pk=int(str(pk)))
    except (Organization.DoesNotExist, ValueError):
        raise NotFoundForUser() from None
    if not can_view(user, org):
        raise NotFoundForUser()
    return org


def get_managed_organization(user: User, pk: object) -> Organization:
    org = get_visible_organization(user, pk)
    if not can_manage(user, org):
        raise NotFoundForUser()
    return org


def top_organizations_for(user: User) -> QuerySet[Organization]:
    """The roots of the user's scope: where the tree page starts."""
    if is_global(user):
        return Organization.objects.filter(parent__isnull=True).order_by("code")
    paths = scope_paths(user, READ_ROLES)
    return Organization.objects.filter(path__in=paths).order_by("path")


# --- Hierarchy import ----------------------------------------------------------------------


def may_import(user: User) -> bool:
    """Whoever manages at least one organization may import units under it."""
    return is_global(user) or organizations_managed_by(user).exists()


def get_own_pending_import(user: User, pk: object) -> PendingImport:
    """A pending import is its owner's alone: anyone else gets 404, as for a missing one."""
    try:
        return PendingImport.objects.get(pk=int(str(pk)), owner_id=user.pk)
    except (PendingImport.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def top_managed_organizations_for(user: User) -> QuerySet[Organization]:
    """The roots of what the user manages (where imported units may hang)."""
    if is_global(user):
        return Organization.objects.filter(parent__isnull=True).order_by("code")
    return Organization.objects.filter(path__in=scope_paths(user, MANAGE_ROLES)).order_by("path")

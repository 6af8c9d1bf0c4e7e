"""Who sees and manages congresses: the organization department whose scope holds the
congress's organization (its own, or an upper committee's)."""

from __future__ import annotations

from django.db.models import QuerySet

from daihoi.congresses.models import Congress
from daihoi.core.access import (
    MANAGE_ROLES,
    NotFoundForUser,
    is_global,
    path_in_scope,
    scope_paths,
)
from daihoi.core.models import User
from daihoi.organizations import access as org_access
from daihoi.organizations.models import PATH_SEGMENT


def congresses_visible_to(user: User) -> QuerySet[Congress]:
    return Congress.objects.filter(
        organization__in=org_access.organizations_visible_to(user)
    ).select_related("organization")


def can_view(user: User, congress: Congress) -> bool:
    return org_access.can_view(user, congress.organization)


def can_manage(user: User, congress: Congress) -> bool:
    return org_access.can_manage(user, congress.organization)


def _get(pk: object) -> Congress:
    try:
        return Congress.objects.select_related("organization").get(pk=int(str(pk)))
    except (Congress.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def get_visible_congress(user: User, pk: object) -> Congress:
    congress = _get(pk)
    if not can_view(user, congress):
        raise NotFoundForUser()
    return congress


def get_managed_congress(user: User, pk: object) -> Congress:
    congress = _get(pk)
    if not can_manage(user, congress):
        raise NotFoundForUser()
    return congress


# --- Approval (chuẩn y) ---------------------------------------------------------------------


def parent_path(congress: Congress) -> str:
    """The path of the parent of the congress's organization ("" for a root)."""
    return congress.organization.path[:-PATH_SEGMENT]


def can_approve(user: User, congress: Congress) -> bool:
    """Only the upper committee approves: someone who manages the PARENT of the congress's
    organization (or anything above it), or a superuser. A unit's own organization
    department manages the unit, not its parent, so it can never approve itself."""
    if is_global(user):
        return True
    parent = parent_path(congress)
    return bool(parent) and path_in_scope(parent, scope_paths(user, MANAGE_ROLES))


def get_approvable_congress(user: User, pk: object) -> Congress:
    """The congress, or 404 when it is missing or the user may not approve it."""
    congress = _get(pk)
    if not can_approve(user, congress):
        raise NotFoundForUser()
    return congress

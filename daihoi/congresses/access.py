"""Who sees and manages congresses: the organization department whose scope holds the
congress's organization (its own, or an upper committee's)."""

from __future__ import annotations

from django.db.models import QuerySet

from daihoi.congresses.models import Congress
from daihoi.core.access import NotFoundForUser
from daihoi.core.models import User
from daihoi.organizations import access as org_access


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

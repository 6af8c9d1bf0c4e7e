"""Who sees and does what with a congress's delegates.

- The organization department that manages the congress (its own, or an upper committee's)
  does everything: allocation, roster, staff, sessions, badges, check-in, the presidium page.
- The congress's secretariat (CongressStaff role secretariat) keeps the roster, prints badges,
  runs the check-in desks and the presidium page.
- The credentials committee (role credentials) reads the roster and reviews delegates; its
  members alone record credentials decisions, its head signs the report.
- Read-only staff of the organization (viewers) read the roster and the figures.
Anything else answers 404, exactly like a missing congress or delegate.
"""

from __future__ import annotations

from daihoi.congresses import access as congress_access
from daihoi.congresses.models import Congress
from daihoi.core.access import NotFoundForUser
from daihoi.core.models import User
from daihoi.delegates.models import CongressStaff, Delegate, Session, StaffRole


def staff_roles(user: User, congress: Congress) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    cache: dict[int, set[str]] = user.__dict__.setdefault("_daihoi_congress_roles", {})
    if congress.pk not in cache:
        cache[congress.pk] = set(
            CongressStaff.objects.filter(congress=congress, user_id=user.pk)
            .order_by()  # not CongressStaff's ordering, which joins the congress
            .values_list("role", flat=True)
        )
    return cache[congress.pk]


def can_manage(user: User, congress: Congress) -> bool:
    return congress_access.can_manage(user, congress)


def can_run_desk(user: User, congress: Congress) -> bool:
    """Roster, badges, sessions, check-in, the presidium page."""
    return can_manage(user, congress) or StaffRole.SECRETARIAT in staff_roles(user, congress)


def can_review(user: User, congress: Congress) -> bool:
    """Record the credentials committee's decisions: its members only (the organization
    department prepares the roster, it does not judge it)."""
    return StaffRole.CREDENTIALS in staff_roles(user, congress)


def can_read(user: User, congress: Congress) -> bool:
    return congress_access.can_view(user, congress) or bool(staff_roles(user, congress))


def _congress(pk: object) -> Congress:
    try:
        return Congress.objects.select_related("organization").get(pk=int(str(pk)))
    except (Congress.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def get_readable_congress(user: User, pk: object) -> Congress:
    congress = _congress(pk)
    if not can_read(user, congress):
        raise NotFoundForUser()
    return congress


def get_desk_congress(user: User, pk: object) -> Congress:
    congress = _congress(pk)
    if not can_run_desk(user, congress):
        raise NotFoundForUser()
    return congress


def get_managed_congress(user: User, pk: object) -> Congress:
    congress = _congress(pk)
    if not can_manage(user, congress):
        raise NotFoundForUser()
    return congress


def get_reviewing_congress(user: User, pk: object) -> Congress:
    congress = _congress(pk)
    if not can_review(user, congress):
        raise NotFoundForUser()
    return congress


def get_delegate(congress: Congress, pk: object) -> Delegate:
    """A delegate of `congress` (whose access the caller checked); any other id is 404."""
    try:
        return Delegate.objects.select_related("person", "unit", "congress").get(
            pk=int(str(pk)), congress=congress
        )
    except (Delegate.DoesNotExist, ValueError):
        raise NotFoundForUser() from None


def get_session(congress: Congress, pk: object) -> Session:
    try:
        return Session.objects.get(pk=int(str(pk)), congress=congress)
    except (Session.DoesNotExist, ValueError):
        raise NotFoundForUser() from None

"""Who may see and do what: the scope helpers every app's access.py builds on.

Rules:
- A superuser sees everything.
- A role granted on an organization reaches that organization and its whole subtree.
- Anything outside a user's scope answers exactly like a missing object (404), so that a
  user cannot even learn that it exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404

from daihoi.core.models import Job, Role, RoleGrant, User

READ_ROLES = (Role.ORG_STAFF, Role.VIEWER)
MANAGE_ROLES = (Role.ORG_STAFF,)


class NotFoundForUser(Http404):
    """Raised for both a missing and a forbidden object."""

    def __init__(self) -> None:
        super().__init__("Không tìm thấy")


def is_global(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def scope_paths(user: User, roles: Iterable[str] = READ_ROLES) -> list[str]:
    """The materialized paths of the organizations on which the user holds one of `roles`,
    with nested grants dropped (a grant under another grant adds nothing)."""
    if not (user.is_authenticated and user.is_active):
        return []
    cache_key = ("_daihoi_scope_paths", tuple(sorted(roles)))
    cache: dict[tuple[object, ...], list[str]] = user.__dict__.setdefault("_daihoi_cache", {})
    if cache_key not in cache:
        paths = sorted(
            RoleGrant.objects.filter(user=user, role__in=list(roles)).values_list(
                "organization__path", flat=True
            )
        )
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(outer) for outer in kept):
                kept.append(path)
        cache[cache_key] = kept
    return cache[cache_key]


def path_in_scope(path: str, scopes: Iterable[str]) -> bool:
    return any(path.startswith(scope) for scope in scopes)


def forget_cached_scopes(user: User) -> None:
    user.__dict__.pop("_daihoi_cache", None)


# --- Background jobs ------------------------------------------------------------------------


def get_visible_job(user: User, pk: object) -> Job:
    """A job is its owner's (and a superuser's): anyone else gets 404, as for a missing one."""
    try:
        job = Job.objects.select_related("owner").get(pk=int(str(pk)))
    except (Job.DoesNotExist, ValueError):
        raise NotFoundForUser() from None
    if job.owner_id != user.pk and not is_global(user):
        raise NotFoundForUser()
    return job

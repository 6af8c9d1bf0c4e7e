"""Writes owned by core: users, role grants, login records. Atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from daihoi.core.access import forget_cached_scopes
from daihoi.core.audit import append_entry
from daihoi.core.models import LoginFailure, RoleGrant, User
from daihoi.core.text import nfc


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    acting_user: User | None,
    full_name: str = "",
    is_superuser: bool = False,
    email: str = "",
) -> User:
    user = User(
        username=nfc(username),
        full_name=nfc(full_name),
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    append_entry(
        acting_user=acting_user,
        action="user.create",
        object_type="user",
        object_id=user.pk,
        summary=f"Tạo người dùng {user.username}",
        after={
            "username": user.username,
            "full_name": user.full_name,
            "is_superuser": is_superuser,
        },
    )
    return user


@transaction.atomic
def grant_role(
    user: User, role: str, organization: object, *, acting_user: User | None
) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, organization=organization
    )
    if created:
        with translation.override("vi"):  # the audit log is Vietnamese
            append_entry(
                acting_user=acting_user,
                action="role.grant",
                object_type="user",
                object_id=user.pk,
                summary=f"Cấp vai trò {grant.get_role_display()} cho {user.username}",
                after={"role": role, "organization_id": grant.organization_id},
            )
    forget_cached_scopes(user)
    return grant


@transaction.atomic
def revoke_role(grant: RoleGrant, *, acting_user: User | None) -> None:
    before = {
        "user_id": grant.user_id,
        "role": grant.role,
        "organization_id": grant.organization_id,
    }
    grant.delete()
    # The scope cache lives on the user object: without this, code holding the same
    # object (a long request, a command, a test) would still see the revoked scope.
    forget_cached_scopes(grant.user)
    append_entry(
        acting_user=acting_user,
        action="role.revoke",
        object_type="user",
        object_id=before["user_id"],
        summary="Thu hồi vai trò",
        before=before,
    )


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.DAIHOI_LOGIN_WINDOW_SECONDS)


def login_locked(username: str, address: str) -> bool:
    """True when too many recent failures came for this username or from this address."""
    since = _window_start()
    limit = settings.DAIHOI_LOGIN_MAX_FAILURES
    by_user = LoginFailure.objects.filter(username=nfc(username).lower(), at__gte=since).count()
    by_address = LoginFailure.objects.filter(address=address, at__gte=since).count()
    return by_user >= limit or by_address >= limit * 4


@transaction.atomic
def record_login_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(
        username=nfc(username).lower()[:150], address=address, at=timezone.now()
    )
    append_entry(
        acting_user=None,
        action="auth.login_failed",
        object_type="user",
        summary=f"Đăng nhập sai: {username[:100]}",
        after={"username": username[:150], "address": address},
    )


@transaction.atomic
def record_login(user: User, address: str) -> None:
    LoginFailure.objects.filter(username=user.username.lower()).delete()
    append_entry(
        acting_user=user,
        action="auth.login",
        object_type="user",
        object_id=user.pk,
        summary=f"Đăng nhập: {user.username}",
        after={"address": address},
    )

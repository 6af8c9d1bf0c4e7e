"""Badges: a QR with an unguessable token (never the delegate's id), revoked and reissued,
never deleted."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.models import Badge, Delegate

TOKEN_BYTES = 16  # 128 bits: as hard to guess as a session key; 22 characters in the QR


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def issue_badges(
    congress: Congress, *, acting_user: User | None, delegates: Iterable[Delegate] | None = None
) -> list[Badge]:
    """A badge for every delegate of the roster (or of `delegates`) who has no live one."""
    chosen = Delegate.objects.filter(congress=congress)
    if delegates is not None:
        chosen = chosen.filter(pk__in=[d.pk for d in delegates])
    live = Badge.objects.filter(delegate=OuterRef("pk"), revoked_at__isnull=True)
    without = chosen.exclude(Exists(live)).order_by("number", "id")
    badges = Badge.objects.bulk_create(Badge(delegate=d, token=new_token()) for d in without)
    if badges:
        append_entry(
            acting_user=acting_user,
            action="badge.issue",
            object_type="congress",
            object_id=congress.pk,
            summary=f"Cấp {len(badges)} thẻ đại biểu",
            after={"delegates": [b.delegate_id for b in badges]},
        )
    return badges


@transaction.atomic
def revoke_badge(
    delegate: Delegate, *, reason: str, acting_user: User | None, reissue: bool = True
) -> Badge | None:
    """Revoke the delegate's live badge (lost, stolen, misprinted) and, by default, issue a new
    one at once: the old QR is refused from now on. Returns the new badge."""
    reason = nfc(reason)
    if not reason:
        raise DelegateActionError(_("Cần ghi lý do thu hồi thẻ."))
    live = Badge.objects.select_for_update().filter(delegate=delegate, revoked_at__isnull=True)
    old = live.first()
    if old is None and not reissue:
        raise DelegateActionError(_("Đại biểu không có thẻ còn hiệu lực."))
    if old is not None:
        old.revoked_at = timezone.now()
        old.revoked_reason = reason
        old.save(update_fields=["revoked_at", "revoked_reason"])
    new = Badge.objects.create(delegate=delegate, token=new_token()) if reissue else None
    append_entry(
        acting_user=acting_user,
        action="badge.revoke",
        object_type="delegate",
        object_id=delegate.pk,
        summary=f"Thu hồi thẻ của {delegate.person.full_name}: {reason}"
        + (" — cấp thẻ mới" if new else ""),
        after={"revoked": old.pk if old else None, "new": new.pk if new else None},
    )
    return new

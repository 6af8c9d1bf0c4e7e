"""Who works on a congress: its secretariat and its credentials committee."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.models import CongressStaff, Roster, StaffRole


def roster_of(congress: Congress) -> Roster:
    roster, _created = Roster.objects.get_or_create(congress=congress)
    return roster


@transaction.atomic
def add_congress_staff(
    congress: Congress,
    user: User,
    *,
    role: str,
    acting_user: User | None,
    is_head: bool = False,
    full_name: str = "",
) -> CongressStaff:
    if role not in StaffRole.values:
        raise DelegateActionError(_("Vai trò không hợp lệ."))
    if (
        is_head
        and CongressStaff.objects.filter(congress=congress, role=role, is_head=True).exists()
    ):
        raise DelegateActionError(_("Ban đã có trưởng ban."))
    if CongressStaff.objects.filter(congress=congress, user=user, role=role).exists():
        raise DelegateActionError(_("Người này đã có vai trò đó ở đại hội."))
    staff = CongressStaff.objects.create(
        congress=congress,
        user=user,
        role=role,
        is_head=is_head,
        full_name=nfc(full_name) or user.display_name(),
    )
    append_entry(
        acting_user=acting_user,
        action="congress.add_staff",
        object_type="congress",
        object_id=congress.pk,
        summary=f"{staff.full_name}: {staff.get_role_display()}",
        after={"user_id": user.pk, "role": role, "is_head": is_head},
    )
    return staff


@transaction.atomic
def set_alternate_order(congress: Congress, order: str, *, acting_user: User | None) -> Roster:
    roster = roster_of(congress)
    before = roster.alternate_order
    roster.alternate_order = order
    roster.full_clean(exclude=["congress"])
    roster.save(update_fields=["alternate_order"])
    append_entry(
        acting_user=acting_user,
        action="roster.alternate_order",
        object_type="congress",
        object_id=congress.pk,
        summary=f"Thứ tự thay thế bằng dự khuyết: {roster.get_alternate_order_display()}",
        before={"alternate_order": before},
        after={"alternate_order": order},
    )
    return roster

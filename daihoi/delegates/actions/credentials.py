"""The credentials committee's decisions (QĐ 190 Art. 7; rules.md §3)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.models import (
    CredentialReview,
    Credentials,
    Delegate,
    DelegateKind,
    NotConvenedReason,
    SeatStatus,
)


@transaction.atomic
def review_delegate(
    delegate: Delegate,
    *,
    decision: str,
    acting_user: User,
    reason_code: str = "",
    reason: str = "",
) -> CredentialReview:
    """Accept, challenge (with a reason) or reject (with one of the reasons of rules.md §3) a
    delegate. A rejected delegate is not convened; their seat may go to an alternate of the
    same unit (actions.roster.replace_with_alternate). A rejection is reversed by a later
    acceptance only while no alternate has taken the seat."""
    delegate = Delegate.objects.select_for_update().select_related("person").get(pk=delegate.pk)
    reason = nfc(reason)
    if decision not in (Credentials.ACCEPTED, Credentials.CHALLENGED, Credentials.REJECTED):
        raise DelegateActionError(_("Kết luận thẩm tra không hợp lệ."))
    if decision == Credentials.CHALLENGED and not reason:
        raise DelegateActionError(_("Cần ghi ý kiến, lý do xem xét."))
    if decision == Credentials.REJECTED and reason_code not in NotConvenedReason.values:
        raise DelegateActionError(_("Cần chọn lý do không đủ tư cách."))
    if decision == Credentials.REJECTED and reason_code == NotConvenedReason.OTHER and not reason:
        raise DelegateActionError(_("Cần ghi rõ lý do khác."))
    if delegate.status == SeatStatus.REPLACED:
        raise DelegateActionError(_("Đại biểu này đã được thay thế."))
    if decision != Credentials.REJECTED and hasattr(delegate, "replaced_by"):
        raise DelegateActionError(
            _("Đã có đại biểu dự khuyết thay thế: không thể công nhận lại tư cách.")
        )
    before = {"credentials": delegate.credentials, "status": delegate.status}
    review = CredentialReview.objects.create(
        delegate=delegate,
        decision=decision,
        reason_code=reason_code if decision == Credentials.REJECTED else "",
        reason=reason,
        reviewer=acting_user,
    )
    delegate.credentials = decision
    if decision == Credentials.REJECTED:
        delegate.status = SeatStatus.NOT_CONVENED
        delegate.not_convened_reason = reason_code
    elif delegate.status == SeatStatus.NOT_CONVENED:
        waiting = delegate.kind == DelegateKind.ALTERNATE and delegate.replaces_id is None
        delegate.status = SeatStatus.WAITING if waiting else SeatStatus.ACTIVE
        delegate.not_convened_reason = ""
    delegate.save(update_fields=["credentials", "status", "not_convened_reason"])
    append_entry(
        acting_user=acting_user,
        action="delegate.review",
        object_type="delegate",
        object_id=delegate.pk,
        summary=f"{delegate.person.full_name}: {delegate.get_credentials_display()}",
        before=before,
        after={
            "credentials": decision,
            "status": delegate.status,
            "reason_code": review.reason_code,
            "reason": reason,
        },
    )
    return review

"""Sessions and check-in. A check-in is refused — nothing written — for an unknown, revoked or
other congress's badge, a second scan at the same session, no current session, or a person
who holds no convened seat; each refusal has a numbered code (like Kiesraad Abacus's error
codes) and a Vietnamese message the desk shows loud."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core import audit
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.delegates import checkin_sql
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.models import (
    CheckIn,
    CheckInMethod,
    Delegate,
    HalfDay,
    SeatStatus,
    Session,
    SessionKind,
)


@transaction.atomic
def add_session(
    congress: Congress, *, kind: str, day: dt.date, half: str, acting_user: User | None
) -> Session:
    if kind not in SessionKind.values or half not in HalfDay.values:
        raise DelegateActionError(_("Phiên họp không hợp lệ."))
    if Session.objects.filter(congress=congress, kind=kind, day=day, half=half).exists():
        raise DelegateActionError(_("Phiên này đã có."))
    position = (congress.sessions.aggregate(m=Max("position"))["m"] or 0) + 1
    session = Session.objects.create(
        congress=congress, kind=kind, day=day, half=half, position=position
    )
    append_entry(
        acting_user=acting_user,
        action="session.add",
        object_type="congress",
        object_id=congress.pk,
        summary=session_title(session),
        after={"session": session.pk, "kind": kind, "day": day.isoformat(), "half": half},
    )
    return session


def session_title(session: Session) -> str:
    """ "Phiên trù bị, buổi sáng 14/10/2025" (Vietnamese: also printed on documents)."""
    return "{}, {} {}".format(
        SessionKind(session.kind).label,
        HalfDay(session.half).label,
        session.day.strftime("%d/%m/%Y"),
    )


@transaction.atomic
def set_current_session(session: Session, *, acting_user: User | None) -> Session:
    """Check-in, the presidium page and the base of rounds opened from now on use `session`."""
    Session.objects.filter(congress_id=session.congress_id, is_current=True).exclude(
        pk=session.pk
    ).update(is_current=False)
    session.is_current = True
    session.save(update_fields=["is_current"])
    append_entry(
        acting_user=acting_user,
        action="session.current",
        object_type="congress",
        object_id=session.congress_id,
        summary=f"Phiên hiện tại: {session_title(session)}",
        after={"session": session.pk},
    )
    return session


# --- Check-in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInOutcome:
    ok: bool
    code: str  # "" when ok; C01…C06 when refused
    message: str
    delegate: Delegate | None = None
    checkin: CheckIn | None = None


def _refused(code: str, message: str, delegate: Delegate | None = None) -> CheckInOutcome:
    return CheckInOutcome(False, code, message, delegate)


def _seat_problem(delegate: Delegate) -> str:
    if delegate.status == SeatStatus.ACTIVE:
        return ""
    if delegate.status == SeatStatus.WAITING:
        return _("đại biểu dự khuyết chưa được triệu tập thay thế")
    if delegate.status == SeatStatus.REPLACED:
        return _("đại biểu đã được thay thế bằng đại biểu dự khuyết")
    return _("đại biểu không được triệu tập (không đủ tư cách)")


class NotAtTheDesk(DelegateActionError):
    """The congress does not exist, or the user may not run its check-in desk: the desk's
    views answer 404, as for any page the user may not open."""


def _may_run_desk(user: User, scan: checkin_sql.Scan) -> bool:
    """access.can_run_desk, from what the scan's statement read."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or scan.may_manage or scan.secretariat


@transaction.atomic
def check_in_badge(
    congress: Congress | int, token: str, *, acting_user: User, method: str, desk: str = ""
) -> CheckInOutcome:
    """Check in the holder of the badge whose QR carries `token` at the congress (or congress
    id); NotAtTheDesk for a user who may not run its desk.

    Every scan of every desk runs this, so it reads as little as it can (decision 0015): one
    statement reads the access, the badge and its holder, and locks and reads the current
    session and the audit chain's head (the desk's view posts here without reading the
    congress first); then the CheckIn is inserted unless the delegate has one at the session,
    and the audit entry written."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    token = token.strip()
    scan = checkin_sql.scan_at_desk(
        congress_id, token if 0 < len(token) <= 64 else "", acting_user.pk
    )
    if scan is None or not _may_run_desk(acting_user, scan):
        raise NotAtTheDesk("Không tìm thấy")
    delegate = scan.delegate
    if delegate is None:
        return _refused("C01", _("Mã thẻ không đúng: không phải thẻ đại biểu của hệ thống."))
    if delegate.congress_id != congress_id:
        return _refused("C03", _("Thẻ của đại hội khác, không phải của đại hội này."))
    if scan.revoked:
        return _refused(
            "C02",
            _("Thẻ đã bị thu hồi (%(reason)s): đề nghị đại biểu dùng thẻ mới.")
            % {"reason": scan.revoked_reason},
            delegate,
        )
    return _check_in(
        delegate, scan.session_id, scan.head, acting_user=acting_user, method=method, desk=desk
    )


@transaction.atomic
def check_in_delegate(
    delegate: Delegate, *, acting_user: User, method: str, desk: str = ""
) -> CheckInOutcome:
    """Check a delegate in at the congress's current session (also from a search by name)."""
    # The session's and the audit head's row locks serialize the desks of one congress
    # (PostgreSQL; SQLite's write transactions already are), as for a scan.
    session_id, head = checkin_sql.lock_current_session(delegate.congress_id)
    return _check_in(delegate, session_id, head, acting_user=acting_user, method=method, desk=desk)


def _check_in(
    delegate: Delegate,
    session_id: int | None,
    head: audit.ChainHead | None,
    *,
    acting_user: User,
    method: str,
    desk: str,
) -> CheckInOutcome:
    """Check the delegate in at the current session `session_id` (None: no current session),
    whose row the caller has locked with the audit chain's head, read as `head`."""
    name = delegate.person.full_name
    problem = _seat_problem(delegate)
    if problem:
        return _refused("C06", _("%(name)s: %(problem)s.") % {"name": name, "problem": problem})
    if session_id is None:
        return _refused("C05", _("Chưa mở phiên điểm danh: Tổ giúp việc chọn phiên hiện tại."))
    checkin = checkin_sql.insert_checkin(
        session_id,
        delegate,
        method=method if method in CheckInMethod.values else CheckInMethod.SEARCH,
        desk=desk[:40],
        by_id=acting_user.pk,
    )
    if checkin is None:  # checked in already: nothing written (the audit entry comes after)
        earlier = checkin_sql.earlier_checkin(session_id, delegate.pk)
        if earlier is None:  # cannot be: the insert found it, committed (decision 0015)
            raise RuntimeError(f"CheckIn of {delegate.pk} at {session_id} not found")
        at = formats.time_format(timezone.localtime(earlier), "H:i:s")
        return _refused(
            "C04",
            _("%(name)s đã điểm danh phiên này lúc %(at)s: không ghi lần nữa.")
            % {"name": name, "at": at},
            delegate,
        )
    append_entry(
        acting_user=acting_user,
        action="delegate.check_in",
        object_type="delegate",
        object_id=delegate.pk,
        summary=f"Điểm danh {name}",
        after={"session": session_id, "method": checkin.method, "desk": checkin.desk},
        head=head,
    )
    return CheckInOutcome(
        True, "", _("Đã điểm danh: %(name)s.") % {"name": name}, delegate, checkin
    )

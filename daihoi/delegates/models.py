"""Delegates of a congress: the seats allocated to the units below it, the roster, the
credentials committee's review, badges, sessions and check-in.

Integrity: check-ins and credential reviews are appended, never edited; a badge is revoked, never deleted, and a new one is issued in its
place. The base B of every round is computed from these rows (delegates.rules.base) and
frozen in the round when it opens.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.models import Congress
from daihoi.organizations.models import Organization, Person


class AlternateOrder(models.TextChoices):
    """Which alternate takes the seat of an absent or rejected official (rules.md §3:
    UNCONFIRMED, decided by the convening committee; docs/decisions/0014)."""

    VOTES = "votes", _("Dự khuyết cùng đơn vị, theo thứ tự số phiếu từ cao xuống")
    CONVENER = "convener", _("Dự khuyết cùng đơn vị do cấp ủy triệu tập chọn")


class Roster(models.Model):
    """The delegates' settings of one congress."""

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="roster")
    alternate_order = models.CharField(
        _("Thứ tự thay thế bằng đại biểu dự khuyết"),
        max_length=10,
        choices=AlternateOrder.choices,
        default=AlternateOrder.VOTES,
    )
    # The 2/3 quorum (rules.md §3, flag on by default: counting.regulation).
    quorum_two_thirds = models.BooleanField(_("Yêu cầu có mặt ít nhất 2/3"), default=True)


class StaffRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Tổ giúp việc (điểm danh, thẻ đại biểu)")
    CREDENTIALS = "credentials", _("Ban thẩm tra tư cách đại biểu")


class CongressStaff(models.Model):
    """A user's role on one congress: the secretariat (roster, badges, check-in, the
    presidium page) or the credentials committee (its head signs the report)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="congress_roles"
    )
    role = models.CharField(max_length=12, choices=StaffRole.choices)
    is_head = models.BooleanField(_("Trưởng ban"), default=False)
    full_name = models.CharField(_("Họ và tên"), max_length=200)

    class Meta:
        ordering = ["congress", "role", "-is_head", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "user", "role"], name="one_congress_role_per_user"
            ),
        ]


# --- Allocation ------------------------------------------------------------------------------


class Allocation(models.Model):
    """The seats a congress allocates to the units below it: the daihoi.allocate/1 input
    (unit ids are organization codes) and its result, as saved. A new saving is a new row;
    the latest is in force."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="allocations")
    request = models.JSONField()
    result = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["congress", "-saved_at", "-id"]


class AllocatedSeats(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="units")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    official = models.PositiveIntegerField()
    alternates = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "organization"], name="allocated_once_per_unit"
            )
        ]


# --- The roster ------------------------------------------------------------------------------


class DelegateKind(models.TextChoices):
    EX_OFFICIO = "ex_officio", _("Đương nhiên")
    ELECTED = "elected", _("Được bầu")
    APPOINTED = "appointed", _("Được chỉ định")
    ALTERNATE = "alternate", _("Dự khuyết")
    MEMBER = "member", _("Đảng viên (đại hội toàn thể)")


class Delegation(models.Model):
    """Đoàn đại biểu: the delegates of one unit (or a group the secretariat forms)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(_("Tên đoàn"), max_length=255)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["congress", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="delegation_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Credentials(models.TextChoices):
    PENDING = "pending", _("Chưa thẩm tra")
    ACCEPTED = "accepted", _("Đủ tư cách")
    CHALLENGED = "challenged", _("Có ý kiến, đang xem xét")
    REJECTED = "rejected", _("Không đủ tư cách")


class NotConvenedReason(models.TextChoices):
    """Who is not convened (rules.md §3; HD 04-HD/TW 2024)."""

    SUSPENDED = "suspended", _("Bị đình chỉ sinh hoạt đảng, sinh hoạt cấp ủy")
    PROSECUTED = "prosecuted", _("Bị khởi tố, truy tố, tạm giam")
    TRANSFERRED = "transferred", _("Chuyển sinh hoạt, nghỉ hưu trước ngày khai mạc")
    BREACH = "breach", _("Được bầu không đúng nguyên tắc, thủ tục")
    OTHER = "other", _("Lý do khác")


class AbsenceKind(models.TextChoices):
    """Why a delegate (member) is away. For a members' congress the kind decides the base
    (rules.md §6): approved reason, temporary activity elsewhere and exempted members who are
    absent leave B; absence without an approved reason stays in B."""

    APPROVED = "approved", _("Vắng có lý do được cấp ủy triệu tập chấp thuận")
    NOT_APPROVED = "not_approved", _("Vắng không có lý do được chấp thuận")
    TEMPORARY_ELSEWHERE = "temporary", _("Đi công tác, sinh hoạt tạm thời nơi khác")
    EXEMPTED = "exempted", _("Được miễn công tác và sinh hoạt đảng")


class SeatStatus(models.TextChoices):
    ACTIVE = "active", _("Được triệu tập")
    WAITING = "waiting", _("Dự khuyết chưa thay thế")
    REPLACED = "replaced", _("Đã được thay thế")
    NOT_CONVENED = "not_convened", _("Không triệu tập")


class Delegate(models.Model):
    """A person on one congress's roster."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="delegates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegate_seats")
    kind = models.CharField(_("Loại đại biểu"), max_length=12, choices=DelegateKind.choices)
    unit = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị"),
    )
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="delegates"
    )
    # Where an elected delegate or alternate came from: the lower congress, the round (an
    # elections.Round id: delegates does not import elections) and its votes. Alternates
    # replace in the order (alternate_rank) of their election.
    source_congress = models.ForeignKey(
        Congress, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_round_id = models.PositiveIntegerField(null=True, blank=True)
    votes = models.PositiveIntegerField(_("Số phiếu"), null=True, blank=True)
    alternate_rank = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=SeatStatus.choices)
    not_convened_reason = models.CharField(
        max_length=12, choices=NotConvenedReason.choices, blank=True
    )
    # An alternate who took an official's seat points at that official.
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    credentials = models.CharField(
        _("Tư cách đại biểu"),
        max_length=10,
        choices=Credentials.choices,
        default=Credentials.PENDING,
    )
    absence = models.CharField(
        _("Vắng mặt"), max_length=12, choices=AbsenceKind.choices, blank=True
    )
    absence_reason = models.CharField(_("Lý do vắng"), max_length=300, blank=True)
    number = models.PositiveIntegerField(_("Số thẻ"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "person"], name="person_once_per_roster"),
        ]
        indexes = [models.Index(fields=["congress", "status", "kind"], name="delegate_seat_idx")]

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def holds_official_seat(self) -> bool:
        return self.status == SeatStatus.ACTIVE


class CredentialReview(models.Model):
    """One decision of the credentials committee on one delegate. Append-only: the latest
    review is the delegate's `credentials`."""

    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=10, choices=Credentials.choices)
    reason_code = models.CharField(max_length=12, choices=NotConvenedReason.choices, blank=True)
    reason = models.CharField(_("Lý do"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delegate", "at", "id"]


class Badge(models.Model):
    """A delegate's badge. Its QR carries `token` (unguessable), never the delegate's id. A
    badge is revoked, never deleted; at most one live badge per delegate."""

    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="badges")
    token = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_badge_per_delegate",
            )
        ]


# --- Sessions and check-in -------------------------------------------------------------------


class SessionKind(models.TextChoices):
    PREPARATORY = "preparatory", _("Phiên trù bị")
    OFFICIAL = "official", _("Phiên chính thức")


class HalfDay(models.TextChoices):
    MORNING = "morning", _("buổi sáng")
    AFTERNOON = "afternoon", _("buổi chiều")
    EVENING = "evening", _("buổi tối")


class Session(models.Model):
    """A sitting of the congress with its own attendance (preparatory; each day's morning and
    afternoon). One session at a time is current: check-in and the presidium page use it."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=12, choices=SessionKind.choices)
    day = models.DateField(_("Ngày"))
    half = models.CharField(_("Buổi"), max_length=10, choices=HalfDay.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["congress", "day", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress"],
                condition=models.Q(is_current=True),
                name="one_current_session",
            ),
            models.UniqueConstraint(
                fields=["congress", "kind", "day", "half"], name="session_once"
            ),
        ]


class CheckInMethod(models.TextChoices):
    SCANNER = "scanner", _("Máy quét mã QR")
    CAMERA = "camera", _("Camera")
    SEARCH = "search", _("Tìm theo tên")


class CheckIn(models.Model):
    """A delegate checked in at a session. Append-only; at most one per session and
    delegate (a second scan is refused, not written)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="checkins")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="checkins")
    method = models.CharField(max_length=8, choices=CheckInMethod.choices)
    desk = models.CharField(max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "delegate"], name="checkin_once"),
        ]

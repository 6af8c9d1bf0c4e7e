"""Congresses of the organizations (the campaign: plans, statuses and progress build on it)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import PATH_SEGMENT, Level, Organization

TERM_PATTERN = RegexValidator(r"^\d{4}-\d{4}$", _("Nhiệm kỳ có dạng 2025-2030."))


class CongressKind(models.TextChoices):
    DELEGATES = "delegates", _("Đại hội đại biểu")
    GENERAL = "general", _("Đại hội toàn thể đảng viên")


ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


class Directive(models.Model):
    """A Politburo directive for one round of congresses, stored as number + date (numbers
    are reused: Chỉ thị 35-CT/TW of 2019 and of 2024)."""

    number = models.CharField(_("Số hiệu"), max_length=30)  # "45-CT/TW"
    issued_on = models.DateField(_("Ngày ban hành"))
    title = models.CharField(_("Trích yếu"), max_length=300)
    term = models.CharField(_("Nhiệm kỳ"), max_length=9, validators=[TERM_PATTERN])
    # Default kind of a base committee's congress: a general meeting below this many members,
    # a congress of delegates from it (CT 35/2019: 200; rules.md §2).
    general_meeting_below = models.PositiveIntegerField(default=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on"], name="directive_number_date")
        ]
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"Chỉ thị số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class DirectiveDeadline(models.Model):
    """By when the congresses of one level must be held under a directive; a congress not
    held by then is late."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="deadlines")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    deadline = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "level"], name="one_deadline_per_level")
        ]


class CongressStatus(models.TextChoices):
    """planned → preparing (documents and personnel submitted upward) → held → results
    reported → approved (chuẩn y by the upper committee)."""

    PLANNED = "planned", _("Đã lên kế hoạch")
    PREPARING = "preparing", _("Đang chuẩn bị")
    HELD = "held", _("Đã tổ chức")
    REPORTED = "reported", _("Đã báo cáo kết quả")
    APPROVED = "approved", _("Đã chuẩn y")


STATUS_ORDER = [s.value for s in CongressStatus]


class Contents(models.IntegerChoices):
    """CT 45: a normal congress has 4 contents; 3 without electing the committee; 2 with the
    leadership appointed (newly merged or founded committees)."""

    FOUR = 4, _("4 nội dung")
    THREE = 3, _("3 nội dung (không bầu cấp ủy)")
    TWO = 2, _("2 nội dung (chỉ định cấp ủy)")


class Congress(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name=_("Tổ chức đảng"),
    )
    term = models.CharField(_("Nhiệm kỳ"), max_length=9, validators=[TERM_PATTERN])
    ordinal = models.PositiveSmallIntegerField(_("Lần thứ"), null=True, blank=True)
    kind = models.CharField(_("Hình thức"), max_length=12, choices=CongressKind.choices)
    starts_on = models.DateField(_("Ngày khai mạc"), null=True, blank=True)
    ends_on = models.DateField(_("Ngày bế mạc"), null=True, blank=True)
    place = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    convened = models.PositiveIntegerField(_("Số đại biểu (đảng viên) được triệu tập"), default=0)
    direct_secretary = models.BooleanField(_("Bầu trực tiếp bí thư tại đại hội"), default=False)
    is_pilot = models.BooleanField(_("Đại hội điểm"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The campaign (issue 5).
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="congresses"
    )
    contents = models.PositiveSmallIntegerField(
        _("Nội dung đại hội"), choices=Contents.choices, default=Contents.FOUR
    )
    status = models.CharField(
        _("Trạng thái"),
        max_length=10,
        choices=CongressStatus.choices,
        default=CongressStatus.PLANNED,
    )
    status_changed_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(_("Ngày tổ chức"), null=True, blank=True)
    approved_on = models.DateField(_("Ngày chuẩn y"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copies of the organization's path and level, kept by the actions, so that a national
    # dashboard is one range scan of this table's covering index (no join over 320,000 rows).
    org_path = models.CharField(max_length=72, default="", editable=False)
    org_level = models.PositiveSmallIntegerField(default=0, editable=False)
    # Copy of the result's share for a secretary elected directly at the congress: the whole
    # percent, floor(100 × votes / base), null otherwise. Whoever writes the CongressResult
    # sets it (congresses.dashboard_rules.secretary_percent), so that the dashboard's
    # histogram is a count per value on an index instead of a join over every result.
    secretary_percent = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["-term", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="one_congress_per_term"),
        ]
        indexes = [
            models.Index(
                fields=[
                    "term",
                    "org_path",
                    "org_level",
                    "status",
                    "kind",
                    "is_pilot",
                    "direct_secretary",
                ],
                name="congress_dashboard_idx",
            ),
            # The dashboard counts (congresses.queries_dashboard): one index seek per key
            # (level, status, …) and path range, counting entries without reading them.
            models.Index(
                fields=["term", "org_level", "status", "org_path"],
                name="congress_level_status_idx",
            ),
            # Kinds, pilots and direct elections: partial indexes over the side that is the
            # minority in a real round (delegates, pilots, secretaries NOT elected directly);
            # the other side is the total minus it.
            models.Index(
                fields=["term", "org_level", "status", "org_path"],
                condition=models.Q(kind="delegates"),
                name="congress_delegates_idx",
            ),
            models.Index(
                fields=["term", "org_level", "status", "org_path"],
                condition=models.Q(is_pilot=True),
                name="congress_pilot_idx",
            ),
            models.Index(
                fields=["term", "org_level", "status", "org_path"],
                condition=models.Q(direct_secretary=False),
                name="congress_not_direct_idx",
            ),
            models.Index(
                fields=["term", "held_on", "org_level", "org_path"], name="congress_held_on_idx"
            ),
            models.Index(
                fields=["term", "secretary_percent", "org_path"], name="congress_share_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "Đại hội đại biểu Đảng bộ thành phố Uông Bí lần thứ XXI, nhiệm kỳ 2020-2025"; in
        the user's language (documents are built in Vietnamese: core.documents)."""
        names = {
            "kind": CongressKind(self.kind).label,
            "organization": self.organization.name,
            "term": self.term,
        }
        if self.ordinal:
            return gettext("%(kind)s %(organization)s lần thứ %(ordinal)s, nhiệm kỳ %(term)s") % {
                **names,
                "ordinal": roman(self.ordinal),
            }
        return gettext("%(kind)s %(organization)s, nhiệm kỳ %(term)s") % names


class StatusChange(models.Model):
    """The history of a congress's status (progress over time, and who moved it)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=10, choices=CongressStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["congress", "on", "id"]
        indexes = [models.Index(fields=["status", "on"], name="status_change_on_idx")]


class ResultSource(models.TextChoices):
    DAIHOI = "daihoi", _("Từ kết quả bầu cử trong hệ thống")
    FORM = "form", _("Nhập theo mẫu")
    XLSX = "xlsx", _("Nhập từ tệp Excel")


class CongressResult(models.Model):
    """What a congress elected, as reported upward: computed from its elections when it was
    counted in daihoi, or reported by form / Excel when it was run elsewhere."""

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="result")
    source = models.CharField(max_length=8, choices=ResultSource.choices)
    committee_elected = models.PositiveIntegerField(_("Số cấp ủy viên được bầu"), default=0)
    committee_reelected = models.PositiveIntegerField(_("Tái cử"), default=0)
    committee_women = models.PositiveIntegerField(_("Nữ"), default=0)
    committee_young = models.PositiveIntegerField(_("Trẻ"), default=0)
    committee_ethnic_minority = models.PositiveIntegerField(_("Dân tộc thiểu số"), default=0)
    standing_elected = models.PositiveIntegerField(_("Ủy viên Ban Thường vụ"), default=0)
    secretary_elected = models.BooleanField(_("Đã bầu bí thư"), default=False)
    secretary_direct = models.BooleanField(_("Bí thư bầu trực tiếp tại đại hội"), default=False)
    # The secretary's votes and the base they are a share of (exact share = votes / base).
    secretary_votes = models.PositiveIntegerField(null=True, blank=True)
    secretary_base = models.PositiveIntegerField(null=True, blank=True)
    deputies_elected = models.PositiveIntegerField(_("Phó bí thư"), default=0)
    inspection_elected = models.PositiveIntegerField(_("Ủy viên Ủy ban Kiểm tra"), default=0)
    delegates_elected = models.PositiveIntegerField(_("Đại biểu dự đại hội cấp trên"), default=0)
    alternates_elected = models.PositiveIntegerField(_("Đại biểu dự khuyết"), default=0)
    reported_on = models.DateField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    @property
    def committee_new(self) -> int:
        return self.committee_elected - self.committee_reelected


# --- Tallies: congresses counted per branch, kept by triggers (congresses/tallies.py) --------


class Tally(models.Model):
    """Congresses of a term under one branch (the path of the top organization's child they
    lie under, or the top's own path) with the same key; written only by the triggers of
    congresses/tallies.py, read by the top organization's dashboard."""

    term = models.CharField(max_length=9)
    branch = models.CharField(max_length=2 * PATH_SEGMENT)
    n = models.IntegerField()

    class Meta:
        abstract = True


class StatusTally(Tally):
    org_level = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10)
    kind = models.CharField(max_length=12)
    is_pilot = models.BooleanField()
    direct_secretary = models.BooleanField()

    class Meta:
        db_table = "congresses_tally_status"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "term",
                    "branch",
                    "org_level",
                    "status",
                    "kind",
                    "is_pilot",
                    "direct_secretary",
                ],
                name="tally_status_key",
            )
        ]


class DayTally(Tally):
    held_on = models.DateField()
    org_level = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "congresses_tally_day"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "branch", "held_on", "org_level"], name="tally_day_key"
            )
        ]


class ShareTally(Tally):
    secretary_percent = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "congresses_tally_share"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "branch", "secretary_percent"], name="tally_share_key"
            )
        ]

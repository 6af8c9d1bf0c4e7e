"""Elections at a congress: the candidate list, its counting committee and typists, rounds,
independent ballot entries, confirmed ballots and stored results.

Integrity: BallotEntry and ConfirmedBallot rows are never updated or deleted (a correction is a
new entry with a higher revision); a closed Round stores the counting result and its digest,
and `daihoi election verify` recomputes it from the confirmed ballots.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.models import Congress


class Body(models.TextChoices):
    """What is elected (the `body` of the daihoi.count/1 contract)."""

    EXECUTIVE = "executive", _("Ban Chấp hành")
    STANDING = "standing", _("Ban Thường vụ")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY = "deputy_secretary", _("Phó Bí thư")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
    UPPER_DELEGATES = "upper_delegates", _("Đại biểu dự đại hội cấp trên")
    UPPER_ALTERNATES = "upper_alternates", _("Đại biểu dự khuyết dự đại hội cấp trên")
    OTHER = "other", _("Khác")


class Meeting(models.TextChoices):
    DELEGATES = "delegates", _("Đại hội đại biểu")
    GENERAL = "general", _("Đại hội toàn thể đảng viên")
    COMMITTEE = "committee", _("Hội nghị cấp ủy")


class PaperSize(models.TextChoices):
    A4 = "A4", "A4"
    A5 = "A5", "A5"


class ElectionStatus(models.TextChoices):
    PREPARING = "preparing", _("Đang chuẩn bị danh sách")
    LIST_CONFIRMED = "list_confirmed", _("Đã chốt danh sách")
    COUNTING = "counting", _("Đang kiểm phiếu")
    DONE = "done", _("Đã hoàn thành")


class Election(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="elections")
    body = models.CharField(_("Bầu"), max_length=20, choices=Body.choices)
    title = models.CharField(_("Tên cuộc bầu cử"), max_length=300)
    seats = models.PositiveSmallIntegerField(_("Số lượng cần bầu"))
    alternate_seats = models.PositiveSmallIntegerField(
        _("Số đại biểu dự khuyết"),
        default=0,
        help_text=_("Chỉ cho bầu đại biểu dự đại hội cấp trên (danh sách chung)."),
    )
    meeting = models.CharField(_("Hình thức hội nghị"), max_length=12, choices=Meeting.choices)
    typist_count = models.PositiveSmallIntegerField(_("Số máy nhập phiếu độc lập"), default=3)
    paper_size = models.CharField(
        _("Khổ phiếu"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4
    )
    status = models.CharField(
        max_length=16, choices=ElectionStatus.choices, default=ElectionStatus.PREPARING
    )
    regulation = models.CharField(_("Quy chế"), max_length=20, default="190-2024")
    switches = models.JSONField(_("Tùy chọn quy chế"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(typist_count__gte=2), name="at_least_two_typists"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="at_least_one_seat"),
        ]

    def __str__(self) -> str:
        return self.title


class CandidateSource(models.TextChoices):
    CONVENER = "convener", _("Cấp ủy triệu tập giới thiệu")
    FLOOR = "floor", _("Đại hội đề cử")
    SELF = "self", _("Tự ứng cử")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    ON_LIST = "on_list", _("Trong danh sách bầu cử")
    NOT_ADMITTED = "not_admitted", _("Không đủ tỷ lệ tán thành")
    CUT = "cut", _("Không được đưa vào danh sách (vượt số dư)")
    WITHDRAWN = "withdrawn", _("Được rút khỏi danh sách")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Candidate(models.Model):
    """A person proposed for the election. Names are stored in parts (họ, đệm, tên) so that
    the ballot order never sorts the raw string (rules.md §4)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    family_name = models.CharField(_("Họ"), max_length=50)
    middle_name = models.CharField(_("Tên đệm"), max_length=100, blank=True)
    given_name = models.CharField(_("Tên"), max_length=50)
    birth_date = models.DateField(_("Ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("Giới tính"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("Dân tộc"), max_length=50, blank=True)
    position_title = models.CharField(_("Chức vụ, đơn vị công tác"), max_length=300, blank=True)
    is_incumbent = models.BooleanField(_("Tái cử"), default=False)
    source = models.CharField(
        _("Nguồn"), max_length=10, choices=CandidateSource.choices, default=CandidateSource.CONVENER
    )
    status = models.CharField(
        max_length=14, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    # Floor and self nominees: how many of those present agreed to put them on the list.
    floor_agree = models.PositiveIntegerField(_("Số đại biểu tán thành"), null=True, blank=True)
    floor_present = models.PositiveIntegerField(_("Số đại biểu có mặt"), null=True, blank=True)
    opinion_votes = models.PositiveIntegerField(_("Số phiếu thăm dò"), null=True, blank=True)
    withdrawal_requested = models.BooleanField(_("Xin rút"), default=False)
    # The person, when the candidate was taken from a known record (a delegate of this
    # congress): the elected then flow upward as the same person (delegates app).
    person = models.ForeignKey(
        "organizations.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    ballot_position = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["election", "ballot_position", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


class StaffRole(models.TextChoices):
    HEAD = "head", _("Trưởng Ban kiểm phiếu")
    MEMBER = "member", _("Ủy viên Ban kiểm phiếu")
    TYPIST = "typist", _("Người nhập phiếu")


class ElectionStaff(models.Model):
    """The counting committee (head and members, who sign the minutes) and the typists of one
    election. None of them may be a candidate of that election."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="election_roles"
    )
    role = models.CharField(max_length=8, choices=StaffRole.choices)
    full_name = models.CharField(_("Họ và tên"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["election", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "user", "role"], name="one_role_per_user_per_election"
            ),
            models.UniqueConstraint(
                fields=["election"], condition=models.Q(role="head"), name="one_head_per_election"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class RoundPurpose(models.TextChoices):
    FIRST = "first", _("Bầu lần thứ nhất")
    FURTHER = "further", _("Bầu tiếp cho số còn thiếu")
    TIE_REVOTE = "tie_revote", _("Bầu lại giữa những người bằng phiếu")
    ALTERNATES = "alternates", _("Bầu đại biểu dự khuyết")


class BallotStyle(models.TextChoices):
    STRIKE = "strike", _("Gạch tên (danh sách có số dư)")
    AGREE_DISAGREE = "agree_disagree", _("Đồng ý / Không đồng ý (danh sách không có số dư)")


class BaseSource(models.TextChoices):
    """Where a round's base figures came from: the congress's check-in (delegates app, frozen
    when the round opens) or typed by the counting committee (congresses run without
    check-in; the minutes say so)."""

    CHECKIN = "checkin", _("Lấy từ điểm danh đại biểu khi mở lần bầu")
    MANUAL = "manual", _("Ban kiểm phiếu nhập tay (đại hội không điểm danh trên hệ thống)")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang kiểm phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class Round(models.Model):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("Lần bầu"))
    purpose = models.CharField(
        max_length=12, choices=RoundPurpose.choices, default=RoundPurpose.FIRST
    )
    body = models.CharField(max_length=20, choices=Body.choices)
    seats = models.PositiveSmallIntegerField(_("Số lượng cần bầu"))
    ballot_style = models.CharField(max_length=16, choices=BallotStyle.choices)
    # The base of the threshold (rules.md §6): convened minus the listed exclusions.
    convened = models.PositiveIntegerField(_("Số được triệu tập"))
    exclusions = models.JSONField(_("Không tính vào cơ số"), default=list, blank=True)
    present = models.PositiveIntegerField(_("Số có mặt"))
    base_source = models.CharField(
        max_length=8, choices=BaseSource.choices, default=BaseSource.MANUAL
    )
    base_note = models.CharField(max_length=300, blank=True)  # e.g. the session it was read at
    ballots_issued = models.PositiveIntegerField(_("Số phiếu phát ra"))
    # How many names the ballot lists (its RoundCandidate rows, fixed when it opens): kept
    # here because every keyed line is checked against it.
    name_count = models.PositiveSmallIntegerField(_("Số tên trên phiếu"), default=0)
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # The K typists who key every ballot of this round independently (fixed when it opens).
    typists = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.JSONField(null=True, blank=True)
    result_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="unique_round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.election} — lần {self.number}"

    @property
    def not_counted_in_base(self) -> int:
        return sum(int(item.get("count", 0)) for item in self.exclusions)

    @property
    def base(self) -> int:
        return self.convened - self.not_counted_in_base


class RoundCandidate(models.Model):
    """A name printed on this round's ballot, with its number on the ballot (1, 2, …)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballot_names")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="unique_ballot_number"),
            models.UniqueConstraint(fields=["round", "candidate"], name="candidate_once_per_round"),
        ]


class Defect(models.TextChoices):
    NOT_OFFICIAL = "not_official", _("Không phải phiếu do đại hội phát ra")
    ADDED_NAME = "added_name", _("Ghi thêm tên ngoài danh sách")
    EXTRA_WRITING = "extra_writing", _("Có viết thêm, ký hiệu")
    TORN = "torn_or_unreadable", _("Rách, không đọc được")


class Mark(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    BOTH = "both", _("Đánh dấu cả hai ô")
    NONE = "none", _("Không đánh dấu")


class BallotEntry(models.Model):
    """What one typist keyed for one paper ballot. Never edited: a re-read paper is keyed again
    with the next revision."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField(_("Số thứ tự phiếu"))
    typist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(default=0)
    struck = models.JSONField(default=list)  # ballot numbers struck out (strike style)
    marks = models.JSONField(default=dict)  # {"3": "disagree"} (agree/disagree style)
    defects = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "seq", "typist", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seq", "typist", "revision"], name="one_entry_per_typist_revision"
            ),
        ]
        indexes = [models.Index(fields=["round", "typist", "seq"], name="entry_typist_idx")]


class RereadRequest(models.Model):
    """The head's order to read ballot `seq` again: every typist keys it anew."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="rereads")
    seq = models.PositiveIntegerField()
    revision = models.PositiveSmallIntegerField()  # the revision the typists must now key
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "seq", "revision"], name="one_reread_per_rev"),
        ]


class ConfirmedBallot(models.Model):
    """A ballot on which all the typists' latest entries agree. Append-only."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="confirmed")
    seq = models.PositiveIntegerField()
    struck = models.JSONField(default=list)
    marks = models.JSONField(default=dict)
    defects = models.JSONField(default=list)
    entry_ids = models.JSONField(default=list)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["round", "seq"], name="confirm_ballot_once"),
        ]

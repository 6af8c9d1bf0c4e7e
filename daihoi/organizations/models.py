"""The Party hierarchy as a materialized-path tree.

Each organization's `path` is the concatenation of the fixed-width base-36 codes of the ids
on the way from the root to it (PATH_SEGMENT characters each, no separator). So:
- the subtree of X is the index range  X.path <= path < X.path + "~"  (one B-tree range scan);
- the path to X is the ids decoded from X.path (one primary-key lookup).
Paths use only [0-9a-z], compared bytewise: SQLite's default BINARY collation and, on
PostgreSQL, the "C" collation the migration sets on the column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PATH_SEGMENT = 6  # 36**6 ≈ 2.2 billion ids
PATH_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
SUBTREE_END = "~"  # sorts after every path character


class Level(models.IntegerChoices):
    CENTRAL = 0, _("Trung ương")
    PROVINCIAL = 1, _("Đảng bộ tỉnh, thành phố trực thuộc Trung ương")
    UPPER_BASE = 2, _("Đảng bộ cấp trên cơ sở")
    BASE = 3, _("Tổ chức cơ sở đảng")
    SUB_BASE = 4, _("Đảng bộ bộ phận")
    CELL = 5, _("Chi bộ trực thuộc")


class OrganizationKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Địa phương (xã, phường, đặc khu)")
    AGENCY = "agency", _("Cơ quan")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    ARMY = "army", _("Quân đội")
    POLICE = "police", _("Công an")
    OTHER = "other", _("Khác")


class OrganizationForm(models.TextChoices):
    """Whether the organization is a party committee (đảng bộ) or a cell (chi bộ);
    counting needs it (a chi bộ secretary falls to the upper committee after 3 rounds)."""

    DANG_BO = "dang_bo", _("Đảng bộ")
    CHI_BO = "chi_bo", _("Chi bộ")


class Organization(models.Model):
    code = models.CharField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên"), max_length=255)
    level = models.PositiveSmallIntegerField(_("Cấp"), choices=Level.choices)
    kind = models.CharField(
        _("Loại hình"),
        max_length=20,
        choices=OrganizationKind.choices,
        default=OrganizationKind.TERRITORIAL,
    )
    form = models.CharField(
        _("Hình thức"),
        max_length=10,
        choices=OrganizationForm.choices,
        default=OrganizationForm.DANG_BO,
    )
    official_members = models.PositiveIntegerField(_("Đảng viên chính thức"), default=0)
    probationary_members = models.PositiveIntegerField(_("Đảng viên dự bị"), default=0)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("Cấp trên"),
    )
    path = models.CharField(max_length=PATH_SEGMENT * 12, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    # Lower-case, accent-free copy of the name for search ("phuong a" finds "Phường A").
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        indexes = [
            # Covering index: subtree member totals are answered from the index alone.
            models.Index(
                fields=["path", "level", "official_members", "probationary_members"],
                name="org_path_rollup_idx",
            ),
            models.Index(fields=["level"], name="org_level_idx"),
            # Units of one level under X: a seek on the level, then the path range (the
            # campaign dashboard counts units per child and level this way).
            models.Index(fields=["level", "path"], name="org_level_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(official_members__gte=0) & models.Q(probationary_members__gte=0),
                name="org_member_counts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total_members(self) -> int:
        return self.official_members + self.probationary_members

    @property
    def subtree_end(self) -> str:
        return self.path + SUBTREE_END

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to (and including) this organization."""
        return path_ids(self.path)


def encode_segment(pk: int) -> str:
    digits = []
    n = pk
    while n:
        n, r = divmod(n, 36)
        digits.append(PATH_ALPHABET[r])
    text = "".join(reversed(digits)) or "0"
    if len(text) > PATH_SEGMENT:
        raise ValueError(f"id {pk} too large for a path segment")
    return text.rjust(PATH_SEGMENT, "0")


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + PATH_SEGMENT], 36) for i in range(0, len(path), PATH_SEGMENT)]


class PendingImport(models.Model):
    """An uploaded hierarchy file waiting for its owner's confirmation.

    Between the preview and the confirmation the rows are kept here, as read from the file
    (text, not yet validated): the confirmation validates them again against the database
    as it is then. Only the owner may see or confirm it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pending_imports",
        verbose_name=_("Người tải lên"),
    )
    file_name = models.CharField(_("Tên tệp"), max_length=255)
    # [[row_number, code, name, level, parent_code, official, probationary, kind, form], …]
    rows = models.JSONField(_("Các dòng"))
    row_count = models.PositiveIntegerField(_("Số dòng"))
    created_at = models.DateTimeField(_("Tải lên lúc"), default=timezone.now)
    used_at = models.DateTimeField(_("Đã nhập lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp chờ nhập")
        verbose_name_plural = _("tệp chờ nhập")

    def __str__(self) -> str:
        return self.file_name


# --- People -----------------------------------------------------------------------------------


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Person(models.Model):
    """One party member, one record across congresses: the delegate to the city congress who
    is elected on to the province's is the same person (docs/decisions/0014). Names are kept in
    parts (họ, đệm, tên) so that lists read in Vietnamese order, never by the raw string."""

    family_name = models.CharField(_("Họ"), max_length=50)
    middle_name = models.CharField(_("Tên đệm"), max_length=100, blank=True)
    given_name = models.CharField(_("Tên"), max_length=50)
    birth_date = models.DateField(_("Ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("Giới tính"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("Dân tộc"), max_length=50, blank=True)
    religion = models.CharField(_("Tôn giáo"), max_length=50, blank=True)
    education = models.CharField(_("Trình độ chuyên môn"), max_length=100, blank=True)
    theory_level = models.CharField(_("Lý luận chính trị"), max_length=50, blank=True)
    party_joined_year = models.PositiveSmallIntegerField(
        _("Năm vào Đảng"), null=True, blank=True
    )
    position_title = models.CharField(_("Chức vụ, đơn vị công tác"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("Sinh hoạt tại"),
    )
    # Lower-case, accent-free full name (core.text.fold) for search and for finding the same
    # person again (name + birth date).
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [models.Index(fields=["search_name", "birth_date"], name="person_identity_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

"""Congresses of the organizations (the campaign: plans, statuses and progress build on it)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Organization

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

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["-term", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="one_congress_per_term"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "Đại hội đại biểu Đảng bộ thành phố Uông Bí lần thứ XXI, nhiệm kỳ 2020-2025"."""
        kind = CongressKind(self.kind).label
        ordinal = f" lần thứ {roman(self.ordinal)}" if self.ordinal else ""
        return f"{kind} {self.organization.name}{ordinal}, nhiệm kỳ {self.term}"

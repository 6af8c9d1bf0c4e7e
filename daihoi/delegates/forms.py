"""Forms of the delegates pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.forms import DATE_FORMATS, DATE_WIDGET, BootstrapForm
from daihoi.congresses.models import Congress, CongressKind
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import (
    AbsenceKind,
    Credentials,
    DelegateKind,
    HalfDay,
    NotConvenedReason,
    SessionKind,
    StaffRole,
)
from daihoi.organizations.models import Gender, Organization


class DelegateForm(BootstrapForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": _("Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/07/2025.")},
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), required=False, choices=[("", "—"), *Gender.choices]
    )
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=50, required=False)
    education = forms.CharField(label=_("Trình độ chuyên môn"), max_length=100, required=False)
    theory_level = forms.CharField(label=_("Lý luận chính trị"), max_length=50, required=False)
    party_joined_year = forms.IntegerField(
        label=_("Năm vào Đảng"), required=False, min_value=1930, max_value=2100
    )
    position_title = forms.CharField(
        label=_("Chức vụ, đơn vị công tác"), max_length=300, required=False
    )
    kind = forms.ChoiceField(label=_("Loại đại biểu"), choices=DelegateKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Organization.objects.none(), required=False
    )
    delegation = forms.CharField(label=_("Đoàn"), max_length=255, required=False)
    alternate_rank = forms.IntegerField(
        label=_("Thứ tự dự khuyết"), required=False, min_value=1, max_value=10_000
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_delegate_%s")
        super().__init__(*args, **kwargs)
        self.congress = congress
        general = congress.kind == CongressKind.GENERAL
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [
            (k, label) for k, label in DelegateKind.choices if (k == DelegateKind.MEMBER) == general
        ]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        org = congress.organization
        unit_field.queryset = Organization.objects.filter(
            path__gte=org.path, path__lt=org.subtree_end, depth__lte=org.depth + 1
        ).order_by("depth", "code")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == DelegateKind.ALTERNATE and not cleaned.get("alternate_rank"):
            raise ValidationError(_("Đại biểu dự khuyết cần thứ tự dự khuyết."))
        born: dt.date | None = cleaned.get("birth_date")
        joined = cleaned.get("party_joined_year")
        if born and joined and joined < born.year + 18:
            self.add_error("party_joined_year", _("Năm vào Đảng phải sau năm đủ 18 tuổi."))
        return cleaned

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        unit: Organization | None = data.get("unit")
        return PersonData(
            full_name=data["full_name"],
            birth_date=data.get("birth_date"),
            gender=data.get("gender", ""),
            ethnicity=data.get("ethnicity", ""),
            religion=data.get("religion", ""),
            education=data.get("education", ""),
            theory_level=data.get("theory_level", ""),
            party_joined_year=data.get("party_joined_year"),
            position_title=data.get("position_title", ""),
            organization_id=unit.pk if unit else self.congress.organization_id,
        )


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "—"), *AbsenceKind.choices], required=False)
    reason = forms.CharField(max_length=300, required=False)


class StaffForm(BootstrapForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=StaffRole.choices)
    is_head = forms.BooleanField(label=_("Trưởng ban"), required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Credentials.ACCEPTED, Credentials.ACCEPTED.label),
            (Credentials.CHALLENGED, Credentials.CHALLENGED.label),
            (Credentials.REJECTED, Credentials.REJECTED.label),
        ]
    )
    reason_code = forms.ChoiceField(choices=[("", "—"), *NotConvenedReason.choices], required=False)
    reason = forms.CharField(max_length=500, required=False)


class SessionForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Phiên"), choices=SessionKind.choices)
    # DateInput, not TextInput: a TextInput shows the initial date (the congress's first day)
    # as 2025-07-15, which DATE_FORMATS refuses when the form is sent unchanged.
    day = forms.DateField(
        label=_("Ngày"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
    )
    half = forms.ChoiceField(label=_("Buổi"), choices=HalfDay.choices)

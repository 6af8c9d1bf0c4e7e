"""Forms of the congress pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.models import TERM_PATTERN, Congress, CongressKind
from daihoi.organizations.models import Organization, OrganizationForm

DATE_FORMATS = ["%d/%m/%Y"]
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def default_kind(organization: Organization) -> str:
    """A chi bộ meets as all its members; a đảng bộ usually elects delegates to its congress."""
    if organization.form == OrganizationForm.CHI_BO:
        return CongressKind.GENERAL
    return CongressKind.DELEGATES


def default_term(organization: Organization, year: int) -> str:
    """Terms run 2020-2025, 2025-2030, …: the term of `year`, or the one after the latest
    term for which the organization already has a congress."""
    start = 2025 + 5 * ((year - 2025) // 5)
    taken = {int(t[:4]) for t in organization.congresses.values_list("term", flat=True)}
    while start in taken:
        start += 5
    return f"{start}-{start + 5}"


class BootstrapForm(forms.Form):
    """Gives every widget Bootstrap's classes (and is-invalid once bound with errors)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"  # on each option's input (rendered one by one)
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": _("Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/07/2025.")},
    )


class CongressForm(BootstrapForm):
    """The particulars of one congress of `organization` (fixed by the page)."""

    term = forms.CharField(
        label=_("Nhiệm kỳ"),
        max_length=9,
        validators=[TERM_PATTERN],
        widget=forms.TextInput(attrs={"placeholder": "2025-2030", "inputmode": "numeric"}),
    )
    ordinal = forms.IntegerField(
        label=_("Lần thứ"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Đại hội lần thứ mấy của đảng bộ, chi bộ (số, ví dụ 21 → XXI)."),
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=CongressKind.choices)
    starts_on = _date_field(_("Ngày khai mạc"))
    ends_on = _date_field(_("Ngày bế mạc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    convened = forms.IntegerField(
        label=_("Số đại biểu (đảng viên) được triệu tập"), min_value=0, max_value=100_000
    )
    direct_secretary = forms.BooleanField(
        label=_("Bầu trực tiếp bí thư tại đại hội"), required=False
    )
    is_pilot = forms.BooleanField(label=_("Đại hội điểm"), required=False)

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        congress: Congress | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.congress = congress

    def clean_term(self) -> str:
        term = self.cleaned_data["term"].strip()
        start, _dash, end = term.partition("-")
        if int(end) != int(start) + 5:
            raise forms.ValidationError(_("Nhiệm kỳ kéo dài 5 năm, ví dụ 2025-2030."))
        others = Congress.objects.filter(organization=self.organization, term=term)
        if self.congress is not None:
            others = others.exclude(pk=self.congress.pk)
        if others.exists():
            raise forms.ValidationError(
                _("%(org)s đã có đại hội nhiệm kỳ %(term)s.")
                % {"org": self.organization.name, "term": term}
            )
        return term

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ngày bế mạc không được trước ngày khai mạc."))
        if ends_on and not starts_on:
            self.add_error("starts_on", _("Ghi ngày khai mạc trước khi ghi ngày bế mạc."))
        return cleaned

    def action_kwargs(self) -> dict[str, Any]:
        """The cleaned values as the keyword arguments of create/update_congress."""
        data = self.cleaned_data
        return {
            "term": data["term"],
            "ordinal": data["ordinal"],
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "place": data["place"],
            "convened": data["convened"],
            "direct_secretary": data["direct_secretary"],
            "is_pilot": data["is_pilot"],
        }

    @classmethod
    def initial_for(cls, congress: Congress) -> dict[str, Any]:
        return {
            "term": congress.term,
            "ordinal": congress.ordinal,
            "kind": congress.kind,
            "starts_on": congress.starts_on,
            "ends_on": congress.ends_on,
            "place": congress.place,
            "convened": congress.convened,
            "direct_secretary": congress.direct_secretary,
            "is_pilot": congress.is_pilot,
        }

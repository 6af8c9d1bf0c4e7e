"""Forms of the congress pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congresses import rules
from daihoi.congresses.models import TERM_PATTERN, Congress, CongressKind, CongressStatus, Contents
from daihoi.organizations.models import Level, Organization

DATE_FORMATS = ["%d/%m/%Y"]
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


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
    contents = forms.TypedChoiceField(
        label=_("Nội dung đại hội"),
        choices=Contents.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )

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
            **({"contents": data["contents"]} if data.get("contents") else {}),
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
            "contents": congress.contents,
        }


# --- The campaign ---------------------------------------------------------------------------

RULE_KIND = ""  # the kind field's "according to the directive" choice


def term_field() -> forms.CharField:
    return forms.CharField(
        label=_("Nhiệm kỳ"),
        max_length=9,
        validators=[TERM_PATTERN],
        widget=forms.TextInput(attrs={"placeholder": "2025-2030", "inputmode": "numeric"}),
    )


class BulkPlanForm(BootstrapForm):
    """Plan every unit of one level under the page's organization in one go."""

    level = forms.TypedChoiceField(label=_("Cấp"), coerce=int)
    term = term_field()
    starts_on = _date_field(_("Từ ngày (hoặc ngày dự kiến)"))
    ends_on = _date_field(_("Đến ngày"))
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[(RULE_KIND, _("Theo quy định của chỉ thị (từng đơn vị)")), *CongressKind.choices],
        required=False,
    )
    contents = forms.TypedChoiceField(
        label=_("Nội dung đại hội"), choices=Contents.choices, coerce=int, initial=Contents.FOUR
    )
    direct_secretary = forms.BooleanField(
        label=_("Bầu trực tiếp bí thư tại đại hội"), required=False
    )

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if ends_on and not starts_on:
            self.add_error("starts_on", _("Ghi ngày bắt đầu trước khi ghi ngày kết thúc."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "contents": data["contents"],
            "direct_secretary": data["direct_secretary"],
            "kind": data["kind"],
        }


class PlanImportForm(BootstrapForm):
    term = term_field()
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class AdvanceForm(BootstrapForm):
    """Move the congress one step forward, on a date (today by default)."""

    to_status = forms.ChoiceField(choices=CongressStatus.choices, widget=forms.HiddenInput)
    on = forms.DateField(
        label=_("Ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": _("Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/07/2025.")},
    )


def _count(label: str) -> forms.IntegerField:
    """A count; left empty it is 0."""
    return forms.IntegerField(
        label=label, min_value=0, max_value=100_000, initial=0, required=False
    )


class ResultForm(BootstrapForm):
    """What a congress run outside daihoi elected, reported by its organization."""

    committee_elected = _count(_("Số cấp ủy viên được bầu"))
    committee_reelected = _count(_("Trong đó: tái cử"))
    committee_women = _count(_("Trong đó: nữ"))
    committee_young = _count(_("Trong đó: trẻ"))
    committee_ethnic_minority = _count(_("Trong đó: dân tộc thiểu số"))
    standing_elected = _count(_("Ủy viên Ban Thường vụ"))
    secretary_elected = forms.BooleanField(label=_("Đã bầu bí thư"), required=False)
    secretary_direct = forms.BooleanField(
        label=_("Bí thư được bầu trực tiếp tại đại hội"), required=False
    )
    secretary_votes = forms.IntegerField(
        label=_("Số phiếu của bí thư"), min_value=0, max_value=100_000, required=False
    )
    secretary_base = forms.IntegerField(
        label=_("Cơ số (số đại biểu được triệu tập)"),
        min_value=1,
        max_value=100_000,
        required=False,
    )
    deputies_elected = _count(_("Phó bí thư"))
    inspection_elected = _count(_("Ủy viên Ủy ban Kiểm tra"))
    delegates_elected = _count(_("Đại biểu chính thức dự đại hội cấp trên"))
    alternates_elected = _count(_("Đại biểu dự khuyết"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            problems = rules.figure_problems(self.figures())
            for problem in problems:
                self.add_error(None, problem)
        return cleaned

    def figures(self) -> rules.ResultFigures:
        data = self.cleaned_data
        values = {name: data.get(name) for name in rules.FIGURE_NAMES}
        for name, field in self.fields.items():
            if name in values and values[name] is None and field.initial == 0:
                values[name] = 0  # an empty count
        return rules.ResultFigures(**values)

    @classmethod
    def initial_for(cls, result: Any) -> dict[str, Any]:
        if result is None:
            return {}
        return {name: getattr(result, name) for name in rules.FIGURE_NAMES}


class PlanFilterForm(forms.Form):
    """The filters of the plan page (GET; every field optional, bad values ignored)."""

    nhiem_ky = forms.CharField(required=False)
    cap = forms.TypedChoiceField(
        choices=[("", _("Mọi cấp")), *Level.choices], coerce=int, required=False, empty_value=None
    )
    trang_thai = forms.ChoiceField(
        choices=[("", _("Mọi trạng thái")), *CongressStatus.choices], required=False
    )
    hinh_thuc = forms.ChoiceField(
        choices=[("", _("Mọi hình thức")), *CongressKind.choices], required=False
    )
    tre_han = forms.BooleanField(label=_("Chỉ đại hội trễ hạn"), required=False)
    diem = forms.BooleanField(label=_("Chỉ đại hội điểm"), required=False)

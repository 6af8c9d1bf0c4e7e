"""Forms of the election setup pages: the election, its candidates, the floor's decisions,
the counting committee and typists, the first round's base figures.

Forms check the shape of what was typed; the rules (who may be on the list, the surplus, the
base figures) are the actions' and daihoi.counting's, and their refusals are shown as they
come (ElectionActionError, in Vietnamese)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.forms import DATE_FORMATS, DATE_WIDGET, BootstrapForm
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.elections.models import (
    Body,
    Candidate,
    CandidateSource,
    Gender,
    PaperSize,
    StaffRole,
)

ETHNICITIES = ("Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai")
EXCLUSION_REASONS = (
    "Đi công tác được cấp có thẩm quyền đồng ý",
    "Ốm đau nằm viện",
    "Bị đình chỉ sinh hoạt",
    "Miễn sinh hoạt",
)
EXCLUSION_ROWS = 4  # empty rows offered on the form (at least 3)


class ElectionForm(BootstrapForm):
    body = forms.ChoiceField(label=_("Bầu"), choices=Body.choices)
    seats = forms.IntegerField(label=_("Số lượng cần bầu"), min_value=1, max_value=500)
    alternate_seats = forms.IntegerField(
        label=_("Số đại biểu dự khuyết"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
        help_text=_("Chỉ khi bầu đại biểu dự đại hội cấp trên (danh sách chung)."),
    )
    typist_count = forms.IntegerField(
        label=_("Số máy nhập phiếu độc lập (K)"),
        min_value=2,
        max_value=9,
        initial=3,
        help_text=_("Mỗi phiếu được nhập độc lập trên K máy; phiếu được xác nhận khi K máy khớp."),
    )
    paper_size = forms.ChoiceField(
        label=_("Khổ phiếu"), choices=PaperSize.choices, initial=PaperSize.A4
    )
    title = forms.CharField(
        label=_("Tên cuộc bầu cử"),
        max_length=300,
        required=False,
        help_text=_("Để trống: “Bầu Ban Chấp hành … nhiệm kỳ …” theo cơ quan được bầu."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        alternates = cleaned.get("alternate_seats") or 0
        cleaned["alternate_seats"] = alternates
        if alternates and cleaned.get("body") != Body.UPPER_DELEGATES:
            self.add_error(
                "alternate_seats",
                _("Chỉ bầu đại biểu dự đại hội cấp trên mới có dự khuyết; để 0."),
            )
        return cleaned


class CandidateForm(BootstrapForm):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": _("Ghi ngày sinh theo dạng dd/mm/yyyy, ví dụ 05/03/1970.")},
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), required=False, choices=[("", "—"), *Gender.choices]
    )
    ethnicity = forms.CharField(
        label=_("Dân tộc"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"list": "dh-ethnicities", "autocomplete": "off"}),
    )
    position_title = forms.CharField(
        label=_("Chức vụ, đơn vị công tác"), max_length=300, required=False
    )
    is_incumbent = forms.BooleanField(label=_("Tái cử"), required=False)
    source = forms.ChoiceField(
        label=_("Nguồn"), choices=CandidateSource.choices, initial=CandidateSource.CONVENER
    )

    def clean_full_name(self) -> str:
        name = nfc(self.cleaned_data["full_name"])
        if len(name.split()) < 2:
            raise ValidationError(_("Ghi đủ họ và tên (ít nhất hai từ), ví dụ Nguyễn Văn An."))
        return name

    def clean_birth_date(self) -> dt.date | None:
        born = self.cleaned_data["birth_date"]
        if born and born >= timezone.localdate():
            raise ValidationError(_("Ngày sinh phải trước hôm nay."))
        return born


class FloorVoteForm(BootstrapForm):
    agree = forms.IntegerField(label=_("Số tán thành"), min_value=0, max_value=100_000)
    present = forms.IntegerField(label=_("Số có mặt"), min_value=1, max_value=100_000)


def opinion_ballot_form(nominees: list[Candidate], data: Any = None) -> forms.Form:
    """One whole-number field per floor or self nominee on the list: the votes each received
    on the opinion ballot."""
    form = BootstrapForm(data)
    for candidate in nominees:
        form.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
            label=candidate.full_name,
            min_value=0,
            max_value=100_000,
            widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        )
    return form


class StaffMode:
    EXISTING = "existing"
    NEW = "new"


class StaffForm(BootstrapForm):
    """Someone for the counting committee or a typist: an existing user chosen by their
    username, or a new user created on the spot."""

    role = forms.ChoiceField(label=_("Vai trò"), choices=StaffRole.choices)
    mode = forms.ChoiceField(
        label=_("Người"),
        choices=[
            (StaffMode.EXISTING, _("Người dùng có sẵn")),
            (StaffMode.NEW, _("Tạo người dùng mới")),
        ],
        initial=StaffMode.EXISTING,
        widget=forms.RadioSelect,
    )
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "list": "dh-known-users"}
        ),
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        required=False,
        help_text=_("Bắt buộc khi tạo người dùng mới; để trống thì dùng họ tên đã đăng ký."),
    )
    password = forms.CharField(
        label=_("Mật khẩu (người dùng mới)"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The candidate form on the same page also has a "full_name": keep the ids apart.
        kwargs.setdefault("auto_id", "id_staff_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username = nfc(cleaned.get("username") or "")
        cleaned["username"] = username
        if not username:
            return cleaned
        existing = User.objects.filter(username=username, is_active=True).first()
        if cleaned.get("mode") == StaffMode.NEW:
            self._clean_new(cleaned, username)
        elif existing is None:
            self.add_error(
                "username",
                _("Không có người dùng “%(name)s”. Chọn “Tạo người dùng mới” để tạo.")
                % {"name": username},
            )
        cleaned["user"] = existing
        return cleaned

    def _clean_new(self, cleaned: dict[str, Any], username: str) -> None:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            self.add_error(
                "username",
                _("Tên đăng nhập chỉ gồm chữ, số và các ký hiệu @ . + - _ (không có dấu cách)."),
            )
        if User.objects.filter(username=username).exists():
            self.add_error(
                "username",
                _("Tên đăng nhập “%(name)s” đã có; chọn “Người dùng có sẵn”.") % {"name": username},
            )
        if not nfc(cleaned.get("full_name") or ""):
            self.add_error("full_name", _("Ghi họ và tên của người dùng mới."))
        password = cleaned.get("password") or ""
        if not password:
            self.add_error("password", _("Đặt mật khẩu cho người dùng mới."))
        else:
            try:
                validate_password(password, User(username=username))
            except ValidationError as error:
                self.add_error("password", error)


@dataclass(frozen=True)
class ExclusionRow:
    index: int
    reason: str
    count: str
    error: str = ""


class OpenRoundForm(BootstrapForm):
    """The first round's base figures and its K typists. The exclusion rows (reason, count)
    are read from the POST lists `exclusion_reason` and `exclusion_count`."""

    convened = forms.IntegerField(
        label=_("Số đại biểu (đảng viên) được triệu tập"), min_value=0, max_value=100_000
    )
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0, max_value=100_000)
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0, max_value=100_000)
    typists = forms.ModelMultipleChoiceField(
        label=_("Người nhập phiếu của lần bầu này"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn người nhập phiếu.")},
    )

    def __init__(
        self, *args: Any, typists: QuerySet[User], live_base: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "id_round_%s")
        super().__init__(*args, **kwargs)
        # A congress run with check-in: the base comes from it (shown, not typed).
        self.live_base = live_base
        for name in ("convened", "present"):
            self.fields[name].required = not live_base
        typist_field = self.fields["typists"]
        assert isinstance(typist_field, forms.ModelMultipleChoiceField)
        typist_field.queryset = typists
        typist_field.label_from_instance = lambda u: (  # type: ignore[method-assign]
            f"{u.full_name or u.username} ({u.username})"
        )
        self.exclusion_rows = self._exclusion_rows()

    def _exclusion_rows(self) -> list[ExclusionRow]:
        if not self.is_bound:
            return [ExclusionRow(i, "", "") for i in range(EXCLUSION_ROWS)]
        reasons = self.data.getlist("exclusion_reason")
        counts = self.data.getlist("exclusion_count")
        size = max(len(reasons), len(counts), EXCLUSION_ROWS)
        rows = []
        for i in range(size):
            reason = nfc(reasons[i]) if i < len(reasons) else ""
            count = counts[i].strip() if i < len(counts) else ""
            rows.append(ExclusionRow(i, reason, count, _row_error(reason, count)))
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.live_base:
            cleaned.update(convened=0, present=0, exclusions=())
            return cleaned
        if any(row.error for row in self.exclusion_rows):
            raise ValidationError(_("Xem lại các dòng không tính vào cơ số."))
        cleaned["exclusions"] = tuple(
            (row.reason, int(row.count))
            for row in self.exclusion_rows
            if row.count and int(row.count)
        )
        return cleaned


def _row_error(reason: str, count: str) -> str:
    if not reason and not count:
        return ""
    if not count.isdigit():
        return str(_("Ghi số người (số nguyên, không âm)."))
    if int(count) and not reason:
        return str(_("Ghi lý do không tính vào cơ số."))
    return ""


class CandidateImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx)"),
        error_messages={
            "required": _("Hãy chọn một tệp .xlsx."),
            "empty": _("Tệp đã chọn trống."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

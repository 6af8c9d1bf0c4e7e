"""Forms of the user-management pages: create a user with a first role, grant a role.

The organization (and the user) offered are limited to the managed subtree; the view also
refuses anything posted outside it with a 404 before the form is even read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.core.models import ORGANIZATION_ROLES, Role, User
from daihoi.core.text import nfc
from daihoi.organizations.models import Organization

ROLE_CHOICES = [(role.value, role.label) for role in ORGANIZATION_ROLES]


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations indented by depth, so a subtree reads like the tree page."""

    def __init__(self, *args: Any, base_depth: int = 0, **kwargs: Any) -> None:
        self.base_depth = base_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        indent = "\u2003" * max(0, obj.depth - self.base_depth)
        return f"{indent}{obj.name} ({obj.code})"


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget; invalid fields marked for the screen reader too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class RoleOnOrganizationForm(BootstrapForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES, initial=Role.VIEWER)
    organization = OrganizationChoiceField(
        label=_("Trên tổ chức"),
        queryset=Organization.objects.none(),
        empty_label=None,
        help_text=_("Người dùng thấy tổ chức này và mọi đơn vị trực thuộc."),
    )

    def __init__(self, *args: Any, unit: Organization, organizations: QuerySet, **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["organization"]
        field.queryset = organizations.order_by("path")
        field.base_depth = unit.depth
        field.initial = unit.pk


class CreateUserForm(RoleOnOrganizationForm):
    """A new user, checked with the installation's password validators, and a first role."""

    error_messages = {
        "password_mismatch": _("Hai mật khẩu không giống nhau."),
        "username_taken": _("Tên đăng nhập này đã có người dùng."),
    }

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Chữ, số và các ký tự @ . + - _ (không có dấu cách)."),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "full_name", "password1", "password2", "role", "organization"]

    def clean_username(self) -> str:
        username = nfc(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(self.error_messages["username_taken"], code="taken")
        return username

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                forms.ValidationError(self.error_messages["password_mismatch"], code="mismatch"),
            )
        elif first:
            candidate = User(
                username=cleaned.get("username", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class GrantRoleForm(RoleOnOrganizationForm):
    """Another role for a user who already holds one inside the managed subtree."""

    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=User.objects.none())
    field_order = ["user", "role", "organization"]

    def __init__(self, *args: Any, users: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users
        field.label_from_instance = lambda u: f"{u.display_name()} ({u.username})"

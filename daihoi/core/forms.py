from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from daihoi.core import actions


def client_address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing a username or address with too many recent failures."""

    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa."),
        "locked": _(
            "Đăng nhập sai quá nhiều lần. Tài khoản tạm bị khóa, vui lòng thử lại sau "
            "%(minutes)s phút."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if actions.login_locked(username, address):
            minutes = settings.DAIHOI_LOGIN_WINDOW_SECONDS // 60
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        try:
            return super().clean()
        except forms.ValidationError:
            actions.record_login_failure(username, address)
            raise

"""Forms of the hierarchy pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.imports import ImportFileError, check_file


class ImportUploadForm(forms.Form):
    """The file to import: its type and size are checked here, its rows by the import."""

    file = forms.FileField(
        label=_("Tệp danh sách tổ chức (.xlsx hoặc .csv)"),
        error_messages={
            "required": _("Hãy chọn một tệp .xlsx hoặc .csv."),
            "empty": _("Tệp đã chọn trống."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        try:
            check_file(upload.name, upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(error.messages) from None
        return upload

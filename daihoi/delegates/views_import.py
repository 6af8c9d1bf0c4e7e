"""The roster's .xlsx import: upload → preview (every row, every error named by row and column)
→ confirmation, which writes every row or none (actions.roster.import_delegates); and the
template file. The organization department of the congress and its secretariat only
(access.get_desk_congress); anyone else gets 404, whatever the method."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.congresses.forms import BootstrapForm
from daihoi.congresses.models import Congress
from daihoi.delegates import access, imports
from daihoi.delegates.actions import DelegateActionError
from daihoi.delegates.actions.roster import import_delegates
from daihoi.delegates.views import congress_view, desk_change, desk_page, roster_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The upload form and its preview (GET shows the form, POST previews; nothing is written).
desk_upload = congress_view(access.get_desk_congress, ("GET", "HEAD", "POST"))


class RosterImportForm(BootstrapForm):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách đại biểu (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Hãy chọn một tệp .xlsx."),
            "empty": gettext_lazy("Tệp đã chọn trống."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _import_page(
    request: HttpRequest, congress: Congress, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "congress": congress,
        "columns": list(imports.COLUMNS.values()),
        "preview_columns": [
            (name, label) for name, label in imports.COLUMNS.items() if name in imports.FIELDS
        ],
        "required": [imports.COLUMNS[name] for name in imports.required_fields(congress)],
        "guide": imports.template_guide(congress),
        "form": extra.pop("form", None) or RosterImportForm(),
        **extra,
    }
    return render(request, "delegates/import.html", context, status=status)


@desk_upload
def upload(request: HttpRequest, congress: Congress) -> HttpResponse:
    """Upload → preview: every row checked, every bad row with its number, column and
    message; nothing is written until the preview is confirmed."""
    if request.method != "POST":
        return _import_page(request, congress)
    form = RosterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, congress, status=400, form=form)
    file = form.cleaned_data["file"]
    try:
        rows = imports.read_rows(congress, file, file.name, size=file.size)
    except imports.RosterFileError as error:
        return _import_page(request, congress, status=400, form=form, file_error=str(error))
    report = imports.check_rows(congress, rows)
    return _import_page(
        request,
        congress,
        form=form,
        report=report,
        file_name=file.name,
        token=imports.sign_rows(congress, rows, file.name) if report.ok else "",
    )


@desk_change
def confirm(request: HttpRequest, congress: Congress) -> HttpResponse:
    """The previewed rows, checked again against the roster as it is now, written all or
    none with one audit entry."""
    try:
        rows, file_name = imports.unsign_rows(congress, request.POST.get("token", ""))
    except imports.RosterFileError as error:
        return _import_page(request, congress, status=400, file_error=str(error))
    changed = _("Danh sách đã thay đổi từ lúc xem trước: chưa nhập ai. Xem các dòng có lỗi.")
    try:
        with transaction.atomic():
            report = imports.check_rows(congress, rows)
            if not report.ok:
                raise DelegateActionError(changed)
            created = import_delegates(
                congress, report.import_rows(), acting_user=request.user, file_name=file_name
            )
    except DelegateActionError as refused:
        # The roster or the units changed since the preview: show the rows as they now are.
        return _import_page(
            request,
            congress,
            status=409,
            report=imports.check_rows(congress, rows),
            file_name=file_name,
            file_error=str(refused),
        )
    messages.success(
        request,
        _("Đã nhập %(n)s đại biểu từ tệp “%(file)s”.") % {"n": len(created), "file": file_name},
    )
    return redirect(roster_url(congress))


@desk_page
def template(request: HttpRequest, congress: Congress) -> HttpResponse:
    response = HttpResponse(imports.template_workbook(congress), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-dai-bieu.xlsx"'
    return response

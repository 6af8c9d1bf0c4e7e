"""Printable badges and the credentials report (on screen and as .docx): one content model
each (daihoi.delegates.documents), rendered here."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.delegates.documents.badges import NoBadges, badges_pdf
from daihoi.delegates.documents.credentials_report import (
    credentials_report_docx,
    report_context,
)
from daihoi.delegates.views import desk_page, reading

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIZES = {"a6": "a6", "the": "card"}


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@desk_page
def badges(request: HttpRequest, congress: Congress) -> HttpResponse:
    size = SIZES.get(request.GET.get("kho", "a6"), "a6")
    try:
        pdf = badges_pdf(congress, size=size)
    except NoBadges:
        messages.error(request, _("Chưa có thẻ đại biểu nào: cấp thẻ trước khi in."))
        return redirect(reverse("delegates:roster", args=[congress.pk]))
    return _attachment(pdf, "application/pdf", f"the-dai-bieu-{congress.pk}-{size}.pdf")


@reading
def credentials_report(request: HttpRequest, congress: Congress) -> HttpResponse:
    context = {"congress": congress, "report": report_context(congress)}
    return render(request, "delegates/credentials_report.html", context)


@reading
def credentials_report_download(request: HttpRequest, congress: Congress) -> HttpResponse:
    return _attachment(
        credentials_report_docx(congress), DOCX, f"bao-cao-tham-tra-{congress.pk}.docx"
    )

"""Documents of an election as downloads and printable pages. Every view resolves its object
through elections.access: anyone who may view the election gets the ballot, the minutes, the
results and the hall display; only the counting committee and the managing department get
the entry journal and the count input (count.json). Forbidden answers like missing (404)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.elections import access, counting_bridge
from daihoi.elections.documents import ballot, display, journal, minutes, results_pptx, results_xlsx

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _not_yet(message: str) -> HttpResponse:
    """A document that does not exist yet (the round is still open): say so plainly."""
    return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def ballot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_visible_round(request.user, pk)
    try:
        content = ballot.ballot_pdf(round_)
    except ballot.BallotLayoutError as error:
        return _not_yet(str(error))
    return _download(content, PDF, ballot.filename(round_), inline=True)


def _minutes(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    round_ = access.get_visible_round(request.user, pk)
    number = request.GET.get("so", "")[:20]
    try:
        if extension == "pdf":
            content, kind = minutes.minutes_pdf(round_, number=number), PDF
        else:
            content, kind = minutes.minutes_docx(round_, number=number), DOCX
    except minutes.MinutesUnavailable as error:
        return _not_yet(str(error))
    return _download(content, kind, minutes.filename(round_, extension))


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes(request, pk, "docx")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes(request, pk, "pdf")


@login_required
@require_GET
def journal_page(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for_committee(request.user, pk)
    context = {"journal": journal.build_journal(round_), "round": round_}
    return render(request, "elections/journal.html", context)


@login_required
@require_GET
def journal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for_committee(request.user, pk)
    return _download(journal.journal_pdf(round_), PDF, journal.filename(round_), inline=True)


@login_required
@require_GET
def count_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's `daihoi.count/1` input: anyone can re-count it with `daihoi count`."""
    round_ = access.get_round_for_committee(request.user, pk)
    text = json.dumps(counting_bridge.count_input(round_), ensure_ascii=False, indent=2) + "\n"
    filename = f"kiem-phieu-{round_.election_id}-lan-{round_.number}.json"
    return _download(text.encode(), "application/json; charset=utf-8", filename)


@login_required
@require_GET
def results_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    election = access.get_visible_election(request.user, pk)
    return _download(results_xlsx.results_xlsx(election), XLSX, results_xlsx.filename(election))


@login_required
@require_GET
def results_pptx_view(request: HttpRequest, pk: int) -> HttpResponse:
    election = access.get_visible_election(request.user, pk)
    return _download(results_pptx.results_pptx(election), PPTX, results_pptx.filename(election))


@login_required
@require_GET
def hall_display(request: HttpRequest, pk: int) -> HttpResponse:
    """Large type for the hall's screen; while a round is open the board polls every 5 s
    (htmx) and stops polling once it shows the result."""
    election = access.get_visible_election(request.user, pk)
    number = request.GET.get("lan", "")
    board = display.board(election, int(number) if number.isdigit() else None)
    template = "elections/display.html#board" if request.htmx else "elections/display.html"
    return render(request, template, {"board": board, "election": election})

"""Sessions, the check-in desk, the presidium page and the hall-display panel.

The desk is keyboard-first: a USB QR scanner types the badge token and Enter into the focused
field (the common hardware), the browser's camera fills the same field (vendored decoder,
static/delegates/checkin.js), or staff search by name without accents. A check-in answers
with a fragment that the desk shows loud: green when written, red with the refusal's code
when nothing was written. The presidium page and the hall panel re-read the figures every
second (issue 10 replaces polling by server push).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core.access import NotFoundForUser
from daihoi.delegates import access, queries
from daihoi.delegates.actions import DelegateActionError
from daihoi.delegates.actions import checkin as checkin_actions
from daihoi.delegates.forms import SessionForm
from daihoi.delegates.models import CheckIn, CheckInMethod, Session
from daihoi.delegates.views import desk_change, desk_page, managing

#: How often the presidium page and the hall panel re-read the figures (ms): a check-in shows
#: there within this delay plus one request.
REFRESH_MS = 500


def _sessions_url(congress: Congress) -> str:
    return reverse("delegates:sessions", args=[congress.pk])


@desk_page
def sessions(request: HttpRequest, congress: Congress) -> HttpResponse:
    rows = [
        (s, checkin_actions.session_title(s), s.checkins.count())
        for s in Session.objects.filter(congress=congress)
    ]
    context = {
        "congress": congress,
        "rows": rows,
        "form": SessionForm(initial={"day": congress.starts_on}),
        "can_manage": access.can_manage(request.user, congress),
    }
    return render(request, "delegates/sessions.html", context)


@managing
def add_session(request: HttpRequest, congress: Congress) -> HttpResponse:
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            checkin_actions.add_session(congress, acting_user=request.user, **form.cleaned_data)
        except DelegateActionError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Chọn phiên, ngày (dd/mm/yyyy) và buổi."))
    return redirect(_sessions_url(congress))


@desk_change
def make_current(request: HttpRequest, congress: Congress, session: Session) -> HttpResponse:
    checkin_actions.set_current_session(session, acting_user=request.user)
    messages.success(
        request, _("Phiên hiện tại: %(s)s.") % {"s": checkin_actions.session_title(session)}
    )
    back = request.POST.get("next", "")
    # Only a page of this site: never an open redirect.
    return redirect(back if back.startswith("/dai-bieu/") else _sessions_url(congress))


# --- The desk --------------------------------------------------------------------------------------


def _desk_context(congress: Congress, **extra: Any) -> dict[str, Any]:
    session = queries.current_session(congress)
    context: dict[str, Any] = {
        "congress": congress,
        "session": session,
        "session_title": checkin_actions.session_title(session) if session else "",
        "figures": queries.figures(congress, session),
    }
    context.update(extra)
    return context


@desk_page
def desk(request: HttpRequest, congress: Congress) -> HttpResponse:
    context = _desk_context(congress, desk_name=request.GET.get("ban", "")[:40])
    return render(request, "delegates/desk.html", context)


def _outcome_response(
    request: HttpRequest, outcome: checkin_actions.CheckInOutcome
) -> HttpResponse:
    context = {"outcome": outcome}  # the fragment shows the outcome alone
    # 200 for both: the desk shows the message either way; the refusal is in the fragment
    # (data-state="refused", its code) and in a header for scripts and the benchmark.
    response = render(request, "delegates/desk.html#outcome", context)
    response["X-Checkin"] = "ok" if outcome.ok else outcome.code
    return response


@login_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """A token from the USB scanner or the camera. The action checks that the user may run
    the congress's desk in the statement that reads the badge (NotAtTheDesk: 404, as
    desk_change answers), so a scan reads the congress only once (decision 0015)."""
    if request.method != "POST":
        access.get_desk_congress(request.user, pk)  # 404 first, whatever the method
        return HttpResponseNotAllowed(["POST"])
    method = request.POST.get("method", "")
    try:
        outcome = checkin_actions.check_in_badge(
            pk,
            request.POST.get("token", "")[:200],
            acting_user=request.user,
            method=method if method in (CheckInMethod.SCANNER, CheckInMethod.CAMERA) else "scanner",
            desk=request.POST.get("desk", ""),
        )
    except checkin_actions.NotAtTheDesk:
        raise NotFoundForUser() from None
    return _outcome_response(request, outcome)


@desk_change
def pick(request: HttpRequest, congress: Congress, delegate: Any) -> HttpResponse:
    """A delegate found by name (no badge at hand)."""
    outcome = checkin_actions.check_in_delegate(
        delegate,
        acting_user=request.user,
        method=CheckInMethod.SEARCH,
        desk=request.POST.get("desk", ""),
    )
    return _outcome_response(request, outcome)


@desk_page
def search(request: HttpRequest, congress: Congress) -> HttpResponse:
    found = queries.search(congress, request.GET.get("q", ""))
    session = queries.current_session(congress)
    done = set(
        CheckIn.objects.filter(session=session, delegate__in=found).values_list(
            "delegate_id", flat=True
        )
        if session
        else []
    )
    context = {"congress": congress, "found": found, "done": done, "q": request.GET.get("q", "")}
    return render(request, "delegates/desk.html#search_results", context)


# --- The presidium page and the hall panel ------------------------------------------------------


def _figures_context(congress: Congress) -> dict[str, Any]:
    session = queries.current_session(congress)
    return {
        "congress": congress,
        "session": session,
        "session_title": checkin_actions.session_title(session) if session else "",
        "figures": queries.figures(congress, session),
        "refresh_ms": REFRESH_MS,
    }


@desk_page
def presidium(request: HttpRequest, congress: Congress) -> HttpResponse:
    context = _figures_context(congress)
    if request.htmx:
        return render(request, "delegates/presidium.html#figures", context)
    context["sessions"] = [
        (s, checkin_actions.session_title(s)) for s in Session.objects.filter(congress=congress)
    ]
    return render(request, "delegates/presidium.html", context)


@desk_page
def hall(request: HttpRequest, congress: Congress) -> HttpResponse:
    context = _figures_context(congress)
    if request.htmx:
        return render(request, "delegates/hall.html#panel", context)
    return render(request, "delegates/hall.html", context)

"""Setting an election up, for the organization department: the election itself (from the
congress page), its candidate list (added by hand or imported from .xlsx, floor votes,
withdrawals, the opinion ballot, the surplus checks, confirmation), its counting committee and
typists, and the opening of the first round.

Access: a page is shown to whoever may view the election (elections.access); every change
needs the election to be managed by the user, and answers 404 otherwise (forbidden ==
missing). Every change goes through elections.actions; a refusal (ElectionActionError) is
shown with its Vietnamese message and nothing is saved.

HTMX: the list panel and the staff panel are named partials of setup.html; a change made
from them answers with the refreshed panel (without JavaScript: a redirect to the page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from daihoi.congresses import access as congress_access
from daihoi.congresses.models import Congress
from daihoi.core import actions as core_actions
from daihoi.core.access import NotFoundForUser
from daihoi.core.formatting import grouped, vi_percent
from daihoi.core.models import User
from daihoi.counting.lists import (
    ListCheck,
    check_convener_list,
    floor_nominee,
)
from daihoi.elections import access, actions, delegates_bridge, imports, list_queries
from daihoi.elections.actions import ElectionActionError
from daihoi.elections.forms_setup import (
    ETHNICITIES,
    EXCLUSION_REASONS,
    CandidateForm,
    CandidateImportForm,
    ElectionForm,
    FloorVoteForm,
    OpenRoundForm,
    StaffForm,
    StaffMode,
    opinion_ballot_form,
)
from daihoi.elections.models import (
    Body,
    Candidate,
    CandidateSource,
    CandidateStatus,
    Election,
    ElectionStaff,
    ElectionStatus,
    Round,
    RoundStatus,
    StaffRole,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ElectionView = Callable[..., HttpResponse]


def _election_view(resolve: Callable[[Any, object], Election], methods: tuple[str, ...]) -> Any:
    """Resolve the election first — 404 for whoever may not see (or change) it, whatever the
    method, so that nothing tells a forbidden election from a missing one — then accept only
    `methods`. The view receives the election instead of its pk (and the candidate instead of
    candidate_pk)."""

    def decorate(view: ElectionView) -> ElectionView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            election = resolve(request.user, pk)
            if "candidate_pk" in kwargs:  # a candidate of this election, or 404
                kwargs["candidate"] = _candidate(election, kwargs.pop("candidate_pk"))
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, election, **kwargs)

        return wrapper

    return decorate


#: Pages anyone who may see the election reads.
viewing = _election_view(access.get_visible_election, ("GET", "HEAD"))
#: Pages of the managing department (the import's upload form and preview).
managing = _election_view(access.get_managed_election, ("GET", "HEAD", "POST"))
#: Changes: only the managing department, only by POST.
changing = _election_view(access.get_managed_election, ("POST",))


def optional_url(name: str, *args: object) -> str:
    """The URL of a page another part of the app may not have yet (round pages): "" then."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- The congress page's section: its elections and "Thêm cuộc bầu cử" ---------------------


@dataclass(frozen=True)
class ElectionRow:
    election: Election
    rounds: int
    elected: int


def _election_rows(elections: QuerySet[Election]) -> list[ElectionRow]:
    rows = []
    for election in elections.prefetch_related("rounds"):
        rounds = list(election.rounds.all())
        elected = sum(
            len((r.result or {}).get("elected", []))
            for r in rounds
            if r.status == RoundStatus.CLOSED
        )
        rows.append(ElectionRow(election, len(rounds), elected))
    return rows


def congress_section(request: HttpRequest, congress: Congress) -> SafeString:
    """Registered on the congress page (congresses.sections) by the elections app."""
    may_manage = congress_access.can_manage(request.user, congress)
    context = {
        "congress": congress,
        "rows": _election_rows(congress.elections.all()),
        "can_manage": may_manage,
        "form": ElectionForm() if may_manage else None,
        "allotment": delegates_bridge.allotment(congress),
    }
    # The template engine's output is already safe (autoescaped): mark it for the page.
    html = render_to_string("elections/setup_congress_section.html", context, request=request)
    return mark_safe(html)


@login_required
def create(request: HttpRequest, congress_pk: int) -> HttpResponse:
    """A new election of the congress; the page after it is the election's setup page."""
    congress = congress_access.get_managed_congress(request.user, congress_pk)
    form = ElectionForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = actions.create_election(
                congress,
                acting_user=request.user,
                body=data["body"],
                seats=data["seats"],
                title=data["title"],
                alternate_seats=data["alternate_seats"],
                typist_count=data["typist_count"],
                paper_size=data["paper_size"],
            )
        except ElectionActionError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Đã tạo cuộc bầu cử “%(t)s”.") % {"t": election.title})
            return redirect("elections:detail", pk=election.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "congress": congress,
        "form": form,
        "error": error,
        "allotment": delegates_bridge.allotment(congress),
    }
    return render(request, "elections/setup_create.html", context, status=status)


# --- The setup page ------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    number: int | None  # its number in ballot order, for those on the list
    floor_needed: int | None  # the >30% threshold of its recorded floor vote
    floor_pending: bool  # a floor or self nominee whose vote is still to be recorded


@dataclass(frozen=True)
class OpinionPanel:
    """The over-30% opinion ballot (E13): cap = seats + maximum surplus; the convening
    committee's names all stay; the floor and self nominees fill the places left."""

    cap: int
    listed: int
    convener: int
    places: int
    nominees: list[Candidate]
    needed: bool
    kept: list[Candidate]
    dropped: list[Candidate]


def _candidate_rows(election: Election) -> tuple[list[CandidateRow], list[CandidateRow]]:
    """(those on the list, numbered in ballot order; everyone else, also in name order)."""
    ordered = list_queries.in_ballot_order(election.candidates.all())
    listed, others = [], []
    for candidate in ordered:
        needed = None
        if candidate.floor_present is not None:
            needed = floor_nominee(candidate.floor_present, candidate.floor_agree or 0).votes_needed
        pending = (
            candidate.source != CandidateSource.CONVENER
            and candidate.status == CandidateStatus.PROPOSED
        )
        if candidate.status == CandidateStatus.ON_LIST:
            listed.append(CandidateRow(candidate, len(listed) + 1, needed, pending))
        else:
            others.append(CandidateRow(candidate, None, needed, pending))
    return listed, others


def _opinion_panel(election: Election, check: ListCheck | None) -> OpinionPanel | None:
    if check is None:
        return None
    on_list = list_queries.on_list(election)
    nominees = [c for c in on_list if c.source != CandidateSource.CONVENER]
    convener = len(on_list) - len(nominees)
    cap = election.seats + check.bounds.maximum
    decided = [c for c in election.candidates.all() if c.opinion_votes is not None]
    if len(on_list) <= cap and not decided:
        return None
    by_votes = sorted(decided, key=lambda c: -(c.opinion_votes or 0))
    return OpinionPanel(
        cap=cap,
        listed=len(on_list),
        convener=convener,
        places=max(cap - convener, 0),
        nominees=list_queries.in_ballot_order(nominees),
        needed=len(on_list) > cap and bool(nominees),
        kept=[c for c in by_votes if c.status == CandidateStatus.ON_LIST],
        dropped=[c for c in by_votes if c.status == CandidateStatus.CUT],
    )


def _surplus_context(election: Election) -> dict[str, Any]:
    check = list_queries.surplus_check(election)
    context: dict[str, Any] = {"check": check, "surplus_applies": check is not None}
    if check is not None:
        convener = election.candidates.filter(
            status=CandidateStatus.ON_LIST, source=CandidateSource.CONVENER
        ).count()
        context["convener_check"] = check_convener_list(election.seats, convener)
        context["surplus_percent"] = vi_percent(check.surplus_percent)
        context["convener_percent"] = vi_percent(context["convener_check"].surplus_percent)
        context["cap"] = election.seats + check.bounds.maximum
        context["prepared_range"] = (
            election.seats + check.bounds.prepared_min,
            election.seats + check.bounds.prepared_max,
        )
    return context


def _last_present(election: Election) -> int | None:
    """The number present at the last floor vote of this election (the same session)."""
    latest = election.candidates.filter(floor_present__isnull=False).order_by("-pk").first()
    return latest.floor_present if latest else None


def _typists(election: Election) -> QuerySet[User]:
    ids = election.staff.filter(role=StaffRole.TYPIST).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=list(ids)).order_by("username")


def _known_users(election: Election) -> list[ElectionStaff]:
    """People who already serve in other elections of the same congress: the usual
    suggestions for this one's committee and typists."""
    seen: dict[int, ElectionStaff] = {}
    for staff in (
        ElectionStaff.objects.filter(election__congress=election.congress)
        .exclude(election=election)
        .select_related("user")
    ):
        seen.setdefault(staff.user_id, staff)
    return list(seen.values())


def _round_rows(election: Election) -> list[dict[str, Any]]:
    names = {str(c.pk): c.full_name for c in election.candidates.all()}
    rows = []
    for round_ in election.rounds.all():
        elected = [names.get(cid, cid) for cid in (round_.result or {}).get("elected", [])]
        rows.append(
            {
                "round": round_,
                "elected": elected,
                "url": optional_url("elections:round", round_.pk),
            }
        )
    return rows


def _open_round_form(election: Election, data: Any = None) -> OpenRoundForm:
    typists = _typists(election)
    initial: dict[str, Any] = {"convened": election.congress.convened}
    if typists.count() == election.typist_count:
        initial["typists"] = list(typists)
    live = delegates_bridge.live_base(election)
    if live is not None:
        initial["ballots_issued"] = live.figures.present
    return OpenRoundForm(data, typists=typists, initial=initial, live_base=live is not None)


def setup_context(request: HttpRequest, election: Election, **extra: Any) -> dict[str, Any]:
    """Everything setup.html and its panels show. `extra` replaces a bound form or adds a
    message (list_error, staff_error, round_error, notice…)."""
    may_manage = access.can_manage(request.user, election)
    listed, others = _candidate_rows(election)
    preparing = election.status == ElectionStatus.PREPARING
    problems = list_queries.list_problems(election) if preparing else []
    surplus = _surplus_context(election)
    last_present = _last_present(election)
    context: dict[str, Any] = {
        "election": election,
        "congress": election.congress,
        "can_manage": may_manage,
        "preparing": preparing,
        "listed": listed,
        "others": others,
        "problems": problems,
        "opinion": _opinion_panel(election, surplus["check"]) if preparing else None,
        "staff": list(election.staff.select_related("user")),
        "rounds": _round_rows(election),
        "can_open_first_round": (
            may_manage
            and election.status == ElectionStatus.LIST_CONFIRMED
            and not election.rounds.exists()
        ),
        "ethnicities": ETHNICITIES,
        "exclusion_reasons": EXCLUSION_REASONS,
        "last_present": last_present,
        "last_needed": floor_nominee(last_present, 0).votes_needed if last_present else None,
        "is_upper_delegates": election.body == Body.UPPER_DELEGATES,
        **surplus,
    }
    if may_manage:
        context["candidate_form"] = CandidateForm()
        context["staff_form"] = StaffForm()
        context["known_users"] = _known_users(election)
        if context["opinion"] is not None and context["opinion"].needed:
            context["opinion_form"] = opinion_ballot_form(context["opinion"].nominees)
        if context["can_open_first_round"]:
            context["round_form"] = _open_round_form(election)
            context["live_base"] = delegates_bridge.live_base(election)
    context.update(extra)
    return context


@viewing
def detail(request: HttpRequest, election: Election) -> HttpResponse:
    return render(request, "elections/setup.html", setup_context(request, election))


def _panel_response(
    request: HttpRequest,
    election: Election,
    panel: str,
    *,
    notice: str = "",
    error: str = "",
    **extra: Any,
) -> HttpResponse:
    """After a change from a panel: the refreshed panel for HTMX; otherwise the page (on a
    refusal, with the message and what was typed) or a redirect to it (on success)."""
    error_key = "staff_error" if panel == "staff_panel" else "list_error"
    if request.htmx:
        context = setup_context(request, election, notice=notice, **{error_key: error}, **extra)
        return render(request, f"elections/setup.html#{panel}", context)
    if error:
        context = setup_context(request, election, **{error_key: error}, **extra)
        return render(request, "elections/setup.html", context, status=400)
    if notice:
        messages.success(request, notice)
    anchor = "#ban-kiem-phieu" if panel == "staff_panel" else "#danh-sach"
    return redirect(reverse("elections:detail", args=[election.pk]) + anchor)


def _candidate(election: Election, candidate_pk: int) -> Candidate:
    try:
        return election.candidates.get(pk=candidate_pk)
    except Candidate.DoesNotExist:
        raise NotFoundForUser() from None


def _form_error(form: Any) -> str:
    return _("Xem lại các ô được đánh dấu đỏ.") if form.errors else ""


@changing
def add_candidate(request: HttpRequest, election: Election) -> HttpResponse:
    form = CandidateForm(request.POST)
    if not form.is_valid():
        return _panel_response(
            request, election, "list_panel", error=_form_error(form), candidate_form=form
        )
    data = form.cleaned_data
    try:
        candidate = actions.add_candidate(
            election,
            acting_user=request.user,
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            gender=data["gender"],
            ethnicity=data["ethnicity"],
            position_title=data["position_title"],
            is_incumbent=data["is_incumbent"],
            source=data["source"],
        )
    except ElectionActionError as refused:
        return _panel_response(
            request, election, "list_panel", error=str(refused), candidate_form=form
        )
    # The next entry usually has the same source (a run of floor nominees, say).
    fresh = CandidateForm(initial={"source": data["source"]})
    return _panel_response(
        request,
        election,
        "list_panel",
        notice=_("Đã thêm %(name)s.") % {"name": candidate.full_name},
        candidate_form=fresh,
        focus_name=True,
    )


@changing
def floor_vote(request: HttpRequest, election: Election, candidate: Candidate) -> HttpResponse:
    form = FloorVoteForm(request.POST)
    if not form.is_valid():
        return _panel_response(
            request,
            election,
            "list_panel",
            error=_("Biểu quyết cho %(name)s: ghi số tán thành và số có mặt (số nguyên).")
            % {"name": candidate.full_name},
        )
    try:
        candidate = actions.record_floor_vote(
            candidate,
            agree=form.cleaned_data["agree"],
            present=form.cleaned_data["present"],
            acting_user=request.user,
        )
    except ElectionActionError as refused:
        return _panel_response(request, election, "list_panel", error=str(refused))
    decision = floor_nominee(candidate.floor_present or 0, candidate.floor_agree or 0)
    if decision.enters:
        notice = _(
            "%(name)s: %(agree)s/%(present)s tán thành (cần %(needed)s) — được đưa vào danh sách."
        )
    else:
        notice = _(
            "%(name)s: %(agree)s/%(present)s tán thành (cần %(needed)s) — không đủ hơn 30%%, "
            "không được đưa vào danh sách."
        )
    notice %= {
        "name": candidate.full_name,
        "agree": grouped(decision.agreeing),
        "present": grouped(decision.present),
        "needed": grouped(decision.votes_needed),
    }
    return _panel_response(request, election, "list_panel", notice=notice)


@viewing
def floor_threshold(request: HttpRequest, election: Election) -> HttpResponse:
    """HTMX: how many must agree for a floor nominee, for the number present typed so far."""
    try:
        present = int(request.GET.get("present", ""))
    except ValueError:
        present = 0
    needed = floor_nominee(present, 0).votes_needed if present > 0 else None
    return render(
        request,
        "elections/setup.html#floor_threshold",
        {"election": election, "present": present, "needed": needed},
    )


@changing
def withdrawal(request: HttpRequest, election: Election, candidate: Candidate) -> HttpResponse:
    decision = request.POST.get("quyet_dinh")
    if decision not in ("cho_rut", "khong_cho_rut"):
        raise NotFoundForUser()
    allowed = decision == "cho_rut"
    try:
        actions.decide_withdrawal(candidate, allowed=allowed, acting_user=request.user)
    except ElectionActionError as refused:
        return _panel_response(request, election, "list_panel", error=str(refused))
    if allowed:
        notice = _("Đại hội cho đồng chí %(name)s rút khỏi danh sách.")
    else:
        notice = _("Đại hội không cho đồng chí %(name)s rút: vẫn trong danh sách.")
    return _panel_response(
        request, election, "list_panel", notice=notice % {"name": candidate.full_name}
    )


@changing
def opinion_ballot(request: HttpRequest, election: Election) -> HttpResponse:
    nominees = [c for c in list_queries.on_list(election) if c.source != CandidateSource.CONVENER]
    form = opinion_ballot_form(list_queries.in_ballot_order(nominees), request.POST)
    if not form.is_valid():
        return _panel_response(
            request,
            election,
            "list_panel",
            error=_("Ghi số phiếu thăm dò của từng người (số nguyên, không âm)."),
            opinion_form=form,
        )
    votes = {c.pk: form.cleaned_data[f"votes_{c.pk}"] for c in nominees}
    try:
        result = actions.apply_opinion_ballot(election, votes, acting_user=request.user)
    except ElectionActionError as refused:
        return _panel_response(
            request, election, "list_panel", error=str(refused), opinion_form=form
        )
    dropped = [c.full_name for c in result if c.status == CandidateStatus.CUT]
    notice = _("Phiếu thăm dò: giữ %(kept)s, không đưa vào danh sách %(dropped)s người.") % {
        "kept": len(result) - len(dropped),
        "dropped": len(dropped),
    }
    return _panel_response(request, election, "list_panel", notice=notice)


@changing
def confirm_list(request: HttpRequest, election: Election) -> HttpResponse:
    try:
        actions.confirm_list(election, acting_user=request.user)
    except ElectionActionError as refused:
        return _panel_response(request, election, "list_panel", error=str(refused))
    messages.success(request, _("Đã chốt danh sách bầu cử."))
    response = redirect(reverse("elections:detail", args=[election.pk]) + "#mo-lan-bau")
    if request.htmx:  # the whole page changes (the round form appears): reload it
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("elections:detail", args=[election.pk])
    return response


# --- Counting committee and typists --------------------------------------------------------


@changing
def add_staff(request: HttpRequest, election: Election) -> HttpResponse:
    form = StaffForm(request.POST)
    if not form.is_valid():
        return _panel_response(
            request, election, "staff_panel", error=_form_error(form), staff_form=form
        )
    data = form.cleaned_data
    try:
        # Creating the user and giving the role stand or fall together: a refused role
        # (the person is on the list) must not leave a new login behind.
        with transaction.atomic():
            user = data["user"]
            if data["mode"] == StaffMode.NEW:
                user = core_actions.create_user(
                    data["username"],
                    data["password"],
                    acting_user=request.user,
                    full_name=data["full_name"],
                )
            staff = actions.add_staff(
                election,
                user,
                data["role"],
                acting_user=request.user,
                full_name=data["full_name"],
            )
    except ElectionActionError as refused:
        return _panel_response(
            request, election, "staff_panel", error=str(refused), staff_form=form
        )
    notice = _("Đã thêm %(name)s: %(role)s.") % {
        "name": staff.full_name,
        "role": staff.get_role_display(),
    }
    fresh = StaffForm(initial={"role": data["role"], "mode": data["mode"]})
    return _panel_response(
        request, election, "staff_panel", notice=notice, staff_form=fresh, focus_staff=True
    )


# --- The first round ------------------------------------------------------------------------


@changing
def open_round(request: HttpRequest, election: Election) -> HttpResponse:
    if election.rounds.exists():
        # This form opens the first round only; later rounds come from a round's result.
        messages.error(
            request, _("Lần bầu thứ nhất đã được mở; các lần bầu sau mở từ trang kết quả.")
        )
        return redirect(reverse("elections:detail", args=[election.pk]) + "#cac-lan-bau")
    form = _open_round_form(election, request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        figures = actions.BaseFigures(
            convened=data["convened"] or 0,
            present=data["present"] or 0,
            ballots_issued=data["ballots_issued"],
            exclusions=data["exclusions"],
        )
        try:
            round_ = actions.open_round(
                election,
                acting_user=request.user,
                figures=figures,
                typists=list(data["typists"]),
            )
        except ElectionActionError as refused:
            error = str(refused)
        else:
            return _after_opening(request, election, round_)
    else:
        error = _("Xem lại các ô được đánh dấu đỏ.")
    context = setup_context(request, election, round_form=form, round_error=error)
    return render(request, "elections/setup.html", context, status=400)


def _after_opening(request: HttpRequest, election: Election, round_: Round) -> HttpResponse:
    messages.success(
        request,
        _("Đã mở lần bầu thứ %(n)s: %(title)s.") % {"n": round_.number, "title": election.title},
    )
    url = optional_url("elections:round", round_.pk)
    return redirect(url or reverse("elections:detail", args=[election.pk]) + "#cac-lan-bau")


# --- Importing the list ----------------------------------------------------------------------


def _import_page(
    request: HttpRequest, election: Election, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "election": election,
        "congress": election.congress,
        "columns": list(imports.COLUMNS.values()),
        "form": extra.pop("form", None) or CandidateImportForm(),
        **extra,
    }
    return render(request, "elections/setup_import.html", context, status=status)


@managing
def import_list(request: HttpRequest, election: Election) -> HttpResponse:
    """Upload → preview: every row checked, every bad row with its number and message;
    nothing is written until the preview is confirmed."""
    if request.method != "POST":
        return _import_page(request, election)
    form = CandidateImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, election, status=400, form=form)
    upload = form.cleaned_data["file"]
    try:
        rows = imports.read_rows(upload, upload.name, size=upload.size)
    except imports.CandidateFileError as error:
        return _import_page(request, election, status=400, form=form, file_error=str(error))
    report = imports.check_rows(election, rows)
    return _import_page(
        request,
        election,
        form=form,
        report=report,
        file_name=upload.name,
        token=imports.sign_rows(election, rows, upload.name) if report.ok else "",
    )


@changing
def import_confirm(request: HttpRequest, election: Election) -> HttpResponse:
    try:
        rows, file_name = imports.unsign_rows(election, request.POST.get("token", ""))
    except imports.CandidateFileError as error:
        return _import_page(request, election, status=400, file_error=str(error))
    try:
        created = actions.import_candidates(
            election, rows, acting_user=request.user, file_name=file_name
        )
    except ElectionActionError as refused:
        # The list or the committee changed since the preview: show the rows as they now are.
        report = imports.check_rows(election, rows)
        return _import_page(
            request,
            election,
            status=409,
            report=report,
            file_name=file_name,
            file_error=str(refused),
        )
    messages.success(
        request,
        _("Đã nhập %(n)s người từ tệp “%(file)s”.") % {"n": len(created), "file": file_name},
    )
    return redirect(reverse("elections:detail", args=[election.pk]) + "#danh-sach")


@_election_view(access.get_managed_election, ("GET", "HEAD"))
def import_template(request: HttpRequest, election: Election) -> HttpResponse:
    response = HttpResponse(imports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-bau-cu.xlsx"'
    return response

"""The counting room in the browser: the typists' entry page, the head's console, the round
result and the next round.

Every view resolves its round through elections.access (forbidden answers like missing: 404)
and writes only through elections.actions; a refused action shows its Vietnamese message and
has written nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from daihoi.core.access import NotFoundForUser
from daihoi.core.formatting import grouped, vi_percent
from daihoi.core.models import User
from daihoi.elections import access, actions, delegates_bridge, queries, queries_entry, rules
from daihoi.elections.actions import ElectionActionError
from daihoi.elections.forms_entry import EXTRA_EXCLUSION_ROWS, NextRoundForm
from daihoi.elections.models import (
    BallotStyle,
    ElectionStatus,
    Round,
    RoundPurpose,
    RoundStatus,
    StaffRole,
)


def _int(value: object, default: int = -1) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _url_if_exists(name: str, *args: object) -> str | None:
    """The URL of a page another part of the app may or may not provide yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- Typist entry -----------------------------------------------------------------------------
# The words of the paper preview (static/elections/entry.js); the server's parse is the
# authority, these only help the typist see a mistake before pressing Enter.
ENTRY_MESSAGES = {
    "unknown": gettext_lazy("Không hiểu “%s”: hãy gõ số thứ tự tên trên phiếu."),
    "range": gettext_lazy("Số %s không có trên phiếu."),
    "twice": gettext_lazy("Số %s được gõ hai lần."),
    "letter": gettext_lazy("Ký hiệu “%s” không hợp lệ (lỗi phiếu: d, t, v, r)."),
    "suffix": gettext_lazy("Phiếu gạch tên: chỉ gõ số, không gõ “%s”."),
    "mark": gettext_lazy("“%s”: sau số chỉ dùng k, c, o."),
    "all_and_numbers": gettext_lazy("“*” đã gạch hết tên: không gõ thêm số."),
    "struck": gettext_lazy("gạch %s tên, giữ lại %s"),
    "too_many": gettext_lazy("giữ lại nhiều hơn số cần bầu"),
    "disagree": gettext_lazy("%s tên không đồng ý"),
    "not_official": gettext_lazy("không có dấu"),
    "added_name": gettext_lazy("ghi thêm tên"),
    "extra_writing": gettext_lazy("viết thêm"),
    "torn_or_unreadable": gettext_lazy("rách, không đọc được"),
    "task_changed": gettext_lazy(
        "Có yêu cầu mới: %s. Dòng đang gõ thuộc phiếu trước sẽ bị từ chối — "
        "xóa dòng (Esc) để chuyển sang phiếu đó."
    ),
}


def _entry_context(
    round_: Round,
    user: User,
    *,
    whole_page: bool = True,
    keyed: int | None = None,
    rereads: dict[int, int] | None = None,
    confirmed: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """`keyed`: the first reading the typist has just recorded (its paper number): then their
    next first reading is the one after it, without asking the database; `rereads`: the
    papers to re-read, as the entry just found them; `confirmed`: the round's confirmed
    papers, likewise."""
    # The names are printed once with the page; the fragments answered to each Enter do
    # not repeat them (the answer to an entry is on every typist's critical path).
    names = queries_entry.ballot_names(round_) if whole_page else []
    is_open = round_.status == RoundStatus.OPEN
    task: queries.Task | None = None
    if is_open and keyed is not None:
        task = queries.next_task_for(round_, user, rereads, last_first_reading=keyed)
        counts = queries_entry.entry_counts(round_, user, task, confirmed)
    elif is_open:
        task, counts = queries_entry.typist_task(round_, user)
    else:
        counts = queries_entry.entry_counts(round_, user)
    all_keyed = task is not None and task.revision == 0 and task.seq > round_.ballots_issued
    context: dict[str, Any] = {
        "round": round_,
        "election": round_.election if whole_page else None,  # fragments do not show it
        "names": names,
        "entry_messages": (
            {key: str(text) for key, text in ENTRY_MESSAGES.items()} if whole_page else {}
        ),
        "task": task,
        "is_open": is_open,
        "all_keyed": all_keyed,
        "counts": counts,
        "strike": round_.ballot_style == BallotStyle.STRIKE,
        "line": "",
        "confirmation": "",
        "error": "",
        "unsaved": "",
    }
    context.update(extra)
    return context


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """A typist keys paper ballots one by one; Enter posts the line (HTMX) and the answer is
    the form for the next ballot, with what was recorded or why nothing was."""
    if request.method == "POST":
        return _entry_post(request, pk)
    round_ = access.get_round_for_typist(request.user, pk)
    if request.htmx:
        context = _entry_context(round_, request.user, whole_page=False)
        return render(request, "elections/entry.html#entry-form", context)
    return render(request, "elections/entry.html", _entry_context(round_, request.user))


def _entry_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The action checks that the user is one of the round's typists as it locks the round
    (NotATypist: 404, as for any page), so an entry reads the round only once."""
    seq, revision = _int(request.POST.get("seq")), _int(request.POST.get("revision"))
    line = request.POST.get("line", "")
    try:
        outcome = actions.enter_ballot(
            pk, seq=seq, revision=revision, line=line, acting_user=request.user
        )
    except actions.NotATypist:
        raise NotFoundForUser() from None
    except ElectionActionError as error:
        round_ = access.get_round_for_typist(request.user, pk)  # its status as it is now
        context = _entry_context(
            round_, request.user, whole_page=not request.htmx, error=str(error)
        )
        task = context["task"]
        # Keep what was typed only while it still belongs to the ballot on screen; after a
        # double submit or a re-read order it would be posted as another paper's entry.
        if task is not None and (task.seq, task.revision) == (seq, revision):
            context["line"] = line
        else:
            context["unsaved"] = line
        status = 200 if request.htmx else 400
    else:
        round_ = outcome.round
        reading = rules.describe(outcome.ballot, names=outcome.names, style=round_.ballot_style)
        label = _("Phiếu số %(seq)s") % {"seq": grouped(seq)}
        if revision:
            label += " " + _("(đọc lại)")
        confirmation = f"{label}: {reading}"
        if outcome.confirmed is not None:
            confirmation += " — " + _("các máy đã khớp, phiếu được xác nhận")
        context = _entry_context(
            round_,
            request.user,
            whole_page=not request.htmx,
            keyed=seq if revision == 0 else None,
            rereads=outcome.rereads,
            confirmed=outcome.confirmed_in_round,
            confirmation=confirmation,
        )
        status = 200
    if not request.htmx:
        return render(request, "elections/entry.html", context, status=status)
    # The form for the next paper, and the counts line swapped out of band with it.
    html = render_to_string("elections/entry.html#entry-form", context, request)
    html += render_to_string("elections/entry.html#entry-status", {**context, "oob": True}, request)
    return HttpResponse(html, status=status)


@login_required
def entry_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the entry page: the counts, and the ballot the typist must key now (so the
    page switches to a re-read the head just ordered)."""
    round_ = access.get_round_for_typist(request.user, pk)
    context = _entry_context(round_, request.user, whole_page=False)
    return render(request, "elections/entry.html#entry-status", context)


# --- The head's console -------------------------------------------------------------------------
def _console_context(request: HttpRequest, round_: Round, **extra: Any) -> dict[str, Any]:
    election = round_.election
    is_head = access.is_head(request.user, election)
    is_open = round_.status == RoundStatus.OPEN
    context: dict[str, Any] = {
        "round": round_,
        "election": election,
        "is_head": is_head,
        "is_open": is_open,
        "notice": "",
        "error": "",
    }
    if is_open:
        names = queries_entry.ballot_names(round_)
        typists = queries_entry.typists_of(round_)
        state = queries.progress(round_)
        labels = {t.user_id: t for t in typists}
        keyed = [state.keyed_by_typist.get(t.user_id, 0) for t in typists]
        context.update(
            names=names,
            typists=typists,
            progress=state,
            typist_progress=[
                (t, n, _share(n, round_.ballots_issued))
                for t, n in zip(typists, keyed, strict=True)
            ],
            confirmed_share=_share(state.confirmed, round_.ballots_issued),
            conflicts=queries_entry.conflict_rows(round_, state.conflicts, typists, len(names)),
            waiting=[
                (
                    s,
                    [labels[t] for t in sorted(s.keyed_by) if t in labels],
                    [t for t in typists if t.user_id not in s.keyed_by],
                )
                for s in state.waiting
            ],
            totals=queries_entry.totals_rows(round_, names, typists),
            uneven=len(set(keyed)) > 1,
            problems=queries.closing_problems(round_, state),
            strike=round_.ballot_style == BallotStyle.STRIKE,
        )
    context.update(extra)
    return context


def _share(part: int, whole: int) -> int:
    return min(100, round(100 * part / whole)) if whole else 0


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for_committee(request.user, pk)
    return render(request, "elections/console.html", _console_context(request, round_))


@login_required
def console_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The live part of the console, polled every 2 seconds."""
    round_ = access.get_round_for_committee(request.user, pk)
    return render(request, "elections/console.html#console-live", _console_context(request, round_))


def _console_answer(
    request: HttpRequest, round_: Round, *, notice: str = "", error: str = ""
) -> HttpResponse:
    if request.htmx:
        context = _console_context(request, round_, notice=notice, error=error)
        return render(request, "elections/console.html#console-live", context)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("elections:console", pk=round_.pk)


@login_required
@require_POST
def reread(request: HttpRequest, pk: int) -> HttpResponse:
    """The head orders a paper ballot read again; every typist keys it anew."""
    round_ = access.get_round_for_head(request.user, pk)
    seq = _int(request.POST.get("seq"))
    try:
        actions.request_reread(round_, seq=seq, acting_user=request.user)
    except ElectionActionError as error:
        return _console_answer(request, round_, error=str(error))
    notice = _("Đã yêu cầu đọc lại phiếu số %(seq)s: mọi máy nhập lại phiếu này.") % {
        "seq": grouped(seq)
    }
    return _console_answer(request, round_, notice=notice)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """The head closes the round: daihoi.counting counts the confirmed ballots."""
    round_ = access.get_round_for_head(request.user, pk)
    try:
        actions.close_round(round_, acting_user=request.user)
    except ElectionActionError as error:
        round_.refresh_from_db(fields=["status"])
        return _console_answer(request, round_, error=str(error))
    messages.success(request, _("Đã kết thúc lần bầu và tính kết quả."))
    url = reverse("elections:round", args=[round_.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- The round and its result ------------------------------------------------------------------
OUTCOMES = {
    "elected": (gettext_lazy("Trúng cử"), "text-bg-success"),
    "not_elected": (gettext_lazy("Không trúng cử"), "text-bg-secondary"),
    "tied": (gettext_lazy("Bằng phiếu — bầu lại"), "text-bg-warning"),
    "alternate": (gettext_lazy("Dự khuyết"), "text-bg-info"),
}
INVALID_REASONS = {
    "not_official": gettext_lazy("Không phải phiếu do đại hội phát ra"),
    "too_many_kept": gettext_lazy("Để lại nhiều hơn số lượng cần bầu"),
    "all_struck": gettext_lazy("Gạch hết tên"),
    "added_name": gettext_lazy("Ghi thêm tên ngoài danh sách"),
    "extra_writing": gettext_lazy("Có viết thêm, ký hiệu"),
    "torn_or_unreadable": gettext_lazy("Rách, không đọc được"),
    "no_valid_mark": gettext_lazy("Không có dấu hợp lệ ở ô đồng ý/không đồng ý"),
}
# Documents built elsewhere (urls_documents.py), linked when they exist: (URL name, label,
# whose pk the URL takes, whether it needs the result).
DOCUMENTS = [
    ("elections:ballot_pdf", gettext_lazy("Phiếu bầu (PDF)"), "round", False),
    ("elections:journal", gettext_lazy("Nhật ký nhập phiếu"), "round", False),
    ("elections:journal_pdf", gettext_lazy("Nhật ký nhập phiếu (PDF)"), "round", False),
    ("elections:minutes_docx", gettext_lazy("Biên bản kiểm phiếu (.docx)"), "round", True),
    ("elections:minutes_pdf", gettext_lazy("Biên bản kiểm phiếu (PDF)"), "round", True),
    ("elections:count_json", gettext_lazy("Dữ liệu kiểm phiếu (daihoi.count/1)"), "round", True),
    ("elections:results_xlsx", gettext_lazy("Kết quả (.xlsx)"), "election", True),
    ("elections:results_pptx", gettext_lazy("Trình chiếu (.pptx)"), "election", True),
    ("elections:display", gettext_lazy("Màn hình hội trường"), "election", True),
]


def _document_links(round_: Round) -> list[tuple[str, str]]:
    closed = round_.status == RoundStatus.CLOSED
    links = []
    for name, label, owner, needs_result in DOCUMENTS:
        if needs_result and not closed:
            continue
        pk = round_.pk if owner == "round" else round_.election_id
        if url := _url_if_exists(name, pk):
            links.append((str(label), url))
    return links


def _next_in_words(result: dict[str, Any], names: dict[str, str]) -> str:
    step = result["next"]
    unfilled = result["seats_unfilled"]
    if step == "revote_tied":
        tied = ", ".join(names.get(i, i) for i in result["tied"])
        return _(
            "Các đồng chí %(tied)s bằng phiếu ở vị trí cuối: bầu lại giữa những đồng chí này "
            "cho %(n)s chỉ tiêu còn lại."
        ) % {"tied": tied, "n": unfilled}
    if step == "further_round_allowed":
        return _("Còn thiếu %(n)s chỉ tiêu: đại hội quyết định bầu tiếp hoặc để trống.") % {
            "n": unfilled
        }
    if step == "appointment_by_upper_committee":
        return _("Bầu ba lần chưa có đồng chí nào trúng cử: cấp ủy cấp trên chỉ định.")
    return _("Đã bầu đủ số lượng cần bầu.")


def _result_context(round_: Round) -> dict[str, Any]:
    result = round_.result or {}
    names = {c["id"]: c["name"] for c in result.get("candidates", [])}
    votes = {c["id"]: c["votes"] for c in result.get("candidates", [])}
    ballots = result["ballots"]
    return {
        "ballots": ballots,
        "threshold": result["threshold"],
        "invalid_reasons": [
            (INVALID_REASONS.get(reason, reason), n)
            for reason, n in ballots["invalid_by_reason"].items()
            if n
        ],
        "candidates": [
            {
                "name": c["name"],
                "votes": c["votes"],
                "share_of_base": vi_percent(c["share_of_base"]),
                "share_of_valid": vi_percent(c["share_of_valid"]),
                "outcome": OUTCOMES.get(c["outcome"], (c["outcome"], "text-bg-light")),
                "elected": c["outcome"] == "elected",
            }
            for c in result["candidates"]
        ],
        "elected": [(names.get(i, i), votes.get(i, 0)) for i in result["elected"]],
        "tied": [names.get(i, i) for i in result["tied"]],
        "seats_unfilled": result["seats_unfilled"],
        "next_words": _next_in_words(result, names),
        "protocol": result["protocol"],
        "regulation": result["regulation"]["profile"],
    }


def _may_plan(user: User, round_: Round) -> bool:
    """Who opens the next round or finishes the election: the managing department or the
    head of the counting committee."""
    return access.can_manage(user, round_.election) or access.is_head(user, round_.election)


def _plan_context(request: HttpRequest, round_: Round, form: NextRoundForm | None = None):
    election = round_.election
    if not (
        round_.status == RoundStatus.CLOSED
        and election.status != ElectionStatus.DONE
        and _may_plan(request.user, round_)
        and queries_entry.is_latest_round(round_)
    ):
        return {}
    plan = queries_entry.next_round_plan(round_)
    if plan.kind == "round" and form is None:
        form = _next_round_form(round_, plan)
    return {"plan": plan, "next_form": form, "live_base": delegates_bridge.live_base(round_.election)}


def _next_round_form(round_: Round, plan: queries_entry.NextRoundPlan, data: Any = None):
    initial = {
        "purpose": plan.purpose,
        "seats": plan.seats,
        "candidates": [c.pk for c in plan.candidates],
        "convened": round_.convened,
        "present": round_.present,
        "ballots_issued": round_.ballots_issued,
        "typists": list(round_.typists.values_list("id", flat=True)),
        **NextRoundForm.initial_exclusions(round_.exclusions),
    }
    live = delegates_bridge.live_base(round_.election)
    if live is not None:
        initial["ballots_issued"] = live.figures.present
    form = NextRoundForm(
        data,
        initial=initial,
        candidates=plan.candidates,
        typists=queries_entry.election_typists(round_.election),
        exclusion_rows=len(round_.exclusions) + EXTRA_EXCLUSION_ROWS,
        live_base=live is not None,
    )
    form.fields["purpose"].choices = [
        (value, label) for value, label in RoundPurpose.choices if value == plan.purpose
    ]
    return form


def _round_context(request: HttpRequest, round_: Round, **extra: Any) -> dict[str, Any]:
    election = round_.election
    user = request.user
    roles = access.staff_roles(user, election)
    context: dict[str, Any] = {
        "round": round_,
        "election": election,
        "rounds": list(election.rounds.values("pk", "number", "status")),
        "is_typist": round_.status == RoundStatus.OPEN
        and round_.typists.filter(pk=user.pk).exists(),
        "is_committee": bool(roles & {StaffRole.HEAD, StaffRole.MEMBER})
        or access.can_manage(user, election),
        "documents": _document_links(round_),
        "election_url": _url_if_exists("elections:detail", election.pk),
        "unfinished_error": "",
    }
    if round_.status == RoundStatus.CLOSED:
        context.update(_result_context(round_), anchor=queries.closing_anchor(round_))
    else:
        context["confirmed"] = queries_entry.entry_counts(round_, user).confirmed
    context.update(_plan_context(request, round_, extra.pop("next_form", None)))
    context.update(extra)
    return context


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_visible_round(request.user, pk)
    return render(request, "elections/round.html", _round_context(request, round_))


def _round_for_planner(user: User, pk: int) -> Round:
    round_ = access.get_visible_round(user, pk)
    if not _may_plan(user, round_):
        raise NotFoundForUser()
    return round_


@login_required
@require_POST
def next_round(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the round that follows this one, as the congress decided."""
    round_ = _round_for_planner(request.user, pk)
    plan_context = _plan_context(request, round_)
    plan = plan_context.get("plan")
    if plan is None or plan.kind != "round":
        raise NotFoundForUser()
    form = _next_round_form(round_, plan, request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        chosen = [c for c in plan.candidates if c.pk in set(data["candidates"])]
        typists = list(User.objects.filter(pk__in=data["typists"]).order_by("pk"))
        try:
            opened = actions.open_round(
                round_.election,
                acting_user=request.user,
                figures=actions.BaseFigures(
                    convened=data["convened"] or 0,
                    present=data["present"] or 0,
                    ballots_issued=data["ballots_issued"],
                    exclusions=form.exclusions(),
                ),
                typists=typists,
                purpose=data["purpose"],
                candidates=chosen,
                seats=data["seats"],
            )
        except ElectionActionError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Đã mở lần bầu %(n)s.") % {"n": opened.number})
            return redirect("elections:round", pk=opened.pk)
    context = _round_context(request, round_, next_form=form, next_error=error)
    return render(request, "elections/round.html", context, status=400)


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    """No further round: the election is complete."""
    round_ = _round_for_planner(request.user, pk)
    try:
        actions.finish_election(round_.election, acting_user=request.user)
    except ElectionActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã hoàn thành cuộc bầu cử."))
    return redirect("elections:round", pk=round_.pk)

"""Counting one round: `count_round(CountInput) -> CountResult`.

Classification (rules.md §5), threshold (§6), selection (§6), shares (§8) and the protocol,
exactly once, for the CLI (`daihoi count`), the web workflow and the scanner alike.
A strike ballot is tallied by the names it strikes (a vote less for each), and the common
ballot — no defect, 1 to `seats` names kept — goes past the validity rules without asking
them, so a national round (1,586 ballots, 203 names) counts in about the time of one pass
summing its kept names (bench/count.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

from daihoi.counting.ballots import (
    REASON_LABELS,
    Ballot,
    BallotStyle,
    Defect,
    InvalidReason,
    Mark,
    invalid_reason,
)
from daihoi.counting.election import Body, Candidate, CountInput, Election, OrganizationKind
from daihoi.counting.errors import CountInputError
from daihoi.counting.names import clean, name_key
from daihoi.counting.protocol import ProtocolStep, StepCode, step
from daihoi.counting.regulation import PROFILES, Regulation
from daihoi.counting.selection import NextStep, Outcome, Selection, select
from daihoi.counting.shares import percent
from daihoi.counting.threshold import Meeting, Threshold, threshold

_USABLE = (Mark.AGREE, Mark.DISAGREE)


@dataclass(frozen=True)
class BallotSummary:
    received: int
    valid: int
    invalid: int
    #: Every reason of InvalidReason, in contract order, zero included.
    invalid_by_reason: Mapping[InvalidReason, int]


@dataclass(frozen=True)
class CandidateResult:
    id: str
    name: str
    votes: int
    share_of_base: str
    share_of_valid: str
    outcome: Outcome


@dataclass(frozen=True)
class CountResult:
    """The `daihoi.count-result/1` contract as Python objects (jsonio renders it)."""

    regulation: Regulation
    ballots: BallotSummary
    threshold: Threshold
    #: In ballot order.
    candidates: tuple[CandidateResult, ...]
    #: By votes, highest first.
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    seats_unfilled: int
    next: NextStep
    protocol: tuple[ProtocolStep, ...]
    #: Only with the switch passing_delegates_become_alternates (outcome "alternate").
    alternates: tuple[str, ...] = ()


@dataclass
class _Tally:
    valid: int = 0
    invalid: Counter[InvalidReason] = field(default_factory=Counter)
    votes: dict[str, int] = field(default_factory=dict)
    kept_total: int = 0
    partial: int = 0
    #: Ballots kept valid because a switch turned an invalid case off, by switch name.
    valid_by_switch: Counter[str] = field(default_factory=Counter)


def ballot_order(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Candidates in the order they stand on the ballot (rules.md §4), then by id."""
    return sorted(candidates, key=lambda c: (name_key(c.name, c.birth_date), c.id))


# ---------------------------------------------------------------------------------------
# Validation: the same checks for JSON input and for Python callers.


def _check_election(election: Election) -> None:
    checks = (
        ("seats", election.seats, 1),
        ("convened", election.convened, 0),
        ("not_counted_in_base", election.not_counted_in_base, 0),
        ("round", election.round, 1),
        ("alternate_seats", election.alternate_seats, 0),
    )
    for name, value, least in checks:
        if value < least:
            raise CountInputError(f"election.{name}", f"phải là số nguyên từ {least} trở lên")
    if election.alternate_seats and election.body is not Body.UPPER_DELEGATES:
        raise CountInputError(
            "election.alternate_seats",
            "chỉ dùng trong vòng bầu đại biểu chính thức (body = upper_delegates)",
        )


def _check_candidates(candidates: Sequence[Candidate]) -> None:
    if not candidates:
        raise CountInputError("candidates", "danh sách ứng cử viên trống")
    seen: set[str] = set()
    for i, candidate in enumerate(candidates):
        if not candidate.id:
            raise CountInputError(f"candidates[{i}].id", "mã ứng cử viên không được để trống")
        if candidate.id in seen:
            raise CountInputError(
                f"candidates[{i}].id", f'mã ứng cử viên "{candidate.id}" bị trùng'
            )
        if not candidate.name.strip():
            raise CountInputError(f"candidates[{i}].name", "họ tên không được để trống")
        seen.add(candidate.id)


def _check_ids(where: str, ids: Sequence[str], known: frozenset[str]) -> None:
    """Name the first unknown id, else the first id given twice (one of them is wrong)."""
    unknown = [cid for cid in ids if cid not in known]
    if unknown:
        raise CountInputError(where, f'mã ứng cử viên "{unknown[0]}" không có trong danh sách')
    twice = next(cid for i, cid in enumerate(ids) if cid in ids[:i])
    raise CountInputError(where, f'mã ứng cử viên "{twice}" được ghi hai lần')


def _check_ballot(i: int, ballot: Ballot, style: BallotStyle, known: frozenset[str]) -> None:
    where = f"ballots[{i}]"
    if ballot.count < 1:
        raise CountInputError(f"{where}.count", "số phiếu giống nhau phải từ 1 trở lên")
    if len(set(ballot.defects)) != len(ballot.defects):
        raise CountInputError(f"{where}.defects", "một lỗi được ghi hai lần")
    if style is BallotStyle.STRIKE:
        if ballot.marks:
            raise CountInputError(
                f"{where}.marks", "phiếu gạch tên (strike) không có ô đồng ý/không đồng ý"
            )
        struck = set(ballot.struck)
        if len(struck) != len(ballot.struck) or not struck <= known:
            _check_ids(f"{where}.struck", ballot.struck, known)
    else:
        if ballot.struck:
            raise CountInputError(
                f"{where}.struck", "phiếu đồng ý/không đồng ý không gạch tên; dùng marks"
            )
        if not ballot.marks.keys() <= known:
            _check_ids(f"{where}.marks", list(ballot.marks), known)


def validate(count_input: CountInput) -> None:
    """Raise CountInputError, naming the field, for input the rules cannot count."""
    election = count_input.election
    _check_election(election)
    _check_candidates(count_input.candidates)
    known = frozenset(c.id for c in count_input.candidates)
    received = 0
    for i, ballot in enumerate(count_input.ballots):
        _check_ballot(i, ballot, election.ballot_style, known)
        received += ballot.count
    if received > election.convened:
        raise CountInputError(
            "ballots",
            f"số phiếu thu vào ({received}) nhiều hơn số được triệu tập ({election.convened})",
        )


# ---------------------------------------------------------------------------------------
# Classification and tally.


def _note_switched_off(tally: _Tally, defects: Sequence[Defect], count: int) -> None:
    if Defect.ADDED_NAME in defects:
        tally.valid_by_switch["added_name_is_invalid"] += count
    if Defect.EXTRA_WRITING in defects:
        tally.valid_by_switch["extra_writing_is_invalid"] += count


def _tally_strike(count_input: CountInput, ids: Sequence[str]) -> _Tally:
    election, switches = count_input.election, count_input.regulation.switches
    names, seats = len(ids), election.seats
    has_surplus = names > seats
    tally = _Tally()
    valid_struck: list[tuple[tuple[str, ...], int]] = []
    for ballot in count_input.ballots:
        count, kept = ballot.count, names - len(ballot.struck)
        # The common ballot (no defect, 1 to `seats` names kept) is valid: no rule to ask.
        if ballot.defects or not 0 < kept <= seats:
            all_struck = has_surplus and kept == 0
            reason = invalid_reason(
                defects=ballot.defects,
                kept_count=kept,
                all_struck=all_struck,
                no_usable_mark=False,
                seats=seats,
                switches=switches,
            )
            if reason:
                tally.invalid[reason] += count
                continue
            if all_struck:
                tally.valid_by_switch["all_struck_is_invalid"] += count
            _note_switched_off(tally, ballot.defects, count)
        tally.valid += count
        tally.kept_total += kept * count
        valid_struck.append((ballot.struck, count))
    # Each name struck on a valid ballot is a vote less; Counter counts in C.
    struck_on_valid = Counter(
        chain.from_iterable(chain.from_iterable(repeat(s, n) for s, n in valid_struck))
    )
    tally.votes = {cid: tally.valid - struck_on_valid[cid] for cid in ids}
    return tally


def _tally_agree_disagree(count_input: CountInput, ids: Sequence[str]) -> _Tally:
    election, switches = count_input.election, count_input.regulation.switches
    tally = _Tally()
    votes: Counter[str] = Counter()
    for ballot in count_input.ballots:
        count = ballot.count
        agreed = [cid for cid, mark in ballot.marks.items() if mark is Mark.AGREE]
        usable = sum(1 for mark in ballot.marks.values() if mark in _USABLE)
        reason = invalid_reason(
            defects=ballot.defects,
            kept_count=len(agreed),
            all_struck=False,
            no_usable_mark=usable == 0,
            seats=election.seats,
            switches=switches,
        )
        if reason:
            tally.invalid[reason] += count
            continue
        tally.valid += count
        tally.kept_total += len(agreed) * count
        for cid in agreed:
            votes[cid] += count
        if usable == 0:
            tally.valid_by_switch["no_valid_mark_is_invalid"] += count
        elif usable < len(ids):
            tally.partial += count
        _note_switched_off(tally, ballot.defects, count)
    tally.votes = {cid: votes[cid] for cid in ids}
    return tally


# ---------------------------------------------------------------------------------------
# The round.


@dataclass(frozen=True)
class _Decision:
    selection: Selection
    votes_needed: int
    alternates: tuple[str, ...]
    alternates_tied: tuple[str, ...]
    tie_dropped: tuple[str, ...]
    next: NextStep


def _is_chi_bo_secretary(election: Election) -> bool:
    return election.organization_kind is OrganizationKind.CHI_BO and election.body is Body.SECRETARY


def _effective_need(count_input: CountInput, need: int) -> int:
    election, switches = count_input.election, count_input.regulation.switches
    if election.tie_revote and not switches.tie_revote_needs_threshold:
        return 1
    if election.body is Body.UPPER_ALTERNATES and not switches.alternates_need_threshold:
        return 1
    return need


def _decide(
    count_input: CountInput, ids: Sequence[str], votes: Mapping[str, int], threshold_need: int
) -> _Decision:
    election, switches = count_input.election, count_input.regulation.switches
    need = _effective_need(count_input, threshold_need)
    selection = select([(cid, votes[cid]) for cid in ids], election.seats, need)
    tie_dropped: tuple[str, ...] = ()
    if selection.tied and not switches.tie_revote_among_tied:
        tie_dropped = selection.tied
    alternates: tuple[str, ...] = ()
    alternates_tied: tuple[str, ...] = ()
    if (
        election.body is Body.UPPER_DELEGATES
        and switches.passing_delegates_become_alternates
        and election.alternate_seats
        and not selection.tied
    ):
        alt_need = threshold_need if switches.alternates_need_threshold else 1
        pool = [(cid, votes[cid]) for cid in ids if cid not in selection.elected]
        absorbed = select(pool, election.alternate_seats, alt_need)
        alternates, alternates_tied = absorbed.elected, absorbed.tied
    if _is_chi_bo_secretary(election) and election.round >= 3 and selection.seats_unfilled:
        tie_dropped = selection.tied
        next_step = NextStep.APPOINTMENT_BY_UPPER_COMMITTEE
    elif selection.tied and not tie_dropped:
        next_step = NextStep.REVOTE_TIED
    elif selection.seats_unfilled:
        next_step = NextStep.FURTHER_ROUND_ALLOWED
    else:
        next_step = NextStep.DONE
    return _Decision(selection, need, alternates, alternates_tied, tie_dropped, next_step)


def count_round(count_input: CountInput) -> CountResult:
    """Count one round of one election (the `daihoi.count/1` contract, parsed)."""
    validate(count_input)
    election = count_input.election
    limit = threshold(election.convened, election.not_counted_in_base, election.meeting)
    candidates = ballot_order(count_input.candidates)
    ids = [c.id for c in candidates]
    if election.ballot_style is BallotStyle.STRIKE:
        tally = _tally_strike(count_input, ids)
    else:
        tally = _tally_agree_disagree(count_input, ids)
    decision = _decide(count_input, ids, tally.votes, limit.votes_needed)
    selection = decision.selection
    tied = () if decision.tie_dropped else selection.tied
    outcomes = {cid: Outcome.ELECTED for cid in selection.elected}
    outcomes.update({cid: Outcome.ALTERNATE for cid in decision.alternates})
    outcomes.update({cid: Outcome.TIED for cid in tied})
    invalid = sum(tally.invalid.values())
    summary = BallotSummary(
        received=tally.valid + invalid,
        valid=tally.valid,
        invalid=invalid,
        invalid_by_reason={reason: tally.invalid[reason] for reason in InvalidReason},
    )
    results = tuple(
        CandidateResult(
            id=c.id,
            name=clean(c.name),
            votes=tally.votes[c.id],
            share_of_base=percent(tally.votes[c.id], limit.base),
            share_of_valid=percent(tally.votes[c.id], tally.valid),
            outcome=outcomes.get(c.id, Outcome.NOT_ELECTED),
        )
        for c in candidates
    )
    protocol = _protocol(count_input, summary, tally, limit, decision, results)
    return CountResult(
        regulation=count_input.regulation,
        ballots=summary,
        threshold=limit,
        candidates=results,
        elected=selection.elected,
        tied=tied,
        seats_unfilled=selection.seats_unfilled,
        next=decision.next,
        protocol=protocol,
        alternates=decision.alternates,
    )


# ---------------------------------------------------------------------------------------
# The protocol.


def _listing(ids: Sequence[str], by_id: Mapping[str, CandidateResult]) -> str:
    return ", ".join(f"{by_id[cid].name} ({by_id[cid].votes})" for cid in ids)


def _regulation_step(regulation: Regulation) -> ProtocolStep:
    defaults = PROFILES[regulation.profile].switches.as_dict()
    changed = [
        f"{name} = {str(value).lower()}"
        for name, value in regulation.switches.as_dict().items()
        if defaults[name] != value
    ]
    detail = f"Hồ sơ quy chế {regulation.profile}; " + (
        "công tắc khác mặc định: " + ", ".join(changed) if changed else "các công tắc theo mặc định"
    )
    return step(StepCode.REGULATION, regulation.articles.regulation, detail)


_SWITCHED_OFF = {
    "all_struck_is_invalid": "gạch hết tên",
    "added_name_is_invalid": "ghi thêm tên",
    "extra_writing_is_invalid": "viết thêm",
    "no_valid_mark_is_invalid": "không có tên nào được đánh dấu hợp lệ",
}


def _validity_detail(summary: BallotSummary, tally: _Tally) -> str:
    detail = f"Hợp lệ: {summary.valid}; không hợp lệ: {summary.invalid}"
    reasons = [
        f"{REASON_LABELS[reason]}: {n}" for reason, n in summary.invalid_by_reason.items() if n
    ]
    if reasons:
        detail += " (" + "; ".join(reasons) + ")"
    for switch, what in _SWITCHED_OFF.items():
        n = tally.valid_by_switch[switch]
        if not n:
            continue
        detail += f". {n} phiếu {what} vẫn hợp lệ theo công tắc {switch} = false"
    return detail + "."


def _selection_detail(
    election: Election, decision: _Decision, by_id: Mapping[str, CandidateResult]
) -> str:
    passing = sum(1 for r in by_id.values() if r.votes >= decision.votes_needed)
    detail = (
        f"Đạt từ {decision.votes_needed} phiếu trở lên: {passing} người"
        f" cho {election.seats} chỉ tiêu. "
    )
    elected = decision.selection.elected
    if elected:
        return detail + "Trúng cử (theo số phiếu): " + _listing(elected, by_id) + "."
    return detail + "Không ai trúng cử."


def _conclusion(
    count_input: CountInput, decision: _Decision, by_id: Mapping[str, CandidateResult]
) -> ProtocolStep:
    election, articles = count_input.election, count_input.regulation.articles
    unfilled = decision.selection.seats_unfilled
    if decision.next is NextStep.DONE:
        return step(StepCode.CONCLUSION, articles.ranking, f"Đã bầu đủ {election.seats} chỉ tiêu.")
    if decision.next is NextStep.REVOTE_TIED:
        return step(
            StepCode.CONCLUSION,
            articles.tie,
            f"Bầu lại giữa {_listing(decision.selection.tied, by_id)}"
            f" cho {unfilled} chỉ tiêu còn lại.",
        )
    if decision.next is NextStep.APPOINTMENT_BY_UPPER_COMMITTEE:
        return step(
            StepCode.CONCLUSION,
            articles.chi_bo_secretary,
            f"Vòng {election.round}: chi bộ vẫn không bầu được bí thư; cấp ủy cấp trên trực tiếp"
            " chỉ định bí thư chi bộ.",
        )
    if _is_chi_bo_secretary(election):
        return step(
            StepCode.CONCLUSION,
            articles.chi_bo_secretary,
            f"Chưa bầu được bí thư (vòng {election.round}); chi bộ bầu lại. Sau vòng thứ ba"
            " vẫn không bầu được thì cấp ủy cấp trên chỉ định.",
        )
    if election.body is Body.SECRETARY and election.meeting is not Meeting.COMMITTEE:
        return step(
            StepCode.CONCLUSION,
            articles.direct_secretary,
            "Đại hội không bầu được bí thư trực tiếp; việc bầu bí thư chuyển về hội nghị"
            " ban chấp hành khóa mới.",
        )
    if election.body in (Body.UPPER_DELEGATES, Body.UPPER_ALTERNATES):
        return step(
            StepCode.CONCLUSION,
            articles.delegates,
            f"Còn thiếu {unfilled} chỉ tiêu: bầu tiếp; sau nhiều lần bầu, đại hội quyết định"
            " có bầu tiếp và có bổ sung người mới vào danh sách hay không.",
        )
    return step(
        StepCode.CONCLUSION,
        articles.further_round,
        f"Còn thiếu {unfilled} chỉ tiêu: đoàn chủ tịch đề xuất, đại hội quyết định bầu tiếp"
        " hoặc để trống.",
    )


def _alternates_step(
    count_input: CountInput, decision: _Decision, by_id: Mapping[str, CandidateResult]
) -> ProtocolStep:
    election = count_input.election
    if decision.selection.tied:
        detail = "Chưa đủ đại biểu chính thức (bằng phiếu): chưa lấy dự khuyết."
    elif decision.alternates:
        detail = (
            "Những người còn lại đạt quá một nửa được lấy làm đại biểu dự khuyết theo thứ tự"
            f" số phiếu, nếu đại hội đồng ý: {_listing(decision.alternates, by_id)}."
        )
    else:
        detail = "Không còn ai đạt quá một nửa để lấy làm đại biểu dự khuyết."
    if decision.alternates_tied:
        detail += (
            f" {_listing(decision.alternates_tied, by_id)} bằng phiếu ở vị trí dự khuyết cuối:"
            " đưa vào vòng bầu đại biểu dự khuyết."
        )
    left = election.alternate_seats - len(decision.alternates)
    if left:
        detail += f" Còn {left} chỉ tiêu dự khuyết bầu ở vòng bầu đại biểu dự khuyết."
    return step(StepCode.ALTERNATES, count_input.regulation.articles.delegates, detail)


def _protocol(
    count_input: CountInput,
    summary: BallotSummary,
    tally: _Tally,
    limit: Threshold,
    decision: _Decision,
    results: Sequence[CandidateResult],
) -> tuple[ProtocolStep, ...]:
    election = count_input.election
    switches, articles = count_input.regulation.switches, count_input.regulation.articles
    by_id = {r.id: r for r in results}
    steps = [
        _regulation_step(count_input.regulation),
        step(
            StepCode.BALLOTS_RECEIVED,
            articles.counting_committee,
            f"Vòng {election.round}: thu vào {summary.received} phiếu; số được triệu tập"
            f" {election.convened}.",
        ),
        step(StepCode.VALIDITY, articles.validity, _validity_detail(summary, tally)),
    ]
    if tally.partial:
        steps.append(
            step(
                StepCode.PARTIAL_MARKS,
                articles.partial_marks,
                f"{tally.partial} phiếu hợp lệ có người được đánh dấu cả hai ô hoặc không ô nào:"
                " những người đó không được tính phiếu từ các phiếu này.",
            )
        )
    steps += [
        step(StepCode.THRESHOLD, articles.threshold, limit.base_rule + "."),
        step(
            StepCode.TALLY,
            articles.votes,
            f"Tổng số phiếu bầu cho các ứng cử viên trên {summary.valid} phiếu hợp lệ:"
            f" {tally.kept_total} (không vượt {summary.valid} × {election.seats}"
            f" = {summary.valid * election.seats}).",
        ),
        step(
            StepCode.SHARES,
            articles.shares,
            f"Tỷ lệ so với B = {limit.base} và so với {summary.valid} phiếu hợp lệ, tính chính"
            " xác, làm tròn nửa lên đến 2 chữ số thập phân.",
        ),
    ]
    if election.tie_revote:
        detail = (
            f"Vòng bầu lại vẫn phải đạt quá một nửa so với B: ít nhất {limit.votes_needed} phiếu."
            if switches.tie_revote_needs_threshold
            else "Theo công tắc tie_revote_needs_threshold = false: người nhiều phiếu hơn trúng"
            " cử (ít nhất 1 phiếu)."
        )
        steps.append(step(StepCode.TIE_REVOTE, articles.tie, detail))
    if election.body is Body.UPPER_ALTERNATES:
        detail = (
            f"Đại biểu dự khuyết xếp theo số phiếu; mỗi người phải đạt quá một nửa so với B:"
            f" ít nhất {limit.votes_needed} phiếu."
            if switches.alternates_need_threshold
            else "Theo công tắc alternates_need_threshold = false: đại biểu dự khuyết xếp theo"
            " số phiếu, không cần quá một nửa."
        )
        steps.append(step(StepCode.ALTERNATES_ROUND, articles.delegates, detail))
    steps.append(
        step(StepCode.SELECTION, articles.ranking, _selection_detail(election, decision, by_id))
    )
    tied = decision.selection.tied
    if tied:
        seats_left = decision.selection.seats_unfilled
        common = (
            f"{_listing(tied, by_id)} bằng phiếu, tranh {seats_left} chỉ tiêu còn lại: chưa ai"
            " trong số này trúng cử ở vòng này"
        )
        if decision.next is NextStep.APPOINTMENT_BY_UPPER_COMMITTEE:
            detail = common + "."
        elif decision.tie_dropped:
            detail = (
                common + "; theo công tắc tie_revote_among_tied = false, không bầu lại riêng"
                " giữa những người bằng phiếu."
            )
        else:
            detail = common + "; bầu lại giữa những người bằng phiếu."
        steps.append(step(StepCode.TIE, articles.tie, detail))
    if (
        election.body is Body.UPPER_DELEGATES
        and switches.passing_delegates_become_alternates
        and election.alternate_seats
    ):
        steps.append(_alternates_step(count_input, decision, by_id))
    steps.append(_conclusion(count_input, decision, by_id))
    return tuple(steps)

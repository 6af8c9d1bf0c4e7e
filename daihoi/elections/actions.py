"""The only code that writes elections. Every action is atomic and audited.

Ballot entry runs under a row lock on its round (select_for_update), so that concurrent
typists see each other's entries and a ballot is confirmed exactly once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core.audit import append_entry
from daihoi.core.formatting import grouped
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.counting.lists import floor_nominee, opinion_ballot_cut
from daihoi.elections import counting_bridge, delegates_bridge, entry_sql, queries, reporting, rules
from daihoi.elections import imports as candidate_imports
from daihoi.elections import list_queries as queries_list
from daihoi.elections.models import (
    BallotEntry,
    BallotStyle,
    BaseSource,
    Body,
    Candidate,
    CandidateSource,
    CandidateStatus,
    ConfirmedBallot,
    Election,
    ElectionStaff,
    ElectionStatus,
    PaperSize,
    RereadRequest,
    Round,
    RoundCandidate,
    RoundPurpose,
    RoundStatus,
    StaffRole,
)
from daihoi.elections.rules import KeyedBallot, KeyedBallotError, parse_keyed_line, same_name

NOT_LISTED = [CandidateStatus.WITHDRAWN, CandidateStatus.NOT_ADMITTED, CandidateStatus.CUT]


class ElectionActionError(ValueError):
    """A refused action; the message says why, in the user's language (Vietnamese unless they
    switched; translated at raise time). Nothing was written."""


def _locked_round(round_id: int) -> Round:
    return Round.objects.select_for_update().select_related("election").get(pk=round_id)


def _require_open(round_: Round) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ElectionActionError(_("Lần bầu này đã kết thúc: không thể thay đổi gì nữa."))


class NotATypist(ElectionActionError):
    """The round does not exist, or the user is not one of its typists: pages answer 404."""


@dataclass(frozen=True)
class EntryOutcome:
    round: Round  # as locked by the entry (its status is current)
    entry: BallotEntry
    ballot: KeyedBallot
    confirmed: ConfirmedBallot | None
    names: int = 0  # the names on the ballot (saves the entry page a query)
    # The papers to re-read as the entry found them (seq → revision): unchanged by an entry,
    # so the page's next task needs no second look.
    rereads: dict[int, int] = field(default_factory=dict)
    confirmed_in_round: int = 0  # papers confirmed in the round, this one included


@transaction.atomic
def enter_ballot(
    round_: Round | int, *, seq: int, revision: int, line: str, acting_user: User
) -> EntryOutcome:
    """Record what `acting_user` keyed for paper ballot `seq` of the round (or round id).
    Refuses a typist who is not one of the round's typists (NotATypist), a ballot this typist
    already keyed, a sequence number that is not the typist's next one, and a line that is
    not a ballot.

    This runs for every Enter of every typist, so it reads as little as it can: the round,
    its typists and its lock in one statement (which is also the check that the user is one
    of them: the entry page posts here without reading the round first); then what the entry
    checks and the other typists' entries of the paper in another; then it writes the entry,
    the confirmation when it is the last of the K, and the audit entry."""
    round_, typist_ids = _lock_round_for_entry(
        round_ if isinstance(round_, int) else round_.pk, acting_user
    )
    facts = entry_sql.entry_facts(round_.pk, acting_user.pk, seq, revision)
    expected, latest = queries.next_task_from(round_, acting_user, facts)
    # The expected task is never one this typist has keyed, so the duplicate check is only
    # needed (for its own message) when the posted ballot is not the expected one.
    if (seq, revision) != (expected.seq, expected.revision):
        if BallotEntry.objects.filter(
            round=round_, seq=seq, typist=acting_user, revision=revision
        ).exists():
            raise ElectionActionError(
                _("Phiếu số %(seq)s bạn đã nhập rồi (mỗi phiếu chỉ nhập một lần).")
                % {"seq": grouped(seq)}
            )
        if expected.revision:
            wrong = _(
                "Phiếu cần nhập tiếp theo là phiếu số %(next)s (đọc lại), không phải phiếu số "
                "%(seq)s."
            )
        else:
            wrong = _("Phiếu cần nhập tiếp theo là phiếu số %(next)s, không phải phiếu số %(seq)s.")
        raise ElectionActionError(wrong % {"next": grouped(expected.seq), "seq": grouped(seq)})
    if revision == 0 and seq > round_.ballots_issued:
        raise ElectionActionError(
            _("Đã nhập đủ %(issued)s phiếu phát ra: không thể có phiếu số %(seq)s.")
            % {"issued": grouped(round_.ballots_issued), "seq": grouped(seq)}
        )
    names = round_.name_count
    try:
        ballot = parse_keyed_line(line, names=names, style=round_.ballot_style)
    except KeyedBallotError as error:
        raise ElectionActionError(str(error)) from None
    content = ballot.as_json()
    entry = BallotEntry.objects.create(
        round=round_, seq=seq, typist=acting_user, revision=revision, **content
    )
    # Under the round's lock nothing else was keyed or ordered meanwhile: the other entries
    # read before this one, and `latest`, are still current.
    mine = (entry.pk, acting_user.pk, content["struck"], content["marks"], content["defects"])
    confirmed = _confirm_if_agreed(round_, seq, revision, typist_ids, [*facts.entries, mine])
    append_entry(
        acting_user=acting_user,
        action="ballot.enter",
        object_type="round",
        object_id=round_.pk,
        summary=f"Nhập phiếu số {seq}" + (f" (đọc lại lần {revision})" if revision else ""),
        after={"seq": seq, "revision": revision, **content, "confirmed": confirmed is not None},
        head=facts.head,
    )
    return EntryOutcome(
        round_, entry, ballot, confirmed, names, latest, facts.confirmed + (confirmed is not None)
    )


def _lock_round_for_entry(round_id: int, user: User) -> tuple[Round, frozenset[int]]:
    """Lock the round's row until the entry commits (the typists of one round take turns, so
    a ballot is confirmed exactly once); refuse anyone but its typists, and a closed round."""
    round_, typist_ids = entry_sql.lock_round_for_entry(round_id)
    if round_ is None or user.pk not in typist_ids:
        raise NotATypist(_("Bạn không phải người nhập phiếu của lần bầu này."))
    _require_open(round_)
    return round_, typist_ids


def _confirm_if_agreed(
    round_: Round,
    seq: int,
    revision: int,
    typist_ids: frozenset[int],
    entries: list[entry_sql.Entry],
) -> ConfirmedBallot | None:
    """Confirm paper `seq` when all K typists keyed it alike at `revision`. `entries`: every
    entry of the paper at that revision, the one just made included."""
    keyed = {typist: KeyedBallot.from_json(s, m, d) for _id, typist, s, m, d in entries}
    state = rules.seq_state(seq, revision, keyed, typist_ids)
    if state.agreed is None:
        return None
    # Once confirmed a paper is never keyed again (no re-read of a confirmed paper, one entry
    # per typist and revision), so this runs once per paper; the unique constraint
    # confirm_ballot_once stands behind it.
    entry_ids = [entry_id for entry_id, *_ in sorted(entries, key=lambda e: e[1])]
    return ConfirmedBallot.objects.create(
        round=round_, seq=seq, entry_ids=entry_ids, **state.agreed.as_json()
    )


@transaction.atomic
def request_reread(round_: Round, *, seq: int, acting_user: User) -> RereadRequest:
    """The head orders paper ballot `seq` read again: every typist keys it anew (a new
    revision); earlier entries stay as they were."""
    round_ = _locked_round(round_.pk)
    _require_open(round_)
    if not queries.is_head(acting_user, round_.election):
        raise ElectionActionError(_("Chỉ Trưởng Ban kiểm phiếu được yêu cầu đọc lại phiếu."))
    if ConfirmedBallot.objects.filter(round=round_, seq=seq).exists():
        raise ElectionActionError(
            _("Phiếu số %(seq)s đã được xác nhận: các máy nhập đã khớp.") % {"seq": grouped(seq)}
        )
    revision = queries.current_revision(round_, seq)
    keyed = set(
        BallotEntry.objects.filter(round=round_, seq=seq, revision=revision).values_list(
            "typist_id", flat=True
        )
    )
    if not keyed:
        raise ElectionActionError(_("Phiếu số %(seq)s chưa được nhập.") % {"seq": grouped(seq)})
    if keyed != queries.typist_ids(round_):
        # Otherwise the typist who has not keyed it yet would key the same paper twice.
        raise ElectionActionError(
            _("Phiếu số %(seq)s chưa được tất cả các máy nhập: chờ nhập xong rồi mới đọc lại.")
            % {"seq": grouped(seq)}
        )
    revision += 1
    request = RereadRequest.objects.create(
        round=round_, seq=seq, revision=revision, requested_by=acting_user
    )
    append_entry(
        acting_user=acting_user,
        action="ballot.reread",
        object_type="round",
        object_id=round_.pk,
        summary=f"Yêu cầu đọc lại phiếu số {seq}",
        after={"seq": seq, "revision": revision},
    )
    return request


def result_digest(result: dict[str, object]) -> str:
    canonical = json.dumps(result, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def close_round(round_: Round, *, acting_user: User) -> Round:
    """Count the confirmed ballots with daihoi.counting and store the result. Only the head,
    only when every ballot is confirmed and every typist keyed the same number of ballots."""
    round_ = _locked_round(round_.pk)
    _require_open(round_)
    if not queries.is_head(acting_user, round_.election):
        raise ElectionActionError(_("Chỉ Trưởng Ban kiểm phiếu được kết thúc lần bầu."))
    problems = queries.closing_problems(round_)
    if problems:
        raise ElectionActionError(
            _("Chưa thể kết thúc lần bầu: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    result = counting_bridge.count_round(round_)
    round_.result = result
    round_.result_digest = result_digest(result)
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = acting_user
    round_.save(update_fields=["result", "result_digest", "status", "closed_at", "closed_by"])
    election = round_.election
    if election.status != ElectionStatus.DONE:
        election.status = ElectionStatus.COUNTING
        election.save(update_fields=["status"])
    append_entry(
        acting_user=acting_user,
        action="round.close",
        object_type="round",
        object_id=round_.pk,
        summary=f"Kết thúc {election.title}, lần {round_.number}",
        after={
            "digest": round_.result_digest,
            "elected": result["elected"],
            "next": result["next"],
        },
    )
    delegates_bridge.round_closed(round_, acting_user=acting_user)  # the elected go upward
    return round_


def verify_round(round_: Round) -> bool:
    """Recount a closed round from its confirmed ballots; True when it matches the stored
    result and digest."""
    if round_.status != RoundStatus.CLOSED or round_.result is None:
        return True
    recount = counting_bridge.count_round(round_)
    return recount == round_.result and result_digest(recount) == round_.result_digest


def _round_body(election: Election, purpose: str) -> str:
    """What a round elects: the alternates from their first round on; in a tie re-vote or a
    further round, what the round before elected (a tie among alternates is re-voted as
    alternates, and counted as a tie re-vote); otherwise the election's body."""
    if purpose == RoundPurpose.ALTERNATES:
        return Body.UPPER_ALTERNATES
    if purpose in (RoundPurpose.TIE_REVOTE, RoundPurpose.FURTHER):
        last = election.rounds.order_by("-number").values_list("body", flat=True).first()
        if last is not None:
            return last
    return election.body


def ensure_typists(election: Election, typists: Sequence[User]) -> None:
    if len(typists) != election.typist_count:
        raise ElectionActionError(
            _("Cần đúng %(needed)s người nhập phiếu độc lập, đã chọn %(chosen)s.")
            % {"needed": election.typist_count, "chosen": len(typists)}
        )


# --- The election, its list and its counting committee ---------------------------------
def _election_snapshot(election: Election) -> dict[str, object]:
    return {
        "congress_id": election.congress_id,
        "body": election.body,
        "title": election.title,
        "seats": election.seats,
        "alternate_seats": election.alternate_seats,
        "meeting": election.meeting,
        "typist_count": election.typist_count,
        "paper_size": election.paper_size,
        "regulation": election.regulation,
        "switches": election.switches,
    }


def default_title(congress: Congress, body: str, seats: int) -> str:
    # The title is printed on the ballots and minutes: Vietnamese whatever the UI language.
    with translation.override("vi"):
        label = str(Body(body).label)
    organization = congress.organization.name
    if body in (Body.UPPER_DELEGATES, Body.UPPER_ALTERNATES):
        return f"Bầu {str(label).lower()} của {organization}"
    return f"Bầu {label} {organization} nhiệm kỳ {congress.term}"


@transaction.atomic
def create_election(
    congress: Congress,
    *,
    acting_user: User | None,
    body: str,
    seats: int,
    title: str = "",
    alternate_seats: int = 0,
    meeting: str = "",
    typist_count: int = 3,
    paper_size: str = PaperSize.A4,
    switches: dict[str, bool] | None = None,
) -> Election:
    if seats < 1:
        raise ElectionActionError(_("Số lượng cần bầu phải từ 1 trở lên."))
    if typist_count < 2:
        raise ElectionActionError(_("Cần ít nhất 2 máy nhập phiếu độc lập."))
    if alternate_seats and body != Body.UPPER_DELEGATES:
        raise ElectionActionError(_("Chỉ bầu đại biểu dự đại hội cấp trên mới có dự khuyết."))
    allotment = delegates_bridge.allotment(congress) if body == Body.UPPER_DELEGATES else None
    if allotment is not None and seats != allotment.official:
        # The upper committee allocates the number; the congress does not vote on it (§3).
        raise ElectionActionError(
            _(
                "Cấp trên (%(upper)s) phân bổ %(official)s đại biểu chính thức: số lượng cần "
                "bầu phải đúng bằng số đó."
            )
            % {"upper": allotment.upper.organization.name, "official": allotment.official}
        )
    if allotment is not None and alternate_seats > allotment.alternates:
        # How many alternates is the congress's own decision (rules.md §3), within the number
        # the upper committee allotted.
        raise ElectionActionError(
            _(
                "Cấp trên (%(upper)s) phân bổ tối đa %(alternates)s đại biểu dự khuyết: số dự "
                "khuyết không được nhiều hơn."
            )
            % {"upper": allotment.upper.organization.name, "alternates": allotment.alternates}
        )
    election = Election.objects.create(
        congress=congress,
        body=body,
        seats=seats,
        title=nfc(title) or default_title(congress, body, seats),
        alternate_seats=alternate_seats,
        meeting=meeting or congress.kind,
        typist_count=typist_count,
        paper_size=paper_size,
        switches=switches or {},
        position=congress.elections.count(),
    )
    append_entry(
        acting_user=acting_user,
        action="election.create",
        object_type="election",
        object_id=election.pk,
        summary=election.title,
        after=_election_snapshot(election),
    )
    return election


def _require_preparing(election: Election) -> None:
    if election.status != ElectionStatus.PREPARING:
        raise ElectionActionError(_("Danh sách bầu cử đã được chốt: không thể thay đổi."))


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """ "Nguyễn Thị Minh Khai" → ("Nguyễn", "Thị Minh", "Khai")."""
    words = nfc(full_name).split()
    if len(words) < 2:
        raise ElectionActionError(_("Họ và tên phải có ít nhất họ và tên (hai từ)."))
    return words[0], " ".join(words[1:-1]), words[-1]


def _candidate_snapshot(candidate: Candidate) -> dict[str, object]:
    return {
        "full_name": candidate.full_name,
        "birth_date": candidate.birth_date,
        "gender": candidate.gender,
        "source": candidate.source,
        "status": candidate.status,
        "floor_agree": candidate.floor_agree,
        "floor_present": candidate.floor_present,
        "opinion_votes": candidate.opinion_votes,
    }


@transaction.atomic
def add_candidate(
    election: Election,
    *,
    acting_user: User | None,
    full_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    ethnicity: str = "",
    position_title: str = "",
    is_incumbent: bool = False,
    source: str = CandidateSource.CONVENER,
) -> Candidate:
    _require_preparing(election)
    family, middle, given = split_full_name(full_name)
    for staff in election.staff.all():
        if same_name(staff.full_name, full_name):
            raise ElectionActionError(
                _(
                    "Đồng chí %(name)s là thành viên Ban kiểm phiếu/nhập phiếu của cuộc "
                    "bầu cử này nên không thể có tên trong danh sách bầu cử."
                )
                % {"name": staff.full_name}
            )
    for other in election.candidates.exclude(status__in=NOT_LISTED):
        dates_differ = other.birth_date and birth_date and other.birth_date != birth_date
        if same_name(other.full_name, full_name) and not dates_differ:
            if birth_date:
                same = _(
                    "Đồng chí %(name)s đã có trong danh sách (trùng họ tên và ngày sinh). "
                    "Người trùng tên phải có ngày sinh khác nhau."
                )
            else:
                same = _(
                    "Đồng chí %(name)s đã có trong danh sách (trùng họ tên). "
                    "Người trùng tên phải có ngày sinh khác nhau."
                )
            raise ElectionActionError(same % {"name": other.full_name})
    candidate = Candidate.objects.create(
        election=election,
        family_name=family,
        middle_name=middle,
        given_name=given,
        birth_date=birth_date,
        gender=gender,
        ethnicity=nfc(ethnicity),
        position_title=nfc(position_title),
        is_incumbent=is_incumbent,
        source=source,
        status=(
            CandidateStatus.ON_LIST
            if source == CandidateSource.CONVENER
            else CandidateStatus.PROPOSED
        ),
    )
    append_entry(
        acting_user=acting_user,
        action="candidate.add",
        object_type="election",
        object_id=election.pk,
        summary=f"Thêm {candidate.full_name} vào danh sách",
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def record_floor_vote(
    candidate: Candidate, *, agree: int, present: int, acting_user: User | None
) -> Candidate:
    """A floor or self nominee enters the list iff more than 30% of those present agree
    (QĐ 190 Art. 14(2); counting.lists.floor_nominee)."""
    _require_preparing(candidate.election)
    if candidate.source == CandidateSource.CONVENER:
        raise ElectionActionError(
            _("Người do cấp ủy giới thiệu không cần biểu quyết đưa vào danh sách.")
        )
    if not 0 <= agree <= present:
        raise ElectionActionError(_("Số tán thành phải từ 0 đến số đại biểu có mặt."))
    before = _candidate_snapshot(candidate)
    decision = floor_nominee(present, agree)
    candidate.floor_agree, candidate.floor_present = agree, present
    candidate.status = CandidateStatus.ON_LIST if decision.enters else CandidateStatus.NOT_ADMITTED
    candidate.save(update_fields=["floor_agree", "floor_present", "status"])
    append_entry(
        acting_user=acting_user,
        action="candidate.floor_vote",
        object_type="election",
        object_id=candidate.election_id,
        summary=f"{candidate.full_name}: {agree}/{present} tán thành (cần {decision.votes_needed})",
        before=before,
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def decide_withdrawal(
    candidate: Candidate, *, allowed: bool, acting_user: User | None
) -> Candidate:
    """The congress decides (by ballot or show of hands) whether a candidate may withdraw."""
    _require_preparing(candidate.election)
    before = _candidate_snapshot(candidate)
    candidate.withdrawal_requested = True
    if allowed:
        candidate.status = CandidateStatus.WITHDRAWN
    candidate.save(update_fields=["withdrawal_requested", "status"])
    append_entry(
        acting_user=acting_user,
        action="candidate.withdrawal",
        object_type="election",
        object_id=candidate.election_id,
        summary=f"{candidate.full_name}: {'cho rút' if allowed else 'không cho rút'}",
        before=before,
        after=_candidate_snapshot(candidate),
    )
    return candidate


@transaction.atomic
def apply_opinion_ballot(
    election: Election, votes: dict[int, int], *, acting_user: User | None
) -> list[Candidate]:
    """Over the 30% cap: keep floor and self nominees by opinion-ballot votes, highest first,
    up to the cap (E13). A tie across the last place is refused: the congress must decide."""
    _require_preparing(election)
    nominees = [c for c in queries_list.on_list(election) if c.source != CandidateSource.CONVENER]
    convener = [c for c in queries_list.on_list(election) if c.source == CandidateSource.CONVENER]
    missing = [c.full_name for c in nominees if c.pk not in votes]
    if missing:
        raise ElectionActionError(
            _("Thiếu số phiếu thăm dò của: %(names)s.") % {"names": ", ".join(missing)}
        )
    cut = opinion_ballot_cut(
        election.seats, len(convener), [(str(c.pk), votes[c.pk]) for c in nominees]
    )
    if cut.tied:
        tied = [c.full_name for c in nominees if str(c.pk) in cut.tied]
        raise ElectionActionError(
            _("Bằng phiếu thăm dò ở vị trí cuối: %(names)s. Đại hội cần quyết định.")
            % {"names": ", ".join(tied)}
        )
    for candidate in nominees:
        candidate.opinion_votes = votes[candidate.pk]
        if str(candidate.pk) in cut.dropped:
            candidate.status = CandidateStatus.CUT
        candidate.save(update_fields=["opinion_votes", "status"])
    append_entry(
        acting_user=acting_user,
        action="candidate.opinion_ballot",
        object_type="election",
        object_id=election.pk,
        summary=f"Phiếu thăm dò: giữ {len(cut.kept)}, loại {len(cut.dropped)} (trần {cut.cap})",
        after={
            "votes": {str(k): v for k, v in votes.items()},
            "kept": list(cut.kept),
            "dropped": list(cut.dropped),
            "cap": cut.cap,
        },
    )
    return nominees


@transaction.atomic
def confirm_list(election: Election, *, acting_user: User | None) -> Election:
    """Freeze the list: every nominee decided, surplus within bounds, ballot order by the
    Vietnamese name order (counting.names)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    _require_preparing(election)
    problems = queries_list.list_problems(election)
    if problems:
        raise ElectionActionError(
            _("Chưa thể chốt danh sách: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    ordered = queries_list.in_ballot_order(queries_list.on_list(election))
    for position, candidate in enumerate(ordered, start=1):
        candidate.ballot_position = position
        candidate.save(update_fields=["ballot_position"])
    election.status = ElectionStatus.LIST_CONFIRMED
    election.save(update_fields=["status"])
    append_entry(
        acting_user=acting_user,
        action="election.confirm_list",
        object_type="election",
        object_id=election.pk,
        summary=f"Chốt danh sách {len(ordered)} người",
        after={"list": [c.full_name for c in ordered]},
    )
    return election


@transaction.atomic
def add_staff(
    election: Election, user: User, role: str, *, acting_user: User | None, full_name: str = ""
) -> ElectionStaff:
    """Put a person on the counting committee (head, member) or make them a typist. Nobody
    whose name is on the election's list may count it (QĐ 190 Art. 8)."""
    name = nfc(full_name or user.full_name or user.username)
    on_list = [
        c.full_name
        for c in election.candidates.exclude(status__in=NOT_LISTED)
        if same_name(c.full_name, name)
    ]
    if on_list:
        raise ElectionActionError(
            _(
                "Đồng chí %(name)s có tên trong danh sách bầu cử nên không được tham gia "
                "Ban kiểm phiếu hoặc nhập phiếu của cuộc bầu cử này."
            )
            % {"name": name}
        )
    if role == StaffRole.HEAD and election.staff.filter(role=StaffRole.HEAD).exists():
        raise ElectionActionError(_("Cuộc bầu cử này đã có Trưởng Ban kiểm phiếu."))
    if election.staff.filter(user=user, role=role).exists():
        raise ElectionActionError(_("Đồng chí %(name)s đã có vai trò này.") % {"name": name})
    staff = ElectionStaff.objects.create(
        election=election,
        user=user,
        role=role,
        full_name=name,
        position=election.staff.count(),
    )
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="election.add_staff",
            object_type="election",
            object_id=election.pk,
            summary=f"{name}: {staff.get_role_display()}",
            after={"user_id": user.pk, "role": role, "full_name": name},
        )
    return staff


# --- Rounds ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BaseFigures:
    """What the threshold needs (rules.md §6): the number convened, the exclusions with their
    reasons, those present and the ballots issued."""

    convened: int
    present: int
    ballots_issued: int
    exclusions: tuple[tuple[str, int], ...] = ()


def _check_figures(figures: BaseFigures) -> None:
    excluded = sum(count for _, count in figures.exclusions)
    if any(count < 0 for _, count in figures.exclusions):
        raise ElectionActionError(_("Số không tính vào cơ số không được âm."))
    if any(not reason.strip() for reason, count in figures.exclusions if count):
        raise ElectionActionError(_("Mỗi trường hợp không tính vào cơ số phải ghi lý do."))
    if excluded > figures.convened:
        raise ElectionActionError(_("Số không tính vào cơ số lớn hơn số được triệu tập."))
    if figures.present > figures.convened:
        raise ElectionActionError(_("Số có mặt lớn hơn số được triệu tập."))
    if figures.ballots_issued > figures.present:
        raise ElectionActionError(_("Số phiếu phát ra lớn hơn số có mặt."))
    if figures.ballots_issued < 1:
        raise ElectionActionError(_("Số phiếu phát ra phải từ 1 trở lên."))


@transaction.atomic
def open_round(
    election: Election,
    *,
    acting_user: User | None,
    figures: BaseFigures,
    typists: Sequence[User],
    purpose: str = RoundPurpose.FIRST,
    candidates: Sequence[Candidate] | None = None,
    seats: int | None = None,
) -> Round:
    """Open the next round: its names in ballot order (numbered 1…n), its seats, its base
    figures and its K typists. Strike ballots when the list has a surplus, agree/disagree
    ballots when it has none (Art. 15(1))."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status == ElectionStatus.PREPARING:
        raise ElectionActionError(_("Cần chốt danh sách bầu cử trước khi bầu."))
    if election.status == ElectionStatus.DONE:
        raise ElectionActionError(_("Cuộc bầu cử này đã hoàn thành."))
    if election.rounds.filter(status=RoundStatus.OPEN).exists():
        raise ElectionActionError(_("Lần bầu trước chưa kết thúc."))
    if purpose == RoundPurpose.FIRST and election.rounds.exists():
        raise ElectionActionError(
            _(
                "Lần bầu thứ nhất đã được tổ chức: lần tiếp theo phải ghi rõ mục đích "
                "(bầu lại khi bằng phiếu, bầu tiếp số còn thiếu, bầu dự khuyết)."
            )
        )
    if not election.staff.filter(role=StaffRole.HEAD).exists():
        raise ElectionActionError(_("Cần có Trưởng Ban kiểm phiếu trước khi bầu."))
    ensure_typists(election, typists)
    staff_typists = set(
        election.staff.filter(role=StaffRole.TYPIST).values_list("user_id", flat=True)
    )
    strangers = [t.username for t in typists if t.pk not in staff_typists]
    if strangers:
        raise ElectionActionError(
            _("Không phải người nhập phiếu của cuộc bầu cử: %(names)s.")
            % {"names": ", ".join(strangers)}
        )
    live = delegates_bridge.live_base(election)
    if live is not None:
        # A congress run with check-in: the base comes from the roster and the check-ins at
        # this moment, never from typing (only the ballots issued are counted by hand).
        if not live.figures.quorum_met:
            raise ElectionActionError(
                _(
                    "Chưa đủ số đại biểu có mặt theo quy định (%(present)s/%(convened)s, cần ít "
                    "nhất %(required)s): chưa thể bầu cử."
                )
                % {
                    "present": grouped(live.figures.present),
                    "convened": grouped(live.figures.convened),
                    "required": grouped(live.figures.quorum_required),
                }
            )
        figures = BaseFigures(
            convened=live.figures.convened,
            present=live.figures.present,
            ballots_issued=figures.ballots_issued,
            exclusions=live.exclusions,
        )
    _check_figures(figures)
    names = list(candidates) if candidates is not None else queries_list.on_list(election)
    names = queries_list.in_ballot_order(names)
    if not names:
        raise ElectionActionError(_("Danh sách bầu của lần này không có ai."))
    body = _round_body(election, purpose)
    seats = (
        seats
        if seats is not None
        else (election.alternate_seats if body == Body.UPPER_ALTERNATES else election.seats)
    )
    if not seats >= 1:
        raise ElectionActionError(_("Số lượng cần bầu của lần này phải từ 1 trở lên."))
    round_ = Round.objects.create(
        election=election,
        name_count=len(names),
        number=(election.rounds.aggregate(m=Max("number"))["m"] or 0) + 1,
        purpose=purpose,
        body=body,
        seats=seats,
        ballot_style=BallotStyle.STRIKE if len(names) > seats else BallotStyle.AGREE_DISAGREE,
        convened=figures.convened,
        exclusions=(
            live.exclusion_rows
            if live is not None
            else [{"reason": nfc(r), "count": c} for r, c in figures.exclusions if c]
        ),
        present=figures.present,
        base_source=BaseSource.CHECKIN if live is not None else BaseSource.MANUAL,
        base_note=live.session_title if live is not None else "",
        ballots_issued=figures.ballots_issued,
    )
    round_.typists.set(typists)
    RoundCandidate.objects.bulk_create(
        RoundCandidate(round=round_, candidate=c, number=n) for n, c in enumerate(names, start=1)
    )
    election.status = ElectionStatus.COUNTING
    election.save(update_fields=["status"])
    append_entry(
        acting_user=acting_user,
        action="round.open",
        object_type="round",
        object_id=round_.pk,
        summary=f"Mở lần bầu {round_.number}: {election.title}",
        after={
            "seats": seats,
            "purpose": purpose,
            "ballot_style": round_.ballot_style,
            "names": [c.full_name for c in names],
            "convened": figures.convened,
            "exclusions": round_.exclusions,
            "present": figures.present,
            "ballots_issued": figures.ballots_issued,
            "base_source": round_.base_source,
            "base_note": round_.base_note,
            "typists": [t.username for t in typists],
        },
    )
    return round_


@transaction.atomic
def finish_election(election: Election, *, acting_user: User | None) -> Election:
    """Mark the election done (no further round will be held)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.rounds.filter(status=RoundStatus.OPEN).exists():
        raise ElectionActionError(_("Còn lần bầu chưa kết thúc."))
    election.status = ElectionStatus.DONE
    election.save(update_fields=["status"])
    append_entry(
        acting_user=acting_user,
        action="election.finish",
        object_type="election",
        object_id=election.pk,
        summary=f"Hoàn thành {election.title}",
    )
    reporting.election_finished(election, acting_user=acting_user)  # results go upward
    return election


# --- Importing a list -------------------------------------------------------------------------
@transaction.atomic
def import_candidates(
    election: Election,
    rows: Sequence[candidate_imports.RawCandidateRow],
    *,
    acting_user: User | None,
    file_name: str = "",
) -> list[Candidate]:
    """Add every row of an imported list, or none: the rows are checked again here, against
    the list and the counting committee as they are inside this transaction."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    _require_preparing(election)
    report = candidate_imports.check_rows(election, rows)
    if not report.ok:
        problems = report.messages() or [_("tệp không có dòng nào")]
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise ElectionActionError(
            _("Chưa nhập ai vì tệp có lỗi — %(problems)s") % {"problems": shown}
        )
    created = []
    for row in report.rows:
        assert row.candidate is not None
        new = row.candidate
        family, middle, given = split_full_name(new.full_name)
        created.append(
            Candidate(
                election=election,
                family_name=family,
                middle_name=middle,
                given_name=given,
                birth_date=new.birth_date,
                gender=new.gender,
                ethnicity=new.ethnicity,
                position_title=new.position_title,
                is_incumbent=new.is_incumbent,
                source=new.source,
                status=(
                    CandidateStatus.ON_LIST
                    if new.source == CandidateSource.CONVENER
                    else CandidateStatus.PROPOSED
                ),
            )
        )
    Candidate.objects.bulk_create(created)
    append_entry(
        acting_user=acting_user,
        action="candidate.import",
        object_type="election",
        object_id=election.pk,
        summary=f"Nhập {len(created)} người vào danh sách từ tệp “{file_name}”",
        after={"file": file_name, "candidates": [_candidate_snapshot(c) for c in created]},
    )
    return created

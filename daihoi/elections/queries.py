"""Reads of elections: entry progress, conflicts, running totals, the entry journal."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.core.audit import Anchor, latest_entry_for
from daihoi.core.formatting import grouped
from daihoi.core.models import User
from daihoi.elections import entry_sql, rules
from daihoi.elections.models import (
    BallotEntry,
    ConfirmedBallot,
    Election,
    ElectionStaff,
    RereadRequest,
    Round,
    StaffRole,
)
from daihoi.elections.rules import KeyedBallot


def typist_ids(round_: Round) -> frozenset[int]:
    return frozenset(round_.typists.values_list("id", flat=True))


def is_head(user: User, election: Election) -> bool:
    return ElectionStaff.objects.filter(
        election=election, user_id=user.pk, role=StaffRole.HEAD
    ).exists()


def current_revision(round_: Round, seq: int) -> int:
    value = RereadRequest.objects.filter(round=round_, seq=seq).aggregate(r=Max("revision"))["r"]
    return int(value or 0)


@dataclass(frozen=True)
class Task:
    """What a typist keys next: paper ballot `seq` at `revision` (> 0 after a re-read)."""

    seq: int
    revision: int


def rereads(round_: Round) -> dict[int, int]:
    """The re-read papers of the round: seq → the revision the typists must key now."""
    return entry_sql.rereads(round_.pk)


def next_task_for(
    round_: Round,
    typist: User,
    latest: dict[int, int] | None = None,
    last_first_reading: int | None = None,
) -> Task:
    """A re-read still to key comes first, then the next paper ballot. Runs on every entry:
    without re-reads it is two small indexed queries; with re-reads it only looks at the
    re-read ballots. `latest`: rereads(round_), and `last_first_reading`: the highest paper
    the typist has keyed at revision 0, if the caller knows them."""
    latest = rereads(round_) if latest is None else latest
    if latest:
        reread = list(latest)
        confirmed = set(
            ConfirmedBallot.objects.filter(round=round_, seq__in=reread)
            .order_by()
            .values_list("seq", flat=True)
        )
        keyed = set(
            BallotEntry.objects.filter(round=round_, typist=typist, revision__gt=0, seq__in=reread)
            .order_by()
            .values_list("seq", "revision")
        )
        for seq in sorted(latest):
            if seq not in confirmed and (seq, latest[seq]) not in keyed:
                return Task(seq, latest[seq])
    if last_first_reading is not None:
        return Task(last_first_reading + 1, 0)
    return Task(entry_sql.last_first_reading(round_.pk, typist.pk) + 1, 0)


def next_task_from(
    round_: Round, typist: User, facts: entry_sql.EntryFacts
) -> tuple[Task, dict[int, int]]:
    """The typist's next task from what entry_sql has just read in one statement (the
    re-reads themselves are read only when some were ordered), and those re-reads."""
    latest = rereads(round_) if facts.reread_orders else {}
    task = next_task_for(round_, typist, latest, last_first_reading=facts.last_first_reading)
    return task, latest


@dataclass(frozen=True)
class RoundProgress:
    keyed_by_typist: dict[int, int]  # typist id → paper ballots keyed (first readings)
    highest_seq: int
    confirmed: int
    conflicts: list[rules.SeqState]
    waiting: list[rules.SeqState]  # keyed by some typists, not yet by all


def progress(round_: Round) -> RoundProgress:
    """Every paper ballot's state. Polled by the head's console every 2 seconds while the
    typists enter, so it reads the entries' keys first and decodes the ballots (JSON) only of
    the papers not yet confirmed."""
    typists = typist_ids(round_)
    latest: dict[int, int] = defaultdict(int)
    for seq, revision in RereadRequest.objects.filter(round=round_).values_list("seq", "revision"):
        latest[seq] = max(latest[seq], revision)
    confirmed = set(
        ConfirmedBallot.objects.filter(round=round_).order_by().values_list("seq", flat=True)
    )
    first_readings: Counter[int] = Counter()
    current: set[int] = set()  # papers with an entry at their current revision
    keys = BallotEntry.objects.filter(round=round_).order_by()
    for seq, typist, revision in keys.values_list("seq", "typist_id", "revision"):
        if revision == 0:
            first_readings[typist] += 1
        if revision == latest[seq]:
            current.add(seq)
    pending = sorted(current - confirmed)
    by_seq: dict[int, dict[int, KeyedBallot]] = defaultdict(dict)
    if pending:
        rows = BallotEntry.objects.filter(round=round_).order_by()
        if len(pending) <= 500:  # else read them all rather than bind a huge IN list
            rows = rows.filter(seq__in=pending)
        fields = ("seq", "typist_id", "revision", "struck", "marks", "defects")
        for seq, typist, revision, struck, marks, defects in rows.values_list(*fields):
            if seq in current and seq not in confirmed and revision == latest[seq]:
                by_seq[seq][typist] = KeyedBallot.from_json(struck, marks, defects)
    conflicts, waiting = [], []
    for seq in sorted(by_seq):
        state = rules.seq_state(seq, latest[seq], by_seq[seq], typists)
        (conflicts if state.conflict else waiting).append(state)
    return RoundProgress(
        keyed_by_typist={t: first_readings.get(t, 0) for t in typists},
        highest_seq=max(current, default=0),
        confirmed=len(confirmed),
        conflicts=conflicts,
        waiting=waiting,
    )


def closing_problems(round_: Round, state: RoundProgress | None = None) -> list[str]:
    """Why the round cannot be closed yet (in the user's language), or [] when it can.
    `state`: the round's progress if the caller has just read it."""
    state = state if state is not None else progress(round_)
    problems = []
    if state.highest_seq == 0:
        problems.append(_("chưa có phiếu nào được nhập"))
    names = dict(User.objects.filter(id__in=state.keyed_by_typist).values_list("id", "username"))
    for typist, count in sorted(state.keyed_by_typist.items()):
        if count != state.highest_seq:
            problems.append(
                _("máy của %(typist)s mới nhập %(count)s/%(total)s phiếu")
                % {
                    "typist": names.get(typist, typist),
                    "count": grouped(count),
                    "total": grouped(state.highest_seq),
                }
            )
    if state.conflicts:
        seqs = ", ".join(grouped(s.seq) for s in state.conflicts)
        problems.append(_("phiếu số %(numbers)s nhập không khớp, cần đọc lại") % {"numbers": seqs})
    unconfirmed = state.highest_seq - state.confirmed
    if unconfirmed > 0 and not state.conflicts:
        problems.append(_("còn %(n)s phiếu chưa được xác nhận") % {"n": grouped(unconfirmed)})
    return problems


def typist_totals(round_: Round) -> dict[int, Counter[int]]:
    """Running totals per typist: ballot number → times struck (strike style) or marked
    "disagree" (agree/disagree style), over each typist's latest entry of every ballot. A
    confirmed paper counts once for every typist (they all keyed it alike)."""
    # Polled with the console: decode only the JSON column the ballot style fills (a strike
    # entry has no marks, an agree/disagree entry strikes nothing).
    strike = round_.ballot_style == "strike"
    confirmed, pending = entry_sql.running_total_contents(round_.pk, strike)

    def numbers(content: Any) -> Iterator[int]:
        if strike:
            return map(int, content)
        return (int(n) for n, mark in content.items() if mark == "disagree")

    common: Counter[int] = Counter()
    for content in confirmed:
        common.update(numbers(content))
    totals = {typist: Counter(common) for typist in typist_ids(round_)}
    for (typist, _seq), content in pending.items():
        totals.setdefault(typist, Counter(common)).update(numbers(content))
    return totals


def journal(round_: Round) -> list[tuple[int, list[BallotEntry], ConfirmedBallot | None]]:
    """The entry journal (nhật ký nhập phiếu): every paper ballot with every entry."""
    entries: dict[int, list[BallotEntry]] = defaultdict(list)
    for entry in BallotEntry.objects.filter(round=round_).select_related("typist"):
        entries[entry.seq].append(entry)
    confirmed = {c.seq: c for c in ConfirmedBallot.objects.filter(round=round_)}
    return [(seq, entries[seq], confirmed.get(seq)) for seq in sorted(entries)]


def closing_anchor(round_: Round) -> Anchor | None:
    """The audit entry of the round's closing, as an anchor to print on its minutes (its
    `after` holds the result's digest; its hash covers every entry before it)."""
    entry = latest_entry_for("round.close", "round", round_.pk)
    return Anchor(entry.seq, entry.entry_hash) if entry is not None else None

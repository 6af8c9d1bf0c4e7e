"""Reads of elections: entry progress, conflicts, running totals, the entry journal."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Max

from daihoi.core.models import User
from daihoi.elections import rules
from daihoi.elections.models import (
    BallotEntry,
    ConfirmedBallot,
    Election,
    ElectionStaff,
    RereadRequest,
    Round,
    RoundCandidate,
    StaffRole,
)
from daihoi.elections.rules import KeyedBallot


def typist_ids(round_: Round) -> frozenset[int]:
    return frozenset(round_.typists.values_list("id", flat=True))


def ballot_size(round_: Round) -> int:
    return RoundCandidate.objects.filter(round=round_).count()


def is_head(user: User, election: Election) -> bool:
    return ElectionStaff.objects.filter(
        election=election, user_id=user.pk, role=StaffRole.HEAD
    ).exists()


def current_revision(round_: Round, seq: int) -> int:
    value = RereadRequest.objects.filter(round=round_, seq=seq).aggregate(r=Max("revision"))["r"]
    return int(value or 0)


def _keyed(entry: BallotEntry) -> KeyedBallot:
    return KeyedBallot.from_json(entry.struck, entry.marks, entry.defects)


def seq_state(round_: Round, seq: int, typists: frozenset[int]) -> rules.SeqState:
    revision = current_revision(round_, seq)
    entries = {
        e.typist_id: _keyed(e)
        for e in BallotEntry.objects.filter(round=round_, seq=seq, revision=revision)
    }
    return rules.seq_state(seq, revision, entries, typists)


@dataclass(frozen=True)
class Task:
    """What a typist keys next: paper ballot `seq` at `revision` (> 0 after a re-read)."""

    seq: int
    revision: int


def next_task_for(round_: Round, typist: User) -> Task:
    confirmed = set(ConfirmedBallot.objects.filter(round=round_).values_list("seq", flat=True))
    latest: dict[int, int] = {}
    for seq, revision in RereadRequest.objects.filter(round=round_).values_list("seq", "revision"):
        latest[seq] = max(latest.get(seq, 0), revision)
    keyed = set(
        BallotEntry.objects.filter(round=round_, typist=typist, revision__gt=0).values_list(
            "seq", "revision"
        )
    )
    for seq in sorted(latest):
        if seq not in confirmed and (seq, latest[seq]) not in keyed:
            return Task(seq, latest[seq])
    last = BallotEntry.objects.filter(round=round_, typist=typist, revision=0).aggregate(
        m=Max("seq")
    )["m"]
    return Task(int(last or 0) + 1, 0)


@dataclass(frozen=True)
class RoundProgress:
    keyed_by_typist: dict[int, int]  # typist id → paper ballots keyed (first readings)
    highest_seq: int
    confirmed: int
    conflicts: list[rules.SeqState]
    waiting: list[rules.SeqState]  # keyed by some typists, not yet by all


def progress(round_: Round) -> RoundProgress:
    """Every paper ballot's state, computed from one read of the round's entries."""
    typists = typist_ids(round_)
    latest: dict[int, int] = defaultdict(int)
    for seq, revision in RereadRequest.objects.filter(round=round_).values_list("seq", "revision"):
        latest[seq] = max(latest[seq], revision)
    confirmed = set(ConfirmedBallot.objects.filter(round=round_).values_list("seq", flat=True))
    by_seq: dict[int, dict[int, KeyedBallot]] = defaultdict(dict)
    first_readings: Counter[int] = Counter()
    for entry in BallotEntry.objects.filter(round=round_):
        if entry.revision == 0:
            first_readings[entry.typist_id] += 1
        if entry.revision == latest[entry.seq]:
            by_seq[entry.seq][entry.typist_id] = _keyed(entry)
    conflicts, waiting = [], []
    for seq in sorted(by_seq):
        if seq in confirmed:
            continue
        state = rules.seq_state(seq, latest[seq], by_seq[seq], typists)
        (conflicts if state.conflict else waiting).append(state)
    return RoundProgress(
        keyed_by_typist={t: first_readings.get(t, 0) for t in typists},
        highest_seq=max(by_seq, default=0),
        confirmed=len(confirmed),
        conflicts=conflicts,
        waiting=waiting,
    )


def closing_problems(round_: Round) -> list[str]:
    """Why the round cannot be closed yet (Vietnamese), or [] when it can."""
    state = progress(round_)
    problems = []
    if state.highest_seq == 0:
        problems.append("chưa có phiếu nào được nhập")
    names = dict(User.objects.filter(id__in=state.keyed_by_typist).values_list("id", "username"))
    for typist, count in sorted(state.keyed_by_typist.items()):
        if count != state.highest_seq:
            problems.append(
                f"máy của {names.get(typist, typist)} mới nhập {count}/{state.highest_seq} phiếu"
            )
    if state.conflicts:
        seqs = ", ".join(str(s.seq) for s in state.conflicts)
        problems.append(f"phiếu số {seqs} nhập không khớp, cần đọc lại")
    unconfirmed = state.highest_seq - state.confirmed
    if unconfirmed > 0 and not state.conflicts:
        problems.append(f"còn {unconfirmed} phiếu chưa được xác nhận")
    return problems


def typist_totals(round_: Round) -> dict[int, Counter[int]]:
    """Running totals per typist: ballot number → times struck (strike style) or marked
    "disagree" (agree/disagree style), over each typist's latest entry of every ballot."""
    latest: dict[tuple[int, int], BallotEntry] = {}
    for entry in BallotEntry.objects.filter(round=round_).order_by("revision"):
        latest[(entry.typist_id, entry.seq)] = entry
    totals: dict[int, Counter[int]] = {t: Counter() for t in typist_ids(round_)}
    for (typist, _seq), entry in latest.items():
        counter = totals.setdefault(typist, Counter())
        for n in entry.struck:
            counter[int(n)] += 1
        for n, mark in entry.marks.items():
            if mark == "disagree":
                counter[int(n)] += 1
    return totals


def journal(round_: Round) -> list[tuple[int, list[BallotEntry], ConfirmedBallot | None]]:
    """The entry journal (nhật ký nhập phiếu): every paper ballot with every entry."""
    entries: dict[int, list[BallotEntry]] = defaultdict(list)
    for entry in BallotEntry.objects.filter(round=round_).select_related("typist"):
        entries[entry.seq].append(entry)
    confirmed = {c.seq: c for c in ConfirmedBallot.objects.filter(round=round_)}
    return [(seq, entries[seq], confirmed.get(seq)) for seq in sorted(entries)]

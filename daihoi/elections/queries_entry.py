"""Reads for the counting room pages (typist entry, the head's console, the round result and
the next round). Pure reads; the rules of entry stay in rules.py and queries.py, the election
rules in daihoi.counting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from daihoi.core.models import User
from daihoi.elections import entry_sql, list_queries, queries, rules
from daihoi.elections.models import (
    BallotEntry,
    Body,
    Candidate,
    Election,
    Round,
    RoundCandidate,
    RoundPurpose,
    RoundStatus,
    StaffRole,
)


@dataclass(frozen=True)
class BallotName:
    number: int
    name: str


def ballot_names(round_: Round) -> list[BallotName]:
    """The names printed on the round's ballot, numbered as on the paper."""
    rows = (
        RoundCandidate.objects.filter(round=round_)
        .order_by("number")
        .values_list(
            "number", "candidate__family_name", "candidate__middle_name", "candidate__given_name"
        )
    )
    return [BallotName(n, " ".join(p for p in parts if p)) for n, *parts in rows]


@dataclass(frozen=True)
class TypistLabel:
    user_id: int
    name: str


def typists_of(round_: Round) -> list[TypistLabel]:
    """The round's typists in the order of the election's staff list, by their full name."""
    staff = {
        user_id: (position, name)
        for user_id, position, name in round_.election.staff.filter(
            role=StaffRole.TYPIST
        ).values_list("user_id", "position", "full_name")
    }
    users = round_.typists.values_list("id", "full_name", "username")
    labels = [
        (staff.get(uid, (999, ""))[0], TypistLabel(uid, staff.get(uid, (0, ""))[1] or full or name))
        for uid, full, name in users
    ]
    return [label for _, label in sorted(labels, key=lambda item: (item[0], item[1].user_id))]


@dataclass(frozen=True)
class EntryCounts:
    keyed_by_me: int  # paper ballots this typist has keyed (first readings)
    confirmed: int  # ballots of the round on which all typists agree


def entry_counts(
    round_: Round,
    typist: User,
    task: queries.Task | None = None,
    confirmed: int | None = None,
) -> EntryCounts:
    """`task`: the typist's next task if already known. A typist keys first readings in
    order (the action refuses any other), so before a first reading N they have keyed N − 1:
    one query less on every entry. `confirmed`: the round's confirmed papers, if known."""
    if task is not None and task.revision == 0:
        keyed = task.seq - 1
    else:
        keyed = BallotEntry.objects.filter(round=round_, typist=typist, revision=0).count()
    if confirmed is None:
        confirmed = entry_sql.confirmed_count(round_.pk)
    return EntryCounts(keyed_by_me=keyed, confirmed=confirmed)


def typist_task(round_: Round, typist: User) -> tuple[queries.Task, EntryCounts]:
    """The paper the typist keys next, and their counts: one statement unless a paper is to
    be re-read (the entry page polls this every 2 seconds on every typist's screen)."""
    facts = entry_sql.typist_facts(round_.pk, typist.pk)
    task, _rereads = queries.next_task_from(round_, typist, facts)
    return task, entry_counts(round_, typist, task, facts.confirmed)


@dataclass(frozen=True)
class ConflictRow:
    """One ballot on which the typists disagree: what each of them keyed, side by side."""

    seq: int
    revision: int
    readings: list[tuple[TypistLabel, str | None]]  # None: not keyed yet at this revision
    differing: set[int]  # typist ids whose reading differs from the most common one

    @property
    def complete(self) -> bool:
        """Every typist has keyed this reading: only then is a re-read ordered (a typist who
        had not keyed the paper yet would otherwise key it twice)."""
        return all(reading is not None for _, reading in self.readings)


def conflict_rows(
    round_: Round, states: Iterable[rules.SeqState], typists: list[TypistLabel], names: int
) -> list[ConflictRow]:
    states = list(states)
    if not states:
        return []
    wanted = {(s.seq, s.revision) for s in states}
    entries: dict[tuple[int, int], dict[int, str]] = {key: {} for key in wanted}
    for entry in BallotEntry.objects.filter(round=round_, seq__in=[s.seq for s in states]):
        key = (entry.seq, entry.revision)
        if key in entries:
            ballot = rules.KeyedBallot.from_json(entry.struck, entry.marks, entry.defects)
            entries[key][entry.typist_id] = rules.describe(
                ballot, names=names, style=round_.ballot_style
            )
    rows = []
    for state in states:
        keyed = entries[(state.seq, state.revision)]
        common = Counter(keyed.values()).most_common()
        majority = (
            common[0][0] if common and (len(common) == 1 or common[0][1] > common[1][1]) else None
        )
        differing = {t for t, text in keyed.items() if majority is None or text != majority}
        rows.append(
            ConflictRow(
                seq=state.seq,
                revision=state.revision,
                readings=[(t, keyed.get(t.user_id)) for t in typists],
                differing=differing,
            )
        )
    return rows


@dataclass(frozen=True)
class TotalsRow:
    number: int
    name: str
    cells: list[tuple[int, bool]]  # per typist (order of typists_of): total, differs


def totals_rows(
    round_: Round, names: list[BallotName], typists: list[TypistLabel]
) -> list[TotalsRow]:
    """Running totals per typist per name (queries.typist_totals), with the cells that differ
    from the most common value of their row marked."""
    totals = queries.typist_totals(round_)
    rows = []
    for name in names:
        counts = [totals.get(t.user_id, Counter())[name.number] for t in typists]
        common = Counter(counts).most_common()
        tie = len(common) > 1 and common[0][1] == common[1][1]
        mismatch = [len(common) > 1 and (tie or c != common[0][0]) for c in counts]
        rows.append(TotalsRow(name.number, name.name, list(zip(counts, mismatch, strict=True))))
    return rows


# --- The next round ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NextRoundPlan:
    """What follows a closed round, from its stored result (result["next"])."""

    kind: str  # "round" (open another round) | "finish" (the election is complete)
    purpose: str = ""
    candidates: tuple[Candidate, ...] = ()
    seats: int = 0
    reason: str = ""


def _elected_ids(rounds: Iterable[Round]) -> set[int]:
    elected: set[int] = set()
    for round_ in rounds:
        if round_.result:
            elected.update(int(cid) for cid in round_.result.get("elected", []))
            elected.update(
                int(c["id"])
                for c in round_.result.get("candidates", [])
                if c.get("outcome") == "alternate"
            )
    return elected


def _by_ids(ids: Iterable[str | int]) -> tuple[Candidate, ...]:
    wanted = [int(i) for i in ids]
    found = {c.pk: c for c in Candidate.objects.filter(pk__in=wanted)}
    return tuple(list_queries.in_ballot_order(found[i] for i in wanted if i in found))


def _not_elected_on(round_: Round) -> tuple[Candidate, ...]:
    result = round_.result or {}
    elected = {str(i) for i in result.get("elected", [])}
    return _by_ids(c["id"] for c in result.get("candidates", []) if c["id"] not in elected)


def next_round_plan(round_: Round) -> NextRoundPlan:
    """The candidates and seats of the round that follows `round_` (a closed round):
    - revote_tied: a tie re-vote among the tied, for the seats left;
    - further_round_allowed: a further round among those not elected, for the seats left
      (the congress decides whether to hold it and with whom);
    - done: for delegates to the upper congress with alternate seats, once the officials are
      elected, the alternates round on the rest of the common list; otherwise finished;
    - appointment_by_upper_committee: finished (the upper committee appoints).
    """
    result = round_.result or {}
    step = result.get("next", "done")
    unfilled = int(result.get("seats_unfilled", 0))
    # A tie re-vote or a further round elects what this round elected (actions.open_round
    # carries the body over): among alternates too.
    alternates = round_.body == Body.UPPER_ALTERNATES
    if step == "revote_tied":
        return NextRoundPlan(
            "round",
            purpose=RoundPurpose.TIE_REVOTE,
            candidates=_by_ids(result.get("tied", [])),
            seats=unfilled,
        )
    if step == "further_round_allowed":
        return NextRoundPlan(
            "round",
            purpose=RoundPurpose.FURTHER,
            candidates=_not_elected_on(round_),
            seats=unfilled,
        )
    election = round_.election
    if step == "done" and not alternates and _alternates_due(election):
        closed = election.rounds.filter(status=RoundStatus.CLOSED)
        elected = _elected_ids(closed)
        absorbed = sum(
            1
            for r in closed
            if r.result
            for c in r.result.get("candidates", [])
            if c.get("outcome") == "alternate"
        )
        rest = tuple(c for c in list_queries.on_list(election) if c.pk not in elected)
        seats = election.alternate_seats - absorbed
        if rest and seats > 0:
            return NextRoundPlan(
                "round",
                purpose=RoundPurpose.ALTERNATES,
                candidates=tuple(list_queries.in_ballot_order(rest)),
                seats=seats,
            )
    return NextRoundPlan("finish", reason=step)


def _alternates_due(election: Election) -> bool:
    return (
        election.body == Body.UPPER_DELEGATES
        and election.alternate_seats > 0
        and not election.rounds.filter(purpose=RoundPurpose.ALTERNATES).exists()
    )


def is_latest_round(round_: Round) -> bool:
    return not Round.objects.filter(election=round_.election, number__gt=round_.number).exists()


def election_typists(election: Election) -> list[tuple[int, str]]:
    """(user id, full name) of every typist of the election, in staff order."""
    return list(
        election.staff.filter(role=StaffRole.TYPIST)
        .order_by("position", "id")
        .values_list("user_id", "full_name")
    )

"""The reads of ballot entry, in SQL (decision 0011).

Every Enter of every typist runs them: 1.044 entries for one provincial round of 348 ballots.
Django's ORM spends 10 to 20 times longer building such a small statement than SQLite or
PostgreSQL spend running it (0,3 ms against 0,015 ms), and entry must answer within a few
times the server's floor. So these few statements are written once, as plain SQL that both
engines accept; table names come from the models. Everything else about elections uses the
ORM, and the writes of entry (the entry, the confirmation, the audit entry) stay ORM saves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection

from daihoi.core import audit
from daihoi.elections.models import BallotEntry, ConfirmedBallot, RereadRequest, Round

_ROUND = Round._meta.db_table
_TYPISTS = Round.typists.through._meta.db_table
_ENTRY = BallotEntry._meta.db_table
_REREAD = RereadRequest._meta.db_table
_CONFIRMED = ConfirmedBallot._meta.db_table


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What the entry of a ballot reads of its round; every other field loads when first used.
_ROUND_FOR_ENTRY = (
    "id",
    "election_id",
    "number",
    "seats",
    "ballot_style",
    "ballots_issued",
    "name_count",
    "status",
)


def _round_columns() -> str:
    return ", ".join(f"r.{Round._meta.get_field(name).column}" for name in _ROUND_FOR_ENTRY)


def _round_from_row(row: tuple[Any, ...]) -> Round:
    """A Round with the entry's fields (plain numbers and codes: nothing to convert), the
    others deferred as with QuerySet.only(), loaded when first used."""
    return Round.from_db(connection.alias, list(_ROUND_FOR_ENTRY), row[: len(_ROUND_FOR_ENTRY)])


def _is_id(value: int) -> bool:
    return 0 < value < 2**63  # a larger number from a URL is no row (and overflows SQLite)


def round_for_typist(round_id: int, user_id: int) -> Round | None:
    """The round, if `user_id` is one of its typists (None otherwise)."""
    if not _is_id(round_id):
        return None
    rows = _rows(
        f"SELECT {_round_columns()} FROM {_ROUND} r JOIN {_TYPISTS} t ON t.round_id = r.id "
        "WHERE r.id = %s AND t.user_id = %s",
        [round_id, user_id],
    )
    return _round_from_row(rows[0]) if rows else None


def lock_round_for_entry(round_id: int) -> tuple[Round | None, frozenset[int]]:
    """The round and its typists, locking the round's row until the transaction ends
    (PostgreSQL: FOR UPDATE OF the round only; SQLite: the IMMEDIATE transaction already holds
    the database's write lock). (None, ∅) for a round that does not exist."""
    if not _is_id(round_id):
        return None, frozenset()
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    rows = _rows(
        f"SELECT {_round_columns()}, t.user_id FROM {_ROUND} r "
        f"JOIN {_TYPISTS} t ON t.round_id = r.id WHERE r.id = %s{lock}",
        [round_id],
    )
    if not rows:
        return None, frozenset()
    return _round_from_row(rows[0]), frozenset(row[-1] for row in rows)


Entry = tuple[int, int, Any, Any, Any]  # id, typist id, struck, marks, defects (decoded)


@dataclass(frozen=True)
class EntryFacts:
    last_first_reading: int  # the highest paper the typist has keyed at revision 0 (0: none)
    reread_orders: int  # re-reads ordered in the round (almost always none)
    confirmed: int  # papers confirmed so far
    entries: list[Entry]  # the entries already made of the posted paper at the posted revision
    head: audit.ChainHead | None = None  # the audit chain's head, locked (entry_facts only)


# The typist's last first reading (round id, typist id) and the round's confirmed papers
# (round id), alone or among the facts.
_LAST_FIRST_READING = (
    f"SELECT MAX(seq) FROM {_ENTRY} WHERE round_id = %s AND typist_id = %s AND revision = 0"
)
_CONFIRMED_COUNT = f"SELECT COUNT(*) FROM {_CONFIRMED} WHERE round_id = %s"
# What a typist's page needs to know, as three scalar subqueries.
_FACTS = (
    f"({_LAST_FIRST_READING}) AS last_seq, "
    f"(SELECT COUNT(*) FROM {_REREAD} WHERE round_id = %s) AS rereads, "
    f"({_CONFIRMED_COUNT}) AS confirmed"
)


def typist_facts(round_id: int, typist_id: int) -> EntryFacts:
    """The typist's last paper, the re-reads ordered and the papers confirmed (no entries)."""
    rows = _rows(f"SELECT {_FACTS}", [round_id, typist_id, round_id, round_id])
    last, rereads_, confirmed = rows[0]
    return EntryFacts(int(last or 0), int(rereads_), int(confirmed), [])


def entry_facts(round_id: int, typist_id: int, seq: int, revision: int) -> EntryFacts:
    """typist_facts, the other typists' entries of the paper the entry posts, and the audit
    chain's head, locked, for the entry's audit entry: one statement. Run under the round's
    lock: nothing of the round it reads can change before the entry commits (on PostgreSQL
    the statement sees every entry committed before that lock was granted; if it then waits
    for the head's lock, what it reads of the round is still current). No head before the
    database's first audit entry: append_entry then creates it."""
    head = audit.locked_head_select(connection)
    rows = _rows(
        "SELECT f.last_seq, f.rereads, f.confirmed, h.last_seq, h.last_hash, e.id, "
        f"e.typist_id, e.struck, e.marks, e.defects FROM (SELECT {_FACTS}) f "
        f"LEFT JOIN ({head}) h ON 1 = 1 "
        f"LEFT JOIN {_ENTRY} e ON e.round_id = %s AND e.seq = %s AND e.revision = %s "
        "ORDER BY e.typist_id",
        [round_id, typist_id, round_id, round_id, round_id, seq, revision],
    )
    last, rereads_, confirmed, head_seq, head_hash = rows[0][:5]
    entries = [_decoded(row[5:]) for row in rows if row[5] is not None]
    return EntryFacts(
        int(last or 0),
        int(rereads_),
        int(confirmed),
        entries,
        audit.ChainHead(int(head_seq), str(head_hash)) if head_hash is not None else None,
    )


def _decoded(row: tuple[Any, ...]) -> Entry:
    entry_id, typist, struck, marks, defects = row
    return int(entry_id), int(typist), json.loads(struck), json.loads(marks), json.loads(defects)


def rereads(round_id: int) -> dict[int, int]:
    """The re-read papers of the round: seq → the revision the typists must key now."""
    rows = _rows(
        f"SELECT seq, MAX(revision) FROM {_REREAD} WHERE round_id = %s GROUP BY seq", [round_id]
    )
    return {int(seq): int(revision) for seq, revision in rows}


def last_first_reading(round_id: int, typist_id: int) -> int:
    """The highest paper the typist has keyed at its first reading (0: none yet)."""
    return int(_rows(_LAST_FIRST_READING, [round_id, typist_id])[0][0] or 0)


def running_total_contents(
    round_id: int, strike: bool
) -> tuple[list[Any], dict[tuple[int, int], Any]]:
    """What the running totals sum, decoded: the confirmed papers' contents (every typist
    keyed each of them alike, and nobody keys a confirmed paper again), and (typist id, seq) →
    the typist's latest entry of each paper not confirmed yet. The struck numbers (strike
    style) or the marks (agree/disagree style). The head's console sums these every 2 seconds:
    a third of the JSON of reading every entry (1.044 of them in a provincial round), and
    plain SQL, as the ORM's per-row conversion took three quarters of the page's time."""
    column = "struck" if strike else "marks"
    confirmed = _rows(f"SELECT {column} FROM {_CONFIRMED} WHERE round_id = %s", [round_id])
    pending = _rows(
        f"SELECT typist_id, seq, {column} FROM {_ENTRY} e WHERE round_id = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {_CONFIRMED} c WHERE c.round_id = e.round_id AND c.seq = e.seq) "
        "ORDER BY revision",
        [round_id],
    )
    return (
        [json.loads(content) for (content,) in confirmed],
        {(typist, seq): json.loads(content) for typist, seq, content in pending},
    )


def confirmed_count(round_id: int) -> int:
    return int(_rows(_CONFIRMED_COUNT, [round_id])[0][0])

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


def lock_round_typists(round_id: int) -> tuple[str | None, frozenset[int]]:
    """The round's status and typists, locking the round's row until the transaction ends
    (PostgreSQL: FOR UPDATE OF the round only; SQLite: the IMMEDIATE transaction already holds
    the database's write lock). (None, ∅) for a round without typists."""
    lock = " FOR UPDATE OF r" if connection.features.has_select_for_update_of else ""
    rows = _rows(
        f"SELECT t.user_id, r.status FROM {_TYPISTS} t JOIN {_ROUND} r ON r.id = t.round_id "
        f"WHERE t.round_id = %s{lock}",
        [round_id],
    )
    if not rows:
        return None, frozenset()
    return rows[0][1], frozenset(user_id for user_id, _status in rows)


Entry = tuple[int, int, Any, Any, Any]  # id, typist id, struck, marks, defects (decoded)


@dataclass(frozen=True)
class EntryFacts:
    last_first_reading: int  # the highest paper the typist has keyed at revision 0 (0: none)
    reread_orders: int  # re-reads ordered in the round (almost always none)
    confirmed: int  # papers confirmed so far
    entries: list[Entry]  # the entries already made of the posted paper at the posted revision


def entry_facts(round_id: int, typist_id: int, seq: int, revision: int) -> EntryFacts:
    """What an entry checks, what the page shows after it, and the other typists' entries of
    the paper it posts, in one statement. Run under the round's lock: nothing it reads can
    change before the entry commits (and on PostgreSQL the statement sees every entry
    committed before the lock was granted)."""
    rows = _rows(
        "SELECT f.last_seq, f.rereads, f.confirmed, e.id, e.typist_id, e.struck, e.marks, "
        "e.defects FROM (SELECT "
        f"(SELECT MAX(seq) FROM {_ENTRY} WHERE round_id = %s AND typist_id = %s "
        "AND revision = 0) AS last_seq, "
        f"(SELECT COUNT(*) FROM {_REREAD} WHERE round_id = %s) AS rereads, "
        f"(SELECT COUNT(*) FROM {_CONFIRMED} WHERE round_id = %s) AS confirmed) f "
        f"LEFT JOIN {_ENTRY} e ON e.round_id = %s AND e.seq = %s AND e.revision = %s "
        "ORDER BY e.typist_id",
        [round_id, typist_id, round_id, round_id, round_id, seq, revision],
    )
    last, rereads_, confirmed = rows[0][:3]
    entries = [_decoded(row[3:]) for row in rows if row[3] is not None]
    return EntryFacts(int(last or 0), int(rereads_), int(confirmed), entries)


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
    rows = _rows(
        f"SELECT MAX(seq) FROM {_ENTRY} WHERE round_id = %s AND typist_id = %s AND revision = 0",
        [round_id, typist_id],
    )
    return int(rows[0][0] or 0)


def confirmed_count(round_id: int) -> int:
    return int(_rows(f"SELECT COUNT(*) FROM {_CONFIRMED} WHERE round_id = %s", [round_id])[0][0])

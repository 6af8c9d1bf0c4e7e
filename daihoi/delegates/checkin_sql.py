"""The statements of a check-in, in SQL (decision 0015, after elections.entry_sql and 0011).

Every scan at every desk runs them: 1.600 in a provincial hall, from 8 desks at once. Django's
ORM spends far longer building these small statements than SQLite or PostgreSQL spend running
them, and each statement is a round trip on PostgreSQL; a scan made 11 of them. So a scan reads
in one statement, written once as plain SQL that both engines accept (table names from the
models), which is also the access check and takes the current session's lock and the audit
chain head's; then the CheckIn is inserted unless it is there already (ON CONFLICT DO NOTHING
RETURNING). Everything else about check-in uses the ORM, and the audit entry stays an ORM save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from daihoi.congresses.models import Congress
from daihoi.core import audit
from daihoi.core.access import MANAGE_ROLES
from daihoi.core.models import RoleGrant
from daihoi.delegates.models import (
    Badge,
    CheckIn,
    CongressStaff,
    Delegate,
    Delegation,
    Session,
    StaffRole,
)
from daihoi.organizations.models import Organization, Person

_CONGRESS = Congress._meta.db_table
_ORGANIZATION = Organization._meta.db_table
_GRANT = RoleGrant._meta.db_table
_STAFF = CongressStaff._meta.db_table
_BADGE = Badge._meta.db_table
_DELEGATE = Delegate._meta.db_table
_PERSON = Person._meta.db_table
_DELEGATION = Delegation._meta.db_table
_SESSION = Session._meta.db_table
_CHECKIN = CheckIn._meta.db_table
# What a check-in inserts: the CheckIn's fields but its id, in the model's order (attnames,
# columns), and the columns of its unique constraint (one CheckIn per session and delegate).
_CHECKIN_FIELDS = [f for f in CheckIn._meta.concrete_fields if not f.primary_key]
_CHECKIN_ONCE = ", ".join(
    CheckIn._meta.get_field(name).column
    for constraint in CheckIn._meta.constraints
    if constraint.name == "checkin_once"
    for name in constraint.fields
)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _is_id(value: int) -> bool:
    return 0 < value < 2**63  # a larger number from a URL is no row (and overflows SQLite)


@dataclass(frozen=True)
class Scan:
    """What a scan found, as one statement read it."""

    may_manage: bool  # the user's organization department manages the congress
    secretariat: bool  # the user is of the congress's secretariat
    session_id: int | None  # the current session, locked (None: no current session)
    delegate: Delegate | None  # the badge's holder (None: no badge with that token)
    head: audit.ChainHead | None  # the audit chain's head, locked (None: no current session)
    revoked: bool = False
    revoked_reason: str = ""


def _partial(model: type[Model], values: dict[str, Any]) -> Any:
    """An instance of `model` with these fields (attnames) loaded, the others deferred as with
    QuerySet.only() and loaded when first used (from_db takes them in the model's order)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _delegate(row: tuple[Any, ...]) -> Delegate:
    """The holder as the desk shows it: a Delegate with its status, number and congress, its
    person's name and its delegation's name."""
    delegate_id, congress_id, person_id, status, number, delegation_id, *names = row
    family, middle, given, delegation_name = names
    delegate: Delegate = _partial(
        Delegate,
        {
            "id": delegate_id,
            "congress_id": congress_id,
            "person_id": person_id,
            "status": status,
            "number": number,
            "delegation_id": delegation_id,
        },
    )
    delegate.person = _partial(
        Person, {"id": person_id, "family_name": family, "middle_name": middle, "given_name": given}
    )
    if delegation_id is not None:
        delegate.delegation = _partial(Delegation, {"id": delegation_id, "name": delegation_name})
    return delegate


def _session_and_head() -> str:
    """The congress's current session (params: congress id, True) as derived table `cur`,
    then the audit chain's head as `h`, each row locked until the transaction ends
    (PostgreSQL: FOR UPDATE, the session first — the head's join names `cur`, so the head's
    table is read, and locked, after the session's lock is granted: the order every writer of
    a check-in and set_current_session take them in; SQLite: the IMMEDIATE transaction already
    holds the write lock). Both outer-joined: no current session (C05), or no head before the
    database's first audit entry (append_entry then creates it). A row locked after a wait is
    returned as last committed, so the head read here is the one this transaction's entry
    follows."""
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    return (
        f"LEFT JOIN (SELECT s.id FROM {_SESSION} s WHERE s.congress_id = %s "
        f"AND s.is_current = %s{lock}) cur ON 1 = 1 "
        f"LEFT JOIN ({audit.locked_head_select(connection)}) h ON cur.id IS NOT NULL "
    )


def _head(seq: Any, hash_: Any) -> audit.ChainHead | None:
    return audit.ChainHead(int(seq), str(hash_)) if hash_ is not None else None


def scan_at_desk(congress_id: int, token: str, user_id: int) -> Scan | None:
    """One statement for a scan: whether the user may run the congress's desk (its managing
    organization department, under an org_staff grant of the user on that organization or
    above it — congresses.access.can_manage without the superuser, whom the caller knows —
    or its secretariat), the badge with `token` and its holder, and the congress's current
    session and the audit chain's head, both locked until the transaction ends
    (_session_and_head). None for a congress that does not exist."""
    if not _is_id(congress_id):
        return None
    roles = ", ".join(["%s"] * len(MANAGE_ROLES))
    rows = _rows(
        f"SELECT EXISTS (SELECT 1 FROM {_GRANT} r JOIN {_ORGANIZATION} ro "
        f"ON ro.id = r.organization_id WHERE r.user_id = %s AND r.role IN ({roles}) "
        "AND substr(o.path, 1, length(ro.path)) = ro.path), "
        f"EXISTS (SELECT 1 FROM {_STAFF} cs WHERE cs.congress_id = c.id AND cs.user_id = %s "
        "AND cs.role = %s), "
        "cur.id, h.last_seq, h.last_hash, b.revoked_at IS NOT NULL, b.revoked_reason, "
        "d.id, d.congress_id, d.person_id, d.status, d.number, d.delegation_id, "
        "p.family_name, p.middle_name, p.given_name, g.name "
        f"FROM {_CONGRESS} c JOIN {_ORGANIZATION} o ON o.id = c.organization_id "
        f"LEFT JOIN {_BADGE} b ON b.token = %s "
        f"LEFT JOIN {_DELEGATE} d ON d.id = b.delegate_id "
        f"LEFT JOIN {_PERSON} p ON p.id = d.person_id "
        f"LEFT JOIN {_DELEGATION} g ON g.id = d.delegation_id "
        f"{_session_and_head()}"
        "WHERE c.id = %s",
        [
            user_id,
            *MANAGE_ROLES,
            user_id,
            StaffRole.SECRETARIAT,
            token,
            congress_id,
            True,
            congress_id,
        ],
    )
    if not rows:
        return None
    may_manage, secretariat, session_id, head_seq, head_hash, revoked, reason, *holder = rows[0]
    head = _head(head_seq, head_hash)
    if holder[0] is None:
        return Scan(bool(may_manage), bool(secretariat), session_id, None, head)
    delegate = _delegate(tuple(holder))
    return Scan(
        bool(may_manage), bool(secretariat), session_id, delegate, head, bool(revoked), reason
    )


def lock_current_session(congress_id: int) -> tuple[int | None, audit.ChainHead | None]:
    """The congress's current session and the audit chain's head, locked as in scan_at_desk
    (None: no current session; no head then either)."""
    rows = _rows(
        f"SELECT cur.id, h.last_seq, h.last_hash FROM (SELECT 1 AS one) x {_session_and_head()}",
        [congress_id, True],
    )
    session_id, head_seq, head_hash = rows[0]
    return session_id, _head(head_seq, head_hash)


def insert_checkin(
    session_id: int, delegate: Delegate, *, method: str, desk: str, by_id: int
) -> CheckIn | None:
    """Insert the delegate's CheckIn at the session, unless there is one (None: nothing
    written). In one statement: INSERT … ON CONFLICT (the unique session and delegate) DO
    NOTHING RETURNING id (SQLite ≥ 3.35, PostgreSQL); on PostgreSQL it waits for a check-in of
    the same delegate not committed yet, so there is never a second one, and never an error.
    An older SQLite reads first, then inserts (its IMMEDIATE transaction serializes)."""
    values = {
        "session_id": session_id,
        "delegate_id": delegate.pk,
        "method": method,
        "desk": desk,
        "by_id": by_id,
        "at": timezone.now(),
    }
    if not connection.features.can_return_columns_from_insert:
        if earlier_checkin(session_id, delegate.pk) is not None:
            return None
        checkin = CheckIn.objects.create(**values)
    else:
        names = [f.attname for f in _CHECKIN_FIELDS]
        rows = _rows(
            f"INSERT INTO {_CHECKIN} ({', '.join(f.column for f in _CHECKIN_FIELDS)}) "
            f"VALUES ({', '.join(['%s'] * len(names))}) "
            f"ON CONFLICT ({_CHECKIN_ONCE}) DO NOTHING RETURNING id",
            [f.get_db_prep_save(values[f.attname], connection) for f in _CHECKIN_FIELDS],
        )
        if not rows:
            return None
        checkin = CheckIn.from_db(
            connection.alias, ["id", *names], [rows[0][0], *(values[n] for n in names)]
        )
    checkin.delegate = delegate
    return checkin


def earlier_checkin(session_id: int, delegate_id: int) -> dt.datetime | None:
    """When the delegate checked in at the session (None: not yet)."""
    rows = _rows(
        f"SELECT at FROM {_CHECKIN} WHERE session_id = %s AND delegate_id = %s",
        [session_id, delegate_id],
    )
    if not rows:
        return None
    at = rows[0][0]
    if isinstance(at, str):  # SQLite without its declared type's converter
        at = parse_datetime(at)
    if at is not None and timezone.is_naive(at):  # SQLite: UTC, without the zone
        at = timezone.make_aware(at, dt.UTC)
    return at

"""Counts of congresses per branch of the hierarchy, kept exact by the database itself.

The dashboard of a top organization (the Centre) must count every congress of the term:
330,000 index entries per pass, three passes (by child, level and status; by day; by
vote share), ≈4× the floor on PostgreSQL (docs/scaling.md §6). These tables hold the same
counts already added up per *branch* — the path of the top organization's child a congress
lies under (its first two path segments; the top organization's own congress has the
top's path) — so that the Centre's page reads a few thousand rows instead
(docs/decisions/0012-congress-tallies.md).

Why triggers and not the actions: congresses are written by the actions, the plan and
results imports (bulk_create, bulk_update), the demo and the synthetic data (COPY on
PostgreSQL), and by tests through the ORM. A trigger sees every one of those writes, in
the writer's transaction, so the tallies cannot drift from the table whoever writes it.
- PostgreSQL: statement-level triggers with transition tables: one grouped upsert per
  statement, however many rows (the national COPY of 332,470 rows is one upsert of
  ≈9,000 keys); keys in a fixed order so that two writers lock tally rows in the same order.
- SQLite: row-level triggers (SQLite has no transition tables; it has one writer at a time).
Rows whose count falls to 0 stay (a later congress of the same key reuses them); readers
skip them.

Keep the triggers: on SQLite, a migration that rebuilds `congresses_congress` (Django's
table remake for some ALTERs) drops them with the old table. After every migrate (and
every flush) apps.py reinstalls missing triggers and recounts the tallies;
tests/test_tallies.py fails if they are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

from daihoi.organizations.models import PATH_SEGMENT

CONGRESS_TABLE = "congresses_congress"
BRANCH_WIDTH = 2 * PATH_SEGMENT  # the top organization's segment, then its child's
TRIGGER_PREFIX = "congress_tally"


@dataclass(frozen=True)
class Facet:
    """One tally table: congresses counted per (term, branch, *keys), over the rows where
    the column `present` is not null (every row when None)."""

    table: str
    keys: tuple[str, ...]
    present: str | None = None

    def where(self, row: str) -> str:
        return f" WHERE {row}.{self.present} IS NOT NULL" if self.present else ""

    @property
    def columns(self) -> tuple[str, ...]:
        return ("term", "branch", *self.keys)


STATUS = Facet(
    "congresses_tally_status", ("org_level", "status", "kind", "is_pilot", "direct_secretary")
)
DAY = Facet("congresses_tally_day", ("held_on", "org_level"), "held_on")
SHARE = Facet("congresses_tally_share", ("secretary_percent",), "secretary_percent")
FACETS = (STATUS, DAY, SHARE)

# The columns whose change moves a congress from one tally row to another.
WATCHED = ("term", "org_path", *dict.fromkeys(k for f in FACETS for k in f.keys))


def _values(facet: Facet, row: str) -> list[str]:
    """The facet's key of one congress row (`row` is a table alias or NEW/OLD)."""
    branch = f"substr({row}.org_path, 1, {BRANCH_WIDTH})"
    return [f"{row}.term", branch, *(f"{row}.{k}" for k in facet.keys)]


def _upsert(facet: Facet, select: str) -> str:
    # `n` unqualified is the existing row's (SQLite takes no table alias inside a trigger).
    columns = ", ".join(facet.columns)
    return (
        f"INSERT INTO {facet.table} ({columns}, n) {select} "
        f"ON CONFLICT ({columns}) DO UPDATE SET n = {facet.table}.n + excluded.n"
    )


# --- PostgreSQL: statement-level triggers over transition tables ----------------------------


def _pg_delta(facet: Facet, sources: list[tuple[str, int]]) -> str:
    """One grouped upsert of the statement's changes: +1 per new row, −1 per old row."""
    arms = " UNION ALL ".join(
        f"SELECT {', '.join(_values(facet, 'r'))}, {sign} AS d FROM {table} r{facet.where('r')}"
        for table, sign in sources
    )
    names = ", ".join(f"c{i}" for i in range(len(facet.columns)))
    select = (
        f"SELECT {names}, sum(d) FROM ({arms}) AS x({names}, d) "
        f"GROUP BY {names} HAVING sum(d) <> 0 ORDER BY {names}"
    )
    return _upsert(facet, select)


PG_EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", [("new_rows", 1)]),
    "update": (
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [("new_rows", 1), ("old_rows", -1)],
    ),
    "delete": ("REFERENCING OLD TABLE AS old_rows", [("old_rows", -1)]),
}


def _pg_install() -> list[str]:
    out = []
    for event, (referencing, sources) in PG_EVENTS.items():
        name = f"{TRIGGER_PREFIX}_{event}"
        body = ";\n  ".join(_pg_delta(facet, sources) for facet in FACETS)
        out.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  {body};\n  RETURN NULL;\nEND $$"
        )
        out.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {CONGRESS_TABLE} "
            f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return out


def _pg_uninstall() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{event} ON {CONGRESS_TABLE}; "
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}_{event}()"
        for event in PG_EVENTS
    ]


# --- SQLite: row-level triggers ---------------------------------------------------------------


def _sqlite_change(facet: Facet, row: str, sign: int) -> str:
    # An INSERT … SELECT before ON CONFLICT needs a WHERE (SQLite's parsing ambiguity).
    where = facet.where(row) or " WHERE 1"
    return _upsert(facet, f"SELECT {', '.join(_values(facet, row))}, {sign}{where}")


def _sqlite_install() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    events = {
        "insert": ("INSERT", "", [("NEW", 1)]),
        "update": ("UPDATE", f" WHEN {changed}", [("OLD", -1), ("NEW", 1)]),
        "delete": ("DELETE", "", [("OLD", -1)]),
    }
    out = []
    for event, (verb, when, rows) in events.items():
        body = ";\n  ".join(
            _sqlite_change(facet, row, sign) for row, sign in rows for facet in FACETS
        )
        out.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX}_{event} AFTER {verb} ON {CONGRESS_TABLE} "
            f"FOR EACH ROW{when} BEGIN\n  {body};\nEND"
        )
    return out


def _sqlite_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{event}" for event in PG_EVENTS]


# --- Install, rebuild, check -----------------------------------------------------------------


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers, then recount the tallies from the congress table."""
    uninstall(connection)
    pg = connection.vendor == "postgresql"
    _execute(connection, _pg_install() if pg else _sqlite_install())
    rebuild(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    pg = connection.vendor == "postgresql"
    _execute(connection, _pg_uninstall() if pg else _sqlite_uninstall())


def recount_sql(facet: Facet) -> str:
    """The facet's rows recounted from the congress table (the rebuild, and the tests'
    brute force)."""
    values = ", ".join(_values(facet, "r"))
    return f"SELECT {values}, count(*) FROM {CONGRESS_TABLE} r{facet.where('r')} GROUP BY {values}"


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Recount every tally from the congress table (after installing the triggers)."""
    statements = []
    for facet in FACETS:
        statements.append(f"DELETE FROM {facet.table}")
        columns = ", ".join(facet.columns)
        statements.append(f"INSERT INTO {facet.table} ({columns}, n) {recount_sql(facet)}")
    _execute(connection, statements)


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """Names of the tally triggers present on the congress table."""
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [CONGRESS_TABLE, f"{TRIGGER_PREFIX}_%"])
        return {row[0] for row in cursor.fetchall()}


EXPECTED_TRIGGERS = {f"{TRIGGER_PREFIX}_{event}" for event in PG_EVENTS}

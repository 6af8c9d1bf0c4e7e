"""The database itself refuses to change an audit entry: UPDATE is refused on both engines,
DELETE on PostgreSQL. (On SQLite the test runner empties tables with DELETE between tests;
there the hash chain and the chain head's count detect a removed entry.)"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_auditentry_no_update;"

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit log is append-only'; END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in PG_CREATE:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in PG_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]

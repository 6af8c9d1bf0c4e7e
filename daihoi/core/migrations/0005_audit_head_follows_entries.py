"""The chain's head follows every appended audit entry, inside the database.

append_entry used to write the head itself after each entry: one more statement (a round
trip on PostgreSQL) in every action, ballot entry included. A trigger keeps the head equal to
the last entry whoever inserts it, and costs nothing on the wire. The head row is created
(and locked) by append_entry before the first entry.
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS core_auditentry_moves_head AFTER INSERT ON core_auditentry
BEGIN
    UPDATE core_auditchainhead SET last_seq = NEW.seq, last_hash = NEW.entry_hash WHERE id = 1;
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS core_auditentry_moves_head;"

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_move_head() RETURNS trigger AS $$
    BEGIN
        UPDATE core_auditchainhead SET last_seq = NEW.seq, last_hash = NEW.entry_hash
        WHERE id = 1;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_moves_head AFTER INSERT ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_move_head();
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_moves_head ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_move_head();",
]


def create_trigger(apps, schema_editor):
    statements = {"sqlite": [SQLITE_CREATE], "postgresql": PG_CREATE}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    statements = {"sqlite": [SQLITE_DROP], "postgresql": PG_DROP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_job")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]

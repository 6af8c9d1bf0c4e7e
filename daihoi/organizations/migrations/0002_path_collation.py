"""On PostgreSQL the path column compares bytewise ("C" collation), so that the subtree
range  path >= P AND path < P || '~'  is exact and served by the B-tree index whatever the
server's default locale. SQLite's default BINARY collation already compares bytewise."""

from django.db import migrations


def use_c_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        'ALTER TABLE organizations_organization ALTER COLUMN path TYPE varchar(72) COLLATE "C"'
    )


def use_default_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE organizations_organization ALTER COLUMN path TYPE varchar(72)"
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(use_c_collation, use_default_collation)]

# Tallies of congresses per branch, kept by triggers (congresses/tallies.py, decision 0012).

from django.db import migrations, models

from daihoi.congresses import tallies


def c_collation(apps, schema_editor):
    # The branch is compared with path ranges like org_path: bytewise on PostgreSQL too.
    if schema_editor.connection.vendor == "postgresql":
        for facet in tallies.FACETS:
            schema_editor.execute(
                f'ALTER TABLE {facet.table} ALTER COLUMN branch TYPE varchar(12) COLLATE "C"'
            )


def install(apps, schema_editor):
    tallies.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    tallies.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('congresses', '0004_dashboard_partial_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='DayTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=9)),
                ('branch', models.CharField(max_length=12)),
                ('n', models.IntegerField()),
                ('held_on', models.DateField()),
                ('org_level', models.PositiveSmallIntegerField()),
            ],
            options={
                'db_table': 'congresses_tally_day',
                'constraints': [models.UniqueConstraint(fields=('term', 'branch', 'held_on', 'org_level'), name='tally_day_key')],
            },
        ),
        migrations.CreateModel(
            name='ShareTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=9)),
                ('branch', models.CharField(max_length=12)),
                ('n', models.IntegerField()),
                ('secretary_percent', models.PositiveSmallIntegerField()),
            ],
            options={
                'db_table': 'congresses_tally_share',
                'constraints': [models.UniqueConstraint(fields=('term', 'branch', 'secretary_percent'), name='tally_share_key')],
            },
        ),
        migrations.CreateModel(
            name='StatusTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=9)),
                ('branch', models.CharField(max_length=12)),
                ('n', models.IntegerField()),
                ('org_level', models.PositiveSmallIntegerField()),
                ('status', models.CharField(max_length=10)),
                ('kind', models.CharField(max_length=12)),
                ('is_pilot', models.BooleanField()),
                ('direct_secretary', models.BooleanField()),
            ],
            options={
                'db_table': 'congresses_tally_status',
                'constraints': [models.UniqueConstraint(fields=('term', 'branch', 'org_level', 'status', 'kind', 'is_pilot', 'direct_secretary'), name='tally_status_key')],
            },
        ),
        migrations.RunPython(c_collation, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]

"""The tallies per branch (congresses/tallies.py) stay equal to a recount of the congress
table after every kind of write: the actions one by one, bulk planning, a queryset update,
a delete, and the synthetic campaign (COPY on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection

from daihoi.congresses import actions, tallies
from daihoi.congresses.apps import _check_tallies
from daihoi.congresses.models import Congress, CongressKind
from daihoi.congresses.rules import ResultFigures
from daihoi.congresses.synth import synthesize
from daihoi.congresses.tests.dashboard_data import TERM, ensure_directive
from daihoi.organizations.models import Level

DAY = dt.date(2025, 5, 10)


@pytest.fixture
def directive(db):
    return ensure_directive()


def _rows(sql: str) -> Counter[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return Counter({tuple(row[:-1]): row[-1] for row in cursor.fetchall() if row[-1]})


def assert_tallies_equal_a_recount() -> None:
    for facet in tallies.FACETS:
        kept = _rows(f"SELECT {', '.join(facet.columns)}, n FROM {facet.table}")
        assert kept == _rows(tallies.recount_sql(facet)), facet.table


def test_the_tally_triggers_are_installed_by_the_migrations(db):
    assert tallies.installed(connection) == tallies.EXPECTED_TRIGGERS


def test_tallies_follow_a_congress_through_its_whole_lifecycle(world, directive):
    congress = actions.create_congress(
        world.base_a,
        acting_user=world.staff_p,
        term=TERM,
        kind=CongressKind.GENERAL,
        convened=30,
        starts_on=DAY,
    )
    assert_tallies_equal_a_recount()
    for status in ("preparing", "held"):
        congress = actions.advance_congress(congress, status, DAY, acting_user=world.staff_p)
        assert_tallies_equal_a_recount()
    figures = ResultFigures(
        committee_elected=9,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=41,
        secretary_base=45,
    )
    actions.report_results(congress, figures, source="form", acting_user=world.staff_p, on=DAY)
    assert_tallies_equal_a_recount()
    actions.approve_congress(Congress.objects.get(pk=congress.pk), DAY, acting_user=world.staff_p)
    assert Congress.objects.get(pk=congress.pk).secretary_percent == 91
    assert_tallies_equal_a_recount()


def test_tallies_follow_bulk_planning_a_queryset_update_and_a_delete(world, directive):
    actions.plan_congresses(world.province, Level.CELL, TERM, acting_user=world.staff_p)
    assert_tallies_equal_a_recount()
    Congress.objects.filter(org_level=Level.CELL).update(is_pilot=True, kind="delegates")
    assert_tallies_equal_a_recount()
    Congress.objects.filter(organization=world.cell_a).delete()
    assert_tallies_equal_a_recount()
    Congress.objects.update(place="Hội trường")  # no counted column: no tally row moves
    assert_tallies_equal_a_recount()


def test_tallies_equal_a_recount_after_a_synthetic_city(directive):
    synthesize("city", 3, term=TERM, acting_user=None)
    assert_tallies_equal_a_recount()
    statuses = Counter(Congress.objects.values_list("status", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, sum(n) FROM {tallies.STATUS.table} GROUP BY status")
        assert Counter(dict(cursor.fetchall())) == statuses


def test_after_a_migrate_missing_triggers_come_back_and_the_tallies_are_recounted(world, directive):
    """As after a migration that rebuilt the congress table on SQLite (triggers dropped)."""
    tallies.uninstall(connection)
    actions.plan_congresses(world.province, Level.CELL, TERM, acting_user=world.staff_p)
    assert tallies.installed(connection) == set()
    _check_tallies(using=connection.alias)
    assert tallies.installed(connection) == tallies.EXPECTED_TRIGGERS
    assert_tallies_equal_a_recount()

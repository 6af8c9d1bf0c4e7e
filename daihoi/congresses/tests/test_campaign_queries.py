"""Late and missing congresses against the directive's deadlines (CT 45/2025: base and cells
by 30/06/2025, upper-base by 31/08/2025, province by 31/10/2025). "Today" is a parameter."""

import datetime as dt

from daihoi.congresses import actions, queries
from daihoi.congresses.models import CongressKind
from daihoi.organizations.models import Level

TERM = "2025-2030"
JULY_1 = dt.date(2025, 7, 1)  # base and cells are late, districts not yet
JUNE_30 = dt.date(2025, 6, 30)


def plan(world, org, *, held_on=None):
    congress = actions.create_congress(
        org, acting_user=world.staff_p, term=TERM, kind=CongressKind.GENERAL, convened=20
    )
    if held_on:
        actions.advance_congress(congress, "preparing", held_on, acting_user=world.staff_p)
        actions.advance_congress(congress, "held", held_on, acting_user=world.staff_p)
    return congress


def codes(congresses):
    return sorted(c.organization.code for c in congresses)


def test_a_congress_not_held_after_its_levels_deadline_is_late(world):
    plan(world, world.base_a)  # base: deadline 30/06
    plan(world, world.cell_a, held_on=dt.date(2025, 6, 20))  # held in time
    plan(world, world.district_a)  # upper-base: deadline 31/08

    assert codes(queries.late_congresses(world.province, TERM, today=JUNE_30)) == []
    assert codes(queries.late_congresses(world.province, TERM, today=JULY_1)) == ["A1"]
    september = dt.date(2025, 9, 1)
    assert codes(queries.late_congresses(world.province, TERM, today=september)) == ["A", "A1"]


def test_a_district_sees_only_its_own_late_congresses(world):
    plan(world, world.base_a)
    plan(world, world.base_b)
    assert codes(queries.late_congresses(world.district_b, TERM, today=JULY_1)) == ["B1"]


def test_missing_units_are_every_congress_level_without_a_congress_of_the_term(world):
    plan(world, world.base_a)
    plan(world, world.cell_a)
    missing = queries.missing_units(world.district_a, TERM)
    assert [o.code for o in missing] == ["A", "A1-2", "A2"]
    assert [o.code for o in queries.missing_units(world.district_a, TERM, level=Level.CELL)] == [
        "A1-2"
    ]
    assert [o.code for o in queries.missing_units(world.district_a, "2020-2025")] == [
        "A",
        "A1",
        "A1-1",
        "A1-2",
        "A2",
    ]


def test_progress_by_level_counts_units_plans_held_late_and_missing(world):
    plan(world, world.base_a)
    plan(world, world.base_b, held_on=dt.date(2025, 6, 1))
    rows = {r.level: r for r in queries.progress_by_level(world.province, TERM, today=JULY_1)}
    base = rows[Level.BASE]
    assert (base.units, base.planned, base.held, base.late, base.missing) == (3, 2, 1, 1, 1)
    assert (rows[Level.CELL].units, rows[Level.CELL].missing) == (3, 3)


def test_the_plan_list_flags_late_rows_and_filters_them(world):
    plan(world, world.base_a)
    plan(world, world.cell_a, held_on=dt.date(2025, 6, 20))
    rows = queries.plan_list(world.district_a, TERM, queries.PlanFilters(), today=JULY_1)
    assert [(c.organization.code, c.late) for c in rows] == [("A1", True), ("A1-1", False)]
    late_only = queries.plan_list(
        world.district_a, TERM, queries.PlanFilters(late_only=True), today=JULY_1
    )
    assert codes(late_only) == ["A1"]
    cells = queries.plan_list(
        world.district_a, TERM, queries.PlanFilters(level=Level.CELL), today=JULY_1
    )
    assert codes(cells) == ["A1-1"]


def test_the_create_forms_default_kind_follows_the_directive(world):
    assert queries.default_kind_for(world.cell_a, TERM) == "general"
    assert queries.default_kind_for(world.district_a, TERM) == "general"  # 73 members < 200
    world.cell_a.official_members = 300
    world.cell_a.save()
    assert queries.default_kind_for(world.district_a, TERM) == "delegates"

"""The dashboard's counts equal a brute-force recount in Python, over random trees with
congresses in random states (hypothesis), and a few worked cases that read like the seeds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.congresses import queries_dashboard as q
from daihoi.congresses.models import Congress, CongressKind, CongressStatus
from daihoi.congresses.tests.dashboard_data import (
    DEADLINES,
    OTHER_TERM,
    TERM,
    add_congress,
    ensure_directive,
)
from daihoi.counting.shares import percent
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, Organization, OrganizationForm

HELD = {"held", "reported", "approved"}
DAYS = [dt.date(2025, 6, 15), dt.date(2025, 7, 1), dt.date(2025, 9, 1), dt.date(2025, 11, 2)]


# --- Random data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    code: str
    parent: int | None  # index of the parent node
    level: int


@dataclass(frozen=True)
class Plan:
    node: int
    term: str
    status: str
    kind: str
    pilot: bool
    direct: bool
    held_on: dt.date | None
    votes: int | None
    base: int | None


@st.composite
def trees(draw: st.DrawFn) -> list[Node]:
    """A root (Centre, province or upper-base) and up to 24 units under it, each at a level
    below its parent's; a second small tree beside it (never counted under the first)."""
    nodes = [Node("R", None, draw(st.sampled_from([0, 1, 2])))]
    for i in range(1, draw(st.integers(1, 24))):
        parents = [j for j, n in enumerate(nodes) if n.level < Level.CELL and n.code[0] == "R"]
        parent = draw(st.sampled_from(parents))
        level = draw(st.integers(nodes[parent].level + 1, Level.CELL))
        nodes.append(Node(f"R{i}", parent, level))
    other = len(nodes)
    nodes.append(Node("S", None, 1))
    nodes.append(Node("S1", other, 3))
    return nodes


@st.composite
def plans(draw: st.DrawFn, nodes: list[Node]) -> list[Plan]:
    out = []
    for i, node in enumerate(nodes):
        if node.level < Level.PROVINCIAL:
            continue
        for term, chance in ((TERM, 0.8), (OTHER_TERM, 0.25)):
            if draw(st.floats(0, 1)) >= chance:
                continue
            status = draw(st.sampled_from(list(CongressStatus.values)))
            held = status in HELD
            held_on = (
                dt.date(2025, 4, 1) + dt.timedelta(days=draw(st.integers(0, 150)))
                if held and draw(st.integers(0, 4)) > 0
                else None
            )
            direct = draw(st.booleans())
            base = draw(st.integers(1, 400))
            votes = draw(st.integers(0, base)) if draw(st.booleans()) else None
            out.append(
                Plan(
                    node=i,
                    term=term,
                    status=status,
                    kind=draw(st.sampled_from(list(CongressKind.values))),
                    pilot=draw(st.integers(0, 4)) == 0,
                    direct=direct,
                    held_on=held_on,
                    votes=votes,
                    base=base if votes is not None else None,
                )
            )
    return out


def write(nodes: list[Node], congress_plans: list[Plan]) -> list[Organization]:
    rows = [
        NewOrganization(
            code=n.code,
            name=f"Đơn vị {n.code}",
            level=n.level,
            kind="territorial",
            form=OrganizationForm.CHI_BO if n.level == Level.CELL else OrganizationForm.DANG_BO,
            official_members=10,
            probationary_members=0,
            parent_code=nodes[n.parent].code if n.parent is not None else None,
        )
        for n in nodes
    ]
    created = insert_organizations(rows)
    orgs = [created[n.code] for n in nodes]
    for p in congress_plans:
        add_congress(
            orgs[p.node],
            term=p.term,
            status=p.status,
            kind=p.kind,
            is_pilot=p.pilot,
            direct_secretary=p.direct,
            held_on=p.held_on,
            votes=p.votes,
            base=p.base,
        )
    return orgs


# --- The brute-force recount -----------------------------------------------------------------


def subtree(nodes: list[Node], top: int) -> set[int]:
    """Indexes of `top` and its descendants, by parent links (no paths involved)."""
    inside = {top}
    for i, node in enumerate(nodes):  # parents come before children
        if node.parent in inside:
            inside.add(i)
    return inside


def recount(nodes, plans_, top, day, levels):
    inside = subtree(nodes, top)
    mine = [p for p in plans_ if p.term == TERM and p.node in inside]
    late_levels = {lv for lv in levels if day > DEADLINES[lv]}
    by_level = {}
    for lv in levels:
        at = [p for p in mine if nodes[p.node].level == lv]
        units = sum(1 for i in inside if nodes[i].level == lv)
        by_level[lv] = {
            "units": units,
            "planned": len(at),
            "held": sum(p.status in HELD for p in at),
            "late": sum(p.status not in HELD for p in at) if lv in late_levels else 0,
            "missing": units - len(at),
            "by_status": {s: sum(p.status == s for p in at) for s in CongressStatus.values},
            "delegates": sum(p.kind == "delegates" for p in at),
            "pilots": sum(p.pilot for p in at),
            "pilots_held": sum(p.pilot and p.status in HELD for p in at),
            "direct": sum(p.direct for p in at),
            "direct_held": sum(p.direct and p.status in HELD for p in at),
        }
    return mine, by_level, late_levels


def path_order(orgs, indexes):
    return [orgs[i].pk for i in sorted(indexes, key=lambda i: orgs[i].path)]


def all_pages(page_of):
    out, number = [], 1
    while True:
        page = page_of(number)
        out.extend(page.object_list)
        if not page.has_next():
            return out
        number += 1


def check_dashboard(nodes, plans_, orgs, top, day, grouped, tallied):
    scope = q.Scope.of(orgs[top], TERM, day)
    dash = q.dashboard(scope, grouped=grouped, tallied=tallied)
    mine, expected, late_levels = recount(nodes, plans_, top, day, scope.levels)
    assert set(scope.late_levels) == late_levels

    # Progress by level.
    for lv, exp in expected.items():
        tally, flags = dash.progress.by_level[lv], dash.flags[lv]
        got = {
            "units": tally.units,
            "planned": tally.planned,
            "held": tally.held,
            "late": tally.late,
            "missing": tally.missing,
            "by_status": tally.by_status,
            "delegates": flags.delegates,
            "pilots": flags.pilots,
            "pilots_held": flags.pilots_held,
            "direct": flags.direct,
            "direct_held": flags.direct_held,
        }
        assert got == exp, (lv, got, exp)
        assert flags.planned == exp["planned"] and flags.held == exp["held"]
        assert tally.held_percent == percent(exp["held"], exp["planned"])

    # Children: each child's row is the recount of its own subtree.
    children = [i for i, n in enumerate(nodes) if n.parent == top]
    assert [c.org.pk for c in dash.progress.children] == sorted(
        (orgs[i].pk for i in children),
        key=lambda pk: next((o.level, o.name, o.pk) for o in orgs if o.pk == pk),
    )
    for row in dash.progress.children:
        i = next(j for j, o in enumerate(orgs) if o.pk == row.org.pk)
        _, child_levels, _ = recount(nodes, plans_, i, day, [lv for lv in scope.levels])
        for key in ("units", "planned", "held", "late", "missing"):
            assert getattr(row.tally, key) == sum(v[key] for v in child_levels.values()), key

    # The secretaries' shares: whole percents of direct secretaries with reported votes.
    reported = [
        p
        for p in mine
        if p.status in ("reported", "approved") and p.direct and p.votes is not None and p.base
    ]
    assert dash.shares.counts == dict(Counter(100 * p.votes // p.base for p in reported))
    shares = [Fraction(p.votes, p.base) for p in reported]
    assert dash.shares.lowest == (min(shares) if shares else None)
    assert dash.shares.highest == (max(shares) if shares else None)

    # Progress over time: cumulative held_on per level.
    dated = [p for p in mine if p.held_on is not None]
    days = sorted({p.held_on for p in dated})
    assert dash.series.days == days
    for lv in scope.levels:
        assert dash.series.by_level[lv] == [
            sum(1 for p in dated if p.held_on <= d and nodes[p.node].level == lv) for d in days
        ]
    assert dash.series.total == [sum(1 for p in dated if p.held_on <= d) for d in days]

    # The lists, every page, in hierarchy order; their totals come from the counts.
    late = [p.node for p in mine if p.status not in HELD and nodes[p.node].level in late_levels]
    got_late = all_pages(lambda n: q.late_page(scope, dash.progress, n))
    assert [c.organization_id for c in got_late] == path_order(orgs, late)
    planned_nodes = {p.node for p in mine}
    missing = [
        i
        for i in subtree(nodes, top)
        if nodes[i].level >= Level.PROVINCIAL and i not in planned_nodes
    ]
    got_missing = all_pages(lambda n: q.missing_page(scope, dash.progress, n))
    assert [o.pk for o in got_missing] == path_order(orgs, missing)
    pilots = [p.node for p in mine if p.pilot]
    got_pilots = all_pages(lambda n: q.pilots_page(scope, dash.flags, n))
    assert [c.organization_id for c in got_pilots] == path_order(orgs, pilots)

    own = next((p for p in mine if p.node == top), None)
    assert (dash.progress.own.status if dash.progress.own else None) == (
        own.status if own else None
    )


@pytest.fixture
def directive(db):
    return ensure_directive()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_dashboard_counts_equal_a_brute_force_recount_over_random_trees(directive, data):
    nodes = data.draw(trees())
    plans_ = data.draw(plans(nodes))
    day = data.draw(st.sampled_from(DAYS))
    with transaction.atomic():
        orgs = write(nodes, plans_)
        q.PAGE_SIZE, saved = 2, q.PAGE_SIZE  # several pages even in a small tree
        try:
            for top, node in enumerate(nodes):
                if node.code[0] == "R":
                    # Every way of counting the series and the shares: seeks per key
                    # (SQLite's), one GROUP BY (PostgreSQL's), and for the root the
                    # tallies the triggers keep (congresses/tallies.py).
                    ways = [(False, False), (True, False)]
                    ways += [(None, True)] if node.parent is None else []
                    for grouped, tallied in ways:
                        check_dashboard(nodes, plans_, orgs, top, day, grouped, tallied)
        finally:
            q.PAGE_SIZE = saved
        transaction.set_rollback(True)


# --- Worked cases ----------------------------------------------------------------------------


def test_the_seeds_figures_come_out_of_a_city_like_the_report(world, directive):
    """9 of 10 ward committees held a congress of delegates; 45 of 46 elected their
    secretary directly; secretaries elected with 82% to 100% of the votes."""
    wards = insert_organizations(
        [
            NewOrganization(
                f"W{i}",
                f"Đảng bộ phường {i}",
                Level.BASE,
                "territorial",
                OrganizationForm.DANG_BO,
                0,
                0,
                "A",
            )
            for i in range(10)
        ]
    )
    for i, ward in enumerate(wards.values()):
        add_congress(
            ward,
            status=CongressStatus.APPROVED,
            kind="general" if i == 0 else "delegates",
            direct_secretary=True,
            held_on=dt.date(2025, 6, 10),
            votes=150 if i == 0 else [182, 170][i % 2],
            base=182,
        )
    scope = q.Scope.of(world.district_a, TERM, dt.date(2025, 7, 1))
    dash = q.dashboard(scope)
    flags = dash.flags[Level.BASE]
    assert (flags.delegates, flags.planned) == (9, 10)
    assert (flags.direct_held, flags.held) == (10, 10)
    assert dash.shares.lowest == Fraction(150, 182)  # 82.42%
    assert percent(150, 182) == "82.42"
    assert dash.shares.highest == 1
    # A1 and A2 (the world's base organizations) have no congress: missing, not late.
    tally = dash.progress.by_level[Level.BASE]
    assert (tally.units, tally.planned, tally.missing, tally.late) == (12, 10, 2, 0)


def test_a_congress_not_held_after_its_deadline_is_late_only_after_that_day(world, directive):
    add_congress(world.base_a, status=CongressStatus.PREPARING)
    on_deadline = q.progress(q.Scope.of(world.district_a, TERM, dt.date(2025, 6, 30)))
    next_day = q.progress(q.Scope.of(world.district_a, TERM, dt.date(2025, 7, 1)))
    assert on_deadline.by_level[Level.BASE].late == 0
    assert next_day.by_level[Level.BASE].late == 1
    assert next_day.by_level[Level.UPPER_BASE].late == 0  # no congress planned: missing


def test_a_districts_dashboard_counts_nothing_of_its_neighbour(world, directive):
    add_congress(world.cell_b, status=CongressStatus.HELD, held_on=dt.date(2025, 5, 2))
    dash = q.dashboard(q.Scope.of(world.district_a, TERM, dt.date(2025, 7, 1)))
    assert dash.progress.total.planned == 0
    assert dash.series.days == []
    assert Congress.objects.count() == 1

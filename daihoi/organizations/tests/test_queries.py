"""Reads of the hierarchy (organizations/queries.py) against a brute-force recount in Python."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.organizations import actions, queries
from daihoi.organizations.actions import (
    BIG_IMPORT_ROWS,
    NewOrganization,
    import_organizations,
    insert_organizations,
    refresh_planner_statistics,
)
from daihoi.organizations.models import Level, Organization, OrganizationForm, OrganizationKind
from daihoi.organizations.rules import ALLOWED_CHILDREN, child_level_allowed
from daihoi.organizations.synth import synth_rows

pytestmark = pytest.mark.django_db


def _row(
    code: str,
    level: int,
    parent: str | None,
    official: int = 0,
    probationary: int = 0,
    form: str = OrganizationForm.DANG_BO,
) -> NewOrganization:
    return NewOrganization(
        code, f"Tổ chức {code}", level, OrganizationKind.TERRITORIAL, form, official,
        probationary, parent,
    )  # fmt: skip


@dataclass(frozen=True)
class Tree:
    rows: list[NewOrganization]

    def children(self, code: str) -> list[str]:
        return [r.code for r in self.rows if r.parent_code == code]

    def descendants(self, code: str) -> Iterator[NewOrganization]:
        """X and everything under it, by walking the parent links (the slow, obvious way)."""
        by_code = {r.code: r for r in self.rows}
        stack = [code]
        while stack:
            current = stack.pop()
            yield by_code[current]
            stack.extend(self.children(current))

    def ancestors(self, code: str) -> list[str]:
        """Codes from the root down to X."""
        by_code = {r.code: r for r in self.rows}
        chain = [code]
        while (parent := by_code[chain[-1]].parent_code) is not None:
            chain.append(parent)
        return chain[::-1]


def _may_have_children(row: NewOrganization) -> bool:
    return any(child_level_allowed(row.level, row.form, level) for level in Level)


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    """One or two roots and up to 30 units, each placed under a unit that may hold it."""
    members = st.tuples(st.integers(0, 400), st.integers(0, 40))
    rows: list[NewOrganization] = []
    for r in range(draw(st.integers(1, 2))):
        level = draw(st.sampled_from([Level.CENTRAL, Level.PROVINCIAL, Level.UPPER_BASE]))
        rows.append(_row(f"R{r}", level, None, *draw(members)))
    for n in range(draw(st.integers(0, 30))):
        parents = [row for row in rows if _may_have_children(row)]
        parent = draw(st.sampled_from(parents))
        level = draw(
            st.sampled_from(
                sorted(
                    lv
                    for lv in ALLOWED_CHILDREN[parent.level]
                    if child_level_allowed(parent.level, parent.form, lv)
                )
            )
        )
        form = OrganizationForm.CHI_BO if level == Level.CELL else OrganizationForm.DANG_BO
        if level == Level.BASE:
            form = draw(st.sampled_from([OrganizationForm.DANG_BO, OrganizationForm.CHI_BO]))
        rows.append(_row(f"N{n}", level, parent.code, *draw(members), form=form))
    return Tree(rows)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tree=trees())
def test_subtree_totals_equal_a_brute_force_recount(tree: Tree) -> None:
    with transaction.atomic():
        created = insert_organizations(tree.rows)
        for code, org in created.items():
            under = list(tree.descendants(code))
            assert queries.subtree_member_totals(org) == (
                len(under),
                sum(r.official_members for r in under),
                sum(r.probationary_members for r in under),
            )
            assert {o.code for o in queries.subtree(org)} == {r.code for r in under}
            by_level = queries.subtree_totals_by_level(org)
            assert by_level.units == len(under)
            assert {lc.level: lc.units for lc in by_level.by_level} == {
                level: sum(1 for r in under if r.level == level) for level in {r.level for r in under}
            }
            assert [o.code for o in queries.path_to(org)] == tree.ancestors(code)
        transaction.set_rollback(True)


def test_path_to_a_cell_runs_from_the_root_down_to_the_cell() -> None:
    rows = [
        _row("TW", Level.CENTRAL, None),
        _row("T01", Level.PROVINCIAL, "TW"),
        _row("T01-H01", Level.UPPER_BASE, "T01"),
        _row("T01-H01-C01", Level.BASE, "T01-H01"),
        _row("T01-H01-C01-B01", Level.SUB_BASE, "T01-H01-C01"),
        _row("T01-H01-C01-B01-CB01", Level.CELL, "T01-H01-C01-B01", 20, 1, OrganizationForm.CHI_BO),
    ]  # fmt: skip
    created = insert_organizations(rows)
    path = queries.path_to(created["T01-H01-C01-B01-CB01"])
    assert [o.code for o in path] == [r.code for r in rows]
    assert [o.code for o in queries.path_to(created["TW"])] == ["TW"]


def test_a_subtree_never_takes_in_a_sibling_whose_id_starts_like_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ids 1 and 10, 36 ("10" in base 36) and 360, 35 and 1295 (z and zz): a path that
    compared ids as unpadded text would put one inside the other's subtree."""
    siblings = [1, 10, 36, 360, 35, 1295, 100]
    ids = [7, *siblings, 2, 3, 4]
    monkeypatch.setattr(actions, "_reserve_ids", lambda count: ids[:count])
    rows = [_row("ROOT", Level.PROVINCIAL, None)]
    rows += [_row(f"S{pk}", Level.UPPER_BASE, "ROOT") for pk in siblings]
    rows += [
        _row("S1-child", Level.BASE, "S1", 12, 1, OrganizationForm.CHI_BO),
        _row("S10-child", Level.BASE, "S10", 15, 0, OrganizationForm.CHI_BO),
        _row("S36-child", Level.BASE, "S36", 9, 2, OrganizationForm.CHI_BO),
    ]
    created = insert_organizations(rows)
    assert created["S10"].pk == 10

    def codes_under(code: str) -> set[str]:
        return {o.code for o in queries.subtree(created[code])}

    assert codes_under("S1") == {"S1", "S1-child"}
    assert codes_under("S10") == {"S10", "S10-child"}
    assert codes_under("S36") == {"S36", "S36-child"}
    for pk in (360, 35, 1295, 100):
        assert codes_under(f"S{pk}") == {f"S{pk}"}
    assert queries.subtree_member_totals(created["S1"]) == (2, 12, 1)
    assert queries.subtree_member_totals(created["ROOT"]) == (11, 36, 3)


def test_children_with_counts_shows_each_childs_own_children() -> None:
    rows = [
        _row("P", Level.PROVINCIAL, None),
        _row("A", Level.UPPER_BASE, "P"),
        _row("A1", Level.BASE, "A", 10, 0, OrganizationForm.CHI_BO),
        _row("A2", Level.BASE, "A", 11, 0, OrganizationForm.CHI_BO),
        _row("B", Level.UPPER_BASE, "P"),
    ]
    created = insert_organizations(rows)
    counts = {o.code: o.child_count for o in queries.children_with_counts(created["P"])}
    assert counts == {"A": 2, "B": 0}


def test_a_big_import_refreshes_the_planner_statistics_once_committed(
    django_capture_on_commit_callbacks: object,
) -> None:
    rows = synth_rows("province", seed=1)[:BIG_IMPORT_ROWS]  # parents first: still a tree
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        import_organizations(rows, acting_user=None, source_name="tinh.xlsx")
    assert refresh_planner_statistics in callbacks
    assert Organization.objects.count() == BIG_IMPORT_ROWS


def test_a_small_import_leaves_the_statistics_to_autovacuum(
    django_capture_on_commit_callbacks: object,
) -> None:
    rows = synth_rows("city", seed=1)[:50]
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        import_organizations(rows, acting_user=None, source_name="xa.csv")
    assert refresh_planner_statistics not in callbacks

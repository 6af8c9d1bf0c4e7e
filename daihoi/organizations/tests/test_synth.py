"""The generated hierarchies (organizations/synth.py): reproducible and well-formed.

Only the small scales run here; the national tree is exercised by bench/hierarchy.py."""

from __future__ import annotations

import pytest

from daihoi.core.text import nfc
from daihoi.organizations import queries
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, OrganizationForm
from daihoi.organizations.rules import child_level_allowed
from daihoi.organizations.synth import summarize, synth_rows

SMALL_SCALES = ["city", "province"]


def _holds_members(row: NewOrganization) -> bool:
    return row.level == Level.CELL or (
        row.level == Level.BASE and row.form == OrganizationForm.CHI_BO
    )


@pytest.fixture(scope="module")
def generated() -> dict[str, list[NewOrganization]]:
    return {scale: synth_rows(scale, seed=11) for scale in SMALL_SCALES}


@pytest.mark.parametrize("scale", SMALL_SCALES)
def test_the_same_seed_gives_the_same_rows(scale: str) -> None:
    assert synth_rows(scale, seed=3) == synth_rows(scale, seed=3)


def test_another_seed_gives_another_tree() -> None:
    assert synth_rows("city", seed=3) != synth_rows("city", seed=4)


def test_an_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="national, province, city"):
        synth_rows("planet", seed=1)


@pytest.mark.parametrize("scale", SMALL_SCALES)
def test_codes_are_unique_and_extend_the_parents_code(
    generated: dict[str, list[NewOrganization]], scale: str
) -> None:
    rows = generated[scale]
    assert len({row.code for row in rows}) == len(rows)
    for row in rows:
        if row.parent_code is not None:
            assert row.code.startswith(row.parent_code + "-")
        assert len(row.code) <= 40


@pytest.mark.parametrize("scale", SMALL_SCALES)
def test_parents_come_first_and_every_level_may_stand_under_its_parent(
    generated: dict[str, list[NewOrganization]], scale: str
) -> None:
    seen: dict[str, NewOrganization] = {}
    rows = generated[scale]
    assert [row for row in rows if row.parent_code is None] == rows[:1]
    for row in rows:
        if row.parent_code is not None:
            parent = seen[row.parent_code]
            assert child_level_allowed(parent.level, parent.form, row.level), row.code
        seen[row.code] = row


@pytest.mark.parametrize("scale", SMALL_SCALES)
def test_members_are_registered_only_at_cells_and_chi_bo_co_so(
    generated: dict[str, list[NewOrganization]], scale: str
) -> None:
    for row in generated[scale]:
        if _holds_members(row):
            # A cell has at least 3 official members (Charter Art. 24).
            assert row.official_members >= 3, row.code
            assert 0 <= row.probationary_members < row.official_members
        else:
            assert (row.official_members, row.probationary_members) == (0, 0), row.code


@pytest.mark.parametrize("scale", SMALL_SCALES)
def test_names_are_vietnamese_nfc_and_say_what_the_unit_is(
    generated: dict[str, list[NewOrganization]], scale: str
) -> None:
    for row in generated[scale]:
        assert row.name == nfc(row.name)
        expected = "Chi bộ " if row.form == OrganizationForm.CHI_BO else "Đảng bộ "
        assert row.name.startswith(expected), row.name


def test_the_province_has_communes_base_organizations_sub_committees_and_cells(
    generated: dict[str, list[NewOrganization]],
) -> None:
    counts = summarize(generated["province"]).units_by_level
    assert counts[Level.PROVINCIAL] == 1
    assert counts[Level.UPPER_BASE] > 100
    assert counts[Level.BASE] > 10 * counts[Level.UPPER_BASE]
    assert counts[Level.SUB_BASE] > 0
    assert counts[Level.CELL] > counts[Level.BASE]


def test_the_city_has_46_base_organizations_and_thousands_of_members(
    generated: dict[str, list[NewOrganization]],
) -> None:
    summary = summarize(generated["city"])
    assert summary.units_by_level[Level.UPPER_BASE] == 1
    assert summary.units_by_level[Level.BASE] == 46
    assert 3000 < summary.members < 20000


@pytest.mark.django_db
def test_an_imported_city_rolls_up_to_the_generators_totals(
    generated: dict[str, list[NewOrganization]],
) -> None:
    rows = generated["city"]
    created = insert_organizations(rows)
    summary = summarize(rows)
    root = created[rows[0].code]
    assert queries.subtree_member_totals(root) == (
        len(rows),
        summary.official_members,
        summary.probationary_members,
    )

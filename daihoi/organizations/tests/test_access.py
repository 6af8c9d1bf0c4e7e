"""Who may see and manage which organization (organizations.access over core.access)."""

from __future__ import annotations

import pytest

from daihoi.core import actions as core_actions
from daihoi.core.access import NotFoundForUser, scope_paths
from daihoi.core.models import Role, RoleGrant
from daihoi.organizations import access

pytestmark = pytest.mark.django_db


MISSING_PK = 987_654_321


def names(queryset):
    return set(queryset.values_list("code", flat=True))


ALL_CODES = {"P", "A", "A1", "A1-1", "A1-2", "A2", "B", "B1", "B1-1"}
DISTRICT_A = {"A", "A1", "A1-1", "A1-2", "A2"}
DISTRICT_B = {"B", "B1", "B1-1"}


def test_admin_sees_and_manages_every_organization(world):
    assert names(access.organizations_visible_to(world.admin)) == ALL_CODES
    assert names(access.organizations_managed_by(world.admin)) == ALL_CODES
    assert access.can_manage(world.admin, world.cell_b)
    assert access.get_visible_organization(world.admin, world.cell_b.pk) == world.cell_b


def test_province_staff_sees_and_manages_both_districts(world):
    assert names(access.organizations_visible_to(world.staff_p)) == ALL_CODES
    assert access.can_manage(world.staff_p, world.cell_a)
    assert access.can_manage(world.staff_p, world.cell_b)


def test_district_staff_sees_and_manages_only_their_district(world):
    assert names(access.organizations_visible_to(world.staff_a)) == DISTRICT_A
    assert names(access.organizations_managed_by(world.staff_a)) == DISTRICT_A
    assert access.can_view(world.staff_a, world.cell_a)
    assert access.can_manage(world.staff_a, world.cell_a)
    assert not access.can_view(world.staff_a, world.district_b)
    assert not access.can_manage(world.staff_a, world.cell_b)


def test_district_staff_cannot_see_the_province_above_them(world):
    assert not access.can_view(world.staff_a, world.province)
    with pytest.raises(NotFoundForUser):
        access.get_visible_organization(world.staff_a, world.province.pk)


def test_other_district_staff_is_the_mirror_image(world):
    assert names(access.organizations_visible_to(world.staff_b)) == DISTRICT_B
    assert not access.can_view(world.staff_b, world.cell_a)


def test_viewer_can_view_their_district_but_not_manage_it(world):
    assert names(access.organizations_visible_to(world.viewer_a)) == DISTRICT_A
    assert names(access.organizations_managed_by(world.viewer_a)) == set()
    assert access.can_view(world.viewer_a, world.base_a)
    assert not access.can_manage(world.viewer_a, world.base_a)
    assert access.get_visible_organization(world.viewer_a, world.base_a.pk) == world.base_a
    with pytest.raises(NotFoundForUser):
        access.get_managed_organization(world.viewer_a, world.base_a.pk)


def test_outsider_sees_nothing(world):
    assert names(access.organizations_visible_to(world.outsider)) == set()
    assert list(access.top_organizations_for(world.outsider)) == []
    assert not access.can_view(world.outsider, world.province)
    with pytest.raises(NotFoundForUser):
        access.get_visible_organization(world.outsider, world.cell_a.pk)


@pytest.mark.parametrize("pk", [MISSING_PK, "abc", "", None])
def test_a_missing_or_malformed_id_is_not_found_like_a_forbidden_one(world, pk):
    with pytest.raises(NotFoundForUser):
        access.get_visible_organization(world.admin, pk)


def test_forbidden_and_missing_raise_the_same_error_with_the_same_message(world):
    with pytest.raises(NotFoundForUser) as forbidden:
        access.get_visible_organization(world.staff_a, world.cell_b.pk)
    with pytest.raises(NotFoundForUser) as missing:
        access.get_visible_organization(world.staff_a, MISSING_PK)
    assert str(forbidden.value) == str(missing.value)


def test_top_organizations_are_the_roots_of_each_users_scope(world):
    assert list(access.top_organizations_for(world.admin)) == [world.province]
    assert list(access.top_organizations_for(world.staff_a)) == [world.district_a]
    assert list(access.top_organizations_for(world.viewer_a)) == [world.district_a]


def test_a_grant_nested_inside_another_adds_nothing(world):
    core_actions.grant_role(world.staff_a, Role.VIEWER, world.cell_a, acting_user=world.admin)
    core_actions.grant_role(world.staff_a, Role.ORG_STAFF, world.base_a, acting_user=world.admin)
    assert scope_paths(world.staff_a) == [world.district_a.path]
    assert list(access.top_organizations_for(world.staff_a)) == [world.district_a]
    assert names(access.organizations_visible_to(world.staff_a)) == DISTRICT_A


def test_a_narrow_manage_grant_inside_a_wide_view_grant(world):
    core_actions.grant_role(world.viewer_a, Role.ORG_STAFF, world.base_a, acting_user=world.admin)
    assert names(access.organizations_visible_to(world.viewer_a)) == DISTRICT_A
    assert names(access.organizations_managed_by(world.viewer_a)) == {"A1", "A1-1", "A1-2"}
    assert access.can_manage(world.viewer_a, world.cell_a)
    assert not access.can_manage(world.viewer_a, world.district_a)


def test_grants_in_two_districts_add_up(world):
    core_actions.grant_role(world.staff_a, Role.VIEWER, world.base_b, acting_user=world.admin)
    assert names(access.organizations_visible_to(world.staff_a)) == DISTRICT_A | {"B1", "B1-1"}
    assert not access.can_manage(world.staff_a, world.cell_b)
    assert list(access.top_organizations_for(world.staff_a)) == [world.district_a, world.base_b]


def test_a_new_grant_takes_effect_at_once(world):
    assert not access.can_view(world.outsider, world.cell_b)  # fills the scope cache
    core_actions.grant_role(world.outsider, Role.VIEWER, world.base_b, acting_user=world.admin)
    assert access.can_view(world.outsider, world.cell_b)


def test_a_revoked_grant_takes_effect_at_once(world):
    assert access.can_manage(world.staff_a, world.cell_a)  # fills the scope cache
    grant = world.staff_a.role_grants.get()
    core_actions.revoke_role(grant, acting_user=world.staff_p)
    assert not access.can_view(world.staff_a, world.cell_a)
    assert not access.can_manage(world.staff_a, world.cell_a)
    assert names(access.organizations_visible_to(world.staff_a)) == set()


def test_a_revoked_grant_takes_effect_on_the_next_request(world, client):
    client.force_login(world.staff_a)
    url = f"/to-chuc/{world.cell_a.pk}/"
    assert client.get(url).status_code == 200
    core_actions.revoke_role(RoleGrant.objects.get(user=world.staff_a), acting_user=world.staff_p)
    assert client.get(url).status_code == 404


def test_an_inactive_user_sees_nothing_whatever_their_grants(world):
    world.staff_a.is_active = False
    assert scope_paths(world.staff_a) == []
    assert not access.can_view(world.staff_a, world.cell_a)


def test_an_inactive_superuser_is_not_global(world):
    world.admin.is_active = False
    assert not access.can_view(world.admin, world.cell_a)

"""The user-management pages of an organization department: list, create, grant, revoke,
each scope-checked on the server and audited."""

from __future__ import annotations

import unicodedata

import pytest

from daihoi.core.models import AuditEntry, Role, RoleGrant, User
from daihoi.testing import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoa-sen-no-giua-dam-2025"


def users_url(org) -> str:
    return f"/to-chuc/{org.pk}/nguoi-dung/"


def create_url(org) -> str:
    return f"/to-chuc/{org.pk}/nguoi-dung/tao/"


def grant_url(org) -> str:
    return f"/to-chuc/{org.pk}/nguoi-dung/cap-quyen/"


def revoke_url(org, grant) -> str:
    return f"/to-chuc/{org.pk}/nguoi-dung/thu-hoi/{grant.pk}/"


def new_user_data(org, **overrides) -> dict[str, object]:
    data = {
        "username": "tran_lan",
        "full_name": "Trần Thị Lan",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "role": Role.VIEWER,
        "organization": org.pk,
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_staff_a(client, world):
    client.force_login(world.staff_a)
    return client


# --- The list ------------------------------------------------------------------------------


def test_district_staff_sees_who_holds_roles_in_their_district(as_staff_a, world):
    page = as_staff_a.get(users_url(world.district_a)).content.decode()
    assert "Nguyễn Thị An" in page and "Lê Văn Xem" in page
    assert "staff_b" not in page and "staff_p" not in page and "outsider" not in page


def test_the_list_shows_only_the_roles_held_inside_the_scope(as_staff_a, world):
    from daihoi.core import actions

    actions.grant_role(world.viewer_a, Role.VIEWER, world.base_b, acting_user=world.admin)
    page = as_staff_a.get(users_url(world.district_a)).content.decode()
    assert "Lê Văn Xem" in page
    assert world.base_b.name not in page


def test_a_units_list_starts_at_that_unit(as_staff_a, world):
    page = as_staff_a.get(users_url(world.base_a)).content.decode()
    assert "Chưa ai có vai trò trong phạm vi này." in page


def test_province_staff_manages_the_users_of_a_district(client, world):
    client.force_login(world.staff_p)
    page = client.get(users_url(world.district_a)).content.decode()
    assert "Lê Văn Xem" in page


@pytest.mark.parametrize("who", ["viewer_a", "outsider", "staff_b"])
def test_who_cannot_manage_the_district_gets_not_found(client, world, who):
    client.force_login(getattr(world, who))
    for url in (users_url(world.district_a), create_url(world.district_a)):
        assert client.get(url).status_code == 404


def test_the_unit_page_links_to_user_management_for_its_managers_only(client, world):
    client.force_login(world.staff_a)
    assert 'data-testid="users-link"' in client.get(f"/to-chuc/{world.base_a.pk}/").content.decode()
    client.force_login(world.viewer_a)
    assert (
        'data-testid="users-link"'
        not in client.get(f"/to-chuc/{world.base_a.pk}/").content.decode()
    )


# --- Creating a user -----------------------------------------------------------------------


def test_creating_a_user_with_a_role_in_scope(as_staff_a, world):
    before = AuditEntry.objects.count()
    response = as_staff_a.post(create_url(world.district_a), new_user_data(world.base_a))
    assert response.status_code == 302
    assert response.url == users_url(world.district_a)
    person = User.objects.get(username="tran_lan")
    assert person.full_name == "Trần Thị Lan"
    assert person.password.startswith("argon2$")
    assert person.check_password(NEW_PASSWORD)
    assert not person.is_superuser and not person.is_staff
    grant = RoleGrant.objects.get(user=person)
    assert (grant.role, grant.organization) == (Role.VIEWER, world.base_a)
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(e.action, e.actor) for e in entries] == [
        ("user.create", world.staff_a),
        ("role.grant", world.staff_a),
    ]
    page = as_staff_a.get(response.url).content.decode()
    assert "Trần Thị Lan" in page
    assert "Đã tạo người dùng tran_lan" in page


def test_a_created_user_can_log_in_and_sees_only_their_unit(as_staff_a, client, world):
    as_staff_a.post(create_url(world.district_a), new_user_data(world.base_a))
    client.logout()
    assert client.login(username="tran_lan", password=NEW_PASSWORD)
    assert client.get(f"/to-chuc/{world.cell_a.pk}/").status_code == 200
    assert client.get(f"/to-chuc/{world.district_a.pk}/").status_code == 404


def test_names_given_in_nfd_are_stored_nfc(as_staff_a, world):
    decomposed = unicodedata.normalize("NFD", "Trần Thị Lan")
    assert decomposed != "Trần Thị Lan"
    as_staff_a.post(create_url(world.district_a), new_user_data(world.base_a, full_name=decomposed))
    assert User.objects.get(username="tran_lan").full_name == "Trần Thị Lan"


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(username="tran_lan").exists()


def test_two_different_passwords_are_refused_in_vietnamese(as_staff_a, world):
    data = new_user_data(world.base_a, password2="Mot-mat-khau-khac-2025")
    assert_refused(
        as_staff_a.post(create_url(world.district_a), data), "Hai mật khẩu không giống nhau."
    )


def test_a_short_password_is_refused_in_vietnamese(as_staff_a, world):
    data = new_user_data(world.base_a, password1="Ng4n-qua", password2="Ng4n-qua")
    assert_refused(
        as_staff_a.post(create_url(world.district_a), data),
        "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 10 ký tự.",
    )


def test_a_common_password_is_refused_in_vietnamese(as_staff_a, world):
    data = new_user_data(world.base_a, password1="password123", password2="password123")
    assert_refused(
        as_staff_a.post(create_url(world.district_a), data), "Mật khẩu này quá phổ biến."
    )


def test_an_all_digits_password_is_refused_in_vietnamese(as_staff_a, world):
    data = new_user_data(world.base_a, password1="8264019375", password2="8264019375")
    assert_refused(
        as_staff_a.post(create_url(world.district_a), data), "Mật khẩu này hoàn toàn là số."
    )


def test_a_taken_username_is_refused_in_any_letter_case(as_staff_a, world):
    data = new_user_data(world.base_a, username="Viewer_A")
    response = as_staff_a.post(create_url(world.district_a), data)
    assert response.status_code == 400
    assert "Tên đăng nhập này đã có người dùng." in response.content.decode()


def test_an_empty_form_names_each_missing_field(as_staff_a, world):
    response = as_staff_a.post(create_url(world.district_a), {})
    assert response.status_code == 400
    assert response.content.decode().count("Trường này là bắt buộc.") >= 4


def test_only_organization_roles_can_be_granted(as_staff_a, world):
    data = new_user_data(world.base_a, role=Role.COUNTING)
    response = as_staff_a.post(create_url(world.district_a), data)
    assert response.status_code == 400
    assert not User.objects.filter(username="tran_lan").exists()


def test_a_superuser_flag_in_the_post_is_ignored(as_staff_a, world):
    data = new_user_data(world.base_a, is_superuser="on", is_staff="on")
    as_staff_a.post(create_url(world.district_a), data)
    person = User.objects.get(username="tran_lan")
    assert not person.is_superuser and not person.is_staff


@pytest.mark.parametrize("where", ["district_b", "cell_b", "province"])
def test_a_role_outside_the_scope_is_not_found_and_nothing_is_written(as_staff_a, world, where):
    before = AuditEntry.objects.count()
    data = new_user_data(getattr(world, where))
    assert as_staff_a.post(create_url(world.district_a), data).status_code == 404
    assert not User.objects.filter(username="tran_lan").exists()
    assert AuditEntry.objects.count() == before


def test_a_role_above_the_unit_is_not_found_even_inside_the_users_scope(as_staff_a, world):
    data = new_user_data(world.district_a)
    assert as_staff_a.post(create_url(world.base_a), data).status_code == 404


@pytest.mark.parametrize("value", ["987654321", "abc", "-1"])
def test_a_forged_organization_id_is_not_found(as_staff_a, world, value):
    data = new_user_data(world.base_a, organization=value)
    assert as_staff_a.post(create_url(world.district_a), data).status_code == 404


# --- Granting another role -----------------------------------------------------------------


def test_granting_another_role_to_a_user_in_scope(as_staff_a, world):
    response = as_staff_a.post(
        grant_url(world.district_a),
        {"user": world.viewer_a.pk, "role": Role.ORG_STAFF, "organization": world.base_a.pk},
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(
        user=world.viewer_a, role=Role.ORG_STAFF, organization=world.base_a
    ).exists()
    entry = AuditEntry.objects.order_by("seq").last()
    assert (entry.action, entry.actor, entry.object_id) == (
        "role.grant",
        world.staff_a,
        str(world.viewer_a.pk),
    )


@pytest.mark.parametrize("who", ["staff_b", "outsider", "staff_p", "admin"])
def test_granting_to_a_user_outside_the_scope_is_not_found(as_staff_a, world, who):
    response = as_staff_a.post(
        grant_url(world.district_a),
        {"user": getattr(world, who).pk, "role": Role.VIEWER, "organization": world.base_a.pk},
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(user=getattr(world, who), organization=world.base_a)


def test_granting_on_an_organization_outside_the_scope_is_not_found(as_staff_a, world):
    response = as_staff_a.post(
        grant_url(world.district_a),
        {"user": world.viewer_a.pk, "role": Role.ORG_STAFF, "organization": world.base_b.pk},
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(organization=world.base_b).exists()


def test_the_grant_form_offers_only_users_and_units_in_scope(as_staff_a, world):
    page = as_staff_a.get(grant_url(world.district_a)).content.decode()
    assert "viewer_a" in page and world.cell_a.name in page
    assert "staff_b" not in page and world.district_b.name not in page
    assert world.province.name not in page


# --- Revoking ------------------------------------------------------------------------------


def test_revoking_a_role_in_scope(as_staff_a, world):
    grant = RoleGrant.objects.get(user=world.viewer_a)
    response = as_staff_a.post(revoke_url(world.district_a, grant))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    entry = AuditEntry.objects.order_by("seq").last()
    assert (entry.action, entry.actor) == ("role.revoke", world.staff_a)
    assert entry.before["organization_id"] == world.district_a.pk
    # The revoked viewer sees nothing any more.
    as_staff_a.force_login(world.viewer_a)
    assert as_staff_a.get(f"/to-chuc/{world.district_a.pk}/").status_code == 404


def test_revoking_a_role_of_another_district_is_not_found(as_staff_a, world):
    grant = RoleGrant.objects.get(user=world.staff_b)
    assert as_staff_a.post(revoke_url(world.district_a, grant)).status_code == 404
    assert as_staff_a.post(revoke_url(world.district_b, grant)).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_revoking_a_role_held_above_the_unit_is_not_found(client, world):
    client.force_login(world.staff_p)
    grant = RoleGrant.objects.get(user=world.staff_a)  # on district A, above base A
    assert client.post(revoke_url(world.base_a, grant)).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_nobody_revokes_their_own_role(as_staff_a, world):
    grant = RoleGrant.objects.get(user=world.staff_a)
    response = as_staff_a.post(revoke_url(world.district_a, grant), follow=True)
    assert "Không thể tự thu hồi vai trò của chính mình." in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_revoking_needs_a_post(as_staff_a, world):
    grant = RoleGrant.objects.get(user=world.viewer_a)
    assert as_staff_a.get(revoke_url(world.district_a, grant)).status_code == 405
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_password_is_never_echoed_back(as_staff_a, world):
    data = new_user_data(world.base_a, password2="Mot-mat-khau-khac-2025")
    page = as_staff_a.post(create_url(world.district_a), data).content.decode()
    assert NEW_PASSWORD not in page and PASSWORD not in page

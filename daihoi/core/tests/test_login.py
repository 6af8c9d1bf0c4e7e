"""Logging in: argon2 hashes, throttling with lockout, audited logins, sessions that end."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.db.models import F

from daihoi.config import settings as project_settings
from daihoi.core import actions
from daihoi.core.middleware import IDLE_KEY
from daihoi.core.models import AuditEntry, LoginFailure, User
from daihoi.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/dang-nhap/"
LOCKED = "Đăng nhập sai quá nhiều lần. Tài khoản tạm bị khóa"
INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."


def attempt(client, username: str, pw: str, address: str = "127.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": pw}, REMOTE_ADDR=address)


def logged_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


# --- Passwords ------------------------------------------------------------------------------


def test_the_installation_hashes_passwords_with_argon2id_first():
    # The suite runs with a cheap argon2 (root conftest); this is what installations run.
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_a_stored_password_is_an_argon2id_hash(settings, db):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = actions.create_user("nguoi_moi", PASSWORD, acting_user=None)
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert identify_hasher(stored).algorithm == "argon2"
    assert PASSWORD not in stored
    assert user.check_password(PASSWORD)


def test_the_named_users_passwords_are_argon2_hashes_too(world):
    assert User.objects.get(username="staff_a").password.startswith("argon2$argon2id$")


def test_a_user_created_without_a_password_cannot_log_in(client, db):
    actions.create_user("khong_mat_khau", None, acting_user=None)
    response = attempt(client, "khong_mat_khau", "")
    assert logged_in_as(client) is None
    assert response.status_code == 200


# --- Throttling -----------------------------------------------------------------------------


def test_the_right_password_logs_in_and_is_audited(world, client):
    response = attempt(client, "staff_a", PASSWORD, "10.1.2.3")
    assert response.status_code == 302
    assert logged_in_as(client) == world.staff_a.pk
    entry = AuditEntry.objects.order_by("seq").last()
    assert (entry.action, entry.actor, entry.after) == (
        "auth.login",
        world.staff_a,
        {"address": "10.1.2.3"},
    )


def test_a_wrong_password_is_refused_in_vietnamese_and_recorded(world, client):
    response = attempt(client, "staff_a", "sai-mat-khau")
    assert logged_in_as(client) is None
    assert INVALID in response.content.decode()
    assert LoginFailure.objects.filter(username="staff_a").count() == 1
    assert AuditEntry.objects.order_by("seq").last().action == "auth.login_failed"


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(world, client):
    unknown = attempt(client, "khong_ai_ca", "sai-mat-khau").content.decode()
    wrong = attempt(client, "staff_a", "sai-mat-khau").content.decode()
    assert INVALID in unknown and INVALID in wrong


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        assert INVALID in attempt(client, "staff_a", "sai-mat-khau").content.decode()
    response = attempt(client, "staff_a", PASSWORD)
    assert logged_in_as(client) is None
    assert LOCKED in response.content.decode()


def test_the_lock_covers_the_username_in_any_letter_case(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        attempt(client, "STAFF_A", "sai-mat-khau")
    assert LOCKED in attempt(client, "staff_a", PASSWORD).content.decode()


def test_the_lock_holds_from_another_address(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        attempt(client, "staff_a", "sai-mat-khau", "10.0.0.1")
    assert LOCKED in attempt(client, "staff_a", PASSWORD, "10.0.0.2").content.decode()


def test_a_locked_account_does_not_lock_another(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        attempt(client, "staff_a", "sai-mat-khau", "10.0.0.1")
    attempt(client, "staff_b", PASSWORD, "10.0.0.2")
    assert logged_in_as(client) == world.staff_b.pk


def test_many_failures_from_one_address_lock_that_address(world, client):
    limit = settings.DAIHOI_LOGIN_MAX_FAILURES
    for i in range(limit * 4):
        attempt(client, f"doan_{i % (limit - 1)}_{i}", "sai", "10.9.9.9")
    assert LOCKED in attempt(client, "staff_a", PASSWORD, "10.9.9.9").content.decode()
    attempt(client, "staff_a", PASSWORD, "10.9.9.10")
    assert logged_in_as(client) == world.staff_a.pk


def test_the_lock_expires_after_the_window(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        attempt(client, "staff_a", "sai-mat-khau")
    # Freeze time the other way round: move the failures back past the window.
    window = dt.timedelta(seconds=settings.DAIHOI_LOGIN_WINDOW_SECONDS + 1)
    LoginFailure.objects.update(at=F("at") - window)
    attempt(client, "staff_a", PASSWORD)
    assert logged_in_as(client) == world.staff_a.pk


def test_the_lock_still_holds_just_inside_the_window(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES):
        attempt(client, "staff_a", "sai-mat-khau")
    LoginFailure.objects.update(
        at=F("at") - dt.timedelta(seconds=settings.DAIHOI_LOGIN_WINDOW_SECONDS - 60)
    )
    assert LOCKED in attempt(client, "staff_a", PASSWORD).content.decode()


def test_a_successful_login_clears_earlier_failures(world, client):
    for _ in range(settings.DAIHOI_LOGIN_MAX_FAILURES - 1):
        attempt(client, "staff_a", "sai-mat-khau")
    attempt(client, "staff_a", PASSWORD)
    assert logged_in_as(client) == world.staff_a.pk
    assert not LoginFailure.objects.filter(username="staff_a").exists()


# --- Sessions -------------------------------------------------------------------------------


def test_sessions_have_a_maximum_age_of_one_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_session_cookie_carries_the_maximum_age(world, client):
    response = attempt(client, "staff_a", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _set_last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_an_active_session_stays_logged_in(world, client):
    client.force_login(world.staff_a)
    assert client.get("/to-chuc/").status_code == 200
    _set_last_seen(client, settings.DAIHOI_IDLE_TIMEOUT_SECONDS - 60)
    assert client.get("/to-chuc/").status_code == 200
    assert time.time() - client.session[IDLE_KEY] < 60


def test_a_session_idle_longer_than_the_timeout_is_logged_out(world, client):
    client.force_login(world.staff_a)
    assert client.get("/to-chuc/").status_code == 200
    _set_last_seen(client, settings.DAIHOI_IDLE_TIMEOUT_SECONDS + 1)
    response = client.get("/to-chuc/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert logged_in_as(client) is None


def test_logout_works_by_post(world, client):
    client.force_login(world.staff_a)
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert logged_in_as(client) is None
    assert client.get("/to-chuc/").status_code == 302


def test_logout_refuses_a_get_so_a_link_cannot_log_people_out(world, client):
    client.force_login(world.staff_a)
    assert client.get("/dang-xuat/").status_code == 405
    assert logged_in_as(client) == world.staff_a.pk


def test_the_login_page_sends_a_logged_in_user_on(world, client):
    client.force_login(world.staff_a)
    assert client.get(LOGIN_URL).status_code == 302


def test_login_redirects_only_to_this_site(world, client):
    response = client.post(
        LOGIN_URL + "?next=https://ke-gian.example/",
        {"username": "staff_a", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert not response.url.startswith("https://ke-gian.example")

"""Project-wide pytest setup: the named test world and a real chromium for browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls in
# such a thread unless told it is safe (the test thread is still synchronous code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DAIHOI_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background calls to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden text files of generated documents instead of comparing",
    )


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings: Any) -> None:
    """Argon2 with production costs takes ~0.1 s a user; tests create many users."""
    settings.PASSWORD_HASHERS = ["daihoi.core.hashers.CheapArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test() -> Iterator[None]:
    """A request after the switch to English leaves English active on the test's thread
    (the middleware activates a language per request and never resets it): every test
    starts in Vietnamese, the default, whatever the test before it did."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def world(db: Any) -> Any:
    from daihoi.congresses.directives import ensure_directives
    from daihoi.testing import build_world

    ensure_directives()  # a flush between browser tests empties what the migration seeded
    return build_world()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make check-browser`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def launch_chromium(browser: Any) -> Iterator[Any]:
    """Launch another chromium with extra flags (e.g. a fake camera fed from a file), on the
    session's Playwright; closed after the test."""
    launched = []

    def launch(*extra_args: str) -> Any:
        other = browser.browser_type.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True
        )
        launched.append(other)
        return other

    yield launch
    for other in launched:
        other.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of pages, each in its own browser context (its own cookies): several
    people at once. Default viewport: a 1366×768 laptop; Vietnamese locale."""
    contexts = []

    def make(viewport: dict[str, int] | None = None, locale: str = "vi-VN") -> Any:
        context = browser.new_context(
            viewport=viewport or {"width": 1366, "height": 768}, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()


def log_in(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    """Log in through the real form, as a person would."""
    from daihoi.testing import PASSWORD

    page.goto(f"{base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]")
    # "attached", not "visible": on a phone the navbar (with the user's name) is collapsed.
    page.wait_for_selector("[data-testid=current-user]", state="attached")


@pytest.fixture
def login() -> Any:
    return log_in

"""In chromium: a district's staff switches the UI to English with the switch in the navbar,
then walks through the tree, a congress, an election's setup, a round's result and the
campaign dashboard. Headings, menus, buttons, labels and table headers are English; the only
Vietnamese left is data (names of units, people and elections)."""

from __future__ import annotations

import re

import pytest

from daihoi.congresses import actions as congress_actions
from daihoi.core.models import User
from daihoi.elections import actions as election_actions
from daihoi.elections.models import Body, Election
from daihoi.elections.testing import (
    close_keyed,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)
from daihoi.organizations.models import Level, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERM = "2025-2030"
NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
# Strike style (4 names, 3 seats): each line strikes one name; ballot 5 strikes none.
LINES = ["4", "4", "3", "2", "", "4", "1"]
VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# What the UI writes (not the data it shows).
UI_TEXT = "h1, h2, h3, h4, h5, h6, nav a, button, label, th, dt, legend, .breadcrumb-item"


@pytest.fixture
def campaign(world):
    """District A's congress with a closed first round of its executive election and a
    standing-committee election still being set up; its base organizations planned."""
    congress = make_congress(world)
    team = make_team()
    election, _candidates = make_election(congress, team, NAMES, seats=3, acting_user=world.staff_a)
    round_ = close_keyed(open_first_round(election, team, convened=7, present=7), team, LINES)
    setup = election_actions.create_election(
        congress, acting_user=world.staff_a, body=Body.STANDING, seats=3
    )
    congress_actions.plan_congresses(world.district_a, Level.BASE, TERM, acting_user=world.staff_a)
    return congress, round_, setup


def data_texts() -> list[str]:
    """Every name the pages may show, longest first (so that a name inside a title goes
    with the title)."""
    texts = [
        *Organization.objects.values_list("name", flat=True),
        *User.objects.values_list("full_name", flat=True),
        *Election.objects.values_list("title", flat=True),
        *NAMES,
        "An Lạc",
        "Tiếng Việt",  # a language's name is written in that language
    ]
    return sorted(set(texts), key=len, reverse=True)


def vietnamese_ui_text(page) -> list[str]:
    data = data_texts()
    leftovers = []
    for text in page.locator(UI_TEXT).all_inner_texts():
        rest = text
        for name in data:
            rest = rest.replace(name, "")
        if VIETNAMESE_LETTERS.search(rest):
            leftovers.append(text.strip())
    return leftovers


def visit(page, url: str) -> None:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert vietnamese_ui_text(page) == [], url


def headings(page) -> str:
    return " | ".join(page.locator("h1, h2, h3").all_inner_texts())


def test_district_staff_read_every_page_in_english_after_the_switch(
    world, campaign, live_server, page, login
):
    congress, round_, setup = campaign
    base = live_server.url
    login(page, base, "staff_a")
    page.goto(f"{base}/to-chuc/")
    assert "Hệ thống tổ chức đảng" in headings(page)

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Party organization tree" in headings(page)

    visit(page, f"{base}/to-chuc/")
    page.wait_for_selector(f"[data-testid=children-of-{world.district_a.pk}]")
    assert vietnamese_ui_text(page) == []

    visit(page, f"{base}/dai-hoi/{congress.pk}/")
    assert page.get_by_test_id("congress-title").inner_text() == (
        "Congress of delegates of Đảng bộ huyện An Lạc (XXI), 2025-2030 term"
    )

    visit(page, f"{base}/bau-cu/{setup.pk}/")
    assert "Candidate list" in headings(page)

    visit(page, f"{base}/bau-cu/lan-bau/{round_.pk}/")
    assert "Result" in headings(page) and "round 1" in headings(page)

    visit(page, f"{base}/dai-hoi/tien-do/{world.district_a.pk}/?nhiem_ky={TERM}")
    assert "Progress by level" in headings(page)
    assert "Congress progress" in page.get_by_test_id("dashboard-title").inner_text()

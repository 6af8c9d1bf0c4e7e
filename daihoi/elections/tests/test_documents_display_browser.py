"""The hall display in a real browser: it polls while the round is being counted and shows
the result by itself once the head closes the round; readable on a laptop and a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.elections import actions
from daihoi.elections.testing import (
    key_all,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hall_display_turns_to_the_result_when_the_round_closes(
    world, live_server, page, login
):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1)
    round_ = open_first_round(election, team, convened=3, present=3)
    login(page, live_server.url, "staff_a")
    page.goto(live_server.url + reverse("elections:display", args=[election.pk]))
    page.wait_for_selector("[data-testid=board][data-state=open]")
    assert page.get_by_test_id("counting").inner_text() == "Đang kiểm phiếu"
    assert page.get_by_test_id("confirmed").inner_text() == "0/3"

    key_all(round_, team, ["2", "2", "1"])
    actions.close_round(round_, acting_user=team.head)

    page.wait_for_selector("[data-testid=board][data-state=closed]", timeout=15_000)
    elected = page.get_by_test_id("elected").inner_text()
    assert "Nguyễn Văn An" in elected and "66,67%" in elected
    assert "Đã bầu đủ 1 chỉ tiêu" in page.get_by_test_id("next-step").inner_text()


def test_the_hall_display_fits_a_phone(world, live_server, page, login):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1)
    round_ = open_first_round(election, team, convened=3, present=3)
    key_all(round_, team, ["2", "2", "1"])
    actions.close_round(round_, acting_user=team.head)
    login(page, live_server.url, "staff_a")  # the shared login waits for the laptop nav
    phone = page
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(live_server.url + reverse("elections:display", args=[election.pk]))
    phone.wait_for_selector("[data-testid=elected]")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

"""The counting room in a real browser: three typists key the same ten ballots, one mistypes,
the head sees the conflict, orders a re-read, everyone re-keys, the head closes the round and
the result page shows who was elected."""

import pytest
from django.urls import reverse

from daihoi.elections.models import ConfirmedBallot
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
# Ten paper ballots (3 seats, 4 names): Dung struck on seven, Cường on three.
BALLOTS = ["4"] * 7 + ["3"] * 3
MISTYPED = 4  # the third typist keys "3" for ballot 4 instead of "4"
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def counting_room(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(election, team, convened=10, present=10, issued=10)
    return round_, team


def key(page, seq, line, *, reread=False):
    """Type one ballot's line and press Enter, as a typist does; wait for the answer."""
    form = page.locator("#entry-form")
    form.get_by_test_id("ballot-no").filter(has_text=f"Phiếu số {seq}").wait_for()
    if reread:
        assert form.get_by_test_id("reread-flag").is_visible()
    page.keyboard.type(line)  # the line has the focus: no click needed
    page.keyboard.press("Enter")
    page.get_by_test_id("entry-confirmation").filter(has_text=f"Phiếu số {seq}").wait_for()


def test_three_typists_resolve_a_mistyped_ballot_and_the_head_closes(
    counting_room, live_server, new_page, login
):
    round_, team = counting_room
    base = live_server.url
    entry_url = base + reverse("elections:entry", args=[round_.pk])
    typists = []
    for i, user in enumerate(team.typists):
        page = new_page(viewport=TABLET) if i == 2 else new_page()  # the third on a tablet
        login(page, base, user.username)
        page.goto(entry_url)
        typists.append(page)
    head = new_page()
    login(head, base, team.head.username)
    head.goto(base + reverse("elections:console", args=[round_.pk]))

    # The paper answers every keystroke: ballot 1, name 4 drawn struck before Enter.
    first = typists[0]
    first.keyboard.type("4")
    assert "dh-struck" in first.locator('.dh-paper-names li[data-n="4"]').get_attribute("class")
    assert "dh-struck" not in (
        first.locator('.dh-paper-names li[data-n="3"]').get_attribute("class") or ""
    )
    first.keyboard.press("Escape")
    # On a 1366×768 laptop the line and the top of the paper are in view without scrolling.
    box = first.locator("#entry-line").bounding_box()
    assert box and box["y"] + box["height"] < 768
    assert first.locator('.dh-paper-names li[data-n="1"]').bounding_box()["y"] < 768

    # Ballots 1–5, interleaved: each paper is read once and keyed on the three machines.
    for seq in range(1, 6):
        for i, page in enumerate(typists):
            wrong = i == 2 and seq == MISTYPED
            key(page, seq, "3" if wrong else BALLOTS[seq - 1])

    # The head's console (polled) shows the conflict with the differing entries.
    conflict = head.locator('[data-testid=conflict][data-seq="4"]')
    conflict.wait_for()
    readings = conflict.get_by_test_id("reading").all_inner_texts()
    assert readings == ["gạch 4", "gạch 4", "gạch 3"]
    assert conflict.locator(".dh-differs").inner_text().startswith("Người Nhập Ba")
    assert head.get_by_test_id("close-round").is_disabled()
    head.get_by_test_id("reread-4").click()
    head.get_by_test_id("console-notice").wait_for()

    # Every typist's page switches to the re-read; all three key the paper again.
    for page in typists:
        key(page, MISTYPED, BALLOTS[MISTYPED - 1], reread=True)
    for seq in range(6, 11):
        for page in typists:
            key(page, seq, BALLOTS[seq - 1])
    for page in typists:
        page.get_by_test_id("entry-all-keyed").wait_for()
    assert ConfirmedBallot.objects.filter(round=round_).count() == 10

    # The console agrees; the head closes the round after confirming.
    head.get_by_test_id("no-conflicts").wait_for()
    head.get_by_test_id("console-confirmed").filter(has_text="10/10").wait_for()
    head.once("dialog", lambda dialog: dialog.accept())
    head.get_by_test_id("close-round").click()
    head.wait_for_url("**" + reverse("elections:round", args=[round_.pk]))
    elected = head.get_by_test_id("elected").inner_text()
    assert "Nguyễn Văn An" in elected and "Lê Thị Bình" in elected
    assert "Trần Văn Cường" in elected and "Phạm Thị Dung" not in elected
    assert "Đã bầu đủ số lượng cần bầu." in head.get_by_test_id("next-step").inner_text()

    # The typists' pages learn that the round is over.
    typists[0].reload()
    assert typists[0].get_by_test_id("entry-closed").is_visible()


def test_on_a_tablet_the_keypad_types_and_a_reread_waits_for_the_line_to_be_cleared(
    counting_room, live_server, browser, login
):
    from daihoi.elections import actions

    round_, team = counting_room
    one, two, three = team.typists
    actions.enter_ballot(round_, seq=1, revision=0, line="4", acting_user=two)
    actions.enter_ballot(round_, seq=1, revision=0, line="3", acting_user=three)
    context = browser.new_context(
        viewport={"width": 1366, "height": 1024}, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        login(page, live_server.url, one.username)
        page.set_viewport_size(TABLET)
        page.goto(live_server.url + reverse("elections:entry", args=[round_.pk]))
        keypad = page.locator("#entry-keypad")
        assert keypad.is_visible()  # a touch screen gets the on-screen keys
        keypad.locator('[data-key="4"]').tap()
        keypad.locator('[data-key="enter"]').tap()
        page.get_by_test_id("entry-confirmation").filter(has_text="Phiếu số 1: gạch 4").wait_for()

        # Mid-line on paper 2 when the head orders paper 1 read again: the line is not
        # swapped away under the typist's fingers; the page says why and waits.
        keypad.locator('[data-key="3"]').tap()
        actions.request_reread(round_, seq=1, acting_user=team.head)
        page.get_by_test_id("entry-task-changed").filter(has_text="ĐỌC LẠI").wait_for()
        assert page.locator("#entry-line").input_value() == "3"
        page.keyboard.press("Escape")
        page.get_by_test_id("reread-flag").wait_for()
        assert "Phiếu số 1" in page.get_by_test_id("ballot-no").inner_text()
        keypad.locator('[data-key="4"]').tap()
        keypad.locator('[data-key="enter"]').tap()
        page.get_by_test_id("entry-confirmation").filter(has_text="Phiếu số 1 (đọc lại)").wait_for()
    finally:
        context.close()

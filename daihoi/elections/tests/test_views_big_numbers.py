"""Paper ballots past number 999 over HTTP: the counting room shows "Phiếu số 1.001" to
people while every form value, data-* attribute and URL keeps the plain 1001 (a grouped
"1.001" in the hidden seq input would post ballot 1 or nothing at all)."""

import re

import pytest
from django.urls import reverse

from daihoi.elections.models import BallotEntry, ConfirmedBallot, Round
from daihoi.elections.rules import parse_keyed_line
from daihoi.elections.testing import make_congress, make_election, make_team, open_first_round

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
HTMX = {"HX-Request": "true"}
KEYED = 1000  # papers every typist has keyed (and that are confirmed) before the test
ISSUED = 1002
# A grouped number inside an attribute: what broke links and forms ("1.391").
GROUPED_IN_ATTRIBUTE = re.compile(r'(?:value|href|hx-[a-z]+|data-[a-z-]+)="[^"]*\d[.,]\d{3}\b')


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def round_(world, team) -> Round:
    """A round of 1,002 issued ballots whose first 1,000 are keyed by the three typists and
    confirmed: the rows are inserted directly (test data, not the app's behaviour)."""
    congress = make_congress(world, convened=1100)
    election, _ = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(election, team, convened=1100, present=1100, issued=ISSUED)
    blank = parse_keyed_line("", names=len(NAMES), style=round_.ballot_style).as_json()
    BallotEntry.objects.bulk_create(
        BallotEntry(round=round_, seq=seq, typist=typist, revision=0, **blank)
        for typist in team.typists
        for seq in range(1, KEYED + 1)
    )
    entry_ids: dict[int, list[int]] = {}
    for seq, pk in (
        BallotEntry.objects.filter(round=round_)
        .order_by("seq", "typist_id")
        .values_list("seq", "pk")
    ):
        entry_ids.setdefault(seq, []).append(pk)
    ConfirmedBallot.objects.bulk_create(
        ConfirmedBallot(round=round_, seq=seq, entry_ids=entry_ids[seq], **blank)
        for seq in range(1, KEYED + 1)
    )
    return round_


def url(name: str, round_: Round) -> str:
    return reverse(f"elections:{name}", args=[round_.pk])


def text(response) -> str:
    return response.content.decode()


def hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden input {name}"
    return found.group(1)


def test_the_entry_page_for_paper_1001_posts_1001_and_shows_1_001(client, round_, team):
    client.force_login(team.typists[0])
    page = text(client.get(url("entry", round_)))
    assert hidden(page, "seq") == "1001" and hidden(page, "revision") == "0"
    assert 'data-seq="1001"' in page
    assert "Phiếu số 1.001" in page  # the label above the line, and the status's data-label
    assert 'data-testid="my-count">1.000</strong>/1.002' in page
    assert 'data-testid="confirmed-count">1.000<' in page
    assert not GROUPED_IN_ATTRIBUTE.search(page.replace('data-label="Phiếu số 1.001"', ""))


def test_the_ballot_posted_from_the_page_is_recorded_and_the_next_form_is_for_1002(
    client, round_, team
):
    for typist in team.typists:
        client.force_login(typist)
        page = text(client.get(url("entry", round_)))
        data = {"seq": hidden(page, "seq"), "revision": hidden(page, "revision"), "line": "2"}
        answer = client.post(url("entry", round_), data, headers=HTMX)
        assert answer.status_code == 200
        assert "Phiếu số 1.001: gạch 2" in text(answer)
        assert hidden(text(answer), "seq") == "1002"
    assert ConfirmedBallot.objects.get(round=round_, seq=1001).struck == [2]
    assert BallotEntry.objects.filter(round=round_, seq=1001).count() == 3


def test_the_english_entry_page_groups_with_commas_and_keeps_the_form_plain(client, round_, team):
    client.force_login(team.typists[0])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get(url("entry", round_)))
    assert hidden(page, "seq") == "1001"
    assert "Ballot no. 1,001" in page
    assert 'data-testid="my-count">1,000</strong>/1,002' in page


def test_the_console_and_the_round_page_group_counts_and_keep_attributes_plain(
    client, round_, team
):
    client.force_login(team.head)
    console = text(client.get(url("console", round_)))
    assert "1.002 phiếu phát ra" in console
    assert 'data-testid="console-confirmed">1.000/1.002<' in console
    assert 'aria-valuenow="1000"' in console and 'aria-valuemax="1002"' in console
    assert not GROUPED_IN_ATTRIBUTE.search(console)
    page = text(client.get(url("round", round_)))
    assert "đã xác nhận 1.000/1.002 phiếu" in page
    assert '<td class="dh-num">1.100</td>' in page  # convened and present
    assert '<td class="dh-num">1.002</td>' in page  # ballots issued


def test_a_refused_ballot_past_999_names_it_grouped(client, round_, team):
    client.force_login(team.typists[0])
    data = {"seq": "1002", "revision": "0", "line": "2"}
    answer = text(client.post(url("entry", round_), data, headers=HTMX))
    assert "Phiếu cần nhập tiếp theo là phiếu số 1.001, không phải phiếu số 1.002." in answer
    assert hidden(answer, "seq") == "1001"

"""The counting room over HTTP: typist entry, the head's console, the result page and the
next round (views_entry)."""

import pytest
from django.urls import reverse

from daihoi.elections import queries
from daihoi.elections.models import (
    BallotEntry,
    ConfirmedBallot,
    ElectionStatus,
    RereadRequest,
    Round,
    RoundPurpose,
    RoundStatus,
)
from daihoi.elections.testing import (
    key_all,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def congress(world):
    return make_congress(world)


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def round_(congress, team):
    election, _ = make_election(congress, team, NAMES, seats=3)
    return open_first_round(election, team, convened=10, present=10, issued=10)


def url(name, round_):
    return reverse(f"elections:{name}", args=[round_.pk])


def post_line(client, user, round_, line, *, seq=None, revision=None, htmx=True):
    """Post one keyed line as the page would: for the ballot the page shows, unless told."""
    client.force_login(user)
    task = queries.next_task_for(round_, user)
    data = {
        "seq": task.seq if seq is None else seq,
        "revision": task.revision if revision is None else revision,
        "line": line,
    }
    return client.post(url("entry", round_), data, headers=HTMX if htmx else {})


def text(response):
    return response.content.decode()


# --- Typist entry ----------------------------------------------------------------------------
def test_a_typist_sees_the_next_paper_ballot_with_its_numbered_names(client, round_, team):
    client.force_login(team.typists[0])
    page = text(client.get(url("entry", round_)))
    assert "Phiếu số 1" in page
    assert 'data-n="2"' in page and "Lê Thị Bình" in page
    assert "elections/entry.js" in page
    assert 'name="seq" value="1"' in page and 'name="revision" value="0"' in page


def test_three_typists_key_a_ballot_over_http_and_it_is_confirmed(client, round_, team):
    one, two, three = team.typists
    first = post_line(client, one, round_, "2")
    assert first.status_code == 200
    assert "Phiếu số 1: gạch 2" in text(first)
    assert 'name="seq" value="2"' in text(first)  # the form for the next paper
    assert "<html" not in text(first)  # a fragment, not the page
    post_line(client, two, round_, "2")
    last = post_line(client, three, round_, " 2 ")
    assert "phiếu được xác nhận" in text(last)
    assert ConfirmedBallot.objects.get(round=round_, seq=1).struck == [2]


def test_the_typist_sees_their_own_count_and_the_rounds_confirmed_count(client, round_, team):
    key_all(round_, team, ["1", "2"])
    post_line(client, team.typists[0], round_, "3")
    client.force_login(team.typists[0])
    status = text(client.get(url("entry_status", round_)))
    assert 'data-testid="my-count">3<' in status
    assert 'data-testid="confirmed-count">2<' in status
    assert 'data-seq="4"' in status


def test_keep_mode_and_defects_are_recorded_as_the_grammar_says(client, round_, team):
    response = post_line(client, team.typists[0], round_, "= 1 4 v")
    assert "Phiếu số 1: gạch 2, 3; lỗi v" in text(response)
    entry = BallotEntry.objects.get(round=round_)
    assert entry.struck == [2, 3] and entry.defects == ["extra_writing"]


def test_a_name_number_that_does_not_exist_is_refused_in_place_and_nothing_is_saved(
    client, round_, team
):
    response = post_line(client, team.typists[0], round_, "2 9")
    page = text(response)
    assert "Số 9 không có trên phiếu (phiếu có 4 tên)." in page
    assert 'value="2 9"' in page  # the line stays for the typist to correct
    assert 'name="seq" value="1"' in page
    assert not BallotEntry.objects.exists()


def test_without_htmx_a_refused_line_answers_400_with_the_whole_page(client, round_, team):
    response = post_line(client, team.typists[0], round_, "2?", htmx=False)
    assert response.status_code == 400
    assert "Không hiểu “2?”" in text(response)
    assert not BallotEntry.objects.exists()


def test_the_same_ballot_posted_twice_is_refused_and_saved_once(client, round_, team):
    typist = team.typists[0]
    post_line(client, typist, round_, "2", seq=1, revision=0)
    again = post_line(client, typist, round_, "2", seq=1, revision=0)
    page = text(again)
    assert "Phiếu số 1 bạn đã nhập rồi" in page
    assert 'name="seq" value="2"' in page  # on to the next paper, the line not kept for it
    assert 'id="entry-line" name="line" value=""' in page
    assert BallotEntry.objects.filter(round=round_, typist=typist).count() == 1


def test_a_ballot_beyond_those_issued_cannot_be_keyed(client, round_, team):
    key_all(round_, team, ["1"] * 10)
    client.force_login(team.typists[0])
    page = text(client.get(url("entry", round_)))
    assert "Bạn đã nhập đủ 10 phiếu phát ra" in page
    refused = post_line(client, team.typists[0], round_, "1", seq=11, revision=0)
    assert "Đã nhập đủ 10 phiếu phát ra" in text(refused)
    assert BallotEntry.objects.filter(round=round_).count() == 30


@pytest.mark.parametrize("who", ["head", "member", "outsider", "staff_a"])
def test_someone_who_is_not_a_typist_of_the_round_gets_404(client, world, round_, team, who):
    user = {"head": team.head, "member": team.member}.get(who) or getattr(world, who)
    client.force_login(user)
    assert client.get(url("entry", round_)).status_code == 404
    response = client.post(url("entry", round_), {"seq": 1, "revision": 0, "line": "2"})
    assert response.status_code == 404
    assert client.get(url("entry_status", round_)).status_code == 404
    assert not BallotEntry.objects.exists()


def test_a_typist_of_another_round_gets_404(client, congress, round_):
    other_team = make_team("b_")
    other, _ = make_election(congress, other_team, NAMES, seats=3, body="inspection")
    open_first_round(other, other_team, convened=10, present=10, issued=10)
    client.force_login(other_team.typists[0])
    assert client.get(url("entry", round_)).status_code == 404
    assert client.get(url("console", round_)).status_code == 404


def test_logged_out_visitors_are_sent_to_the_login_page(client, round_):
    response = client.get(url("entry", round_))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- The head's console ------------------------------------------------------------------------
def test_the_console_shows_a_conflict_with_every_typists_entry_side_by_side(client, round_, team):
    one, two, _three = team.typists
    post_line(client, one, round_, "2")
    post_line(client, two, round_, "3")
    client.force_login(team.head)
    page = text(client.get(url("console", round_)))
    assert 'data-testid="conflict" data-seq="1"' in page
    assert "gạch 2" in page and "gạch 3" in page and "chưa nhập" in page
    assert "Người Nhập Một" in page and "Người Nhập Hai" in page
    assert "Yêu cầu đọc lại phiếu số 1" in page
    assert 'data-testid="reread-1" disabled' in page  # until the third typist has keyed it
    assert "Phiếu số 1 nhập không khớp, cần đọc lại" in page
    assert 'data-testid="close-round" disabled' in page


def test_the_live_part_of_the_console_is_a_polled_fragment(client, round_, team):
    client.force_login(team.member)
    fragment = text(client.get(url("console_live", round_)))
    assert fragment.lstrip().startswith('<div id="console-live"')
    assert 'hx-trigger="every 2s"' in fragment


def test_running_totals_per_typist_highlight_the_name_where_they_differ(client, round_, team):
    one, two, three = team.typists
    post_line(client, one, round_, "2")
    post_line(client, two, round_, "2")
    post_line(client, three, round_, "4")
    client.force_login(team.head)
    page = text(client.get(url("console", round_)))
    assert page.count("dh-mismatch") == 2  # name 2 and name 4, in the third typist's column


def test_members_watch_the_console_but_cannot_order_a_reread(client, round_, team):
    post_line(client, team.typists[0], round_, "2")
    post_line(client, team.typists[1], round_, "3")
    client.force_login(team.member)
    page = text(client.get(url("console", round_)))
    assert 'data-testid="conflict"' in page
    assert "Yêu cầu đọc lại" not in page and 'data-testid="close-round"' not in page


def test_typists_and_outsiders_cannot_open_the_console(client, world, round_, team):
    for user in (team.typists[0], world.outsider, world.staff_b):
        client.force_login(user)
        assert client.get(url("console", round_)).status_code == 404
        assert client.get(url("console_live", round_)).status_code == 404


def test_the_managing_department_watches_the_console(client, world, round_):
    client.force_login(world.staff_a)
    assert client.get(url("console", round_)).status_code == 200


def test_a_reread_ordered_by_the_head_is_keyed_again_by_all_and_then_agrees(client, round_, team):
    one, two, three = team.typists
    post_line(client, one, round_, "2")
    post_line(client, two, round_, "3")
    post_line(client, three, round_, "2")
    client.force_login(team.head)
    answer = client.post(url("reread", round_), {"seq": 1}, headers=HTMX)
    assert "Đã yêu cầu đọc lại phiếu số 1" in text(answer)
    for typist in team.typists:
        client.force_login(typist)
        page = text(client.get(url("entry", round_)))
        assert "Phiếu số 1" in page and 'data-testid="reread-flag"' in page
        assert 'name="revision" value="1"' in page
        post_line(client, typist, round_, "2")
    assert ConfirmedBallot.objects.get(round=round_, seq=1).struck == [2]
    assert BallotEntry.objects.filter(round=round_, seq=1).count() == 6  # nothing edited
    client.force_login(team.head)
    assert 'data-testid="no-conflicts"' in text(client.get(url("console", round_)))


def test_a_reread_of_a_confirmed_ballot_is_refused_with_its_reason(client, round_, team):
    key_all(round_, team, ["2"])
    client.force_login(team.head)
    answer = client.post(url("reread", round_), {"seq": 1}, headers=HTMX)
    assert "Phiếu số 1 đã được xác nhận" in text(answer)
    assert not RereadRequest.objects.exists()


def test_a_member_pressing_reread_or_close_gets_404_and_nothing_changes(client, round_, team):
    post_line(client, team.typists[0], round_, "2")
    post_line(client, team.typists[1], round_, "3")
    for user in (team.member, team.typists[0]):
        client.force_login(user)
        assert client.post(url("reread", round_), {"seq": 1}).status_code == 404
        assert client.post(url("close", round_)).status_code == 404
    assert not RereadRequest.objects.exists()
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN


def test_closing_is_refused_while_problems_remain(client, round_, team):
    key_all(round_, team, ["1"])
    post_line(client, team.typists[0], round_, "2")
    client.force_login(team.head)
    answer = text(client.post(url("close", round_), headers=HTMX))
    assert "Chưa thể kết thúc lần bầu" in answer and "mới nhập 1/2" in answer
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN


def test_the_head_closes_the_round_and_lands_on_the_result(client, round_, team):
    key_all(round_, team, ["4"] * 10)
    client.force_login(team.head)
    answer = client.post(url("close", round_), headers=HTMX)
    assert answer["HX-Redirect"] == url("round", round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    page = text(client.get(url("round", round_)))
    assert 'data-testid="elected"' in page and "Nguyễn Văn An" in page
    assert "100,00%" in page
    assert "Đã bầu đủ số lượng cần bầu." in page


def test_without_htmx_closing_redirects_to_the_result(client, round_, team):
    key_all(round_, team, ["4"] * 10)
    client.force_login(team.head)
    response = client.post(url("close", round_))
    assert response.status_code == 302 and response["Location"] == url("round", round_)


# --- The result page and the next round -----------------------------------------------------
# An and Bình 9 votes each, Cường and Dung 6 each: tied for the third seat (need 6).
TIE = ["4"] * 4 + ["3"] * 4 + ["2", "1"]


def close(round_, team, lines):
    from daihoi.elections import actions

    key_all(round_, team, lines)
    actions.close_round(round_, acting_user=team.head)
    round_.refresh_from_db()


def test_an_open_round_page_tells_who_may_do_what(client, round_, team):
    client.force_login(team.typists[0])
    page = text(client.get(url("round", round_)))
    assert 'data-testid="entry-link"' in page and 'data-testid="console-link"' not in page
    client.force_login(team.head)
    page = text(client.get(url("round", round_)))
    assert 'data-testid="console-link"' in page and 'data-testid="round-open"' in page


def test_the_result_page_shows_base_ballots_votes_and_shares_in_vietnamese_format(
    client, congress, team
):
    election, _ = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(
        election, team, convened=12, present=11, issued=11, exclusions=(("Ốm, vắng suốt", 2),)
    )
    close(round_, team, ["= 1 2"] * 6 + ["= 1 3"] * 3 + ["d"] + [""])
    client.force_login(team.member)
    page = text(client.get(url("round", round_)))
    assert "Ốm, vắng suốt" in page
    assert 'data-testid="base">10<' in page and 'data-testid="votes-needed">6<' in page
    assert 'data-testid="received">11<' in page and 'data-testid="invalid">2<' in page
    assert "Không phải phiếu do đại hội phát ra" in page
    assert "Để lại nhiều hơn số lượng cần bầu" in page
    assert "90,00%" in page  # An: 9 of base 10
    assert "100,00%" in page  # An: 9 of 9 valid
    assert "Điều" in page  # the protocol cites its articles
    round_.refresh_from_db()
    assert round_.result_digest in page  # the check code the signed minutes print
    assert 'data-testid="audit-anchor"' in page


def test_outsiders_cannot_see_the_round(client, world, round_):
    client.force_login(world.staff_b)
    assert client.get(url("round", round_)).status_code == 404


def test_after_a_tie_the_next_round_form_offers_a_revote_among_the_tied(client, round_, team):
    close(round_, team, TIE)
    assert round_.result["next"] == "revote_tied"
    client.force_login(team.head)
    response = client.get(url("round", round_))
    form = response.context["next_form"]
    tied = {c.full_name for c in response.context["plan"].candidates}
    assert tied == {"Trần Văn Cường", "Phạm Thị Dung"}
    assert form.initial["purpose"] == RoundPurpose.TIE_REVOTE
    assert form.initial["seats"] == 1
    assert form.initial["convened"] == 10 and form.initial["ballots_issued"] == 10
    assert sorted(form.initial["typists"]) == sorted(t.pk for t in team.typists)
    assert 'data-testid="tied"' in text(response)


def test_opening_the_revote_from_the_result_page(client, round_, team):
    close(round_, team, TIE)
    client.force_login(team.head)
    form = client.get(url("round", round_)).context["next_form"]
    data = {
        "purpose": RoundPurpose.TIE_REVOTE,
        "seats": 1,
        "candidates": form.initial["candidates"],
        "convened": 10,
        "present": 9,
        "ballots_issued": 9,
        "typists": form.initial["typists"],
        "exclusion_reason_0": "Về trước vì việc riêng",
        "exclusion_count_0": 1,
    }
    response = client.post(url("next_round", round_), data)
    second = Round.objects.get(election=round_.election, number=2)
    assert response.status_code == 302 and response["Location"] == url("round", second)
    assert second.purpose == RoundPurpose.TIE_REVOTE and second.seats == 1
    assert [rc.candidate.full_name for rc in second.ballot_names.all()] == [
        "Trần Văn Cường",
        "Phạm Thị Dung",
    ]
    assert second.base == 9 and second.present == 9
    assert second.typists.count() == 3


def test_a_refused_next_round_shows_why_and_opens_nothing(client, round_, team):
    close(round_, team, ["= 1"] * 10)
    client.force_login(team.head)
    form = client.get(url("round", round_)).context["next_form"]
    data = {
        "purpose": RoundPurpose.FURTHER,
        "seats": 1,
        "candidates": form.initial["candidates"],
        "convened": 10,
        "present": 10,
        "ballots_issued": 10,
        "typists": form.initial["typists"][:2],  # one typist short
    }
    response = client.post(url("next_round", round_), data)
    assert response.status_code == 400
    assert "Cần đúng 3 người nhập phiếu độc lập, đã chọn 2." in text(response)
    assert not Round.objects.filter(election=round_.election, number=2).exists()


def test_seats_left_unfilled_offer_a_further_round_among_those_not_elected(client, round_, team):
    close(round_, team, ["= 1"] * 10)
    assert round_.result["next"] == "further_round_allowed"
    client.force_login(team.head)
    response = client.get(url("round", round_))
    form = response.context["next_form"]
    assert form.initial["purpose"] == RoundPurpose.FURTHER
    assert form.initial["seats"] == 2
    names = {c.full_name for c in response.context["plan"].candidates}
    assert names == {"Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"}
    assert 'data-testid="finish-instead"' in text(response)


def test_delegates_to_the_upper_congress_go_on_to_the_alternates_round(client, congress, team):
    election, _ = make_election(
        congress, team, NAMES, seats=2, body="upper_delegates", alternate_seats=1
    )
    round_ = open_first_round(election, team, convened=10, present=10, issued=10)
    close(round_, team, ["= 1 2"] * 10)
    client.force_login(team.head)
    response = client.get(url("round", round_))
    form = response.context["next_form"]
    assert form.initial["purpose"] == RoundPurpose.ALTERNATES
    assert form.initial["seats"] == 1
    names = {c.full_name for c in response.context["plan"].candidates}
    assert names == {"Trần Văn Cường", "Phạm Thị Dung"}


def test_a_tie_among_alternates_is_re_voted_among_alternates(client, congress, team):
    from daihoi.elections import actions, counting_bridge, queries_entry
    from daihoi.elections.models import Body

    five = [*NAMES, "Hoàng Văn Em"]
    election, _ = make_election(
        congress, team, five, seats=2, body="upper_delegates", alternate_seats=2
    )
    delegates = open_first_round(election, team, convened=10, present=10, issued=10)
    close(delegates, team, ["= 1 2"] * 10)  # An and Bình are the delegates
    plan = queries_entry.next_round_plan(delegates)
    figures = actions.BaseFigures(convened=10, present=10, ballots_issued=10)

    def open_next(plan):
        return actions.open_round(
            election,
            acting_user=None,
            figures=figures,
            typists=team.typists,
            purpose=plan.purpose,
            candidates=plan.candidates,
            seats=plan.seats,
        )

    alternates = open_next(plan)
    assert (alternates.purpose, alternates.body) == (RoundPurpose.ALTERNATES, Body.UPPER_ALTERNATES)
    # Cường 8, Dung 6, Em 6: Cường is the first alternate, Dung and Em tie for the second.
    close(alternates, team, ["3"] * 4 + ["2"] * 4 + ["1"] * 2)
    assert alternates.result["next"] == "revote_tied"
    plan = queries_entry.next_round_plan(alternates)
    assert (plan.purpose, plan.seats) == (RoundPurpose.TIE_REVOTE, 1)
    revote = open_next(plan)
    assert (revote.purpose, revote.body, revote.seats) == (
        RoundPurpose.TIE_REVOTE,
        Body.UPPER_ALTERNATES,
        1,
    )
    counted = counting_bridge.count_input(revote)["election"]
    assert (counted["body"], counted["tie_revote"]) == ("upper_alternates", True)
    client.force_login(team.head)
    page = text(client.get(url("round", revote)))
    assert "dự khuyết" in page


def test_when_done_the_head_finishes_the_election(client, round_, team):
    close(round_, team, ["4"] * 10)
    client.force_login(team.head)
    page = text(client.get(url("round", round_)))
    assert 'data-testid="finish-election"' in page and "next-round-form" not in page
    response = client.post(url("finish", round_))
    assert response.status_code == 302
    round_.election.refresh_from_db()
    assert round_.election.status == ElectionStatus.DONE
    assert 'data-testid="next-round"' not in text(client.get(url("round", round_)))


def test_the_department_may_plan_the_next_round_but_members_and_typists_may_not(
    client, world, round_, team
):
    close(round_, team, ["= 1"] * 10)
    client.force_login(world.staff_a)
    assert 'data-testid="next-round-form"' in text(client.get(url("round", round_)))
    for user in (team.member, team.typists[0]):
        client.force_login(user)
        assert 'data-testid="next-round"' not in text(client.get(url("round", round_)))
        assert client.post(url("next_round", round_), {}).status_code == 404
        assert client.post(url("finish", round_)).status_code == 404
    assert round_.election.rounds.count() == 1


def test_document_links_appear_only_for_pages_that_exist(client, round_, team):
    from daihoi.elections.views_entry import _url_if_exists

    assert _url_if_exists("elections:no_such_page", round_.pk) is None
    assert _url_if_exists("elections:round", round_.pk) == url("round", round_)
    client.force_login(team.head)
    assert client.get(url("round", round_)).status_code == 200


def test_a_typist_logging_in_lands_on_their_counting_page_with_the_way_into_the_round(
    world, client
):
    from daihoi.elections.testing import (
        make_congress,
        make_election,
        make_team,
        open_first_round,
    )
    from daihoi.testing import PASSWORD

    team = make_team("home_")
    election, _ = make_election(
        make_congress(world),
        team,
        ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"],
    )
    round_ = open_first_round(election, team)
    assert client.login(username=team.typists[0].username, password=PASSWORD)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("elections:mine")
    assert reverse("elections:entry", args=[round_.pk]) in response.content.decode()
    client.logout()
    assert client.login(username=team.head.username, password=PASSWORD)
    page = client.get(reverse("elections:mine")).content.decode()
    assert reverse("elections:console", args=[round_.pk]) in page
    assert reverse("elections:entry", args=[round_.pk]) not in page


def test_organization_staff_still_start_on_the_tree(world, client):
    from daihoi.testing import PASSWORD

    assert client.login(username="staff_a", password=PASSWORD)
    response = client.get("/")
    assert response["Location"] == reverse("organizations:tree")

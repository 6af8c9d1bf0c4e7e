import pytest

from daihoi.elections import actions, queries
from daihoi.elections.actions import ElectionActionError
from daihoi.elections.models import BallotEntry, ConfirmedBallot, RoundStatus
from daihoi.elections.testing import (
    key_all,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]


@pytest.fixture
def setup(world):
    congress = make_congress(world)
    team = make_team()
    election, candidates = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(election, team, convened=40, present=40, issued=40)
    return round_, team


def test_the_ballot_lists_names_in_vietnamese_order_and_strikes_when_there_is_a_surplus(setup):
    round_, _ = setup
    names = [rc.candidate.full_name for rc in round_.ballot_names.all()]
    assert names == ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]
    assert round_.ballot_style == "strike"


def test_a_ballot_is_confirmed_once_all_three_typists_agree(setup):
    round_, team = setup
    key_all(round_, team, ["2"])
    confirmed = ConfirmedBallot.objects.get(round=round_, seq=1)
    assert confirmed.struck == [2]
    assert len(confirmed.entry_ids) == 3


def test_two_typists_agreeing_is_not_enough(setup):
    round_, team = setup
    for typist in team.typists[:2]:
        actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=typist)
    assert not ConfirmedBallot.objects.filter(round=round_).exists()


def test_a_disagreement_is_resolved_by_rereading_the_paper_and_keying_it_again(setup):
    round_, team = setup
    one, two, three = team.typists
    actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=one)
    actions.enter_ballot(round_, seq=1, revision=0, line="3", acting_user=two)
    assert [s.seq for s in queries.progress(round_).conflicts] == [1]
    actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=three)
    actions.request_reread(round_, seq=1, acting_user=team.head)
    for typist in team.typists:
        task = queries.next_task_for(round_, typist)
        assert (task.seq, task.revision) == (1, 1)
        actions.enter_ballot(round_, seq=1, revision=1, line="2", acting_user=typist)
    assert ConfirmedBallot.objects.get(round=round_, seq=1).struck == [2]
    assert BallotEntry.objects.filter(round=round_, seq=1).count() == 6  # nothing edited


def test_a_typist_cannot_key_the_same_ballot_twice(setup):
    round_, team = setup
    actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=team.typists[0])
    with pytest.raises(ElectionActionError, match="đã nhập rồi"):
        actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=team.typists[0])
    assert BallotEntry.objects.filter(round=round_).count() == 1


def test_a_number_not_on_the_ballot_is_refused_and_nothing_is_saved(setup):
    round_, team = setup
    with pytest.raises(ElectionActionError, match="Số 9 không có trên phiếu"):
        actions.enter_ballot(round_, seq=1, revision=0, line="9", acting_user=team.typists[0])
    assert not BallotEntry.objects.exists()


def test_someone_who_is_not_a_typist_cannot_key(setup):
    round_, team = setup
    with pytest.raises(actions.NotATypist, match="không phải người nhập phiếu"):
        actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=team.head)
    assert not BallotEntry.objects.exists()


def test_a_round_that_does_not_exist_has_no_typists(setup):
    _, team = setup
    with pytest.raises(actions.NotATypist):
        actions.enter_ballot(10**6, seq=1, revision=0, line="2", acting_user=team.typists[0])


def test_the_round_knows_how_many_names_its_ballot_lists(setup):
    round_, team = setup
    assert round_.name_count == round_.ballot_names.count() == 4
    with pytest.raises(ElectionActionError, match="Số 5 không có trên phiếu"):
        actions.enter_ballot(round_, seq=1, revision=0, line="5", acting_user=team.typists[0])


def test_an_entry_answers_with_the_round_as_it_locked_it_and_the_counts(setup):
    round_, team = setup
    key_all(round_, team, ["1"])
    outcome = actions.enter_ballot(
        round_.pk, seq=2, revision=0, line="2", acting_user=team.typists[0]
    )
    assert outcome.round.pk == round_.pk and outcome.round.status == RoundStatus.OPEN
    assert (outcome.confirmed, outcome.confirmed_in_round, outcome.rereads) == (None, 1, {})


def test_the_paper_is_confirmed_with_its_entries_in_typist_order(setup):
    round_, team = setup
    for typist in reversed(team.typists):  # the last to key is the first typist
        actions.enter_ballot(round_, seq=1, revision=0, line="3", acting_user=typist)
    confirmed = ConfirmedBallot.objects.get(round=round_, seq=1)
    entries = BallotEntry.objects.filter(round=round_, seq=1).order_by("typist_id")
    assert confirmed.entry_ids == [e.pk for e in entries]


def test_what_an_entry_reads_in_a_database_without_an_audit_head(setup):
    from daihoi.core.models import AuditChainHead
    from daihoi.elections import entry_sql

    round_, team = setup
    AuditChainHead.objects.all().delete()  # as before the first audit entry ever
    facts = entry_sql.entry_facts(round_.pk, team.typists[0].pk, 1, 0)
    assert (facts.last_first_reading, facts.confirmed, facts.entries, facts.head) == (
        0,
        0,
        [],
        None,
    )


def test_closing_with_unconfirmed_ballots_is_refused(setup):
    round_, team = setup
    key_all(round_, team, ["1"])
    actions.enter_ballot(round_, seq=2, revision=0, line="2", acting_user=team.typists[0])
    with pytest.raises(ElectionActionError, match="mới nhập 1/2"):
        actions.close_round(round_, acting_user=team.head)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_only_the_head_closes_and_then_nothing_changes(setup):
    round_, team = setup
    key_all(round_, team, ["4"] * 30 + ["3"] * 10)
    with pytest.raises(ElectionActionError, match="Chỉ Trưởng Ban"):
        actions.close_round(round_, acting_user=team.member)
    closed = actions.close_round(round_, acting_user=team.head)
    assert closed.result["ballots"]["received"] == 40
    assert closed.result["threshold"]["votes_needed"] == 21
    assert actions.verify_round(closed)
    with pytest.raises(ElectionActionError, match="đã kết thúc"):
        actions.enter_ballot(round_, seq=41, revision=0, line="", acting_user=team.typists[0])


def test_a_reread_waits_until_every_typist_has_keyed_the_paper(setup):
    round_, team = setup
    actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=team.typists[0])
    actions.enter_ballot(round_, seq=1, revision=0, line="3", acting_user=team.typists[1])
    with pytest.raises(ElectionActionError, match="chưa được tất cả các máy nhập"):
        actions.request_reread(round_, seq=1, acting_user=team.head)


def test_a_second_first_round_is_refused(setup):
    round_, team = setup
    key_all(round_, team, ["4"] * 40)
    actions.close_round(round_, acting_user=team.head)
    with pytest.raises(ElectionActionError, match="đã được tổ chức"):
        open_first_round(round_.election, team)


def test_a_name_written_with_the_old_tone_placement_is_the_same_person(world):
    congress = make_congress(world)
    team = make_team()
    election = actions.create_election(congress, acting_user=None, body="executive", seats=3)
    actions.add_candidate(election, acting_user=None, full_name="Nguyễn Thị Hòa")
    with pytest.raises(ElectionActionError, match="đã có trong danh sách"):
        actions.add_candidate(election, acting_user=None, full_name="nguyễn thị hoà")
    actions.add_candidate(election, acting_user=None, full_name="Nguyễn Văn An")
    actions.add_candidate(election, acting_user=None, full_name="Nguyễn Văn Ân")  # another name
    with pytest.raises(ElectionActionError, match="có tên trong danh sách bầu cử"):
        actions.add_staff(election, team.head, "head", acting_user=None, full_name="Nguyễn Thị Hoà")

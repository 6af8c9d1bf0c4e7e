"""The entry journal: every paper ballot with every typist's entry at every revision, the
confirmed reading, and the running totals per typist (page and PDF)."""

from __future__ import annotations

import pytest

from daihoi.elections import actions
from daihoi.elections.documents import journal
from daihoi.elections.testing import (
    key_all,
    make_congress,
    make_election,
    make_team,
    open_first_round,
)
from daihoi.elections.tests.extract import pdf_flow_text, words

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung"]


@pytest.fixture
def reread_round(world):
    """Ballot 1 is keyed "2", "3", "2": the head has it re-read and all key "2"; ballots 2
    and 3 agree at once ("1"). Closed."""
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(election, team, convened=3, present=3)
    one, two, three = team.typists
    for typist, line in [(one, "2"), (two, "3"), (three, "2")]:
        actions.enter_ballot(round_, seq=1, revision=0, line=line, acting_user=typist)
    actions.request_reread(round_, seq=1, acting_user=team.head)
    for typist in team.typists:
        actions.enter_ballot(round_, seq=1, revision=1, line="2", acting_user=typist)
    key_all(round_, team, ["1", "1 t"])
    actions.close_round(round_, acting_user=team.head)
    return round_, team


def test_every_typists_entry_at_every_revision_is_in_the_journal(reread_round):
    round_, _ = reread_round
    built = journal.build_journal(round_)
    assert [t.name for t in built.typists] == ["Người Nhập Một", "Người Nhập Hai", "Người Nhập Ba"]
    first = built.rows[0]
    assert first.seq == 1 and first.disagreed and first.reread
    assert [[r.label for r in readings] for readings in first.readings] == [
        ["gạch 2", "Đọc lại lần 1: gạch 2"],
        ["gạch 3", "Đọc lại lần 1: gạch 2"],
        ["gạch 2", "Đọc lại lần 1: gạch 2"],
    ]
    assert first.confirmed == "gạch 2"
    assert built.rows[2].confirmed == "gạch 1; lỗi t"
    assert built.keyed == (3, 3, 3)


def test_the_running_totals_use_each_typists_latest_entry(reread_round):
    round_, _ = reread_round
    built = journal.build_journal(round_)
    totals = {row.number: row.counts for row in built.totals}
    assert totals == {1: (2, 2, 2), 2: (1, 1, 1), 3: (0, 0, 0), 4: (0, 0, 0)}
    assert all(row.agree for row in built.totals)
    assert built.totals_label == "Số lần gạch tên"


def test_the_journal_pdf_lists_the_ballots_and_the_typists(reread_round):
    round_, _ = reread_round
    text = words(pdf_flow_text(journal.journal_pdf(round_)))
    for expected in [
        "NHẬT KÝ NHẬP PHIẾU",
        "Máy 1: Người Nhập Một",
        "Đọc lại lần 1: gạch 2",
        "gạch 1; lỗi t",
        "Tổng cộng theo từng máy nhập",
        "Nguyễn Văn An 2 2 2 Khớp",
        "TRƯỞNG BAN KIỂM PHIẾU",
    ]:
        assert expected in text, expected


def test_a_ballot_still_in_conflict_says_so(world):
    congress = make_congress(world)
    team = make_team()
    election, _ = make_election(congress, team, NAMES, seats=3)
    round_ = open_first_round(election, team, convened=3, present=3)
    actions.enter_ballot(round_, seq=1, revision=0, line="2", acting_user=team.typists[0])
    actions.enter_ballot(round_, seq=1, revision=0, line="3", acting_user=team.typists[1])
    row = journal.build_journal(round_).rows[0]
    assert row.disagreed and not row.confirmed
    assert journal.status(row) == "Không khớp: chờ đọc lại"
    assert [len(r) for r in row.readings] == [1, 1, 0]

"""count_round beyond the worked examples: validation of Python input, alternates taken
from the official round, the chi bộ secretary after a tie, ballot order."""

from __future__ import annotations

import datetime

import pytest

from daihoi.counting.api import (
    Ballot,
    BallotStyle,
    Body,
    Candidate,
    CountInput,
    CountInputError,
    Mark,
    Meeting,
    NextStep,
    OrganizationKind,
    StepCode,
    ballot_order,
    count_json,
    count_round,
    validate,
)
from daihoi.counting.tests.make import candidates, count, election, outcomes_of, strike_ballots

EIGHT = candidates(
    *(f"Nguyễn Văn {g}" for g in ("An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà", "Khánh"))
)
SIX = EIGHT[:6]


def refused(count_input: CountInput) -> CountInputError:
    with pytest.raises(CountInputError) as error:
        validate(count_input)
    return error.value


def test_python_callers_get_the_same_field_named_errors_as_json_callers() -> None:
    strike = election(seats=2, convened=10)
    marks_on_strike = refused(CountInput(strike, SIX, (Ballot(marks={"c1": Mark.AGREE}),)))
    assert marks_on_strike.field == "ballots[0].marks"
    agree = election(seats=2, convened=10, ballot_style=BallotStyle.AGREE_DISAGREE)
    struck_on_agree = refused(CountInput(agree, SIX, (Ballot(), Ballot(struck=("c1",)))))
    assert struck_on_agree.field == "ballots[1].struck"
    assert str(struck_on_agree).startswith("ballots[1].struck: phiếu đồng ý")


def test_an_unknown_id_is_named_before_an_id_given_twice() -> None:
    error = refused(
        CountInput(election(seats=2, convened=10), SIX, (Ballot(struck=("c1", "c1", "x")),))
    )
    assert error.message == 'mã ứng cử viên "x" không có trong danh sách'


def test_candidates_are_listed_in_ballot_order_whatever_the_input_order() -> None:
    names = (
        Candidate("b", "Lê Thị Bình"),
        Candidate("a2", "Nguyễn Văn An", datetime.date(1970, 1, 1)),
        Candidate("a1", "Nguyễn Văn An", datetime.date(1960, 1, 1)),
        Candidate("a0", "Nguyễn Văn An"),
    )
    assert [c.id for c in ballot_order(names)] == ["a1", "a2", "a0", "b"]
    result = count_round(CountInput(election(seats=1, convened=5), names, ()))
    assert [c.id for c in result.candidates] == ["a1", "a2", "a0", "b"]


def test_a_round_without_ballots_elects_nobody_and_shows_zero_shares() -> None:
    result = count(election(seats=2, convened=0), SIX[:3], [])
    assert result.ballots.received == 0 and result.elected == ()
    assert {c.share_of_base for c in result.candidates} == {"0.00"}
    assert result.threshold.votes_needed == 1


def test_names_are_printed_nfc_and_single_spaced() -> None:
    doc = {
        "format": "daihoi.count/1",
        "election": {"body": "other", "seats": 1, "meeting": "general", "convened": 3,
                     "not_counted_in_base": 0, "ballot_style": "strike"},
        "candidates": [{"id": "c1", "name": "  Nguye\u0302\u0303n   Văn An "}],
        "ballots": [],
    }  # fmt: skip
    result = count_json(doc)
    assert result["candidates"][0]["name"] == "Nguyễn Văn An"  # type: ignore[index]


# --- alternates from the official round (switch passing_delegates_become_alternates) ----------


def delegates(votes: list[int], seats: int, alternate_seats: int) -> object:
    ids = [c.id for c in EIGHT[: len(votes)]]
    elect = election(
        body=Body.UPPER_DELEGATES, seats=seats, meeting=Meeting.GENERAL, convened=100,
        alternate_seats=alternate_seats,
    )  # fmt: skip
    return count(
        elect, EIGHT[: len(votes)], strike_ballots(dict(zip(ids, votes, strict=True)), 100, seats),
        passing_delegates_become_alternates=True,
    )  # fmt: skip


def alternates_detail(result: object) -> str:
    return next(s.detail for s in result.protocol if s.code is StepCode.ALTERNATES)  # type: ignore[attr-defined]


def test_no_alternate_is_taken_while_official_seats_are_tied() -> None:
    result = delegates([90, 55, 55, 0], seats=2, alternate_seats=1)
    assert result.tied == ("c2", "c3") and result.alternates == ()  # type: ignore[attr-defined]
    assert alternates_detail(result).startswith("Chưa đủ đại biểu chính thức")


def test_no_alternate_is_taken_when_nobody_else_passed() -> None:
    result = delegates([90, 80, 20, 10], seats=2, alternate_seats=2)
    assert result.alternates == ()  # type: ignore[attr-defined]
    assert alternates_detail(result) == (
        "Không còn ai đạt quá một nửa để lấy làm đại biểu dự khuyết."
        " Còn 2 chỉ tiêu dự khuyết bầu ở vòng bầu đại biểu dự khuyết."
    )


def test_candidates_tied_for_the_last_alternate_seat_go_to_the_alternates_round() -> None:
    result = delegates([70, 68, 66, 64, 62, 58, 54, 54], seats=5, alternate_seats=2)
    assert result.alternates == ("c6",)  # type: ignore[attr-defined]
    assert outcomes_of(result)["c7"] == "not_elected"  # type: ignore[arg-type]
    assert "bằng phiếu ở vị trí dự khuyết cuối" in alternates_detail(result)
    assert result.next is NextStep.DONE  # type: ignore[attr-defined]


def test_absorbed_alternates_also_follow_the_switch_alternates_need_threshold() -> None:
    elect = election(
        body=Body.UPPER_DELEGATES, seats=1, meeting=Meeting.GENERAL, convened=100, alternate_seats=1,
        tie_revote=True,
    )  # fmt: skip
    ballots = [
        Ballot(struck=("c2",), count=40),
        Ballot(struck=("c1",), count=30),
        Ballot(struck=("c1", "c2"), count=30),
    ]
    relaxed = count(
        elect, SIX[:2], ballots, passing_delegates_become_alternates=True,
        tie_revote_needs_threshold=False, alternates_need_threshold=False,
    )  # fmt: skip
    assert (relaxed.elected, relaxed.alternates) == (("c1",), ("c2",))
    strict = count(
        elect, SIX[:2], ballots, passing_delegates_become_alternates=True,
        tie_revote_needs_threshold=False,
    )  # fmt: skip
    assert (strict.elected, strict.alternates) == (("c1",), ())


# --- the chi bộ secretary -----------------------------------------------------------------------


def test_a_chi_bo_secretary_still_tied_after_the_third_round_is_appointed_from_above() -> None:
    elect = election(
        body=Body.SECRETARY, meeting=Meeting.GENERAL, convened=8, round=3, tie_revote=True,
        organization_kind=OrganizationKind.CHI_BO,
    )  # fmt: skip
    ballots = [Ballot(struck=("c2",), count=4), Ballot(struck=("c1",), count=4)]
    result = count(elect, SIX[:2], ballots, tie_revote_needs_threshold=False)
    assert result.next is NextStep.APPOINTMENT_BY_UPPER_COMMITTEE
    assert result.tied == () and set(outcomes_of(result).values()) == {"not_elected"}
    tie = next(s for s in result.protocol if s.code is StepCode.TIE)
    assert tie.detail.endswith("chưa ai trong số này trúng cử ở vòng này.")


def test_a_chi_bo_secretary_failing_before_the_third_round_is_voted_again() -> None:
    elect = election(
        body=Body.SECRETARY, meeting=Meeting.GENERAL, convened=8, round=2,
        organization_kind=OrganizationKind.CHI_BO,
    )  # fmt: skip
    result = count(
        elect, SIX[:2], [Ballot(struck=("c2",), count=4), Ballot(struck=("c1",), count=4)]
    )
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED
    assert result.protocol[-1].rule == "Quy định 29-QĐ/TW, điểm 24"


def test_a_party_committee_secretary_is_never_appointed_by_the_round_count_alone() -> None:
    elect = election(body=Body.SECRETARY, meeting=Meeting.COMMITTEE, convened=8, round=5)
    result = count(
        elect, SIX[:2], [Ballot(struck=("c2",), count=4), Ballot(struck=("c1",), count=4)]
    )
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED

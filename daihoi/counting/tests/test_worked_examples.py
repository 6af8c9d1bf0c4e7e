"""The worked examples E1–E18 of rules.md §15, asserted with the figures of rules.md itself
(the case files in cases/ hold the complete outputs; these tests state the rule)."""

from __future__ import annotations

from daihoi.counting.api import (
    Ballot,
    BallotStyle,
    Body,
    CountResult,
    Defect,
    DelegatesExclusions,
    InvalidReason,
    Mark,
    Meeting,
    MembersExclusions,
    NextStep,
    OrganizationKind,
    check_ballot_list,
    check_convener_list,
    floor_nominee,
    open_vote,
    opinion_ballot_cut,
    percent,
    quorum,
    regulation,
    rest_of_common_list,
    surplus_bounds,
    threshold,
)
from daihoi.counting.tests.make import (
    candidates,
    count,
    election,
    outcomes_of,
    strike_ballots,
    votes_of,
)

# --- E1: chi bộ members' congress with exclusions ------------------------------------------

E1_NAMES = candidates(
    "Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Vũ Thị Giang",
)  # fmt: skip
E1_VOTES = {"c1": 19, "c2": 17, "c3": 14, "c4": 12, "c5": 11, "c6": 7}


def e1_count() -> CountResult:
    excluded = MembersExclusions(
        temporary_activity_elsewhere=1, exempted_and_absent=1,
        absent_throughout_with_approved_reason=1,
    )  # fmt: skip
    ballots = strike_ballots(E1_VOTES, valid=20, seats=5) + [Ballot(struck=())]
    return count(
        election(
            seats=5, meeting=Meeting.GENERAL, convened=25,
            not_counted_in_base=excluded.total, organization_kind=OrganizationKind.CHI_BO,
        ),
        E1_NAMES,
        ballots,
    )  # fmt: skip


def test_e1_base_leaves_out_three_absentees_but_keeps_the_one_without_approval() -> None:
    excluded = MembersExclusions(1, 1, 0, 1)
    limit = threshold(25, excluded.total, Meeting.GENERAL)
    assert (limit.base, limit.votes_needed) == (22, 12)


def test_candidate_with_11_of_22_base_is_not_elected_even_with_55_percent_of_valid() -> None:
    result = e1_count()
    assert result.ballots.valid == 20
    em = next(c for c in result.candidates if c.id == "c5")
    assert (em.votes, em.share_of_valid, em.outcome.value) == (11, "55.00", "not_elected")


def test_e1_elects_the_four_with_12_or_more_and_leaves_one_seat_to_the_congress() -> None:
    result = e1_count()
    assert result.elected == ("c1", "c2", "c3", "c4")
    assert result.seats_unfilled == 1
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED


def test_e1_ballot_keeping_six_names_for_five_seats_is_invalid_too_many_kept() -> None:
    result = e1_count()
    assert result.ballots.invalid_by_reason[InvalidReason.TOO_MANY_KEPT] == 1
    assert result.ballots.received == 21


# --- E2 / E14: delegates' congress ----------------------------------------------------------


def e2_count() -> CountResult:
    names = candidates(
        *(
            f"Nguyễn Văn {g}"
            for g in [
                "An",
                "Bảo",
                "Châu",
                "Dũng",
                "Giang",
                "Hải",
                "Hùng",
                "Khoa",
                "Lan",
                "Minh",
                "Nga",
            ]
        )
    )
    votes = dict(
        zip([c.id for c in names], [140, 131, 120, 110, 102, 95, 88, 80, 74, 73, 41], strict=True)
    )
    invalid = [
        Ballot(struck=("c11",)),
        Ballot(struck=tuple(votes)),
        Ballot(struck=(), defects=(Defect.NOT_OFFICIAL,)),
    ]
    excluded = DelegatesExclusions(
        committee_members_absent_throughout=2, delegates_absent_throughout_not_replaced=1
    )
    return count(
        election(seats=9, convened=150, not_counted_in_base=excluded.total),
        names,
        strike_ballots(votes, valid=143, seats=9) + invalid,
    )


def test_e2_base_of_a_delegates_congress_counts_delegates_replaced_by_alternates() -> None:
    excluded = DelegatesExclusions(2, 1)
    assert threshold(150, excluded.total, Meeting.DELEGATES).votes_needed == 74


def test_e2_ninth_candidate_with_74_is_elected_and_the_tenth_with_73_fails_by_one_vote() -> None:
    result = e2_count()
    outcomes = outcomes_of(result)
    assert outcomes["c9"] == "elected" and outcomes["c10"] == "not_elected"
    assert len(result.elected) == 9
    assert (result.ballots.received, result.ballots.valid) == (146, 143)


def test_e14_percentages_of_the_ninth_are_50_34_of_b_and_51_75_of_valid() -> None:
    ninth = next(c for c in e2_count().candidates if c.id == "c9")
    assert (ninth.share_of_base, ninth.share_of_valid) == ("50.34", "51.75")
    assert (percent(74, 147), percent(74, 143)) == ("50.34", "51.75")


# --- E3, E4: ranking and ties ---------------------------------------------------------------

ABCDE = candidates(
    "Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"
)


def test_e3_when_four_pass_for_three_seats_the_fourth_is_not_elected() -> None:
    votes = {"c1": 35, "c2": 30, "c3": 28, "c4": 25}
    result = count(election(seats=3, convened=40), ABCDE[:4], strike_ballots(votes, 40, 3))
    assert result.elected == ("c1", "c2", "c3")
    assert votes_of(result)["c4"] >= result.threshold.votes_needed == 21
    assert result.next is NextStep.DONE


def test_e4_two_passing_candidates_tied_for_the_last_seat_are_both_re_voted() -> None:
    votes = {"c1": 36, "c2": 31, "c3": 24, "c4": 24, "c5": 5}
    result = count(election(seats=3, convened=40), ABCDE, strike_ballots(votes, 40, 3))
    assert result.elected == ("c1", "c2")
    assert result.tied == ("c3", "c4")
    assert (result.seats_unfilled, result.next) == (1, NextStep.REVOTE_TIED)


def revote(c_votes: int, d_votes: int, blank: int, **switches: bool) -> CountResult:
    ballots = [
        Ballot(struck=("c4",), count=c_votes),
        Ballot(struck=("c3",), count=d_votes),
        Ballot(struck=("c3", "c4"), count=blank),
    ]
    return count(
        election(seats=1, convened=40, tie_revote=True, round=2), ABCDE[2:4], ballots, **switches
    )


def test_e4_re_vote_c_22_d_17_elects_c_with_the_same_threshold() -> None:
    result = revote(22, 17, 1)
    assert result.elected == ("c3",)
    assert result.ballots.invalid == 1


def test_e4_re_vote_c_20_d_19_leaves_the_seat_open_because_20_is_short_of_21() -> None:
    result = revote(20, 19, 1)
    assert result.elected == ()
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED


def test_e4_re_vote_c_20_d_19_elects_c_when_the_most_votes_among_the_tied_suffice() -> None:
    result = revote(20, 19, 1, tie_revote_needs_threshold=False)
    assert result.elected == ("c3",)


# --- E5: chi bộ secretary, three rounds ----------------------------------------------------

HA_KHANH = candidates("Nguyễn Thu Hà", "Lê Văn Khánh")


def secretary_round(
    rnd: int, ha: int, khanh: int, extra: list[Ballot], profile: str = "190-2024"
) -> CountResult:
    ballots = [Ballot(struck=("c2",), count=ha), Ballot(struck=("c1",), count=khanh), *extra]
    elect = election(
        body=Body.SECRETARY, meeting=Meeting.GENERAL, convened=8,
        organization_kind=OrganizationKind.CHI_BO, round=rnd,
    )  # fmt: skip
    return count(elect, HA_KHANH, ballots, profile)


def test_e5_round_1_ballot_keeping_both_names_is_invalid_and_4_of_8_is_not_enough() -> None:
    result = secretary_round(1, 4, 3, [Ballot(struck=())])
    assert result.ballots.invalid_by_reason[InvalidReason.TOO_MANY_KEPT] == 1
    assert result.threshold.votes_needed == 5
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED


def test_e5_round_2_four_all_is_no_tie_to_re_vote_because_nobody_passes() -> None:
    result = secretary_round(2, 4, 4, [])
    assert result.tied == ()
    assert result.next is NextStep.FURTHER_ROUND_ALLOWED


def test_e5_after_the_third_failed_round_the_upper_committee_appoints_the_secretary() -> None:
    result = secretary_round(3, 4, 3, [Ballot(struck=("c1", "c2"))], profile="244-2014")
    assert result.ballots.invalid_by_reason[InvalidReason.ALL_STRUCK] == 1
    assert result.next is NextStep.APPOINTMENT_BY_UPPER_COMMITTEE


# --- E6, E7, E18: agree/disagree ballots -----------------------------------------------------


def agree_disagree(
    seats: int, convened: int, groups: list[tuple[dict[str, Mark], int]], **kw: object
) -> CountResult:
    names = candidates(*("Lê Văn Phúc", "Nguyễn Thị Quỳnh")[: len(groups[0][0])])
    ballots = [Ballot(marks=marks, count=n) for marks, n in groups]
    fields = {"seats": seats, "convened": convened, "ballot_style": BallotStyle.AGREE_DISAGREE}
    fields.update(kw)
    return count(election(**fields), names, ballots)


def single(agree: int, disagree: int) -> CountResult:
    return agree_disagree(
        1, 15,
        [({"c1": Mark.AGREE}, agree), ({"c1": Mark.DISAGREE}, disagree),
         ({"c1": Mark.BOTH}, 2), ({"c1": Mark.NONE}, 1)],
        body=Body.SECRETARY, meeting=Meeting.COMMITTEE,
    )  # fmt: skip


def test_e6_single_name_ballots_with_both_boxes_or_none_are_invalid() -> None:
    result = single(9, 3)
    assert (result.ballots.valid, result.ballots.invalid) == (12, 3)
    assert result.elected == ("c1",)


def test_e6_agree_7_of_12_valid_is_58_percent_but_short_of_8_of_15() -> None:
    result = single(7, 5)
    assert result.candidates[0].share_of_valid == "58.33"
    assert result.elected == ()


def test_e7_partial_marks_keep_the_ballot_valid_and_give_no_vote_to_that_name() -> None:
    groups = [
        ({"c1": Mark.AGREE, "c2": Mark.AGREE}, 10),
        ({"c1": Mark.AGREE, "c2": Mark.BOTH}, 2),
        ({"c1": Mark.DISAGREE, "c2": Mark.DISAGREE}, 1),
        ({"c1": Mark.NONE, "c2": Mark.NONE}, 1),
    ]
    names = candidates("Lê Văn Phúc", "Nguyễn Thị Quỳnh")
    ballots = [Ballot(marks=m, count=n) for m, n in groups]
    ballots.append(Ballot(marks={"c1": Mark.AGREE}, defects=(Defect.NOT_OFFICIAL,)))
    elect = election(
        body=Body.DEPUTY_SECRETARY, seats=2, meeting=Meeting.COMMITTEE, convened=15,
        ballot_style=BallotStyle.AGREE_DISAGREE,
    )  # fmt: skip
    result = count(elect, names, ballots)
    assert votes_of(result) == {"c1": 12, "c2": 10}
    assert result.ballots.invalid_by_reason[InvalidReason.NO_VALID_MARK] == 1
    assert result.ballots.invalid_by_reason[InvalidReason.NOT_OFFICIAL] == 1
    assert result.elected == ("c1", "c2")


def test_e18_direct_secretary_with_70_of_147_is_not_elected_and_falls_back_to_the_committee() -> (
    None
):
    elect = election(
        body=Body.SECRETARY, convened=150, not_counted_in_base=3,
        ballot_style=BallotStyle.AGREE_DISAGREE,
    )  # fmt: skip
    names = candidates("Nguyễn Văn An")
    for agree, elected in ((120, ("c1",)), (70, ())):
        ballots = [
            Ballot(marks={"c1": Mark.AGREE}, count=agree),
            Ballot(marks={"c1": Mark.DISAGREE}, count=143 - agree),
        ]
        result = count(elect, names, ballots)
        assert result.elected == elected
    assert "hội nghị ban chấp hành khóa mới" in result.protocol[-1].detail


# --- E8: classifying ballots -----------------------------------------------------------------


def test_e8_of_the_eight_ballots_only_the_one_keeping_three_names_is_valid() -> None:
    names = candidates(*(f"Trần Văn {g}" for g in ("An", "Bình", "Cường", "Dung", "Em", "Giang")))
    everyone = tuple(c.id for c in names)
    ballots = [
        Ballot(struck=("c6",), defects=(Defect.NOT_OFFICIAL,)),  # (a)
        Ballot(struck=()),  # (b) 6 kept
        Ballot(struck=("c4", "c5", "c6")),  # (c)
        Ballot(struck=everyone),  # (d)
        Ballot(struck=("c6",), defects=(Defect.ADDED_NAME,)),  # (e)
        Ballot(struck=("c6",), defects=(Defect.EXTRA_WRITING,)),  # (f)
        Ballot(struck=()),  # (g) 0 struck
        Ballot(struck=("c6",), defects=(Defect.TORN_OR_UNREADABLE,)),  # (h) committee decided
    ]
    result = count(election(seats=5, convened=10), names, ballots)
    assert result.ballots.valid == 1
    assert {r.value: n for r, n in result.ballots.invalid_by_reason.items() if n} == {
        "not_official": 1, "too_many_kept": 2, "all_struck": 1, "added_name": 1,
        "extra_writing": 1, "torn_or_unreadable": 1,
    }  # fmt: skip


# --- E9, E10: delegates and alternates -------------------------------------------------------

SIX = candidates(*(f"Nguyễn Văn {g}" for g in ("An", "Bình", "Cường", "Dung", "Em", "Giang")))
E9_VOTES = {"c1": 108, "c2": 100, "c3": 92, "c4": 80, "c5": 66, "c6": 20}


def test_e9_official_delegates_first_and_the_rest_of_the_common_list_goes_to_the_alternates_round() -> (
    None
):
    elect = election(body=Body.UPPER_DELEGATES, seats=4, meeting=Meeting.GENERAL, convened=120)
    result = count(elect, SIX, strike_ballots(E9_VOTES, 118, 4))
    assert result.elected == ("c1", "c2", "c3", "c4")
    assert outcomes_of(result)["c5"] == "not_elected"
    assert rest_of_common_list([c.id for c in SIX], result.elected) == ("c5", "c6")


def test_e9_passing_delegate_becomes_the_alternate_without_a_ballot_when_the_switch_is_on() -> None:
    elect = election(
        body=Body.UPPER_DELEGATES, seats=4, meeting=Meeting.GENERAL, convened=120, alternate_seats=1
    )
    result = count(
        elect, SIX, strike_ballots(E9_VOTES, 118, 4), passing_delegates_become_alternates=True
    )
    assert result.alternates == ("c5",)
    assert outcomes_of(result)["c5"] == "alternate"


def test_e9_alternates_round_e_90_f_25_makes_e_the_alternate() -> None:
    elect = election(
        body=Body.UPPER_ALTERNATES, seats=1, meeting=Meeting.GENERAL, convened=120, round=2
    )
    result = count(elect, SIX[4:], strike_ballots({"c5": 90, "c6": 25}, 115, 1))
    assert result.elected == ("c5",)


def test_e10_round_two_for_the_last_delegate_seat_elects_c_with_35_of_60() -> None:
    elect = election(body=Body.UPPER_DELEGATES, seats=3, meeting=Meeting.GENERAL, convened=60)
    first = count(elect, SIX[:4], strike_ballots({"c1": 50, "c2": 33, "c3": 29, "c4": 20}, 60, 3))
    assert (first.elected, first.seats_unfilled) == (("c1", "c2"), 1)
    second_list = [
        c for c in SIX[:4] if c.id in rest_of_common_list(["c1", "c2", "c3", "c4"], first.elected)
    ]
    second = count(
        election(body=Body.UPPER_DELEGATES, seats=1, meeting=Meeting.GENERAL, convened=60, round=2),
        second_list,
        strike_ballots({"c3": 35, "c4": 22}, 57, 1),
    )
    assert second.elected == ("c3",)


# --- E11–E13: lists --------------------------------------------------------------------------


def test_e11_fifteen_seats_take_17_names_prepared_and_at_most_19() -> None:
    bounds = surplus_bounds(15)
    assert (15 + bounds.prepared_min, 15 + bounds.prepared_max, 15 + bounds.maximum) == (17, 17, 19)
    assert check_convener_list(15, 17).ok and not check_convener_list(15, 18).ok
    assert check_ballot_list(15, 19).ok and not check_ballot_list(15, 20).ok


def test_e11_nine_seats_take_10_names_prepared_and_at_most_11() -> None:
    bounds = surplus_bounds(9)
    assert (bounds.prepared_min, bounds.prepared_max, bounds.maximum) == (1, 1, 2)


def test_e11_four_seats_are_a_small_body_with_at_most_one_more_name() -> None:
    assert surplus_bounds(4).small_body and surplus_bounds(4).maximum == 1
    assert not check_ballot_list(4, 6).ok


def test_e11_half_up_rounding_allows_20_names_for_15_seats_when_the_switch_is_off() -> None:
    assert surplus_bounds(15, regulation(switches={"surplus_whole_persons": False})).maximum == 5


def test_e12_floor_nominee_needs_43_of_143_present_more_than_30_percent() -> None:
    assert floor_nominee(143, 43).enters and not floor_nominee(143, 42).enters


def test_e13_opinion_ballot_keeps_the_top_5_of_8_nominees_to_reach_the_cap_of_45() -> None:
    nominees = [(f"n{i}", 100 - i) for i in range(1, 9)]
    cut = opinion_ballot_cut(35, 40, nominees)
    assert (cut.cap, cut.places) == (45, 5)
    assert cut.kept == ("n1", "n2", "n3", "n4", "n5")


# --- E15–E17 --------------------------------------------------------------------------------


def test_e15_show_of_hands_with_70_of_147_is_rejected_though_half_of_140_present() -> None:
    assert not open_vote(147, 70).adopted
    assert open_vote(147, 74).adopted


def test_e16_congress_of_120_needs_80_present() -> None:
    assert not quorum(120, 79).met and quorum(120, 80).met


def test_e17_five_step_introduction_needs_23_of_45_and_22_is_not_enough() -> None:
    assert threshold(45, 0, Meeting.COMMITTEE).votes_needed == 23

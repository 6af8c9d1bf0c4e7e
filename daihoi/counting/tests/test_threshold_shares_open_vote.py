"""Threshold (§6), percentages (§8), open votes and quorum (§3, §9)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from daihoi.counting.errors import CountInputError
from daihoi.counting.open_vote import open_vote, quorum
from daihoi.counting.regulation import regulation
from daihoi.counting.shares import percent, round_half_up
from daihoi.counting.threshold import Meeting, threshold, votes_needed


@pytest.mark.parametrize(("base", "need"), [(0, 1), (1, 1), (2, 2), (8, 5), (22, 12), (147, 74)])
def test_votes_needed_is_more_than_half_of_the_base_exactly_half_is_not_enough(
    base: int, need: int
) -> None:
    assert votes_needed(base) == need
    assert 2 * need > base >= 2 * (need - 1)


def test_the_base_rule_names_what_was_convened_for_each_kind_of_meeting() -> None:
    assert (
        "đại biểu chính thức được triệu tập (150)" in threshold(150, 3, Meeting.DELEGATES).base_rule
    )
    assert "đảng viên chính thức được triệu tập (25)" in threshold(25, 3, Meeting.GENERAL).base_rule
    assert "ủy viên đương nhiệm (15)" in threshold(15, 0, Meeting.COMMITTEE).base_rule


def test_more_excluded_than_convened_is_refused() -> None:
    with pytest.raises(CountInputError) as error:
        threshold(10, 11, Meeting.GENERAL)
    assert error.value.field == "election.not_counted_in_base"


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(74, 147, "50.34"), (74, 143, "51.75"), (19, 22, "86.36"), (1, 8, "12.50"),
     (1, 3, "33.33"), (2, 3, "66.67"), (1, 1, "100.00"), (0, 5, "0.00"), (5, 0, "0.00"),
     (22566, 100000, "22.57"), (1, 200000, "0.00"), (1, 40000, "0.00"), (1, 20000, "0.01")],
)  # fmt: skip
def test_percentages_are_exact_and_rounded_half_up_to_two_places(
    part: int, whole: int, shown: str
) -> None:
    assert percent(part, whole) == shown


def test_half_up_rounds_exact_halves_up() -> None:
    assert [round_half_up(Fraction(n, 2)) for n in range(6)] == [0, 1, 1, 2, 2, 3]


def test_an_open_vote_needs_more_than_half_of_the_base() -> None:
    assert open_vote(147, 73).adopted is False
    result = open_vote(147, 74)
    assert (result.adopted, result.votes_needed, result.share_of_base) == (True, 74, "50.34")


@pytest.mark.parametrize(
    ("base", "yes", "field"), [(-1, 0, "base"), (10, -1, "yes"), (10, 11, "yes")]
)
def test_an_open_vote_refuses_impossible_figures(base: int, yes: int, field: str) -> None:
    with pytest.raises(CountInputError) as error:
        open_vote(base, yes)
    assert error.value.field == field


def test_quorum_is_two_thirds_rounded_up_and_can_be_switched_off() -> None:
    assert quorum(9, 6).met and not quorum(9, 5).met
    assert quorum(10, 7).required == 7
    off = regulation(switches={"congress_quorum_two_thirds": False})
    assert quorum(120, 1, off).met


def test_quorum_refuses_more_present_than_convened() -> None:
    with pytest.raises(CountInputError) as error:
        quorum(10, 11)
    assert "số có mặt" in error.value.message

"""Validity of one ballot (rules.md §5; docs/rules/validity.md)."""

from __future__ import annotations

import pytest

from daihoi.counting.ballots import (
    PRECEDENCE,
    Ballot,
    BallotStyle,
    Classification,
    Defect,
    InvalidReason,
    Mark,
    classify_ballot,
)
from daihoi.counting.regulation import Switches

SIX = ("c1", "c2", "c3", "c4", "c5", "c6")


def strike(
    struck: tuple[str, ...], *defects: Defect, seats: int = 5, **switches: bool
) -> Classification:
    return classify_ballot(
        Ballot(struck=struck, defects=defects),
        style=BallotStyle.STRIKE,
        candidate_ids=SIX,
        seats=seats,
        switches=Switches(**switches),
    )


def marks(
    given: dict[str, Mark], *defects: Defect, ids: tuple[str, ...] = ("c1", "c2"), **switches: bool
):  # type: ignore[no-untyped-def]
    return classify_ballot(
        Ballot(marks=given, defects=defects),
        style=BallotStyle.AGREE_DISAGREE,
        candidate_ids=ids,
        seats=len(ids),
        switches=Switches(**switches),
    )


def test_a_ballot_keeping_fewer_names_than_seats_is_valid_and_votes_for_the_kept() -> None:
    verdict = strike(("c4", "c5", "c6"))
    assert verdict.is_valid and verdict.kept == {"c1", "c2", "c3"}


def test_a_ballot_keeping_more_names_than_seats_is_invalid() -> None:
    assert strike(()).reason is InvalidReason.TOO_MANY_KEPT


def test_a_surplus_ballot_with_every_name_struck_is_invalid_by_default_and_valid_when_switched_off() -> (
    None
):
    assert strike(SIX).reason is InvalidReason.ALL_STRUCK
    verdict = strike(SIX, all_struck_is_invalid=False)
    assert verdict.is_valid and verdict.kept == frozenset()


def test_a_no_surplus_strike_ballot_with_its_only_name_struck_is_a_valid_no_vote() -> None:
    verdict = classify_ballot(
        Ballot(struck=("c1",)), style=BallotStyle.STRIKE, candidate_ids=("c1",), seats=1,
        switches=Switches(),
    )  # fmt: skip
    assert verdict.is_valid and not verdict.kept


@pytest.mark.parametrize(
    ("defect", "reason", "switch"),
    [
        (Defect.ADDED_NAME, InvalidReason.ADDED_NAME, "added_name_is_invalid"),
        (Defect.EXTRA_WRITING, InvalidReason.EXTRA_WRITING, "extra_writing_is_invalid"),
    ],
)
def test_added_names_and_writing_invalidate_unless_their_switch_is_off(
    defect: Defect, reason: InvalidReason, switch: str
) -> None:
    assert strike(("c6",), defect).reason is reason
    assert strike(("c6",), defect, **{switch: False}).is_valid


def test_unofficial_and_torn_ballots_are_invalid_whatever_the_marks() -> None:
    assert strike(("c6",), Defect.NOT_OFFICIAL).reason is InvalidReason.NOT_OFFICIAL
    assert strike(("c6",), Defect.TORN_OR_UNREADABLE).reason is InvalidReason.TORN_OR_UNREADABLE


def test_a_ballot_with_several_defects_counts_once_under_the_first_reason_of_the_precedence() -> (
    None
):
    verdict = strike((), Defect.EXTRA_WRITING, Defect.ADDED_NAME, Defect.NOT_OFFICIAL)
    assert verdict.reason is InvalidReason.NOT_OFFICIAL
    assert set(PRECEDENCE) == set(InvalidReason)


def test_an_agree_disagree_ballot_votes_for_the_names_marked_agree() -> None:
    verdict = marks({"c1": Mark.AGREE, "c2": Mark.DISAGREE})
    assert verdict.is_valid and verdict.kept == {"c1"}


def test_both_boxes_for_some_names_keep_the_ballot_valid_190_art_30_1() -> None:
    verdict = marks({"c1": Mark.AGREE, "c2": Mark.BOTH})
    assert verdict.is_valid and verdict.kept == {"c1"}


def test_no_usable_mark_for_any_name_is_invalid_unless_the_switch_is_off() -> None:
    assert marks({"c1": Mark.BOTH}).reason is InvalidReason.NO_VALID_MARK
    assert marks({}).reason is InvalidReason.NO_VALID_MARK
    assert marks({"c1": Mark.NONE, "c2": Mark.BOTH}, no_valid_mark_is_invalid=False).is_valid


def test_an_agree_disagree_ballot_agreeing_with_more_names_than_seats_is_invalid() -> None:
    verdict = classify_ballot(
        Ballot(marks={"c1": Mark.AGREE, "c2": Mark.AGREE}),
        style=BallotStyle.AGREE_DISAGREE, candidate_ids=("c1", "c2"), seats=1,
        switches=Switches(),
    )  # fmt: skip
    assert verdict.reason is InvalidReason.TOO_MANY_KEPT
    assert verdict.kept == frozenset()

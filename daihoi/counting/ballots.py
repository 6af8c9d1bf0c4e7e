"""Ballots and their validity (rules.md §5; docs/rules/validity.md).

Two ballot styles: ``strike`` (list with surplus: the voter strikes out each name they do
not vote for) and ``agree_disagree`` (list without surplus: an agree box and a disagree box
per name). The counting committee records what it saw on the paper (`Defect`); the rules
decide validity from those defects and from the marks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from daihoi.counting.regulation import Switches


class BallotStyle(StrEnum):
    STRIKE = "strike"
    AGREE_DISAGREE = "agree_disagree"


class Defect(StrEnum):
    """What the counting committee saw on the paper."""

    NOT_OFFICIAL = "not_official"
    ADDED_NAME = "added_name"
    EXTRA_WRITING = "extra_writing"
    TORN_OR_UNREADABLE = "torn_or_unreadable"


class Mark(StrEnum):
    """The boxes marked for one name on an agree/disagree ballot."""

    AGREE = "agree"
    DISAGREE = "disagree"
    BOTH = "both"
    NONE = "none"


class InvalidReason(StrEnum):
    """Why a ballot is invalid, in the order of the public contract. A ballot with several
    defects is counted once, under the first reason of `PRECEDENCE`."""

    NOT_OFFICIAL = "not_official"
    TOO_MANY_KEPT = "too_many_kept"
    ALL_STRUCK = "all_struck"
    ADDED_NAME = "added_name"
    EXTRA_WRITING = "extra_writing"
    TORN_OR_UNREADABLE = "torn_or_unreadable"
    NO_VALID_MARK = "no_valid_mark"


#: A ballot that is not the congress's own is no ballot at all; one that cannot be read
#: cannot be looked at further; then what was written on it; then the marks.
PRECEDENCE: tuple[InvalidReason, ...] = (
    InvalidReason.NOT_OFFICIAL,
    InvalidReason.TORN_OR_UNREADABLE,
    InvalidReason.ADDED_NAME,
    InvalidReason.EXTRA_WRITING,
    InvalidReason.TOO_MANY_KEPT,
    InvalidReason.ALL_STRUCK,
    InvalidReason.NO_VALID_MARK,
)

#: How the minutes name each reason.
REASON_LABELS: Mapping[InvalidReason, str] = {
    InvalidReason.NOT_OFFICIAL: "không phải phiếu do Ban kiểm phiếu phát ra",
    InvalidReason.TOO_MANY_KEPT: "để lại nhiều hơn số lượng cần bầu",
    InvalidReason.ALL_STRUCK: "gạch hết tên trong danh sách có số dư",
    InvalidReason.ADDED_NAME: "ghi thêm tên ngoài danh sách",
    InvalidReason.EXTRA_WRITING: "viết thêm, ký tên hoặc đánh dấu riêng",
    InvalidReason.TORN_OR_UNREADABLE: "rách, không đọc được (Ban kiểm phiếu kết luận)",
    InvalidReason.NO_VALID_MARK: "không có tên nào được đánh dấu hợp lệ",
}


@dataclass(frozen=True)
class Ballot:
    """One paper ballot, or `count` identical ones.

    ``struck`` (strike style): ids of the names struck out. ``marks`` (agree/disagree
    style): the mark per candidate id; a candidate left out has ``Mark.NONE``.
    """

    struck: tuple[str, ...] = ()
    marks: Mapping[str, Mark] = field(default_factory=dict)
    defects: tuple[Defect, ...] = ()
    count: int = 1


@dataclass(frozen=True)
class Classification:
    """The verdict on one ballot: invalid with a reason, or valid and voting for `kept`."""

    reason: InvalidReason | None
    kept: frozenset[str]

    @property
    def is_valid(self) -> bool:
        return self.reason is None


def invalid_reason(
    *,
    defects: Collection[Defect],
    kept_count: int,
    all_struck: bool,
    no_usable_mark: bool,
    seats: int,
    switches: Switches,
) -> InvalidReason | None:
    """The reason a ballot is invalid, or None when it is valid (rules.md §5).

    `all_struck` is true only for a strike ballot of a list with surplus on which every
    name is struck; `no_usable_mark` only for an agree/disagree ballot on which no name has
    exactly one box marked.
    """
    if Defect.NOT_OFFICIAL in defects:
        return InvalidReason.NOT_OFFICIAL
    if Defect.TORN_OR_UNREADABLE in defects:
        return InvalidReason.TORN_OR_UNREADABLE
    if switches.added_name_is_invalid and Defect.ADDED_NAME in defects:
        return InvalidReason.ADDED_NAME
    if switches.extra_writing_is_invalid and Defect.EXTRA_WRITING in defects:
        return InvalidReason.EXTRA_WRITING
    if kept_count > seats:
        return InvalidReason.TOO_MANY_KEPT
    if all_struck and switches.all_struck_is_invalid:
        return InvalidReason.ALL_STRUCK
    if no_usable_mark and switches.no_valid_mark_is_invalid:
        return InvalidReason.NO_VALID_MARK
    return None


def classify_ballot(
    ballot: Ballot,
    *,
    style: BallotStyle,
    candidate_ids: Collection[str],
    seats: int,
    switches: Switches,
) -> Classification:
    """Classify one ballot of a list of `candidate_ids` electing `seats` people."""
    if style is BallotStyle.STRIKE:
        struck = set(ballot.struck)
        kept = frozenset(c for c in candidate_ids if c not in struck)
        all_struck = not kept and len(candidate_ids) > seats
        no_usable_mark = False
    else:
        kept = frozenset(c for c, mark in ballot.marks.items() if mark is Mark.AGREE)
        all_struck = False
        no_usable_mark = not any(
            mark in (Mark.AGREE, Mark.DISAGREE) for mark in ballot.marks.values()
        )
    reason = invalid_reason(
        defects=ballot.defects,
        kept_count=len(kept),
        all_struck=all_struck,
        no_usable_mark=no_usable_mark,
        seats=seats,
        switches=switches,
    )
    return Classification(reason, frozenset() if reason else kept)

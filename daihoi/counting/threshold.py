"""The threshold: over half of the base B, never of the valid ballots (rules.md §6;
docs/rules/threshold.md).

B = convened − not_counted_in_base, and a candidate is elected iff votes ≥ B // 2 + 1
(exactly half is not enough). The exclusions that make up `not_counted_in_base` depend on
the kind of meeting; `MembersExclusions` and `DelegatesExclusions` add them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from daihoi.counting.errors import CountInputError


class Meeting(StrEnum):
    DELEGATES = "delegates"  # đại hội đại biểu
    GENERAL = "general"  # đại hội toàn thể đảng viên
    COMMITTEE = "committee"  # hội nghị cấp ủy / ban thường vụ / ủy ban kiểm tra


#: What B counts, per kind of meeting (the words of the minutes).
CONVENED_LABELS: dict[Meeting, str] = {
    Meeting.DELEGATES: "đại biểu chính thức được triệu tập",
    Meeting.GENERAL: "đảng viên chính thức được triệu tập",
    Meeting.COMMITTEE: "ủy viên đương nhiệm",
}


@dataclass(frozen=True)
class MembersExclusions:
    """Members' congress (chi bộ included): who is not counted in B. Absentees without an
    approved reason stay in B."""

    temporary_activity_elsewhere: int = 0
    exempted_and_absent: int = 0
    suspended_or_prosecuted: int = 0
    absent_throughout_with_approved_reason: int = 0

    @property
    def total(self) -> int:
        return (
            self.temporary_activity_elsewhere
            + self.exempted_and_absent
            + self.suspended_or_prosecuted
            + self.absent_throughout_with_approved_reason
        )


@dataclass(frozen=True)
class DelegatesExclusions:
    """Delegates' congress: convening-level committee members absent throughout, and
    official delegates absent throughout whom no alternate replaces."""

    committee_members_absent_throughout: int = 0
    delegates_absent_throughout_not_replaced: int = 0

    @property
    def total(self) -> int:
        return (
            self.committee_members_absent_throughout + self.delegates_absent_throughout_not_replaced
        )


@dataclass(frozen=True)
class Threshold:
    base: int
    votes_needed: int
    base_rule: str


def votes_needed(base: int) -> int:
    """More than half of `base`: base // 2 + 1."""
    return base // 2 + 1


def threshold(convened: int, not_counted_in_base: int, meeting: Meeting) -> Threshold:
    """B and the votes needed for a meeting of `convened` with `not_counted_in_base` left
    out of the base."""
    if not_counted_in_base > convened:
        raise CountInputError(
            "election.not_counted_in_base",
            f"số không tính vào cơ sở ({not_counted_in_base}) lớn hơn số được triệu tập"
            f" ({convened})",
        )
    base = convened - not_counted_in_base
    need = votes_needed(base)
    rule = (
        f"B = số {CONVENED_LABELS[meeting]} ({convened}) − số không tính vào cơ sở"
        f" ({not_counted_in_base}) = {base}; trúng cử khi được quá một nửa so với B,"
        f" tức ít nhất {need} phiếu"
    )
    return Threshold(base=base, votes_needed=need, base_rule=rule)

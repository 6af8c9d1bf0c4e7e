"""The congress's live figures: convened, present, the quorum and the base B of every vote and
election (rules.md §3, §6; docs/rules/threshold.md), computed from the roster and the
check-ins. Pure: the delegates app turns its rows into `Seat`s.

Delegates' congress (đại hội đại biểu): B = official delegates convened − convening-level
committee members (ex-officio delegates) absent throughout − official delegates absent
throughout whom no alternate replaces. An official replaced by an alternate no longer holds
the seat: the alternate does, so the seat stays in B (E2).

Members' congress (đại hội toàn thể): B = official members − those on temporary activity
elsewhere − exempted members who are absent − suspended, indicted, prosecuted or detained
members − those absent throughout with a reason the convening committee approved. Absence
without an approved reason stays in B (E1).

"Absent throughout" is read when the figures are taken: no check-in at any session so far
(docs/decisions/0014). A round freezes the figures when it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from daihoi.counting.open_vote import quorum as quorum_rule
from daihoi.counting.regulation import regulation
from daihoi.counting.threshold import DelegatesExclusions, MembersExclusions, votes_needed


class SeatKind(StrEnum):
    EX_OFFICIO = "ex_officio"
    ELECTED = "elected"
    APPOINTED = "appointed"
    ALTERNATE = "alternate"
    MEMBER = "member"


class Absence(StrEnum):
    NONE = ""
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    TEMPORARY_ELSEWHERE = "temporary"
    EXEMPTED = "exempted"


@dataclass(frozen=True)
class Seat:
    """One person on the roster as the rule sees them.

    convened: holds a convened seat (an official, or an alternate who replaced one; for a
      members' congress an official member, suspended ones included: they are then excluded).
    suspended: suspended, indicted, prosecuted or detained (members' congress exclusion).
    present: checked in at the current session; attended: at any session so far.
    """

    kind: SeatKind
    convened: bool
    present: bool
    attended: bool
    absence: Absence = Absence.NONE
    suspended: bool = False
    replacing: bool = False  # an alternate sitting in an official's seat


@dataclass(frozen=True)
class Exclusion:
    code: str
    label: str  # the words of the minutes (Vietnamese)
    count: int


@dataclass(frozen=True)
class Figures:
    meeting: str  # "delegates" | "general"
    convened: int
    present: int
    absent: int
    absent_approved: int
    absent_not_approved: int
    alternates_substituted: int
    exclusions: tuple[Exclusion, ...]
    base: int
    votes_needed: int
    quorum_required: int
    quorum_met: bool

    @property
    def not_counted_in_base(self) -> int:
        return sum(e.count for e in self.exclusions)


EXCLUSION_LABELS = {
    "committee_members_absent_throughout": (
        "Cấp ủy viên cấp triệu tập (đại biểu đương nhiên) vắng mặt suốt thời gian đại hội"
    ),
    "delegates_absent_throughout_not_replaced": (
        "Đại biểu chính thức vắng mặt suốt thời gian đại hội không có đại biểu dự khuyết thay thế"
    ),
    "temporary_activity_elsewhere": "Đảng viên đi công tác, sinh hoạt tạm thời nơi khác",
    "exempted_and_absent": "Đảng viên được miễn công tác và sinh hoạt đảng vắng mặt",
    "suspended_or_prosecuted": "Đảng viên bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam",
    "absent_throughout_with_approved_reason": (
        "Đảng viên vắng mặt suốt thời gian đại hội có lý do được cấp ủy triệu tập chấp thuận"
    ),
}


def _exclusions(counts: dict[str, int]) -> tuple[Exclusion, ...]:
    return tuple(Exclusion(code, EXCLUSION_LABELS[code], n) for code, n in counts.items())


def delegates_exclusions(seats: list[Seat]) -> DelegatesExclusions:
    away = [s for s in seats if s.convened and not s.attended]
    return DelegatesExclusions(
        committee_members_absent_throughout=sum(s.kind == SeatKind.EX_OFFICIO for s in away),
        delegates_absent_throughout_not_replaced=sum(s.kind != SeatKind.EX_OFFICIO for s in away),
    )


def members_exclusions(seats: list[Seat]) -> MembersExclusions:
    away = [s for s in seats if s.convened and not s.attended and not s.suspended]
    return MembersExclusions(
        temporary_activity_elsewhere=sum(s.absence == Absence.TEMPORARY_ELSEWHERE for s in away),
        exempted_and_absent=sum(s.absence == Absence.EXEMPTED for s in away),
        suspended_or_prosecuted=sum(s.convened and s.suspended for s in seats),
        absent_throughout_with_approved_reason=sum(s.absence == Absence.APPROVED for s in away),
    )


def figures(seats: list[Seat], *, meeting: str, quorum_two_thirds: bool = True) -> Figures:
    """The congress's figures now. `meeting` is "delegates" or "general"."""
    convened = [s for s in seats if s.convened]
    present = sum(s.present for s in convened)
    absent = [s for s in convened if not s.present]
    excluded: DelegatesExclusions | MembersExclusions
    if meeting == "delegates":
        excluded = delegates_exclusions(seats)
    elif meeting == "general":
        excluded = members_exclusions(seats)
    else:
        raise ValueError(f"unknown meeting {meeting!r}")
    counts = {key: int(value) for key, value in vars(excluded).items()}
    base = len(convened) - excluded.total
    check = quorum_rule(
        len(convened),
        present,
        regulation(switches={"congress_quorum_two_thirds": quorum_two_thirds}),
    )
    return Figures(
        meeting=meeting,
        convened=len(convened),
        present=present,
        absent=len(absent),
        absent_approved=sum(s.absence == Absence.APPROVED for s in absent),
        absent_not_approved=sum(s.absence != Absence.APPROVED for s in absent),
        alternates_substituted=sum(s.replacing for s in convened),
        exclusions=_exclusions(counts),
        base=base,
        votes_needed=votes_needed(base),
        quorum_required=check.required,
        quorum_met=check.met,
    )

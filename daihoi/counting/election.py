"""What is counted: one round of one election, its candidates and its ballots."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from daihoi.counting.ballots import Ballot, BallotStyle
from daihoi.counting.regulation import DEFAULT_PROFILE, PROFILES, Regulation
from daihoi.counting.threshold import Meeting


class Body(StrEnum):
    EXECUTIVE = "executive"  # Ban Chấp hành
    STANDING = "standing"  # Ban Thường vụ
    SECRETARY = "secretary"  # Bí thư
    DEPUTY_SECRETARY = "deputy_secretary"  # Phó Bí thư
    INSPECTION = "inspection"  # Ủy ban Kiểm tra
    INSPECTION_CHAIR = "inspection_chair"  # Chủ nhiệm Ủy ban Kiểm tra
    UPPER_DELEGATES = "upper_delegates"  # đại biểu chính thức đi dự đại hội cấp trên
    UPPER_ALTERNATES = "upper_alternates"  # đại biểu dự khuyết
    OTHER = "other"


class OrganizationKind(StrEnum):
    DANG_BO = "dang_bo"
    CHI_BO = "chi_bo"


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    birth_date: datetime.date | None = None


@dataclass(frozen=True)
class Election:
    """One round of one election. `convened` and `not_counted_in_base` give the threshold
    base; `alternate_seats` is used only by the switch passing_delegates_become_alternates
    in an upper_delegates round."""

    body: Body
    seats: int
    meeting: Meeting
    convened: int
    not_counted_in_base: int
    ballot_style: BallotStyle
    round: int = 1
    organization_kind: OrganizationKind = OrganizationKind.DANG_BO
    tie_revote: bool = False
    alternate_seats: int = 0


@dataclass(frozen=True)
class CountInput:
    """Everything `count_round` needs: the parsed `daihoi.count/1` contract."""

    election: Election
    candidates: tuple[Candidate, ...]
    ballots: tuple[Ballot, ...]
    regulation: Regulation = field(default_factory=lambda: PROFILES[DEFAULT_PROFILE])

"""Open votes (biểu quyết) and the congress quorum (rules.md §3, §9; docs/rules/open-votes.md).

An open vote — show of hands, party card or device — is adopted iff the yes votes reach
more than half of the base B (not of those present): yes ≥ B // 2 + 1 (E15). A congress
may proceed only with at least 2/3 of those convened present (E16), a rule behind the
switch `congress_quorum_two_thirds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.counting.errors import CountInputError
from daihoi.counting.regulation import DEFAULT_PROFILE, PROFILES, Regulation
from daihoi.counting.shares import percent
from daihoi.counting.threshold import votes_needed


@dataclass(frozen=True)
class OpenVoteResult:
    base: int
    yes: int
    votes_needed: int
    share_of_base: str
    adopted: bool


@dataclass(frozen=True)
class Quorum:
    convened: int
    present: int
    required: int
    met: bool


def open_vote(base: int, yes: int) -> OpenVoteResult:
    """An open vote with `yes` in favour, against the base B."""
    if base < 0:
        raise CountInputError("base", "cơ sở B không được âm")
    if not 0 <= yes <= base:
        raise CountInputError("yes", f"số tán thành phải từ 0 đến {base}")
    need = votes_needed(base)
    return OpenVoteResult(base, yes, need, percent(yes, base), yes >= need)


def quorum(convened: int, present: int, regulation: Regulation | None = None) -> Quorum:
    """Whether `present` of `convened` may hold the congress: at least 2/3 (rounded up)."""
    if not 0 <= present <= convened:
        raise CountInputError("present", f"số có mặt phải từ 0 đến {convened}")
    switches = (regulation or PROFILES[DEFAULT_PROFILE]).switches
    required = -(-2 * convened // 3) if switches.congress_quorum_two_thirds else 0
    return Quorum(convened, present, required, present >= required)

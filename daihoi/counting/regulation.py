"""Regulation profiles: which election regulation applies, and every unconfirmed rule as a
named switch (shared/domain/rules.md, "Defaults for the policy switches").

A rule whose text was seen in a source is code; a rule that was not seen (UNCONFIRMED) is a
switch with the default of rules.md, so that a congress can change it by configuration. The
count output echoes the profile and every switch in force (docs/rules/regulation.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from daihoi.counting.errors import CountInputError

DEFAULT_PROFILE = "190-2024"


@dataclass(frozen=True)
class Switches:
    """Every UNCONFIRMED rule of rules.md as a yes/no switch (defaults: profile 190-2024)."""

    #: §5 invalid case 3: a ballot of a list with surplus on which every name is struck out
    #: is invalid (CONFIRMED for 244; unconfirmed for 190). Off: it is a valid ballot that
    #: gives no vote.
    all_struck_is_invalid: bool = True
    #: §5 invalid case 6: a name written in from outside the list makes the ballot invalid.
    added_name_is_invalid: bool = True
    #: §5 invalid case 6: other writing, a signature or a mark makes the ballot invalid.
    extra_writing_is_invalid: bool = True
    #: §5 invalid cases 4–5: an agree/disagree ballot with both boxes or neither box for
    #: every name (a single-name ballot included) is invalid. Off: valid, no vote.
    no_valid_mark_is_invalid: bool = True
    #: §6 selection 2: candidates tied at the cut-off are re-voted among themselves for the
    #: seats left. Off: the tied are not elected and the seats are left to a further round.
    tie_revote_among_tied: bool = True
    #: §6 selection 2: a re-vote among the tied still needs votes ≥ B // 2 + 1. Off: the most
    #: votes among the tied suffice (at least one vote).
    tie_revote_needs_threshold: bool = True
    #: §6 Art. 18 (cut-off sentence): official seats filled, candidates left who passed the
    #: threshold become alternates in vote order without a separate ballot (if the congress
    #: agrees). Off: the rest of the common list goes to a separate alternates round.
    passing_delegates_become_alternates: bool = False
    #: §6: alternates need votes ≥ B // 2 + 1 like official delegates. Off: ranked by votes.
    alternates_need_threshold: bool = True
    #: §4 (E11): surplus percentages become whole persons with the minimum rounded up and
    #: the maxima rounded down. Off: every bound is rounded half-up.
    surplus_whole_persons: bool = True
    #: §3 (E16): a congress may proceed only with at least 2/3 of those convened present.
    #: Off: no quorum is checked.
    congress_quorum_two_thirds: bool = True

    def as_dict(self) -> dict[str, bool]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


SWITCH_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Switches))


@dataclass(frozen=True)
class Articles:
    """The article each step of the count cites, as printed in the protocol."""

    regulation: str
    counting_committee: str
    validity: str
    partial_marks: str
    threshold: str
    votes: str
    ranking: str
    tie: str
    further_round: str
    delegates: str
    chi_bo_secretary: str
    direct_secretary: str
    surplus: str
    floor_nominee: str
    open_vote: str
    quorum: str
    shares: str


@dataclass(frozen=True)
class Regulation:
    """A regulation profile with the switches in force."""

    profile: str
    switches: Switches
    articles: Articles


_CHARTER_MAJORITY = "Điều lệ Đảng, Điều 12(3)"

_ARTICLES_190 = Articles(
    regulation="Quyết định 190-QĐ/TW (10/10/2024), Quy chế bầu cử trong Đảng",
    counting_committee="Quy chế 190, Điều 8 (Ban kiểm phiếu kiểm tra số phiếu phát ra, thu vào)",
    validity="Quy chế 190, Điều 15 (phiếu hợp lệ, không hợp lệ; đối chiếu Quy chế 244, Điều 17)",
    partial_marks="Quy chế 190, Điều 30(1)",
    threshold=f"{_CHARTER_MAJORITY}; Quy chế 190, Điều 30",
    votes="Quy chế 190, Điều 30(1): kết quả bầu cử được tính trên số phiếu bầu hợp lệ",
    ranking="Quy chế 190, Điều 30",
    tie="Quy chế 190, Điều 30 (bầu lại giữa những người bằng phiếu: cách hiểu chưa xác minh)",
    further_round="Quy chế 190, Điều 30 (số còn thiếu: đại hội quyết định bầu tiếp)",
    delegates="Quy chế 190, Điều 18",
    chi_bo_secretary="Quy định 29-QĐ/TW, điểm 24",
    direct_secretary="Chỉ thị 35-CT/TW, thí điểm bầu trực tiếp bí thư (chưa xác minh)",
    surplus="Quy chế 190, Điều 14",
    floor_nominee="Quy chế 190, Điều 14(2)",
    open_vote="Điều lệ Đảng, Điều 10(5); Quy định 24-QĐ/TW, điểm 9.3",
    quorum="Chưa xác minh: ít nhất 2/3 số được triệu tập",
    shares="Biên bản kiểm phiếu: tỷ lệ so với cơ sở B và so với phiếu hợp lệ, làm tròn 2 chữ số",
)

_ARTICLES_244 = replace(
    _ARTICLES_190,
    regulation="Quyết định 244-QĐ/TW (09/6/2014), Quy chế bầu cử trong Đảng",
    counting_committee="Quy chế 244, Điều 7 (Ban kiểm phiếu kiểm tra số phiếu phát ra, thu vào)",
    validity="Quy chế 244, Điều 17(2)",
    partial_marks="Quy chế 244, Điều 17(2)",
    threshold=f"{_CHARTER_MAJORITY}; Quy chế 244, Điều 32",
    votes="Quy chế 244, Điều 32: kết quả bầu cử được tính trên số phiếu bầu hợp lệ",
    ranking="Quy chế 244, Điều 32",
    tie="Quy chế 244, Điều 32 (bầu lại giữa những người bằng phiếu: cách hiểu chưa xác minh)",
    further_round="Quy chế 244, Điều 32 và Điều 20(2) (đại hội quyết định bầu tiếp)",
    delegates="Quy chế 244, Điều 20",
    surplus="Quy chế 244 (số dư 10–15%, tối đa 30%)",
    floor_nominee="Quy chế 244 (được trên 30% số đại biểu dự đại hội đồng ý)",
)

PROFILES: Mapping[str, Regulation] = {
    "190-2024": Regulation("190-2024", Switches(), _ARTICLES_190),
    "244-2014": Regulation("244-2014", Switches(), _ARTICLES_244),
}


def regulation(
    profile: str = DEFAULT_PROFILE, switches: Mapping[str, object] | None = None
) -> Regulation:
    """The profile named `profile` with single `switches` overridden by name.

    Raises CountInputError for an unknown profile, an unknown switch or a non-boolean value.
    """
    if profile not in PROFILES:
        known = ", ".join(f'"{name}"' for name in PROFILES)
        raise CountInputError("regulation", f'không có hồ sơ quy chế "{profile}" (chỉ có {known})')
    base = PROFILES[profile]
    if not switches:
        return base
    overrides: dict[str, bool] = {}
    for name, value in switches.items():
        if name not in SWITCH_NAMES:
            raise CountInputError(f"switches.{name}", f'không có công tắc quy chế tên "{name}"')
        if not isinstance(value, bool):
            raise CountInputError(f"switches.{name}", "giá trị phải là true hoặc false")
        overrides[name] = value
    return replace(base, switches=replace(base.switches, **overrides))

"""The words of an allocation: the request (units, the per-members formula), the ready-made
profiles (rules.md §12), the result (seats per unit, ties) and the input error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

#: The divisor methods hand out seats one by one: bound the work (no congress has
#: anywhere near this many delegates).
MAX_SEATS = 100_000


class AllocationInputError(ValueError):
    """A request the rules cannot allocate. `field` is the JSON path of the offending value
    (``units[3].members``, ``minimum``…) and `message` says what is wrong, in Vietnamese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class Method(StrEnum):
    LARGEST_REMAINDER = "largest_remainder"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte_lague"
    PER_MEMBERS = "per_members"


#: The methods that share out a given total (the alternates are always shared out so).
TOTAL_METHODS = (Method.LARGEST_REMAINDER, Method.DHONDT, Method.SAINTE_LAGUE)


# --- the request --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """An organization that receives seats. `merged_from`: how many committees it was
    merged from (profile xiv-341), only with a base-by-merger table."""

    id: str
    members: int
    name: str | None = None
    extra: int = 0
    merged_from: int | None = None


def merged_from(unit: Unit) -> int:
    return 1 if unit.merged_from is None else unit.merged_from


@dataclass(frozen=True)
class PerMembers:
    """The per-unit formula: base + members // q + (1 if members % q >= r else 0).

    The base is `base_per_unit`, or, when `base_by_merger` is given, the table's entry for
    the number of committees the unit was merged from (1 when not merged)."""

    members_per_seat: int
    remainder_at_least: int
    base_per_unit: int = 0
    base_by_merger: Mapping[int, int] | None = None

    def base(self, unit: Unit) -> int:
        if self.base_by_merger is None:
            return self.base_per_unit
        return self.base_by_merger[merged_from(unit)]


@dataclass(frozen=True)
class Request:
    """What to allocate. `seats` and `minimum` serve the total methods, `per_members` the
    formula. `alternates_method` None means: the official method, or largest remainder
    when the officials are counted per members (decision 0013 §3)."""

    units: tuple[Unit, ...]
    method: Method
    seats: int = 0
    minimum: int = 0
    per_members: PerMembers | None = None
    alternates: int = 0
    alternates_method: Method | None = None
    ex_officio: int = 0
    appointed: int = 0
    profile: str | None = None

    @property
    def method_for_alternates(self) -> Method:
        if self.alternates_method is not None:
            return self.alternates_method
        return Method.LARGEST_REMAINDER if self.method is Method.PER_MEMBERS else self.method


# --- profiles (rules.md §12) --------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A ready-made set of parameters; explicit fields of a request override them."""

    name: str
    title: str
    method: Method
    base_per_unit: int | None = None
    base_by_merger: Mapping[int, int] | None = None
    members_per_seat: int | None = None
    remainder_at_least: int | None = None


PROFILES: dict[str, Profile] = {
    "xiii": Profile(
        name="xiii",
        title=(
            "Đại hội XIII (2021): 13 đại biểu mỗi đảng bộ trực thuộc, thêm 1 cho mỗi 12.000 "
            "đảng viên, thêm 1 nếu phần dư từ 6.001"
        ),
        method=Method.PER_MEMBERS,
        base_per_unit=13,
        members_per_seat=12_000,
        remainder_at_least=6_001,
    ),
    # QĐ 341-QĐ/TW: the base by merger is confirmed for 1 and 2 committees only ("and so
    # on" beyond); the per-member part was not seen, so the profile leaves it to the input.
    "xiv-341": Profile(
        name="xiv-341",
        title=(
            "Đại hội XIV (QĐ 341-QĐ/TW): cơ sở 13 đại biểu cho đảng bộ không hợp nhất, 24 cho "
            "đảng bộ hợp nhất từ 2 đảng bộ"
        ),
        method=Method.PER_MEMBERS,
        base_by_merger={1: 13, 2: 24},
    ),
}


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitAllocation:
    """One unit's seats: official = base + by_members + extra. `base` is the minimum (total
    methods) or the formula's base (per_members)."""

    id: str
    name: str | None
    members: int
    base: int
    by_members: int
    extra: int
    alternates: int
    reason: str

    @property
    def official(self) -> int:
        return self.base + self.by_members + self.extra


@dataclass(frozen=True)
class Tie:
    """Units tied for the last `seats` official seats or alternates, at `value`."""

    kind: str  # "official" | "alternates"
    units: tuple[str, ...]
    seats: int
    criterion: str  # "remainder" | "quotient"
    value: Fraction


@dataclass(frozen=True)
class Allocation:
    method: Method
    alternates_method: Method
    profile: str | None
    units: tuple[UnitAllocation, ...]
    ties: tuple[Tie, ...]
    seats_unallocated: int
    alternates_unallocated: int
    ex_officio: int
    appointed: int

    @property
    def official_total(self) -> int:
        return sum(u.official for u in self.units)

    @property
    def alternates_total(self) -> int:
        return sum(u.alternates for u in self.units)

    @property
    def convened_total(self) -> int:
        """Official delegates (extra seats included) + ex-officio + appointed delegates."""
        return self.official_total + self.ex_officio + self.appointed

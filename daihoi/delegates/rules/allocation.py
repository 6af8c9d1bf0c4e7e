"""Allocating delegate seats to the organizations under a committee (rules.md §12, §3;
docs/decisions/0013-delegate-allocation.md). Pure and exact: whole numbers and fractions
only, never a float.

Two ways to count seats:

* A total shared out (`largest_remainder`, `dhondt`, `sainte_lague`): every unit first
  receives the minimum m, then the seats left are apportioned by the method on the member
  counts. Alternates are apportioned the same way, separately, with minimum 0.
* A formula per unit (`per_members`, the 2021 national-congress rule): base + one seat per
  q members + one more when the remainder reaches r.

A unit's fixed `extra` seats are added on top in every method. A tie for the last seat(s)
is never broken here: the tied seats stay unallocated and are reported, so that the
organization department decides (decision 0013 §1).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from itertools import islice

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

METHOD_WORDS = {
    Method.LARGEST_REMAINDER: "theo số dư lớn nhất",
    Method.DHONDT: "theo phương pháp D'Hondt",
    Method.SAINTE_LAGUE: "theo phương pháp Sainte-Laguë",
    Method.PER_MEMBERS: "theo số đảng viên",
}

DECIDES = "Ban Tổ chức quyết định"


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
        return self.base_by_merger[_merged_from(unit)]


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


# --- apportioning a total among units -----------------------------------------------------


@dataclass(frozen=True)
class Apportionment:
    """`seats` shared by one method on member counts. `won[i]`: seats unit i won outright;
    the units in `tied` are tied for `tied_seats` more seats at `tie_value` (the remainder
    for largest remainder, the quotient for divisor methods), which nobody has won."""

    method: Method
    members: tuple[int, ...]
    seats: int
    won: tuple[int, ...]
    tied: tuple[int, ...] = ()
    tied_seats: int = 0
    tie_value: Fraction | None = None
    #: largest remainder: members × seats / total members, per unit
    quotas: tuple[Fraction, ...] = ()
    #: largest remainder: the seats left to the remainders after the whole parts
    remainder_seats: int = 0
    #: divisor methods: the quotient of the last seat won
    last_quotient: Fraction | None = None

    @cached_property
    def total_members(self) -> int:
        return sum(self.members)

    @cached_property
    def tied_set(self) -> frozenset[int]:
        return frozenset(self.tied)


def largest_remainder(members: Sequence[int], seats: int) -> Apportionment:
    """Hamilton: the whole part of each quota members × seats / total, then one seat each to
    the largest remainders. Remainders are compared as integers over the common
    denominator, the total number of members."""
    total = sum(members)
    wholes = [m * seats // total for m in members]
    numerators = [m * seats % total for m in members]
    left = seats - sum(wholes)
    won = list(wholes)
    tied: list[int] = []
    tie_numerator = 0
    if left:
        cutoff = sorted(numerators, reverse=True)[left - 1]
        above = [i for i, r in enumerate(numerators) if r > cutoff]
        at = [i for i, r in enumerate(numerators) if r == cutoff]
        for i in above:
            won[i] += 1
        if len(at) <= left - len(above):
            for i in at:
                won[i] += 1
        else:
            tied, tie_numerator = at, cutoff
    return Apportionment(
        method=Method.LARGEST_REMAINDER,
        members=tuple(members),
        seats=seats,
        won=tuple(won),
        tied=tuple(tied),
        tied_seats=seats - sum(won),
        tie_value=Fraction(tie_numerator, total) if tied else None,
        quotas=tuple(Fraction(m * seats, total) for m in members),
        remainder_seats=left,
    )


def _dhondt_divisor(won: int) -> int:
    return won + 1


def _sainte_lague_divisor(won: int) -> int:
    return 2 * won + 1


DIVISORS: dict[Method, Callable[[int], int]] = {
    Method.DHONDT: _dhondt_divisor,
    Method.SAINTE_LAGUE: _sainte_lague_divisor,
}


def highest_averages(method: Method, members: Sequence[int], seats: int) -> Apportionment:
    """Divisor methods, seat by seat: the unit with the highest quotient members / divisor(s)
    (s = seats it has won) wins the next seat. Units whose quotients are equal are served
    together; when they are more than the seats left, they are tied."""
    divisor = DIVISORS[method]
    won = [0] * len(members)
    queue = [(-Fraction(m, divisor(0)), i) for i, m in enumerate(members) if m > 0]
    heapq.heapify(queue)
    left = seats
    last: Fraction | None = None
    tied: list[int] = []
    tie_value: Fraction | None = None
    while left > 0 and queue:
        best = -queue[0][0]
        group = []
        while queue and -queue[0][0] == best:
            group.append(heapq.heappop(queue)[1])
        if len(group) > left:
            tied, tie_value = sorted(group), best
            break
        for i in group:
            won[i] += 1
            heapq.heappush(queue, (-Fraction(members[i], divisor(won[i])), i))
        left -= len(group)
        last = best
    return Apportionment(
        method=method,
        members=tuple(members),
        seats=seats,
        won=tuple(won),
        tied=tuple(tied),
        tied_seats=left if tied else 0,
        tie_value=tie_value,
        last_quotient=last,
    )


def dhondt(members: Sequence[int], seats: int) -> Apportionment:
    return highest_averages(Method.DHONDT, members, seats)


def sainte_lague(members: Sequence[int], seats: int) -> Apportionment:
    return highest_averages(Method.SAINTE_LAGUE, members, seats)


def apportion(method: Method, members: Sequence[int], seats: int) -> Apportionment:
    """`seats` shared among units by a total method. No seats, no work; seats with no
    member at all are refused earlier (there is nothing to share them by)."""
    if seats == 0:
        return Apportionment(method, tuple(members), 0, tuple(0 for _ in members))
    if method is Method.LARGEST_REMAINDER:
        return largest_remainder(members, seats)
    return highest_averages(method, members, seats)


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


# --- Vietnamese wording -------------------------------------------------------------------


def vn_number(value: Fraction | int, places: int = 4) -> str:
    """1.234,5 — dot thousands, decimal comma. Exact when the decimal ends within `places`
    digits; otherwise cut there and followed by "…" (the exact value is in `ties`)."""
    # Whole numbers only (the reasons of a large allocation write hundreds of thousands).
    whole, rest = divmod(value.numerator, value.denominator)
    text = f"{whole:,}".replace(",", ".")
    if rest == 0:
        return text
    scaled, left = divmod(rest * 10**places, value.denominator)
    digits = f"{scaled:0{places}d}"
    if left == 0:
        return f"{text},{digits.rstrip('0')}"
    return f"{text},{digits}…"


#: A reason names at most this many of the units tied with its own (all are in `ties`).
NAMED_IN_A_TIE = 10


def _others_tied(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    """The units tied with unit i, the first few by id (a tie may hold every unit)."""
    named = [ids[j] for j in islice((j for j in app.tied if j != i), NAMED_IN_A_TIE)]
    more = len(app.tied) - 1 - len(named)
    return ", ".join(named) + (f" và {more} đơn vị khác" if more else "")


def _tie_words(app: Apportionment, i: int, ids: Sequence[str], what: str) -> str:
    return (
        f"{what} bằng của {_others_tied(app, i, ids)}: {len(app.tied)} đơn vị tranh "
        f"{app.tied_seats} suất cuối, chưa phân bổ — {DECIDES}"
    )


def _remainder_note(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    if app.members[i] == 0:
        return "không có đảng viên"
    quota = app.quotas[i]
    whole = quota.numerator // quota.denominator
    remainder = quota - whole
    shown = f"{vn_number(app.members[i])} × {vn_number(app.seats)} / " + (
        f"{vn_number(app.total_members)} = {vn_number(quota)}"
    )
    if remainder == 0:
        return f"hạn ngạch {shown}, đúng số nguyên"
    if i in app.tied_set:
        return f"hạn ngạch {shown}; " + _tie_words(app, i, ids, f"phần dư {vn_number(remainder)}")
    top = f"nhóm {app.remainder_seats} phần dư lớn nhất"
    if app.won[i] > whole:
        return (
            f"hạn ngạch {shown}: phần nguyên {whole} + 1 vì phần dư {vn_number(remainder)} "
            f"thuộc {top}"
        )
    return f"hạn ngạch {shown}; phần dư {vn_number(remainder)} không thuộc {top}"


def _quotient(members: int, divisor: int) -> str:
    return f"{vn_number(members)}/{divisor} = {vn_number(Fraction(members, divisor))}"


def _divisor_note(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    members, won = app.members[i], app.won[i]
    if members == 0:
        return "không có đảng viên"
    divisor = DIVISORS[app.method]
    following = _quotient(members, divisor(won))
    if i in app.tied_set:
        return _tie_words(app, i, ids, f"thương số kế tiếp {following}")
    if app.tie_value is not None:
        bar = f"thương số của các suất đang tranh {vn_number(app.tie_value)}"
    else:
        bar = f"thương số của suất cuối cùng {vn_number(app.last_quotient or 0)}"
    if won == 0:
        return f"thương số đầu tiên {following} thấp hơn {bar}"
    reached = _quotient(members, divisor(won - 1))
    return f"thương số thứ {won} {reached} đạt; thương số kế tiếp {following} thấp hơn {bar}"


def _apportioned_words(app: Apportionment, i: int, ids: Sequence[str]) -> str:
    """'5 theo số dư lớn nhất (…)': how unit i obtained its seats from the method."""
    if app.seats == 0:
        note = "không còn suất nào để phân bổ"
    elif app.method is Method.LARGEST_REMAINDER:
        note = _remainder_note(app, i, ids)
    else:
        note = _divisor_note(app, i, ids)
    return f"{app.won[i]} {METHOD_WORDS[app.method]} ({note})"


def _per_members_words(rule: PerMembers, members: int) -> str:
    q, r = rule.members_per_seat, rule.remainder_at_least
    whole, remainder = divmod(members, q)
    bonus = remainder >= r
    split = f"{vn_number(members)} = {whole} × {vn_number(q)} + {vn_number(remainder)}"
    verdict = f"từ {vn_number(r)} trở lên: thêm 1" if bonus else f"chưa đến {vn_number(r)}"
    return f"{whole + bonus} {METHOD_WORDS[Method.PER_MEMBERS]} ({split}; phần dư {verdict})"


def _base_words(rule: PerMembers, unit: Unit) -> str:
    base = rule.base(unit)
    if rule.base_by_merger is None:
        return f"cơ sở {base}"
    merged = _merged_from(unit)
    if merged == 1:
        return f"cơ sở {base} (không hợp nhất)"
    return f"cơ sở {base} (hợp nhất từ {merged} đảng bộ)"


def _official_reason(words: str, extra: int, official: int) -> str:
    with_extra = f"{words} + {extra} suất cộng thêm" if extra else words
    return f"{with_extra} = {official} đại biểu chính thức"


# --- checks -------------------------------------------------------------------------------


def _merged_from(unit: Unit) -> int:
    return 1 if unit.merged_from is None else unit.merged_from


def _at_least(value: int, path: str, lowest: int = 0) -> None:
    if value < lowest:
        raise AllocationInputError(path, f"phải là số nguyên từ {lowest} trở lên")


def _at_most_max_seats(value: int, path: str) -> None:
    _at_least(value, path)
    if value > MAX_SEATS:
        raise AllocationInputError(path, f"quá lớn (tối đa {vn_number(MAX_SEATS)})")


def _check_units(request: Request) -> None:
    if not request.units:
        raise AllocationInputError("units", "danh sách đơn vị trống")
    seen: set[str] = set()
    for i, unit in enumerate(request.units):
        path = f"units[{i}]"
        if not unit.id.strip():
            raise AllocationInputError(f"{path}.id", "mã đơn vị không được để trống")
        if unit.id in seen:
            raise AllocationInputError(f"{path}.id", f'mã đơn vị "{unit.id}" bị trùng')
        seen.add(unit.id)
        _at_least(unit.members, f"{path}.members")
        _at_least(unit.extra, f"{path}.extra")


def _check_merged_from(request: Request, rule: PerMembers) -> None:
    table = rule.base_by_merger
    for i, unit in enumerate(request.units):
        path = f"units[{i}].merged_from"
        if unit.merged_from is None:
            continue
        if table is None:
            raise AllocationInputError(path, "chỉ dùng với base_by_merger (hồ sơ xiv-341)")
        _at_least(unit.merged_from, path, 1)
        if unit.merged_from not in table:
            known = ", ".join(str(k) for k in sorted(table))
            raise AllocationInputError(
                path,
                f"base_by_merger không có mức cơ sở cho đảng bộ hợp nhất từ {unit.merged_from} "
                f"đảng bộ (chỉ có: {known}); mức ngoài 2 đảng bộ chưa được xác minh: "
                "khai báo trong base_by_merger",
            )
    if table is not None and 1 not in table and any(u.merged_from is None for u in request.units):
        raise AllocationInputError(
            "base_by_merger", "thiếu mức cơ sở cho đảng bộ không hợp nhất (1)"
        )


def _check_per_members(request: Request, rule: PerMembers) -> None:
    _at_least(rule.members_per_seat, "members_per_seat", 1)
    if not 1 <= rule.remainder_at_least <= rule.members_per_seat:
        raise AllocationInputError(
            "remainder_at_least",
            f"phải từ 1 đến {vn_number(rule.members_per_seat)} (members_per_seat)",
        )
    _at_least(rule.base_per_unit, "base_per_unit")
    for merged, base in (rule.base_by_merger or {}).items():
        _at_least(merged, "base_by_merger", 1)
        _at_least(base, f"base_by_merger.{merged}")
    _check_merged_from(request, rule)


def _check_total(request: Request) -> None:
    _at_most_max_seats(request.seats, "seats")
    _at_least(request.minimum, "minimum")
    floor = request.minimum * len(request.units)
    if floor > request.seats:
        raise AllocationInputError(
            "minimum",
            f"mức tối thiểu {request.minimum} × {len(request.units)} đơn vị = "
            f"{vn_number(floor)} vượt quá số suất {vn_number(request.seats)}",
        )
    if any(u.merged_from is not None for u in request.units):
        i = next(i for i, u in enumerate(request.units) if u.merged_from is not None)
        raise AllocationInputError(
            f"units[{i}].merged_from", "chỉ dùng với phương pháp per_members"
        )


def _check_something_to_share_by(request: Request, seats: int, path: str, what: str) -> None:
    if seats and not any(u.members for u in request.units):
        raise AllocationInputError(
            path,
            f"mọi đơn vị đều có 0 đảng viên: không có căn cứ phân bổ {vn_number(seats)} {what} "
            "theo số đảng viên",
        )


def check(request: Request) -> None:
    """Raise AllocationInputError naming the first field the rules cannot allocate."""
    _check_units(request)
    if request.method is Method.PER_MEMBERS:
        if request.per_members is None:
            raise AllocationInputError("members_per_seat", "thiếu trường bắt buộc")
        _check_per_members(request, request.per_members)
    else:
        _check_total(request)
        _check_something_to_share_by(
            request, request.seats - request.minimum * len(request.units), "seats",
            "suất còn lại sau mức tối thiểu",
        )  # fmt: skip
    if request.method_for_alternates not in TOTAL_METHODS:
        raise AllocationInputError(
            "alternates_method",
            "đại biểu dự khuyết chỉ phân bổ theo largest_remainder, dhondt hoặc sainte_lague",
        )
    _at_most_max_seats(request.alternates, "alternates")
    _check_something_to_share_by(request, request.alternates, "alternates", "đại biểu dự khuyết")
    _at_least(request.ex_officio, "ex_officio")
    _at_least(request.appointed, "appointed")


# --- allocating ---------------------------------------------------------------------------


def _tie(kind: str, app: Apportionment, ids: Sequence[str]) -> tuple[Tie, ...]:
    if not app.tied or app.tie_value is None:
        return ()
    criterion = "remainder" if app.method is Method.LARGEST_REMAINDER else "quotient"
    return (Tie(kind, tuple(ids[i] for i in app.tied), app.tied_seats, criterion, app.tie_value),)


@dataclass(frozen=True)
class _Officials:
    """Per unit: the base, the seats by members, and the words for both; the apportionment
    when a total was shared (it may hold a tie)."""

    bases: list[int]
    by_members: list[int]
    words: list[str]
    apportionment: Apportionment | None = None


def _by_formula(units: Sequence[Unit], rule: PerMembers) -> _Officials:
    q, r = rule.members_per_seat, rule.remainder_at_least
    return _Officials(
        bases=[rule.base(u) for u in units],
        by_members=[u.members // q + (u.members % q >= r) for u in units],
        words=[f"{_base_words(rule, u)} + {_per_members_words(rule, u.members)}" for u in units],
    )


def _by_sharing(units: Sequence[Unit], request: Request) -> _Officials:
    ids = [u.id for u in units]
    left = request.seats - request.minimum * len(units)
    app = apportion(request.method, [u.members for u in units], left)
    first = f"tối thiểu {request.minimum} + " if request.minimum else ""
    return _Officials(
        bases=[request.minimum] * len(units),
        by_members=list(app.won),
        words=[first + _apportioned_words(app, i, ids) for i in range(len(units))],
        apportionment=app,
    )


def allocate(request: Request) -> Allocation:
    """Official seats and alternates per unit, in input order, each with its reason."""
    check(request)
    units, ids = request.units, [u.id for u in request.units]
    if request.method is Method.PER_MEMBERS and request.per_members is not None:
        officials = _by_formula(units, request.per_members)
    else:
        officials = _by_sharing(units, request)
    alternates = apportion(
        request.method_for_alternates, [u.members for u in units], request.alternates
    )
    allocated = []
    for i, unit in enumerate(units):
        official = officials.bases[i] + officials.by_members[i] + unit.extra
        reason = _official_reason(officials.words[i], unit.extra, official)
        if request.alternates:
            reason += f"; dự khuyết: {_apportioned_words(alternates, i, ids)}"
        allocated.append(
            UnitAllocation(
                id=unit.id,
                name=unit.name,
                members=unit.members,
                base=officials.bases[i],
                by_members=officials.by_members[i],
                extra=unit.extra,
                alternates=alternates.won[i],
                reason=reason,
            )
        )
    shared = officials.apportionment
    return Allocation(
        method=request.method,
        alternates_method=request.method_for_alternates,
        profile=request.profile,
        units=tuple(allocated),
        ties=(
            (_tie("official", shared, ids) if shared else ()) + _tie("alternates", alternates, ids)
        ),
        seats_unallocated=shared.tied_seats if shared else 0,
        alternates_unallocated=alternates.tied_seats,
        ex_officio=request.ex_officio,
        appointed=request.appointed,
    )

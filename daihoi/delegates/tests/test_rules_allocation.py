"""Allocating delegate seats (rules.md §12; docs/decisions/0013): every method against an
independent plain re-implementation on random inputs, and small examples worked by hand."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from daihoi.delegates.rules.allocation import (
    Allocation,
    AllocationInputError,
    Method,
    PerMembers,
    Request,
    Tie,
    Unit,
    allocate,
    vn_number,
)

# --- independent reference implementations ------------------------------------------------
# Written differently from the rules on purpose: Hamilton with Fractions and a sort of the
# remainders; divisor methods by listing every quotient members/d and sorting them all.

RefTie = tuple[tuple[int, ...], int, Fraction]  # tied units, seats they share, the value


def reference_hamilton(members: list[int], seats: int) -> tuple[list[int], RefTie | None]:
    total = sum(members)
    quotas = [Fraction(m * seats, total) for m in members]
    floors = [math.floor(q) for q in quotas]
    remainders = [q - f for q, f in zip(quotas, floors, strict=True)]
    left = seats - sum(floors)
    if left == 0:
        return floors, None
    cutoff = sorted(remainders, reverse=True)[left - 1]
    winners = {i for i, r in enumerate(remainders) if r > cutoff}
    level = tuple(i for i, r in enumerate(remainders) if r == cutoff)
    free = left - len(winners)
    if len(level) > free:
        return [f + (i in winners) for i, f in enumerate(floors)], (level, free, cutoff)
    winners |= set(level)
    return [f + (i in winners) for i, f in enumerate(floors)], None


def reference_divisors(
    members: list[int], seats: int, divisors: list[int]
) -> tuple[list[int], RefTie | None]:
    if seats == 0:
        return [0] * len(members), None
    quotients = [(Fraction(m, d), i) for i, m in enumerate(members) for d in divisors]
    cutoff = sorted((q for q, _ in quotients), reverse=True)[seats - 1]
    won = [sum(1 for q, j in quotients if j == i and q > cutoff) for i in range(len(members))]
    level = tuple(sorted({i for q, i in quotients if q == cutoff}))
    free = seats - sum(won)
    if len(level) > free:
        return won, (level, free, cutoff)
    return [w + (i in level) for i, w in enumerate(won)], None


def reference_dhondt(members: list[int], seats: int) -> tuple[list[int], RefTie | None]:
    return reference_divisors(members, seats, list(range(1, seats + 1)))


def reference_sainte_lague(members: list[int], seats: int) -> tuple[list[int], RefTie | None]:
    return reference_divisors(members, seats, list(range(1, 2 * seats, 2)))


REFERENCES: dict[Method, Callable[[list[int], int], tuple[list[int], RefTie | None]]] = {
    Method.LARGEST_REMAINDER: reference_hamilton,
    Method.DHONDT: reference_dhondt,
    Method.SAINTE_LAGUE: reference_sainte_lague,
}
CRITERION = {Method.LARGEST_REMAINDER: "remainder"}


def reference_tie(kind: str, method: Method, ids: list[str], tie: RefTie | None) -> list[Tie]:
    if tie is None:
        return []
    units, seats, value = tie
    criterion = CRITERION.get(method, "quotient")
    return [Tie(kind, tuple(ids[i] for i in units), seats, criterion, value)]


# --- random requests -----------------------------------------------------------------------

# A few round figures make equal member counts, hence ties, frequent.
members_counts = st.one_of(st.integers(0, 100_000), st.sampled_from([0, 1, 7, 100, 1_000, 12_000]))


@st.composite
def requests(draw: st.DrawFn) -> Request:
    members = draw(st.lists(members_counts, min_size=1, max_size=30))
    assume(sum(members) > 0)
    extras = draw(st.lists(st.integers(0, 3), min_size=len(members), max_size=len(members)))
    minimum = draw(st.integers(0, 3))
    units = tuple(
        Unit(id=f"u{i}", members=m, extra=e)
        for i, (m, e) in enumerate(zip(members, extras, strict=True))
    )
    return Request(
        units=units,
        method=draw(st.sampled_from(list(REFERENCES))),
        seats=minimum * len(units) + draw(st.integers(0, 200)),
        minimum=minimum,
        alternates=draw(st.integers(0, 40)),
        alternates_method=draw(st.none() | st.sampled_from(list(REFERENCES))),
    )


RANDOM = settings(max_examples=300, deadline=None)


@RANDOM
@given(requests())
def test_every_method_equals_an_independent_re_implementation_ties_included(
    request: Request,
) -> None:
    result = allocate(request)
    members = [u.members for u in request.units]
    ids = [u.id for u in request.units]
    left = request.seats - request.minimum * len(members)
    official, official_tie = REFERENCES[request.method](members, left)
    alternates_method = request.alternates_method or request.method
    alternates, alternates_tie = REFERENCES[alternates_method](members, request.alternates)

    assert [u.official for u in result.units] == [
        request.minimum + seats + unit.extra
        for seats, unit in zip(official, request.units, strict=True)
    ]
    assert [u.alternates for u in result.units] == alternates
    assert list(result.ties) == reference_tie(
        "official", request.method, ids, official_tie
    ) + reference_tie("alternates", alternates_method, ids, alternates_tie)
    event(f"ties: {len(result.ties)}")
    assert result.seats_unallocated == (official_tie[1] if official_tie else 0)
    assert result.alternates_unallocated == (alternates_tie[1] if alternates_tie else 0)


@RANDOM
@given(requests())
def test_the_seats_allocated_plus_the_tied_seats_are_exactly_the_seats_asked_for(
    request: Request,
) -> None:
    result = allocate(request)
    extras = sum(u.extra for u in request.units)
    assert result.official_total + result.seats_unallocated == request.seats + extras
    assert result.alternates_total + result.alternates_unallocated == request.alternates
    assert all(u.official >= request.minimum + u.extra for u in result.units)
    assert allocate(request) == result  # deterministic


@RANDOM
@given(
    st.lists(st.integers(0, 2_000_000), min_size=1, max_size=30),
    st.integers(1, 20_000),
    st.data(),
)
def test_per_members_is_the_formula_unit_by_unit(
    members: list[int], q: int, data: st.DataObject
) -> None:
    r = data.draw(st.integers(1, q))
    base = data.draw(st.integers(0, 30))
    units = tuple(Unit(f"u{i}", m, extra=i % 3) for i, m in enumerate(members))
    result = allocate(Request(units, Method.PER_MEMBERS, per_members=PerMembers(q, r, base)))
    assert [u.official for u in result.units] == [
        base + m // q + (1 if m % q >= r else 0) + i % 3 for i, m in enumerate(members)
    ]
    assert result.ties == () and result.seats_unallocated == 0


# --- worked examples ------------------------------------------------------------------------


def units(*members: int, extra: dict[int, int] | None = None) -> tuple[Unit, ...]:
    extra = extra or {}
    return tuple(Unit(f"u{i + 1}", m, extra=extra.get(i, 0)) for i, m in enumerate(members))


def officials(result: Allocation) -> list[int]:
    return [u.official for u in result.units]


def test_largest_remainder_gives_the_minimum_then_whole_quotas_then_the_largest_remainders() -> (
    None
):
    # 10 seats, minimum 1 each: 7 left over 182 + 450 + 97 = 729 members.
    # Quotas: 182·7/729 = 1,7475…; 450·7/729 = 4,3209…; 97·7/729 = 0,9314…
    # Whole parts 1 + 4 + 0 = 5; the 2 seats left go to the remainders 0,9314 (u3), 0,7475 (u1).
    # u3 also has 1 extra seat on top.
    result = allocate(
        Request(units(182, 450, 97, extra={2: 1}), Method.LARGEST_REMAINDER, seats=10, minimum=1)
    )
    assert officials(result) == [1 + 2, 1 + 4, 1 + 1 + 1]
    assert result.official_total == 11 and result.ties == ()
    assert result.units[0].reason == (
        "tối thiểu 1 + 2 theo số dư lớn nhất (hạn ngạch 182 × 7 / 729 = 1,7475…: phần nguyên 1"
        " + 1 vì phần dư 0,7475… thuộc nhóm 2 phần dư lớn nhất) = 3 đại biểu chính thức"
    )
    assert result.units[1].reason == (
        "tối thiểu 1 + 4 theo số dư lớn nhất (hạn ngạch 450 × 7 / 729 = 4,3209…; phần dư"
        " 0,3209… không thuộc nhóm 2 phần dư lớn nhất) = 5 đại biểu chính thức"
    )
    assert result.units[2].reason.endswith("+ 1 suất cộng thêm = 3 đại biểu chính thức")


def test_alternates_are_shared_the_same_way_separately_with_no_minimum() -> None:
    # 2 alternates: quotas 182·2/729 = 0,4993…; 450·2/729 = 1,2345…; 97·2/729 = 0,2661…
    # Whole parts 0 + 1 + 0; the last one to the largest remainder, u1's 0,4993….
    result = allocate(
        Request(units(182, 450, 97), Method.LARGEST_REMAINDER, seats=10, minimum=1, alternates=2)
    )
    assert [u.alternates for u in result.units] == [1, 1, 0]
    assert result.alternates_total == 2
    assert result.units[2].reason.endswith(
        "; dự khuyết: 0 theo số dư lớn nhất (hạn ngạch 97 × 2 / 729 = 0,2661…; phần dư 0,2661…"
        " không thuộc nhóm 1 phần dư lớn nhất)"
    )


def test_dhondt_divides_by_1_2_3_and_equal_quotients_that_all_fit_are_no_tie() -> None:
    # Quotients: u1 10.000, 5.000, 3.333⅓, 2.500, 2.000, 1.666⅔; u2 6.000, 3.000, 2.000;
    # u3 1.500. The 8 highest: 10.000, 6.000, 5.000, 3.333⅓, 3.000, 2.500, 2.000, 2.000.
    result = allocate(Request(units(10_000, 6_000, 1_500), Method.DHONDT, seats=8))
    assert officials(result) == [5, 3, 0]
    assert result.ties == ()
    assert result.units[2].reason == (
        "0 theo phương pháp D'Hondt (thương số đầu tiên 1.500/1 = 1.500 thấp hơn thương số của"
        " suất cuối cùng 2.000) = 0 đại biểu chính thức"
    )


def test_dhondt_minimum_first_then_the_seats_left_from_the_first_divisor() -> None:
    # 11 seats, minimum 1: 8 left, shared as in the example above.
    result = allocate(Request(units(10_000, 6_000, 1_500), Method.DHONDT, seats=11, minimum=1))
    assert officials(result) == [6, 4, 1]
    assert result.units[0].reason == (
        "tối thiểu 1 + 5 theo phương pháp D'Hondt (thương số thứ 5 10.000/5 = 2.000 đạt; thương"
        " số kế tiếp 10.000/6 = 1.666,6666… thấp hơn thương số của suất cuối cùng 2.000)"
        " = 6 đại biểu chính thức"
    )


def test_a_dhondt_tie_for_the_last_seat_leaves_it_unallocated_and_reports_it() -> None:
    # 7 seats: six quotients above 2.000, then u1's 10.000/5 and u2's 6.000/3 for one seat.
    result = allocate(Request(units(10_000, 6_000, 1_500), Method.DHONDT, seats=7))
    assert officials(result) == [4, 2, 0]
    assert result.ties == (Tie("official", ("u1", "u2"), 1, "quotient", Fraction(2_000)),)
    assert result.seats_unallocated == 1 and result.official_total == 6
    assert result.units[1].reason == (
        "2 theo phương pháp D'Hondt (thương số kế tiếp 6.000/3 = 2.000 bằng của u1: 2 đơn vị"
        " tranh 1 suất cuối, chưa phân bổ — Ban Tổ chức quyết định) = 2 đại biểu chính thức"
    )


def test_sainte_lague_divides_by_1_3_5_and_favours_the_small_unit_more_than_dhondt() -> None:
    # Quotients: u1 10.000, 3.333⅓, 2.000, 1.428,57…, 1.111,1…; u2 6.000, 2.000, 1.200, 857,1…;
    # u3 1.500, 500. The 8 highest end with u1's 1.428,57… and u2's 1.200.
    result = allocate(Request(units(10_000, 6_000, 1_500), Method.SAINTE_LAGUE, seats=8))
    assert officials(result) == [4, 3, 1]
    assert result.units[2].reason == (
        "1 theo phương pháp Sainte-Laguë (thương số thứ 1 1.500/1 = 1.500 đạt; thương số kế tiếp"
        " 1.500/3 = 500 thấp hơn thương số của suất cuối cùng 1.200) = 1 đại biểu chính thức"
    )


def test_a_largest_remainder_tie_is_reported_with_its_exact_remainder() -> None:
    # 1 seat over 100 + 100 + 50: quotas 0,4 · 0,4 · 0,2; u1 and u2 tie at 2/5.
    result = allocate(Request(units(100, 100, 50), Method.LARGEST_REMAINDER, seats=1))
    assert officials(result) == [0, 0, 0]
    assert result.ties == (Tie("official", ("u1", "u2"), 1, "remainder", Fraction(2, 5)),)
    assert result.seats_unallocated == 1
    assert "phần dư 0,4 bằng của u2: 2 đơn vị tranh 1 suất cuối" in result.units[0].reason


def test_a_tie_among_alternates_is_reported_apart_from_the_official_seats() -> None:
    result = allocate(Request(units(100, 100, 50), Method.LARGEST_REMAINDER, seats=5, alternates=1))
    assert officials(result) == [2, 2, 1]  # quotas 2 · 2 · 1: no remainder at all
    assert result.ties == (Tie("alternates", ("u1", "u2"), 1, "remainder", Fraction(2, 5)),)
    assert (result.seats_unallocated, result.alternates_unallocated) == (0, 1)
    assert result.units[2].reason.startswith(
        "1 theo số dư lớn nhất (hạn ngạch 50 × 5 / 250 = 1, đúng số nguyên) = 1 đại biểu chính thức"
    )


def test_a_reason_names_ten_of_the_units_tied_with_it_and_ties_names_them_all() -> None:
    result = allocate(Request(units(*[100] * 12), Method.DHONDT, seats=1))
    assert len(result.ties[0].units) == 12
    assert (
        "bằng của u2, u3, u4, u5, u6, u7, u8, u9, u10, u11 và 1 đơn vị khác: 12 đơn vị tranh 1 suất"
        in result.units[0].reason
    )


XIII = PerMembers(members_per_seat=12_000, remainder_at_least=6_001, base_per_unit=13)


def test_per_members_counts_13_plus_one_per_12000_plus_one_from_a_remainder_of_6001() -> None:
    result = allocate(
        Request(
            units(65_432, 18_001, 6_000, 6_001, 0, extra={0: 2}),
            Method.PER_MEMBERS,
            per_members=XIII,
        )
    )
    # 65.432 = 5 × 12.000 + 5.432 → 13 + 5 (+ 2 extra); 18.001 = 1 × 12.000 + 6.001 → 13 + 2;
    # 6.000 → 13; 6.001 → 14; no member → 13.
    assert officials(result) == [20, 15, 13, 14, 13]
    assert result.units[0].reason == (
        "cơ sở 13 + 5 theo số đảng viên (65.432 = 5 × 12.000 + 5.432; phần dư chưa đến 6.001)"
        " + 2 suất cộng thêm = 20 đại biểu chính thức"
    )
    assert result.units[1].reason == (
        "cơ sở 13 + 2 theo số đảng viên (18.001 = 1 × 12.000 + 6.001; phần dư từ 6.001 trở lên:"
        " thêm 1) = 15 đại biểu chính thức"
    )


def test_per_members_alternates_are_shared_by_largest_remainder_unless_told_otherwise() -> None:
    request = Request(
        units(65_432, 18_001, 6_000), Method.PER_MEMBERS, per_members=XIII, alternates=2
    )
    # 2 × 65.432 / 89.433 = 1,4632…; 2 × 18.001 / 89.433 = 0,4025…; 2 × 6.000 / 89.433 = 0,1341…
    assert [u.alternates for u in allocate(request).units] == [2, 0, 0]
    assert allocate(request).alternates_method is Method.LARGEST_REMAINDER
    dhondt = allocate(replace(request, alternates_method=Method.DHONDT))
    assert [u.alternates for u in dhondt.units] == [2, 0, 0]  # 65.432/2 > 18.001


def test_a_base_by_merger_gives_24_to_a_committee_merged_from_two() -> None:
    rule = PerMembers(12_000, 6_001, base_by_merger={1: 13, 2: 24})
    merged = (Unit("a", 30_001, merged_from=2), Unit("b", 5_000))
    result = allocate(Request(merged, Method.PER_MEMBERS, per_members=rule))
    assert officials(result) == [24 + 2 + 1, 13]
    assert result.units[0].reason.startswith(
        "cơ sở 24 (hợp nhất từ 2 đảng bộ) + 3 theo số đảng viên"
    )
    assert result.units[1].reason.startswith("cơ sở 13 (không hợp nhất) + 0 theo số đảng viên")


def test_ex_officio_and_appointed_delegates_add_to_the_convened_total() -> None:
    result = allocate(
        Request(units(24_000), Method.PER_MEMBERS, per_members=XIII, ex_officio=3, appointed=2)
    )
    assert (result.official_total, result.convened_total) == (15, 20)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (1_234_567, "1.234.567"), (Fraction(12_345, 10), "1.234,5"),
     (Fraction(1, 3), "0,3333…"), (Fraction(5, 4), "1,25"), (Fraction(1, 100_000), "0,0000…")],
)  # fmt: skip
def test_numbers_are_written_the_vietnamese_way(value: Fraction | int, shown: str) -> None:
    assert vn_number(value) == shown


@pytest.mark.parametrize(
    ("request_", "field", "message"),
    [
        (Request(units(5, -1), Method.DHONDT, seats=3), "units[1].members", "phải là số nguyên từ 0 trở lên"),
        (Request((Unit("a", 1), Unit("a", 2)), Method.DHONDT, seats=3), "units[1].id", 'mã đơn vị "a" bị trùng'),
        (Request(units(5, 6, 7), Method.DHONDT, seats=5, minimum=2), "minimum",
         "mức tối thiểu 2 × 3 đơn vị = 6 vượt quá số suất 5"),
        (Request(units(0, 0), Method.SAINTE_LAGUE, seats=3), "seats",
         "mọi đơn vị đều có 0 đảng viên: không có căn cứ phân bổ 3 suất còn lại sau mức tối thiểu theo số đảng viên"),
        (Request(units(0, 0), Method.PER_MEMBERS, per_members=XIII, alternates=1), "alternates",
         "mọi đơn vị đều có 0 đảng viên: không có căn cứ phân bổ 1 đại biểu dự khuyết theo số đảng viên"),
        (Request(units(5), Method.PER_MEMBERS), "members_per_seat", "thiếu trường bắt buộc"),
        (Request(units(5), Method.PER_MEMBERS, per_members=PerMembers(100, 101)), "remainder_at_least",
         "phải từ 1 đến 100 (members_per_seat)"),
    ],
)  # fmt: skip
def test_requests_the_rules_cannot_allocate_are_refused_naming_the_field(
    request_: Request, field: str, message: str
) -> None:
    with pytest.raises(AllocationInputError) as refused:
        allocate(request_)
    assert (refused.value.field, refused.value.message) == (field, message)

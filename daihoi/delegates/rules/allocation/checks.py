"""The input checks: `check` raises AllocationInputError naming the first field the rules
cannot allocate."""

from __future__ import annotations

from daihoi.delegates.rules.allocation.model import (
    MAX_SEATS,
    TOTAL_METHODS,
    AllocationInputError,
    Method,
    PerMembers,
    Request,
)
from daihoi.delegates.rules.allocation.reasons import vn_number


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

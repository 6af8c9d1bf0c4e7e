"""The `daihoi.allocate/1` → `daihoi.allocation-result/1` JSON contract (shared/DESIGN.md,
docs/cli.md): parsing with a Vietnamese message naming the field, profiles filled in, and
rendering with every key always present. Pure: no Django."""

from __future__ import annotations

import json
from fractions import Fraction

from daihoi.delegates.rules.allocation import (
    PROFILES,
    TOTAL_METHODS,
    Allocation,
    AllocationInputError,
    Method,
    PerMembers,
    Profile,
    Request,
    Unit,
)

INPUT_FORMAT = "daihoi.allocate/1"
OUTPUT_FORMAT = "daihoi.allocation-result/1"

TOTAL_ONLY = ("seats", "minimum")
PER_MEMBERS_ONLY = ("base_per_unit", "base_by_merger", "members_per_seat", "remainder_at_least")
TOP_OPTIONAL = (
    "profile",
    "method",
    *TOTAL_ONLY,
    *PER_MEMBERS_ONLY,
    "alternates",
    "alternates_method",
    "ex_officio",
    "appointed",
)


# --- typed reading of decoded JSON --------------------------------------------------------


def _object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        what = "phải là một đối tượng JSON ({…})"
        raise AllocationInputError(path, what if path else f"nội dung tệp {what}")
    return value


def _fields(
    value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, object]:
    obj = _object(value, path)
    prefix = f"{path}." if path else ""
    for key in obj:
        if key not in required and key not in optional:
            raise AllocationInputError(f"{prefix}{key}", "trường không có trong định dạng")
    for key in required:
        if key not in obj:
            raise AllocationInputError(f"{prefix}{key}", "thiếu trường bắt buộc")
    return obj


def _int(value: object, path: str) -> int:
    # JSON true/false are Python bools, which are ints: refuse them; 5.0 is refused too.
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationInputError(path, "phải là một số nguyên")
    return value


def _str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise AllocationInputError(path, "phải là một chuỗi ký tự")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise AllocationInputError(path, "phải là một danh sách ([…])")
    return value


def _method(value: object, path: str) -> Method:
    text = _str(value, path)
    try:
        return Method(text)
    except ValueError:
        allowed = ", ".join(m.value for m in Method)
        raise AllocationInputError(
            path, f'phương pháp "{text}" không có (chỉ nhận: {allowed})'
        ) from None


# --- the request --------------------------------------------------------------------------


def _profile(top: dict[str, object]) -> Profile | None:
    if "profile" not in top:
        return None
    name = _str(top["profile"], "profile")
    if name not in PROFILES:
        known = ", ".join(f'"{p}"' for p in PROFILES)
        raise AllocationInputError("profile", f'không có hồ sơ "{name}" (chỉ có {known})')
    return PROFILES[name]


def _chosen_method(top: dict[str, object], profile: Profile | None) -> Method:
    if "method" not in top:
        if profile is None:
            raise AllocationInputError("method", "thiếu trường bắt buộc (hoặc khai báo profile)")
        return profile.method
    method = _method(top["method"], "method")
    if profile is not None and method is not profile.method:
        raise AllocationInputError(
            "method", f'hồ sơ "{profile.name}" dùng phương pháp {profile.method.value}'
        )
    return method


def _refuse(top: dict[str, object], keys: tuple[str, ...], why: str) -> None:
    for key in keys:
        if key in top:
            raise AllocationInputError(key, why)


def _from_input_or_profile(top: dict[str, object], key: str, profile: Profile | None) -> int:
    if key in top:
        return _int(top[key], key)
    value: int | None = getattr(profile, key, None)
    if value is None:
        unsaid = (
            f" (hồ sơ {profile.name} không quy định giá trị này: chưa xác minh)" if profile else ""
        )
        raise AllocationInputError(key, f"thiếu trường bắt buộc{unsaid}")
    return value


def _base_by_merger(value: object) -> dict[int, int]:
    table: dict[int, int] = {}
    for key, base in _object(value, "base_by_merger").items():
        path = f"base_by_merger.{key}"
        if not (key.isascii() and key.isdigit()) or int(key) < 1:
            raise AllocationInputError(
                path, "khóa phải là số đảng bộ hợp nhất (số nguyên từ 1 trở lên)"
            )
        table[int(key)] = _int(base, path)
    return table


def _per_members(top: dict[str, object], profile: Profile | None) -> PerMembers:
    """The formula's parameters: explicit fields, else the profile's. An explicit base of
    either kind replaces the profile's base of either kind."""
    q = _from_input_or_profile(top, "members_per_seat", profile)
    r = _from_input_or_profile(top, "remainder_at_least", profile)
    if "base_per_unit" in top and "base_by_merger" in top:
        raise AllocationInputError("base_by_merger", "không dùng cùng với base_per_unit")
    if "base_by_merger" in top:
        return PerMembers(q, r, base_by_merger=_base_by_merger(top["base_by_merger"]))
    if "base_per_unit" in top or profile is None or profile.base_by_merger is None:
        base = _from_input_or_profile(top, "base_per_unit", profile)
        return PerMembers(q, r, base_per_unit=base)
    return PerMembers(q, r, base_by_merger=dict(profile.base_by_merger))


def _unit(value: object, path: str) -> Unit:
    obj = _fields(value, path, ("id", "members"), ("name", "extra", "merged_from"))
    name = obj.get("name")
    merged_from = obj.get("merged_from")
    return Unit(
        id=_str(obj["id"], f"{path}.id"),
        members=_int(obj["members"], f"{path}.members"),
        name=None if name is None else _str(name, f"{path}.name"),
        extra=_int(obj.get("extra", 0), f"{path}.extra"),
        merged_from=None if merged_from is None else _int(merged_from, f"{path}.merged_from"),
    )


def parse_allocate_input(data: object) -> Request:
    """The contract input, already decoded from JSON, as a Request. Raises
    AllocationInputError naming the field; the rules' own checks (negative members,
    duplicate ids, minimum × units > seats…) are made by `allocate`, for Python callers too."""
    # The format first: a document of another format fails on its tag, not on its fields.
    fmt = _object(data, "").get("format", INPUT_FORMAT)
    if fmt != INPUT_FORMAT:
        shown = json.dumps(fmt, ensure_ascii=False)
        raise AllocationInputError(
            "format", f'định dạng {shown} không được hỗ trợ (cần "{INPUT_FORMAT}")'
        )
    top = _fields(data, "", ("format", "units"), TOP_OPTIONAL)
    profile = _profile(top)
    method = _chosen_method(top, profile)
    per_members = None
    if method in TOTAL_METHODS:
        _refuse(top, PER_MEMBERS_ONLY, "chỉ dùng với phương pháp per_members")
        if "seats" not in top:
            raise AllocationInputError("seats", f"thiếu trường bắt buộc (phương pháp {method})")
    else:
        _refuse(
            top,
            ("seats",),
            "không dùng với phương pháp per_members (số đại biểu tính theo công thức)",
        )
        _refuse(
            top, ("minimum",), "không dùng với phương pháp per_members (mức cơ sở là base_per_unit)"
        )
        per_members = _per_members(top, profile)
    units = tuple(_unit(u, f"units[{i}]") for i, u in enumerate(_list(top["units"], "units")))
    alternates_method = top.get("alternates_method")
    return Request(
        units=units,
        method=method,
        seats=_int(top.get("seats", 0), "seats"),
        minimum=_int(top.get("minimum", 0), "minimum"),
        per_members=per_members,
        alternates=_int(top.get("alternates", 0), "alternates"),
        alternates_method=(
            None if alternates_method is None else _method(alternates_method, "alternates_method")
        ),
        ex_officio=_int(top.get("ex_officio", 0), "ex_officio"),
        appointed=_int(top.get("appointed", 0), "appointed"),
        profile=None if profile is None else profile.name,
    )


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    obj: dict[str, object] = {}
    for key, value in pairs:
        if key in obj:
            raise AllocationInputError(key, "trường xuất hiện hai lần trong cùng một đối tượng")
        obj[key] = value
    return obj


def loads_allocate_input(text: str) -> Request:
    """Parse a `daihoi.allocate/1` JSON document."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise AllocationInputError(
            "", f"tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})"
        ) from None
    except AllocationInputError:
        raise  # a key twice, from the hook (a ValueError too)
    except RecursionError:
        raise AllocationInputError("", "tệp không phải JSON hợp lệ (lồng nhau quá sâu)") from None
    except ValueError:
        # Python refuses integers of more than 4,300 digits while decoding.
        raise AllocationInputError("", "tệp không phải JSON hợp lệ (có số quá dài)") from None
    return parse_allocate_input(data)


# --- the result ---------------------------------------------------------------------------


def exact(value: Fraction) -> str:
    """A fraction as text, exactly: "7" or "253/486"."""
    return str(value)


def allocation_to_dict(result: Allocation) -> dict[str, object]:
    """The `daihoi.allocation-result/1` document: the contract's keys in its order, then
    the additive keys (docs/cli.md), every key always present."""
    return {
        "format": OUTPUT_FORMAT,
        "units": [
            {
                "id": u.id,
                "official": u.official,
                "alternates": u.alternates,
                "reason": u.reason,
                "name": u.name,
                "members": u.members,
                "base": u.base,
                "by_members": u.by_members,
                "extra": u.extra,
            }
            for u in result.units
        ],
        "official_total": result.official_total,
        "alternates_total": result.alternates_total,
        "ties": [
            {
                "kind": t.kind,
                "units": list(t.units),
                "seats": t.seats,
                "criterion": t.criterion,
                "value": exact(t.value),
            }
            for t in result.ties
        ],
        "profile": result.profile,
        "method": result.method.value,
        "alternates_method": result.alternates_method.value,
        "seats_unallocated": result.seats_unallocated,
        "alternates_unallocated": result.alternates_unallocated,
        "ex_officio": result.ex_officio,
        "appointed": result.appointed,
        "convened_total": result.convened_total,
    }


def dumps_allocation(result: Allocation) -> str:
    """The result as UTF-8 JSON text (indented, not ASCII-escaped), ending with a newline."""
    return json.dumps(allocation_to_dict(result), ensure_ascii=False, indent=2) + "\n"

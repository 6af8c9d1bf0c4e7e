"""The `daihoi.count/1` → `daihoi.count-result/1` JSON contract (shared/DESIGN.md,
docs/cli.md): parsing with a Vietnamese message naming the field, and rendering with every
key always present."""

from __future__ import annotations

import datetime
import json
from enum import StrEnum
from typing import TypeVar

from daihoi.counting.ballots import Ballot, BallotStyle, Defect, Mark
from daihoi.counting.count import CountResult
from daihoi.counting.election import (
    Body,
    Candidate,
    CountInput,
    Election,
    OrganizationKind,
)
from daihoi.counting.errors import CountInputError
from daihoi.counting.names import parse_birth_date
from daihoi.counting.regulation import DEFAULT_PROFILE, regulation
from daihoi.counting.threshold import Meeting

INPUT_FORMAT = "daihoi.count/1"
OUTPUT_FORMAT = "daihoi.count-result/1"

E = TypeVar("E", bound=StrEnum)


def _object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        what = "phải là một đối tượng JSON ({…})"
        raise CountInputError(path, what if path else f"nội dung tệp {what}")
    return value


def _fields(
    value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, object]:
    obj = _object(value, path)
    prefix = f"{path}." if path else ""
    for key in obj:
        if key not in required and key not in optional:
            raise CountInputError(f"{prefix}{key}", "trường không có trong định dạng")
    for key in required:
        if key not in obj:
            raise CountInputError(f"{prefix}{key}", "thiếu trường bắt buộc")
    return obj


def _int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CountInputError(path, "phải là một số nguyên")
    return value


def _str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise CountInputError(path, "phải là một chuỗi ký tự")
    return value


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise CountInputError(path, "phải là true hoặc false")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise CountInputError(path, "phải là một danh sách ([…])")
    return value


def _enum(value: object, path: str, kind: type[E]) -> E:
    text = _str(value, path)
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise CountInputError(
            path, f'giá trị "{text}" không hợp lệ (chỉ nhận: {allowed})'
        ) from None


def _birth_date(value: object, path: str) -> datetime.date | None:
    if value is None:
        return None
    text = _str(value, path)
    try:
        return parse_birth_date(text)
    except ValueError:
        raise CountInputError(path, f'ngày sinh "{text}" không đúng dạng YYYY-MM-DD') from None


def _election(value: object) -> Election:
    obj = _fields(
        value,
        "election",
        ("body", "seats", "meeting", "convened", "not_counted_in_base", "ballot_style"),
        ("round", "organization_kind", "tie_revote", "alternate_seats"),
    )
    return Election(
        body=_enum(obj["body"], "election.body", Body),
        seats=_int(obj["seats"], "election.seats"),
        meeting=_enum(obj["meeting"], "election.meeting", Meeting),
        convened=_int(obj["convened"], "election.convened"),
        not_counted_in_base=_int(obj["not_counted_in_base"], "election.not_counted_in_base"),
        ballot_style=_enum(obj["ballot_style"], "election.ballot_style", BallotStyle),
        round=_int(obj.get("round", 1), "election.round"),
        organization_kind=_enum(
            obj.get("organization_kind", "dang_bo"), "election.organization_kind", OrganizationKind
        ),
        tie_revote=_bool(obj.get("tie_revote", False), "election.tie_revote"),
        alternate_seats=_int(obj.get("alternate_seats", 0), "election.alternate_seats"),
    )


def _candidate(value: object, path: str) -> Candidate:
    obj = _fields(value, path, ("id", "name"), ("birth_date",))
    return Candidate(
        id=_str(obj["id"], f"{path}.id"),
        name=_str(obj["name"], f"{path}.name"),
        birth_date=_birth_date(obj.get("birth_date"), f"{path}.birth_date"),
    )


def _ballot(value: object, path: str, style: BallotStyle) -> Ballot:
    marks_key = "struck" if style is BallotStyle.STRIKE else "marks"
    obj = _fields(value, path, (marks_key,), ("defects", "count"))
    defects = tuple(
        _enum(d, f"{path}.defects[{j}]", Defect)
        for j, d in enumerate(_list(obj.get("defects", []), f"{path}.defects"))
    )
    count = _int(obj.get("count", 1), f"{path}.count")
    if style is BallotStyle.STRIKE:
        struck = tuple(
            _str(cid, f"{path}.struck[{j}]")
            for j, cid in enumerate(_list(obj["struck"], f"{path}.struck"))
        )
        return Ballot(struck=struck, defects=defects, count=count)
    marks = {
        cid: _enum(mark, f"{path}.marks.{cid}", Mark)
        for cid, mark in _object(obj["marks"], f"{path}.marks").items()
    }
    return Ballot(marks=marks, defects=defects, count=count)


def parse_count_input(data: object) -> CountInput:
    """The contract input, already decoded from JSON, as a CountInput. Raises
    CountInputError naming the field. Semantic checks (unknown ids, more ballots than
    convened…) are made by count_round, for Python callers too."""
    top = _fields(
        data, "", ("format", "election", "candidates", "ballots"), ("regulation", "switches")
    )
    fmt = top["format"]
    if fmt != INPUT_FORMAT:
        shown = json.dumps(fmt, ensure_ascii=False)
        raise CountInputError(
            "format", f'định dạng {shown} không được hỗ trợ (cần "{INPUT_FORMAT}")'
        )
    rules = regulation(
        _str(top.get("regulation", DEFAULT_PROFILE), "regulation"),
        _object(top.get("switches", {}), "switches"),
    )
    election = _election(top["election"])
    candidates = tuple(
        _candidate(c, f"candidates[{i}]")
        for i, c in enumerate(_list(top["candidates"], "candidates"))
    )
    ballots = tuple(
        _ballot(b, f"ballots[{i}]", election.ballot_style)
        for i, b in enumerate(_list(top["ballots"], "ballots"))
    )
    return CountInput(election, candidates, ballots, rules)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    obj: dict[str, object] = {}
    for key, value in pairs:
        if key in obj:
            raise CountInputError(key, "trường xuất hiện hai lần trong cùng một đối tượng")
        obj[key] = value
    return obj


def loads_count_input(text: str) -> CountInput:
    """Parse a `daihoi.count/1` JSON document."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CountInputError(
            "", f"tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})"
        ) from None
    return parse_count_input(data)


def result_to_dict(result: CountResult) -> dict[str, object]:
    """The `daihoi.count-result/1` document, every key present, in contract order."""
    return {
        "format": OUTPUT_FORMAT,
        "regulation": {
            "profile": result.regulation.profile,
            "switches": result.regulation.switches.as_dict(),
        },
        "ballots": {
            "received": result.ballots.received,
            "valid": result.ballots.valid,
            "invalid": result.ballots.invalid,
            "invalid_by_reason": {r.value: n for r, n in result.ballots.invalid_by_reason.items()},
        },
        "threshold": {
            "base": result.threshold.base,
            "votes_needed": result.threshold.votes_needed,
            "base_rule": result.threshold.base_rule,
        },
        "candidates": [
            {
                "id": c.id,
                "name": c.name,
                "votes": c.votes,
                "share_of_base": c.share_of_base,
                "share_of_valid": c.share_of_valid,
                "outcome": c.outcome.value,
            }
            for c in result.candidates
        ],
        "elected": list(result.elected),
        "tied": list(result.tied),
        "seats_unfilled": result.seats_unfilled,
        "next": result.next.value,
        "protocol": [{"step": s.step, "rule": s.rule, "detail": s.detail} for s in result.protocol],
    }


def dumps_result(result: CountResult) -> str:
    """The result as UTF-8 JSON text (indented, not ASCII-escaped), ending with a newline."""
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"

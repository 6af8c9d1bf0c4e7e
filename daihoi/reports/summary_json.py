"""The summary report as JSON (`"format": "daihoi.summary/1"`): every figure under stable
keys, each documented in docs/cli.md ("daihoi report summary"). Counts are numbers;
percentages are strings with exactly two decimals ("99.69", half-up, like daihoi.count);
dates are ISO (YYYY-MM-DD) or null."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from daihoi.core.documents import in_vietnamese
from daihoi.organizations.models import Level, OrganizationKind
from daihoi.reports import rules
from daihoi.reports.summary import (
    Committee,
    KindRow,
    LevelFigures,
    OwnCongress,
    Shares,
    SummaryFigures,
    UnitRef,
)

FORMAT = "daihoi.summary/1"


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _unit(ref: UnitRef, *, with_status: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"code": ref.code, "name": ref.name}
    if with_status:
        out["status"] = ref.status
    return out


def _kind_row(row: KindRow) -> dict[str, Any]:
    return {
        "organization_kind": row.organization_kind,
        "name": str(OrganizationKind(row.organization_kind).label)
        if row.organization_kind in OrganizationKind.values
        else row.organization_kind,
        "units": row.units,
        "held": row.held,
        "delegates": row.delegates,
        "general": row.general,
    }


def _shares(shares: Shares) -> dict[str, Any]:
    lowest = shares.lowest
    return {
        "count": shares.count,
        "min": shares.min,
        "max": shares.max,
        "at_min": shares.at_min,
        "at_max": shares.at_max,
        "at_100": shares.at_100,
        "at_least_98": shares.at_least_98,
        "below_98": shares.below_98,
        "lowest": None
        if lowest is None
        else {
            "code": lowest.code,
            "name": lowest.name,
            "votes": lowest.votes,
            "base": lowest.base,
            "share": lowest.share,
            "congress_kind": lowest.congress_kind,
            "convened": lowest.convened,
        },
    }


def _committee(c: Committee) -> dict[str, Any]:
    return {
        "results": c.results,
        "elected": c.elected,
        "reelected": c.reelected,
        "reelected_percent": c.percent_of_elected(c.reelected),
        "new": c.new,
        "new_percent": c.percent_of_elected(c.new),
        "women": c.women,
        "women_percent": c.percent_of_elected(c.women),
        "young": c.young,
        "young_percent": c.percent_of_elected(c.young),
        "ethnic_minority": c.ethnic_minority,
        "ethnic_minority_percent": c.percent_of_elected(c.ethnic_minority),
        "standing": c.standing,
        "secretaries": c.secretaries,
        "deputies": c.deputies,
        "inspection": c.inspection,
    }


def level_json(f: LevelFigures) -> dict[str, Any]:
    return {
        "level": int(f.level),
        "level_key": rules.LEVEL_KEYS[f.level],
        "level_name": str(Level(f.level).label),
        "deadline": _date(f.deadline),
        "units": f.units,
        "progress": {
            "planned": f.planned,
            "planned_percent": f.planned_percent,
            "held": f.held,
            "held_percent": f.held_percent,
            "not_held": f.not_held,
            "missing": f.missing,
            "late": f.late,
            "held_after_deadline": f.held_after_deadline,
            "last_held_on": _date(f.last_held_on),
        },
        "kinds": {
            "delegates": f.delegates_kind,
            "general": f.general_kind,
            "by_organization_kind": [_kind_row(r) for r in f.by_organization_kind],
        },
        "pilot": {"count": f.pilot, "units": [_unit(u) for u in f.pilot_units]},
        "contents": {"four": f.contents[4], "three": f.contents[3], "two": f.contents[2]},
        "direct_secretary": {
            "count": f.direct,
            "of": f.held,
            "percent": f.direct_percent,
            "not_direct": f.not_direct,
            "not_direct_units": [_unit(u) for u in f.not_direct_units],
        },
        "secretary_shares": _shares(f.shares),
        "committee": _committee(f.committee),
        "upper_congress": {
            "delegates": f.committee.delegates,
            "alternates": f.committee.alternates,
        },
        "late_units": [_unit(u, with_status=True) for u in f.late_units],
        "missing_units": [_unit(u) for u in f.missing_units],
    }


def _own(own: OwnCongress | None) -> dict[str, Any] | None:
    if own is None:
        return None
    return {
        "title": own.title,
        "kind": own.kind,
        "status": own.status,
        "ordinal": own.ordinal,
        "convened": own.convened,
        "starts_on": _date(own.starts_on),
        "held_on": _date(own.held_on),
        "direct_secretary": own.direct_secretary,
        "is_pilot": own.is_pilot,
    }


@in_vietnamese
def summary_json(figures: SummaryFigures) -> dict[str, Any]:
    org = figures.organization
    directive = figures.directive
    return {
        "format": FORMAT,
        "organization": {
            "code": org.code,
            "name": org.name,
            "level": int(org.level),
            "level_key": rules.LEVEL_KEYS[org.level],
            "committee": figures.committee,
        },
        "term": figures.term,
        "directive": None
        if directive is None
        else {
            "number": directive.number,
            "issued_on": _date(directive.issued_on),
            "title": directive.title,
        },
        "as_of": _date(figures.as_of),
        "own_congress": _own(figures.own_congress),
        "levels": [level_json(level) for level in figures.levels],
    }


@in_vietnamese
def summary_json_text(figures: SummaryFigures) -> str:
    return json.dumps(summary_json(figures), ensure_ascii=False, indent=2) + "\n"

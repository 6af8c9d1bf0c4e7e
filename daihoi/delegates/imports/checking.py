"""2. Checking: every row on its own, then against the other rows, the congress's
organization subtree (the unit codes) and its roster as it is now. Every problem names the
row and the column, in the user's language; a cell holding a formula is refused ("ô có công
thức"): what Excel shows is not what the file keeps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.text import fold
from daihoi.delegates.actions.roster import PersonData, split_full_name
from daihoi.delegates.imports.rows import (
    CheckedDelegateRow,
    RawDelegateRow,
    RosterImportReport,
)
from daihoi.delegates.models import Delegate, DelegateKind
from daihoi.organizations.models import Gender, Organization
from daihoi.organizations.queries import subtree

PARTY_FOUNDED = 1930
CODE_CHUNK = 500  # codes per IN (...) query

GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
KINDS = {
    "duong nhien": DelegateKind.EX_OFFICIO,
    "dai bieu duong nhien": DelegateKind.EX_OFFICIO,
    "duoc bau": DelegateKind.ELECTED,
    "dai bieu duoc bau": DelegateKind.ELECTED,
    "bau": DelegateKind.ELECTED,
    "duoc chi dinh": DelegateKind.APPOINTED,
    "dai bieu duoc chi dinh": DelegateKind.APPOINTED,
    "chi dinh": DelegateKind.APPOINTED,
    "du khuyet": DelegateKind.ALTERNATE,
    "dai bieu du khuyet": DelegateKind.ALTERNATE,
    "dang vien": DelegateKind.MEMBER,
}
#: Longest text each column may hold (the Person and Delegation columns).
MAX_LENGTHS = {
    "ethnicity": 50,
    "religion": 50,
    "education": 100,
    "theory_level": 50,
    "position_title": 300,
    "unit_code": 40,
    "delegation": 255,
}
NAME_PART_LENGTHS = (50, 100, 50)  # họ, đệm, tên
YEAR = re.compile(r"\d{4}")
RANK = re.compile(r"\d{1,5}")


def _birth_date(text: str, today: dt.date) -> dt.date:
    day = dt.datetime.strptime(text, "%d/%m/%Y").date()
    if not dt.date(1900, 1, 1) <= day < today:
        raise ValueError("out of range")
    return day


def _identity(name: str, birth_date: dt.date | None) -> tuple[str, dt.date | None]:
    """The same person: the same folded full name and the same birth date (or both without
    one), as actions.roster.find_or_create_person matches them."""
    return (fold(name), birth_date)


def check_row(
    raw: RawDelegateRow, *, general: bool, today: dt.date | None = None
) -> CheckedDelegateRow:
    """What one row says, on its own (the unit code and the roster are checked by
    check_rows)."""
    today = today or timezone.localdate()
    row = CheckedDelegateRow(raw)
    formula = _("ô có công thức; hãy thay bằng giá trị (Sao chép → Dán đặc biệt → Giá trị).")
    for column in raw.formulas:
        row.error(column, formula)
    skip = set(raw.formulas)

    def text(name: str) -> str:
        return "" if name in skip else str(getattr(raw, name))

    name = text("full_name")
    if "full_name" not in skip:
        if not name:
            row.error("full_name", _("thiếu họ và tên."))
        elif len(name.split()) < 2:
            row.error(
                "full_name",
                _("“%(name)s”: họ và tên phải có ít nhất hai từ (họ và tên).") % {"name": name},
            )
        elif any(
            len(part) > most
            for part, most in zip(split_full_name(name), NAME_PART_LENGTHS, strict=True)
        ):
            row.error("full_name", _("“%(name)s”: họ và tên quá dài.") % {"name": name})

    birth_date = None
    if text("birth_date"):
        try:
            birth_date = _birth_date(raw.birth_date, today)
        except ValueError:
            row.error(
                "birth_date",
                _(
                    "“%(value)s” không phải ngày sinh hợp lệ: ghi theo dạng dd/mm/yyyy, trước hôm nay."
                )
                % {"value": raw.birth_date},
            )

    gender = GENDERS.get(fold(text("gender")), "")
    if text("gender") and not gender:
        row.error("gender", _("“%(value)s” không rõ: ghi “Nam” hoặc “Nữ”.") % {"value": raw.gender})

    for column, most in MAX_LENGTHS.items():
        if len(text(column)) > most:
            row.error(column, _("dài quá %(max)s ký tự.") % {"max": most})

    joined = None
    if text("party_joined_year"):
        value = raw.party_joined_year
        if not YEAR.fullmatch(value):
            row.error(
                "party_joined_year",
                _("“%(value)s” không phải một năm: ghi bốn chữ số, ví dụ 1998.") % {"value": value},
            )
        elif not PARTY_FOUNDED <= int(value) <= today.year:
            row.error(
                "party_joined_year",
                _("năm %(value)s không hợp lệ: từ %(first)s đến năm nay (%(now)s).")
                % {"value": value, "first": PARTY_FOUNDED, "now": today.year},
            )
        elif birth_date is not None and int(value) < birth_date.year + 18:
            row.error(
                "party_joined_year",
                _(
                    "năm %(value)s không thể được: người sinh năm %(born)s đủ 18 tuổi từ năm %(adult)s."
                )
                % {"value": value, "born": birth_date.year, "adult": birth_date.year + 18},
            )
        else:
            joined = int(value)

    kind = _kind(row, raw.kind, general=general) if "kind" not in skip else ""
    rank = None
    written = text("alternate_rank")
    if written and not (RANK.fullmatch(written) and int(written) >= 1):
        row.error(
            "alternate_rank",
            _("“%(value)s” không phải số thứ tự: ghi một số nguyên dương (1, 2, 3…).")
            % {"value": written},
        )
    elif written and kind and kind != DelegateKind.ALTERNATE:
        row.error("alternate_rank", _("chỉ ghi thứ tự cho đại biểu dự khuyết."))
    elif written:
        rank = int(written)
    elif kind == DelegateKind.ALTERNATE and "alternate_rank" not in skip:
        row.error("alternate_rank", _("đại biểu dự khuyết phải có thứ tự dự khuyết (1, 2, 3…)."))

    if row.ok:
        row.person = PersonData(
            full_name=name,
            birth_date=birth_date,
            gender=gender,
            ethnicity=raw.ethnicity,
            religion=raw.religion,
            education=raw.education,
            theory_level=raw.theory_level,
            party_joined_year=joined,
            position_title=raw.position_title,
        )
        row.kind = kind
        row.delegation = raw.delegation
        row.rank = rank
    return row


def _kind(row: CheckedDelegateRow, written: str, *, general: bool) -> str:
    """The kind a row names ("" with an error on the row when it names none)."""
    kind = KINDS.get(fold(written), "")
    choices = _("ghi “Đương nhiên”, “Được bầu”, “Được chỉ định” hoặc “Dự khuyết”.")
    if general:
        if not written:
            return DelegateKind.MEMBER
        if kind == DelegateKind.MEMBER:
            return kind
        row.error("kind", _("đại hội toàn thể đảng viên chỉ có loại “Đảng viên” (hoặc để trống)."))
        return ""
    if not written:
        row.error("kind", _("thiếu loại đại biểu: %(choices)s") % {"choices": choices})
    elif not kind:
        row.error(
            "kind", _("“%(value)s” không rõ: %(choices)s") % {"value": written, "choices": choices}
        )
    elif kind == DelegateKind.MEMBER:
        row.error(
            "kind",
            _("đại hội đại biểu không có loại “Đảng viên”: %(choices)s") % {"choices": choices},
        )
    else:
        return kind
    return ""


def _units(congress: Congress, codes: Iterable[str]) -> dict[str, Organization]:
    """The organizations of the congress's subtree among `codes` (a code elsewhere, or
    nowhere, is simply absent: both read the same to the user)."""
    wanted = sorted(set(codes))
    found: dict[str, Organization] = {}
    for start in range(0, len(wanted), CODE_CHUNK):
        chunk = wanted[start : start + CODE_CHUNK]
        found.update(
            (org.code, org) for org in subtree(congress.organization).filter(code__in=chunk)
        )
    return found


def check_rows(
    congress: Congress, rows: Sequence[RawDelegateRow], *, today: dt.date | None = None
) -> RosterImportReport:
    """Every row on its own, then its unit against the congress's subtree, then against the
    other rows of the file and the congress's roster."""
    general = congress.kind == CongressKind.GENERAL
    checked = [check_row(raw, general=general, today=today) for raw in rows]
    units = _units(
        congress,
        (r.raw.unit_code for r in checked if r.raw.unit_code and "unit_code" not in r.bad_fields),
    )
    on_roster = {
        _identity(name, born)
        for name, born in Delegate.objects.filter(congress=congress).values_list(
            "person__search_name", "person__birth_date"
        )
    }
    in_file: dict[tuple[str, dt.date | None], int] = {}
    for row in checked:
        code = row.raw.unit_code
        unit = units.get(code) if code else None
        if code and unit is None and "unit_code" not in row.bad_fields:
            row.error(
                "unit_code",
                _("không có đơn vị mã “%(code)s” trong %(org)s.")
                % {"code": code, "org": congress.organization.name},
            )
        if row.person is None:
            continue
        key = _identity(row.person.full_name, row.person.birth_date)
        described = row.person.full_name + (
            _(" (sinh %(date)s)") % {"date": row.person.birth_date.strftime("%d/%m/%Y")}
            if row.person.birth_date
            else ""
        )
        if key in in_file:
            row.error(
                "full_name",
                _("%(who)s trùng với dòng %(row)s của tệp.")
                % {"who": described, "row": in_file[key]},
            )
        else:
            in_file[key] = row.raw.row_number
        if key in on_roster:
            row.error(
                "full_name",
                _("%(who)s đã có trong danh sách đại biểu của đại hội.") % {"who": described},
            )
        if not row.ok:
            row.person = None
            continue
        if unit is None and row.kind == DelegateKind.EX_OFFICIO:
            unit = congress.organization  # the outgoing committee's own (as add_delegate does)
        row.unit = unit
        row.person = _with_organization(row.person, unit or congress.organization)
    return RosterImportReport(checked)


def _with_organization(person: PersonData, unit: Organization) -> PersonData:
    return PersonData(**{**asdict(person), "organization_id": unit.pk})

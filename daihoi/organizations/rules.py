"""Pure rules of the hierarchy (no ORM): which level may stand under which.

Source: Điều lệ Đảng, Art. 11 (the system mirrors the administrative one), Art. 21 (a unit
with fewer than 30 members forms a chi bộ cơ sở, with 30 or more a đảng bộ cơ sở with
subordinate cells), Art. 24 (cells); HD 31-HD/BTCTW (2025) for the commune/ward committees
that now form the upper-base tier. See shared/domain/rules.md §2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from daihoi.core.formatting import grouped
from daihoi.core.text import fold, nfc
from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind

ALLOWED_CHILDREN: dict[int, frozenset[int]] = {
    Level.CENTRAL: frozenset({Level.PROVINCIAL}),
    # Some base organizations stand directly under a provincial committee.
    Level.PROVINCIAL: frozenset({Level.UPPER_BASE, Level.BASE}),
    Level.UPPER_BASE: frozenset({Level.BASE}),
    Level.BASE: frozenset({Level.SUB_BASE, Level.CELL}),
    Level.SUB_BASE: frozenset({Level.CELL}),
    Level.CELL: frozenset(),
}


def child_level_allowed(parent_level: int, parent_form: str, child_level: int) -> bool:
    """A chi bộ cơ sở (a base organization in cell form) has no subordinate units."""
    if parent_level == Level.BASE and parent_form == OrganizationForm.CHI_BO:
        return False
    return child_level in ALLOWED_CHILDREN[parent_level]


def default_form(level: int) -> str:
    return OrganizationForm.CHI_BO if level == Level.CELL else OrganizationForm.DANG_BO


# --- Hierarchy import: validation of parsed rows (pure: the caller passes a snapshot) ------
#
# The import reads a file into RawRows (imports.py), then `validate_import` checks every row
# against the other rows of the file and a snapshot of the organizations already in the
# database that the rows name (their own codes and their parents' codes). It reports every
# error of every row, and, when there is none, the rows as NewOrganizations ordered
# parents-before-children for insertion.


# The fields of one import row, in the order of the template's columns.
IMPORT_FIELDS = (
    "code",
    "name",
    "level",
    "parent_code",
    "official_members",
    "probationary_members",
    "kind",
    "form",
)
REQUIRED_IMPORT_FIELDS = IMPORT_FIELDS[:6]
CODE_MAX_LENGTH = 40
NAME_MAX_LENGTH = 255


def import_column_labels() -> dict[str, str]:
    """The Vietnamese header of each field (the template's headers; named in messages)."""
    return {
        "code": _("Mã"),
        "name": _("Tên tổ chức"),
        "level": _("Cấp"),
        "parent_code": _("Mã cấp trên"),
        "official_members": _("Đảng viên chính thức"),
        "probationary_members": _("Đảng viên dự bị"),
        "kind": _("Loại hình"),
        "form": _("Hình thức"),
    }


def label_key(text: str) -> str:
    """How headers and labels are compared: accent-free, lower-case, punctuation as spaces
    ("Mã cấp trên", "MA_CAP_TREN" and "mã-cấp-trên" all give "ma cap tren")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


# Header aliases (compared through label_key), Vietnamese first, then English.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma to chuc", "ma don vi", "ma so", "code", "org code"),
    "name": ("ten", "ten to chuc", "ten don vi", "ten to chuc dang", "name"),
    "level": ("cap", "cap to chuc", "cap don vi", "level"),
    "parent_code": (
        "ma cap tren",
        "ma to chuc cap tren",
        "ma don vi cap tren",
        "cap tren",
        "parent code",
        "parent",
    ),
    "official_members": (
        "dang vien chinh thuc",
        "so dang vien chinh thuc",
        "dv chinh thuc",
        "chinh thuc",
        "official members",
        "official",
    ),
    "probationary_members": (
        "dang vien du bi",
        "so dang vien du bi",
        "dv du bi",
        "du bi",
        "probationary members",
        "probationary",
    ),
    "kind": ("loai hinh", "loai hinh to chuc", "loai", "kind"),
    "form": ("hinh thuc", "hinh thuc to chuc", "form"),
}
HEADER_TO_FIELD: dict[str, str] = {
    alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}

# Level as written in a file: a number, the code name, or a Vietnamese label/abbreviation.
# Some labels also say the form ("Chi bộ cơ sở" is a base organization in cell form).
LEVEL_LABELS: dict[str, tuple[int, str | None]] = {
    "central": (Level.CENTRAL, None),
    "trung uong": (Level.CENTRAL, None),
    "tw": (Level.CENTRAL, None),
    "ban chap hanh trung uong": (Level.CENTRAL, None),
    "provincial": (Level.PROVINCIAL, None),
    "tinh": (Level.PROVINCIAL, None),
    "thanh pho": (Level.PROVINCIAL, None),
    "tinh thanh pho": (Level.PROVINCIAL, None),
    "dang bo tinh": (Level.PROVINCIAL, None),
    "truc thuoc trung uong": (Level.PROVINCIAL, None),
    "dang bo truc thuoc trung uong": (Level.PROVINCIAL, None),
    "dang bo tinh thanh pho truc thuoc trung uong": (Level.PROVINCIAL, None),
    "upper base": (Level.UPPER_BASE, None),
    "cap tren co so": (Level.UPPER_BASE, None),
    "cap tren truc tiep co so": (Level.UPPER_BASE, None),
    "dang bo cap tren co so": (Level.UPPER_BASE, None),
    "dang bo cap tren truc tiep co so": (Level.UPPER_BASE, None),
    "ctcs": (Level.UPPER_BASE, None),
    "huyen": (Level.UPPER_BASE, None),
    "base": (Level.BASE, None),
    "co so": (Level.BASE, None),
    "cs": (Level.BASE, None),
    "to chuc co so dang": (Level.BASE, None),
    "to chuc co so": (Level.BASE, None),
    "tcco": (Level.BASE, None),
    "dang bo co so": (Level.BASE, OrganizationForm.DANG_BO),
    "dbcs": (Level.BASE, OrganizationForm.DANG_BO),
    "chi bo co so": (Level.BASE, OrganizationForm.CHI_BO),
    "cbcs": (Level.BASE, OrganizationForm.CHI_BO),
    "sub base": (Level.SUB_BASE, None),
    "dang bo bo phan": (Level.SUB_BASE, OrganizationForm.DANG_BO),
    "bo phan": (Level.SUB_BASE, None),
    "dbbp": (Level.SUB_BASE, OrganizationForm.DANG_BO),
    "cell": (Level.CELL, OrganizationForm.CHI_BO),
    "chi bo": (Level.CELL, OrganizationForm.CHI_BO),
    "cb": (Level.CELL, OrganizationForm.CHI_BO),
    "chi bo truc thuoc": (Level.CELL, OrganizationForm.CHI_BO),
}

KIND_LABELS: dict[str, str] = {
    "dia phuong": OrganizationKind.TERRITORIAL,
    "xa phuong": OrganizationKind.TERRITORIAL,
    "xa phuong dac khu": OrganizationKind.TERRITORIAL,
    "lanh tho": OrganizationKind.TERRITORIAL,
    "co quan": OrganizationKind.AGENCY,
    "doanh nghiep": OrganizationKind.ENTERPRISE,
    "don vi su nghiep": OrganizationKind.PUBLIC_SERVICE,
    "su nghiep": OrganizationKind.PUBLIC_SERVICE,
    "quan doi": OrganizationKind.ARMY,
    "quan su": OrganizationKind.ARMY,
    "cong an": OrganizationKind.POLICE,
    "khac": OrganizationKind.OTHER,
}
FORM_LABELS: dict[str, str] = {
    "dang bo": OrganizationForm.DANG_BO,
    "chi bo": OrganizationForm.CHI_BO,
}


def _choice_keys(choices: Sequence[tuple[object, object]]) -> dict[str, object]:
    """Each choice by its value and by its display label."""
    keys: dict[str, object] = {}
    for value, label in choices:
        keys[label_key(str(value))] = value
        keys[label_key(str(label))] = value
    return keys


def parse_level(text: str) -> tuple[int, str | None] | None:
    """(level, form the label implies or None), or None when the text names no level."""
    if re.fullmatch(r"[0-5](\.0+)?", text.strip()):  # "3", or "3.0" as Excel may store it
        return int(text.strip()[0]), None
    key = label_key(text)
    if key in LEVEL_LABELS:
        level, form = LEVEL_LABELS[key]
        return int(level), (str(form) if form else None)
    for level_value, label in Level.choices:
        if key == label_key(str(label)):
            return int(level_value), None
    return None


def parse_kind(text: str) -> str | None:
    key = label_key(text)
    found = KIND_LABELS.get(key) or _choice_keys(OrganizationKind.choices).get(key)
    return str(found) if found else None


def parse_form(text: str) -> str | None:
    key = label_key(text)
    found = FORM_LABELS.get(key) or _choice_keys(OrganizationForm.choices).get(key)
    return str(found) if found else None


_GROUPED_INT = re.compile(r"\d{1,3}(?:[. \u00a0]\d{3})+")


def parse_count(text: str) -> int | None:
    """A member count: "", "12", "12.0" (Excel), "1.234" (Vietnamese thousands) → int;
    None when it is not a whole number (negative numbers are reported by the caller)."""
    value = text.strip()
    if value == "":
        return 0
    if re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    if re.fullmatch(r"[+-]?\d+\.0+", value):
        return int(value.split(".")[0])
    if _GROUPED_INT.fullmatch(value):
        return int(re.sub(r"\D", "", value))
    return None


@dataclass(frozen=True)
class RawRow:
    """One data row as read from the file: every field as text ("" when empty).
    `row_number` is the row as the user sees it in Excel (the header is row 1)."""

    row_number: int
    values: Mapping[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "") or ""


@dataclass(frozen=True)
class ExistingOrganization:
    """What validation needs to know of an organization already in the database.
    `managed`: the importing user may add units under it."""

    code: str
    level: int
    form: str
    path: str
    managed: bool


@dataclass(frozen=True)
class RowError:
    row_number: int
    field: str  # one of IMPORT_FIELDS
    message: str


@dataclass
class CheckedRow:
    row_number: int
    raw: RawRow
    code: str = ""
    name: str = ""
    level: int | None = None
    parent_code: str = ""
    official_members: int | None = None
    probationary_members: int | None = None
    kind: str | None = None
    form: str | None = None
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, field_name: str, message: str) -> None:
        label = import_column_labels()[field_name]
        text = _("Cột “%(column)s”: %(message)s") % {"column": label, "message": message}
        self.errors.append(RowError(self.row_number, field_name, text))

    @property
    def ok(self) -> bool:
        return not self.errors

    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level is not None else ""

    def level_display(self) -> str:
        """The level as shown in the preview; a base organization says which form it has."""
        if self.level == Level.BASE and self.form == OrganizationForm.CHI_BO:
            return _("Chi bộ cơ sở")
        if self.level == Level.BASE and self.form == OrganizationForm.DANG_BO:
            return _("Đảng bộ cơ sở")
        return self.level_label()

    def kind_label(self) -> str:
        return str(OrganizationKind(self.kind).label) if self.kind else ""


@dataclass
class ImportReport:
    rows: list[CheckedRow]
    # Parents before children; filled only when no row has an error.
    ordered: list[CheckedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def bad_rows(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def good_rows(self) -> int:
        return len(self.rows) - self.bad_rows


def referenced_codes(rows: Sequence[RawRow]) -> set[str]:
    """Codes the validation must look up in the database: the rows' own codes (duplicates)
    and their parent codes."""
    codes = {nfc(row.get("code")) for row in rows} | {nfc(row.get("parent_code")) for row in rows}
    codes.discard("")
    return codes


def validate_import(
    rows: Sequence[RawRow],
    existing: Mapping[str, ExistingOrganization],
    *,
    may_create_roots: bool,
) -> ImportReport:
    """Check every row; `existing` holds the organizations of the database among
    `referenced_codes(rows)`. A parent the user does not manage is reported exactly like a
    missing one, so that the answer never tells whether it exists."""
    checked = [_check_fields(row) for row in rows]
    first_by_code = _check_duplicates(checked, existing)
    _check_parents(checked, first_by_code, existing, may_create_roots)
    order = _parent_first_order(checked, first_by_code)
    for row in checked:  # read left to right, as the columns stand in the template
        row.errors.sort(key=lambda error: IMPORT_FIELDS.index(error.field))
    report = ImportReport(rows=checked)
    if report.ok:
        report.ordered = order
    return report


def _check_fields(raw: RawRow) -> CheckedRow:
    row = CheckedRow(row_number=raw.row_number, raw=raw)
    row.code = nfc(raw.get("code"))
    row.name = nfc(raw.get("name"))
    row.parent_code = nfc(raw.get("parent_code"))
    if not row.code:
        row.add_error("code", _("không được để trống."))
    elif len(row.code) > CODE_MAX_LENGTH:
        row.add_error("code", _("dài quá %(max)d ký tự.") % {"max": CODE_MAX_LENGTH})
    if not row.name:
        row.add_error("name", _("không được để trống."))
    elif len(row.name) > NAME_MAX_LENGTH:
        row.add_error("name", _("dài quá %(max)d ký tự.") % {"max": NAME_MAX_LENGTH})
    implied_form = _check_level(row, raw.get("level"))
    for name in ("official_members", "probationary_members"):
        setattr(row, name, _check_count(row, name, raw.get(name)))
    kind_text = raw.get("kind").strip()
    row.kind = parse_kind(kind_text) if kind_text else str(OrganizationKind.TERRITORIAL)
    if row.kind is None:
        row.add_error("kind", _("không rõ loại hình “%(value)s”.") % {"value": kind_text})
    _check_form(row, raw.get("form").strip(), implied_form)
    return row


def _check_level(row: CheckedRow, text: str) -> str | None:
    if not text.strip():
        row.add_error("level", _("không được để trống."))
        return None
    parsed = parse_level(text)
    if parsed is None:
        row.add_error(
            "level",
            _("không rõ cấp “%(value)s” (ghi số 0–5 hoặc tên cấp, ví dụ “Chi bộ”).")
            % {"value": text.strip()},
        )
        return None
    row.level, implied_form = parsed
    return implied_form


def _check_count(row: CheckedRow, name: str, text: str) -> int | None:
    value = parse_count(text)
    if value is None:
        row.add_error(name, _("“%(value)s” không phải số nguyên.") % {"value": text.strip()})
    elif value < 0:
        row.add_error(name, _("không được là số âm (%(value)d).") % {"value": value})
        return None
    return value


def _check_form(row: CheckedRow, text: str, implied: str | None) -> None:
    """The form column is optional: the level says it for every level but the base one
    (a base organization is a đảng bộ unless the file says it is a chi bộ cơ sở)."""
    if text:
        row.form = parse_form(text)
        if row.form is None:
            row.add_error("form", _("không rõ hình thức “%(value)s”.") % {"value": text})
            return
        if implied is not None and row.form != implied:
            row.add_error("form", _("“%(value)s” trái với cấp đã ghi.") % {"value": text})
            return
    elif row.level is not None:
        row.form = implied or default_form(row.level)
    if row.level is None or row.form is None:
        return
    if row.level == Level.CELL and row.form != OrganizationForm.CHI_BO:
        row.add_error("form", _("chi bộ trực thuộc phải có hình thức “Chi bộ”."))
    elif row.level not in (Level.BASE, Level.CELL) and row.form != OrganizationForm.DANG_BO:
        row.add_error(
            "form",
            _("tổ chức cấp “%(level)s” phải có hình thức “Đảng bộ”.")
            % {"level": row.level_label()},
        )


def _check_duplicates(
    rows: list[CheckedRow], existing: Mapping[str, ExistingOrganization]
) -> dict[str, CheckedRow]:
    """Flag codes already used (in the database, or by an earlier row); return the first
    row of each code."""
    first: dict[str, CheckedRow] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in existing:
            row.add_error("code", _("mã “%(code)s” đã có trong hệ thống.") % {"code": row.code})
        if row.code in first:
            row.add_error(
                "code",
                _("mã “%(code)s” trùng với dòng %(row)s.")
                % {"code": row.code, "row": grouped(first[row.code].row_number)},
            )
        else:
            first[row.code] = row
    return first


def _check_parents(
    rows: list[CheckedRow],
    in_file: Mapping[str, CheckedRow],
    existing: Mapping[str, ExistingOrganization],
    may_create_roots: bool,
) -> None:
    not_found = _(
        "không tìm thấy tổ chức cấp trên “%(code)s” trong tệp hoặc trong phạm vi bạn quản lý."
    )
    for row in rows:
        if not row.parent_code:
            if not may_create_roots:
                row.add_error(
                    "parent_code",
                    _(
                        "để trống: không tìm thấy tổ chức cấp trên "
                        "(chỉ quản trị hệ thống được nhập tổ chức không có cấp trên)."
                    ),
                )
            continue
        if row.parent_code == row.code:
            row.add_error(
                "parent_code", _("tổ chức không thể là cấp trên của chính nó (vòng lặp).")
            )
            continue
        parent_row = in_file.get(row.parent_code)
        if parent_row is not None:
            _check_level_under(row, parent_row.level, parent_row.form, parent_row.code)
            continue
        parent = existing.get(row.parent_code)
        if parent is None or not parent.managed:
            row.add_error("parent_code", not_found % {"code": row.parent_code})
            continue
        _check_level_under(row, parent.level, parent.form, parent.code)
    _check_cycles(rows, in_file)


def _check_level_under(
    row: CheckedRow, parent_level: int | None, parent_form: str | None, parent_code: str
) -> None:
    if row.level is None or parent_level is None or parent_form is None:
        return  # the unknown level is reported on its own row
    if child_level_allowed(parent_level, parent_form, row.level):
        return
    if parent_level == Level.BASE and parent_form == OrganizationForm.CHI_BO:
        message = _("cấp trên “%(parent)s” là chi bộ cơ sở, không có đơn vị trực thuộc.") % {
            "parent": parent_code
        }
    else:
        message = _("“%(level)s” không thể trực thuộc “%(parent)s” (cấp “%(parent_level)s”).") % {
            "level": row.level_label(),
            "parent": parent_code,
            "parent_level": Level(parent_level).label,
        }
    row.add_error("level", message)


def _check_cycles(rows: list[CheckedRow], in_file: Mapping[str, CheckedRow]) -> None:
    """Rows whose chain of parents inside the file comes back to itself form a cycle; rows
    below a cycle never reach a real parent either. Both are reported (a row naming itself
    as its parent is reported by _check_parents)."""
    state: dict[str, str] = {}  # code -> "ok" (reaches a real parent) | "loop" | "below"
    for row in rows:
        if not row.code or in_file.get(row.code) is not row or row.code in state:
            continue
        chain: list[CheckedRow] = []
        position: dict[str, int] = {}
        current: CheckedRow | None = row
        outcome = "ok"
        while current is not None:
            if current.code in state:
                outcome = "ok" if state[current.code] == "ok" else "below"
                break
            if current.code in position:
                loop = chain[position[current.code] :]
                _report_loop(loop)
                for member in loop:
                    state[member.code] = "loop"
                chain = chain[: position[current.code]]
                outcome = "below"
                break
            position[current.code] = len(chain)
            chain.append(current)
            parent_code = current.parent_code
            current = in_file.get(parent_code) if parent_code != current.code else None
        for member in chain:
            state[member.code] = outcome
            if outcome == "below":
                member.add_error(
                    "parent_code",
                    _("chuỗi cấp trên từ “%(code)s” dẫn vào một vòng lặp.")
                    % {"code": member.parent_code},
                )


def _report_loop(loop: list[CheckedRow]) -> None:
    chain_text = " → ".join([*(r.code for r in loop), loop[0].code])
    rows_text = ", ".join(grouped(n) for n in sorted(r.row_number for r in loop))
    for r in loop:
        r.add_error(
            "parent_code",
            _("vòng lặp cấp trên %(chain)s (các dòng %(rows)s).")
            % {"chain": chain_text, "rows": rows_text},
        )


def _parent_first_order(
    rows: list[CheckedRow], in_file: Mapping[str, CheckedRow]
) -> list[CheckedRow]:
    """Rows ordered so that each comes after its parent (keeping the file's order
    otherwise): the file may list children before their parents."""
    children: dict[str, list[CheckedRow]] = {}
    order: list[CheckedRow] = []
    queue: list[CheckedRow] = []
    for row in rows:
        if row.parent_code and row.parent_code in in_file and row.parent_code != row.code:
            children.setdefault(row.parent_code, []).append(row)
        else:
            queue.append(row)
    while queue:
        next_queue: list[CheckedRow] = []
        for row in queue:
            order.append(row)
            if in_file.get(row.code) is row:
                next_queue.extend(children.pop(row.code, []))
        queue = next_queue
    return order

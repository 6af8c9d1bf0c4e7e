"""The campaign's rules, pure (no ORM): the default kind of a congress, the status
lifecycle, lateness, who counts as young, the checks of reported figures, and the reading of
one row of a plan import.

Every message is ready to show, in the user's language (Vietnamese unless they switched); the
column headers it names stay Vietnamese, as in the files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.congresses.models import STATUS_ORDER, CongressKind, CongressStatus, Contents
from daihoi.core.text import nfc
from daihoi.organizations.models import Level, OrganizationForm
from daihoi.organizations.rules import label_key

# --- The kind of a congress ------------------------------------------------------------------


def default_kind(
    *, form: str, level: int, subtree_official: int, general_meeting_below: int
) -> str:
    """The directive's rule: a chi bộ meets as all its members; a đảng bộ with fewer than
    `general_meeting_below` official members in its whole subtree holds a general meeting
    too; a bigger one holds a congress of delegates (CT 35/2019: 200; rules.md §2)."""
    if form == OrganizationForm.CHI_BO or level == Level.CELL:
        return CongressKind.GENERAL
    if subtree_official < general_meeting_below:
        return CongressKind.GENERAL
    return CongressKind.DELEGATES


# Levels whose organizations hold a congress in the campaign (the Centre's is the national
# congress, outside it).
CONGRESS_LEVELS = (Level.PROVINCIAL, Level.UPPER_BASE, Level.BASE, Level.SUB_BASE, Level.CELL)


# --- The status lifecycle --------------------------------------------------------------------

#: Statuses a congress reaches through `advance_congress`; "reported" comes with the report
#: of its results and "approved" with the upper committee's approval.
ADVANCEABLE = (CongressStatus.PREPARING, CongressStatus.HELD)
NOT_HELD = (CongressStatus.PLANNED, CongressStatus.PREPARING)
HELD = tuple(status for status in STATUS_ORDER if status not in NOT_HELD)


def status_index(status: str) -> int:
    return STATUS_ORDER.index(status)


def next_status(status: str) -> str | None:
    index = status_index(status)
    return STATUS_ORDER[index + 1] if index + 1 < len(STATUS_ORDER) else None


def _label(status: str) -> str:
    return str(CongressStatus(status).label)


def advance_problem(current: str, target: str) -> str | None:
    """Why `current` may not move to `target` through an advance, or None when it may:
    forward, one step at a time, to "preparing" or "held" only."""
    if target not in STATUS_ORDER:
        return _("Trạng thái không hợp lệ.")
    if target == current:
        return _("Đại hội đã ở trạng thái “%(status)s”.") % {"status": _label(current)}
    if status_index(target) < status_index(current):
        return _(
            "Không thể chuyển ngược từ “%(current)s” về “%(target)s”: trạng thái chỉ đi tiếp."
        ) % {"current": _label(current), "target": _label(target)}
    if target == CongressStatus.REPORTED:
        return _("Trạng thái “Đã báo cáo kết quả” có khi báo cáo kết quả đại hội.")
    if target == CongressStatus.APPROVED:
        return _("Việc chuẩn y do cấp ủy cấp trên thực hiện (nút “Chuẩn y”).")
    expected = next_status(current)
    if target != expected:
        return _("Phải chuyển lần lượt từng bước: sau “%(current)s” là “%(next)s”.") % {
            "current": _label(current),
            "next": _label(expected or current),
        }
    return None


def is_late(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """Not yet held and the directive's deadline for its level has passed."""
    return status in NOT_HELD and deadline is not None and today > deadline


# --- Composition ----------------------------------------------------------------------------


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_young(birth_date: dt.date | None, day: dt.date, age_limit: int) -> bool:
    """Under `age_limit` on `day` (unknown birth date: not counted as young)."""
    return birth_date is not None and age_on(birth_date, day) < age_limit


def is_ethnic_minority(ethnicity: str) -> bool:
    """Any stated ethnicity other than Kinh (an empty one is unknown, not a minority)."""
    text = plain(ethnicity or "")
    return bool(text) and text != "kinh"


# --- Reported figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFigures:
    """What a congress elected, as reported upward (the fields of CongressResult)."""

    committee_elected: int = 0
    committee_reelected: int = 0
    committee_women: int = 0
    committee_young: int = 0
    committee_ethnic_minority: int = 0
    standing_elected: int = 0
    secretary_elected: bool = False
    secretary_direct: bool = False
    secretary_votes: int | None = None
    secretary_base: int | None = None
    deputies_elected: int = 0
    inspection_elected: int = 0
    delegates_elected: int = 0
    alternates_elected: int = 0

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FIGURE_NAMES = tuple(f.name for f in fields(ResultFigures))

COMMITTEE_PARTS = {
    "committee_reelected": gettext_lazy("tái cử"),
    "committee_women": gettext_lazy("nữ"),
    "committee_young": gettext_lazy("trẻ"),
    "committee_ethnic_minority": gettext_lazy("dân tộc thiểu số"),
}


def figure_problems(figures: ResultFigures) -> list[str]:
    """Every inconsistency of the figures (empty: they may be reported)."""
    problems = []
    for name in FIGURE_NAMES:
        value = getattr(figures, name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            problems.append(_("Các số liệu không được âm."))
            break
    for name, label in COMMITTEE_PARTS.items():
        if getattr(figures, name) > figures.committee_elected:
            problems.append(
                _("Số cấp ủy viên %(part)s lớn hơn số cấp ủy viên được bầu.") % {"part": label}
            )
    if figures.committee_elected and figures.standing_elected > figures.committee_elected:
        problems.append(_("Số ủy viên Ban Thường vụ lớn hơn số cấp ủy viên được bầu."))
    if figures.secretary_direct and not figures.secretary_elected:
        problems.append(_("Bí thư bầu trực tiếp tại đại hội thì phải ghi là đã bầu bí thư."))
    votes, base = figures.secretary_votes, figures.secretary_base
    if (votes is None) != (base is None):
        problems.append(
            _("Ghi cả số phiếu của bí thư và cơ số (số được triệu tập), hoặc bỏ trống cả hai.")
        )
    elif votes is not None and base is not None:
        if base <= 0:
            problems.append(_("Cơ số tính tỷ lệ phiếu của bí thư phải lớn hơn 0."))
        elif votes > base:
            problems.append(_("Số phiếu của bí thư lớn hơn cơ số."))
        if not figures.secretary_elected:
            problems.append(_("Có số phiếu bí thư thì phải ghi là đã bầu bí thư."))
    return problems


# --- A plan import row -------------------------------------------------------------------------

PLAN_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    # field: (the header as written in the template, other headers accepted, label_key form)
    "code": ("Mã tổ chức", ("ma to chuc", "ma", "ma don vi", "code")),
    "kind": ("Hình thức", ("hinh thuc", "hinh thuc dai hoi", "kind")),
    "starts_on": ("Ngày dự kiến", ("ngay du kien", "ngay", "ngay dai hoi", "date")),
    "is_pilot": ("Đại hội điểm", ("dai hoi diem", "diem", "pilot")),
    "contents": ("Số nội dung", ("so noi dung", "noi dung", "contents")),
    "direct_secretary": (
        "Bầu trực tiếp bí thư",
        ("bau truc tiep bi thu", "bau truc tiep", "direct secretary"),
    ),
}
REQUIRED_PLAN_COLUMNS = ("code",)

KIND_WORDS = {
    "dai bieu": CongressKind.DELEGATES,
    "dai hoi dai bieu": CongressKind.DELEGATES,
    "delegates": CongressKind.DELEGATES,
    "toan the": CongressKind.GENERAL,
    "dai hoi toan the": CongressKind.GENERAL,
    "toan the dang vien": CongressKind.GENERAL,
    "dai hoi toan the dang vien": CongressKind.GENERAL,
    "dang vien": CongressKind.GENERAL,
    "general": CongressKind.GENERAL,
}
YES_WORDS = {"co", "x", "1", "yes", "true", "dung", "c"}
NO_WORDS = {"khong", "0", "no", "false", "k", ""}
DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def plain(text: str) -> str:
    """Accent-free, lower-case words: headers and keywords compare this way."""
    return label_key(text)


@dataclass(frozen=True)
class RawPlanRow:
    """One data row of the file as text, with the row number the user sees in Excel."""

    row_number: int
    values: dict[str, str]


@dataclass(frozen=True)
class PlannedUnit:
    """What the database says of the unit a row names (looked up by code)."""

    id: int
    code: str
    name: str
    path: str
    level: int
    form: str


@dataclass
class CheckedPlanRow:
    row_number: int
    code: str
    unit: PlannedUnit | None = None
    kind: str = ""  # "" → the directive's rule
    starts_on: dt.date | None = None
    is_pilot: bool = False
    contents: int = Contents.FOUR
    direct_secretary: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (or the ISO date a date cell of Excel gives); ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    match = DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return dt.date.fromisoformat(text)
    raise ValueError(text)


def _yes_no(text: str) -> bool | None:
    key = plain(text)
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


def _yes_no_problem(row: int, column: str, text: str) -> str:
    return _("Dòng %(row)s: cột “%(column)s” ghi “có” hoặc “không” (đang ghi “%(value)s”).") % {
        "row": row,
        "column": column,
        "value": text,
    }


def check_plan_row(
    raw: RawPlanRow,
    *,
    units: dict[str, PlannedUnit],
    scope_path: str,
    planned_ids: set[int],
    seen_codes: dict[str, int],
    term: str,
) -> CheckedPlanRow:
    """One row against the units of the database (by code), the scope (the subtree at
    `scope_path`), the congresses already planned for the term and the rows before it.
    A unit outside the scope gets the same message as an unknown code."""
    values = raw.values
    code = nfc(values.get("code", "")).strip()
    row = CheckedPlanRow(raw.row_number, code)
    errors = row.errors
    n = raw.row_number
    if not code:
        errors.append(_("Dòng %(row)s: thiếu mã tổ chức.") % {"row": n})
    else:
        unit = units.get(code)
        if unit is None or not unit.path.startswith(scope_path):
            errors.append(
                _("Dòng %(row)s: không có tổ chức mã “%(code)s” trong phạm vi.")
                % {"row": n, "code": code}
            )
        else:
            row.unit = unit
            if code in seen_codes:
                errors.append(
                    _("Dòng %(row)s: mã “%(code)s” trùng với dòng %(other)s.")
                    % {"row": n, "code": code, "other": seen_codes[code]}
                )
            elif unit.id in planned_ids:
                errors.append(
                    _("Dòng %(row)s: %(name)s đã có đại hội nhiệm kỳ %(term)s.")
                    % {"row": n, "name": unit.name, "term": term}
                )
            seen_codes.setdefault(code, n)
    kind_text = values.get("kind", "").strip()
    if kind_text:
        kind = KIND_WORDS.get(plain(kind_text))
        if kind is None:
            errors.append(
                _(
                    "Dòng %(row)s: hình thức “%(value)s” không rõ; ghi “đại biểu” "
                    "hoặc “toàn thể”, hoặc để trống để theo quy định của chỉ thị."
                )
                % {"row": n, "value": kind_text}
            )
        else:
            row.kind = kind
    date_text = values.get("starts_on", "")
    try:
        row.starts_on = parse_date(date_text)
    except ValueError:
        errors.append(
            _(
                "Dòng %(row)s: ngày dự kiến “%(value)s” không đúng dạng dd/mm/yyyy (ví dụ 15/07/2025)."
            )
            % {"row": n, "value": date_text.strip()}
        )
    for name, label in (("is_pilot", "Đại hội điểm"), ("direct_secretary", "Bầu trực tiếp bí thư")):
        text = values.get(name, "")
        flag = _yes_no(text)
        if flag is None:
            errors.append(_yes_no_problem(n, label, text.strip()))
        else:
            setattr(row, name, flag)
    contents_text = values.get("contents", "").strip()
    if contents_text:
        # "4", "4.0" (a number cell) or "4 nội dung".
        match = re.fullmatch(r"([234])( 0+)?( noi dung)?", plain(contents_text))
        if match is None:
            errors.append(
                _("Dòng %(row)s: số nội dung “%(value)s” phải là 4, 3 hoặc 2.")
                % {"row": n, "value": contents_text}
            )
        else:
            row.contents = int(match.group(1))
    return row


# --- A results import row ------------------------------------------------------------------------

RESULT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": PLAN_COLUMNS["code"],
    "committee_elected": ("Số cấp ủy viên", ("so cap uy vien", "cap uy vien", "so cap uy")),
    "committee_reelected": ("Tái cử", ("tai cu",)),
    "committee_women": ("Nữ", ("nu",)),
    "committee_young": ("Trẻ", ("tre",)),
    "committee_ethnic_minority": ("Dân tộc thiểu số", ("dan toc thieu so", "dtts")),
    "standing_elected": ("Ủy viên Ban Thường vụ", ("uy vien ban thuong vu", "ban thuong vu")),
    "secretary_elected": ("Đã bầu bí thư", ("da bau bi thu", "bi thu")),
    "secretary_direct": PLAN_COLUMNS["direct_secretary"],
    "secretary_votes": ("Số phiếu bí thư", ("so phieu bi thu", "phieu bi thu")),
    "secretary_base": ("Cơ số", ("co so", "co so tinh ty le")),
    "deputies_elected": ("Phó bí thư", ("pho bi thu",)),
    "inspection_elected": ("Ủy viên Ủy ban Kiểm tra", ("uy vien uy ban kiem tra", "ubkt")),
    "delegates_elected": ("Đại biểu dự đại hội cấp trên", ("dai bieu du dai hoi cap tren",)),
    "alternates_elected": ("Đại biểu dự khuyết", ("dai bieu du khuyet", "du khuyet")),
}
REQUIRED_RESULT_COLUMNS = ("code", "committee_elected")
RESULT_FLAGS = ("secretary_elected", "secretary_direct")
RESULT_OPTIONAL = ("secretary_votes", "secretary_base")


@dataclass(frozen=True)
class ReportedCongress:
    """The congress of the term a results row names (looked up by its unit's code)."""

    congress_id: int
    name: str
    path: str
    status: str


@dataclass
class CheckedResultRow:
    row_number: int
    code: str
    congress: ReportedCongress | None = None
    figures: ResultFigures | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _count_cell(text: str) -> int | None:
    """A whole number ≥ 0 ("12", "12.0" from a number cell); None when not one."""
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?", text.strip())
    return int(match.group(1)) if match else None


def check_result_row(
    raw: RawPlanRow,
    *,
    congresses: dict[str, ReportedCongress],
    scope_path: str,
    seen_codes: dict[str, int],
    term: str,
) -> CheckedResultRow:
    """One row of reported results against the congresses of the term under the scope."""
    values = raw.values
    n = raw.row_number
    code = nfc(values.get("code", "")).strip()
    row = CheckedResultRow(n, code)
    errors = row.errors
    congress = congresses.get(code)
    if not code:
        errors.append(_("Dòng %(row)s: thiếu mã tổ chức.") % {"row": n})
    elif congress is None or not congress.path.startswith(scope_path):
        errors.append(
            _(
                "Dòng %(row)s: không có đại hội nhiệm kỳ %(term)s của tổ chức mã “%(code)s” trong phạm vi."
            )
            % {"row": n, "term": term, "code": code}
        )
    else:
        row.congress = congress
        if code in seen_codes:
            errors.append(
                _("Dòng %(row)s: mã “%(code)s” trùng với dòng %(other)s.")
                % {"row": n, "code": code, "other": seen_codes[code]}
            )
        seen_codes.setdefault(code, n)
        if congress.status in NOT_HELD:
            errors.append(
                _("Dòng %(row)s: đại hội của %(name)s chưa chuyển sang “Đã tổ chức”.")
                % {"row": n, "name": congress.name}
            )
        elif congress.status == CongressStatus.APPROVED:
            errors.append(
                _("Dòng %(row)s: đại hội của %(name)s đã được chuẩn y.")
                % {"row": n, "name": congress.name}
            )
    numbers: dict[str, object] = {}
    for name, (label, _aliases) in RESULT_COLUMNS.items():
        if name == "code":
            continue
        text = values.get(name, "").strip()
        if name in RESULT_FLAGS:
            flag = _yes_no(text)
            if flag is None:
                errors.append(_yes_no_problem(n, label, text))
            numbers[name] = bool(flag)
        elif not text:
            numbers[name] = None if name in RESULT_OPTIONAL else 0
        else:
            count = _count_cell(text)
            if count is None:
                errors.append(
                    _(
                        "Dòng %(row)s: cột “%(column)s” phải là số nguyên không âm (đang ghi “%(value)s”)."
                    )
                    % {"row": n, "column": label, "value": text}
                )
            numbers[name] = count if count is not None else 0
    if not errors:
        row.figures = ResultFigures(**numbers)  # type: ignore[arg-type]
        errors.extend(
            _("Dòng %(row)s: %(error)s") % {"row": n, "error": problem}
            for problem in figure_problems(row.figures)
        )
    return row

"""The roster import's shared vocabulary: the template's columns, the file-level error, a
row as read (RawDelegateRow), a row as checked (CheckedDelegateRow, RowError) and the report
the preview shows (RosterImportReport)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.models import DelegateKind
from daihoi.organizations.models import Organization

#: Field → the header of the template, in its order. Headers are matched without accents
#: and case ("Ho va ten" works too); unknown columns are ignored, and "STT" is never read.
COLUMNS = {
    "number": "STT",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "education": "Trình độ chuyên môn",
    "theory_level": "Lý luận chính trị",
    "party_joined_year": "Năm vào Đảng",
    "position_title": "Chức vụ, đơn vị công tác",
    "unit_code": "Mã đơn vị",
    "delegation": "Đoàn",
    "kind": "Loại đại biểu",
    "alternate_rank": "Thứ tự dự khuyết",
}
#: The fields read from a row (everything but STT).
FIELDS = tuple(name for name in COLUMNS if name != "number")


class RosterFileError(Exception):
    """The whole file is refused; the message is in the user's language (Vietnamese unless
    they switched)."""


@dataclass(frozen=True)
class RawDelegateRow:
    """One data row as text, `formulas` naming the fields whose cell held a formula."""

    row_number: int
    full_name: str = ""
    birth_date: str = ""
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    education: str = ""
    theory_level: str = ""
    party_joined_year: str = ""
    position_title: str = ""
    unit_code: str = ""
    delegation: str = ""
    kind: str = ""
    alternate_rank: str = ""
    formulas: tuple[str, ...] = ()


#: What actions.roster.import_delegates takes for one row.
DelegateRow = tuple[PersonData, str, Organization | None, str, int | None]


@dataclass(frozen=True)
class RowError:
    field: str  # a key of COLUMNS
    message: str

    @property
    def column(self) -> str:
        return COLUMNS[self.field]

    def __str__(self) -> str:
        return _("cột “%(column)s”: %(error)s") % {"column": self.column, "error": self.message}


@dataclass
class CheckedDelegateRow:
    raw: RawDelegateRow
    errors: list[RowError] = field(default_factory=list)
    person: PersonData | None = None
    kind: str = ""
    unit: Organization | None = None
    delegation: str = ""  # as written; the unit's name when empty (actions.roster)
    rank: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_fields(self) -> set[str]:
        return {e.field for e in self.errors}

    @property
    def kind_label(self) -> str:
        return DelegateKind(self.kind).label if self.kind else ""

    @property
    def delegation_name(self) -> str:
        """The delegation the row joins: as written, or its unit's name."""
        return self.delegation or (self.unit.name if self.unit else "")

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(field_name, message))

    def as_import_row(self) -> DelegateRow:
        assert self.ok and self.person is not None
        return (self.person, self.kind, self.unit, self.delegation, self.rank)


@dataclass(frozen=True)
class RosterImportReport:
    rows: list[CheckedDelegateRow]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_rows(self) -> list[CheckedDelegateRow]:
        return [row for row in self.rows if not row.ok]

    def messages(self) -> list[str]:
        return [
            _("Dòng %(row)s, %(error)s") % {"row": r.raw.row_number, "error": e}
            for r in self.rows
            for e in r.errors
        ]

    def import_rows(self) -> list[DelegateRow]:
        """The rows for actions.roster.import_delegates (only when every row is valid)."""
        assert self.ok
        return [row.as_import_row() for row in self.rows]


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)

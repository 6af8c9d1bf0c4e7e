"""The content model of the credentials report: the fixed words of its header and table, and
the frozen dataclasses (`CredentialsReport` and its parts) that reading the roster fills
(roster), the text blocks add to (text), and the page and the .docx (docx) render; no database,
no rendering here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from daihoi.core.documents import PartyHeader
from daihoi.delegates.rules import report as rules

DOC_TYPE = "BÁO CÁO"
COMMITTEE = "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"
NUMBER_SYMBOL = "BC/ĐH"
BLANK_NUMBER = "....."
CAPACITY = ("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN")
TABLE_HEADER = ("STT", "Nội dung", "Số đại biểu", "Tỷ lệ")


@dataclass(frozen=True)
class NamedDelegate:
    pk: int
    number: int  # the badge number
    full_name: str
    unit: str  # the delegation, else the unit
    kind: str
    kind_label: str


@dataclass(frozen=True)
class Challenged:
    delegate: NamedDelegate
    reason: str


@dataclass(frozen=True)
class Rejected:
    delegate: NamedDelegate
    reason_code: str  # NotConvenedReason
    reason_label: str  # its words (rules.md §3)
    detail: str  # what the committee wrote
    replaced_by: str  # the alternate who took the seat, "" when none


@dataclass(frozen=True)
class Replacement:
    alternate: NamedDelegate
    official: NamedDelegate
    why: str  # "không đủ tư cách (…)" or "vắng mặt (…)"


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["body", "heading", "item", "subitem", "note"] = "body"


@dataclass(frozen=True)
class TableRow:
    number: str  # "1" on a group's row, "" on its lines
    label: str
    count: str
    share: str
    group: bool = False


@dataclass(frozen=True)
class CompositionTable:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


Block = Text | CompositionTable


@dataclass(frozen=True)
class Signature:
    capacity: tuple[str, ...]
    name: str  # "" when the committee has no head yet: the name is written by hand


@dataclass(frozen=True)
class CredentialsReport:
    """Everything the report says; the page and the .docx render this and nothing else."""

    header: PartyHeader
    doc_type: str
    summary: str
    congress_title: str
    on: dt.date  # the composition's date: the opening
    convened: int  # delegates holding a convened seat
    alternates: int  # alternates on the roster (elected), whatever became of them
    alternates_substituting: int
    alternates_waiting: int
    alternates_rejected: int
    accepted: int  # of the convened
    pending: int  # of the convened, not yet reviewed
    challenged: tuple[Challenged, ...]
    rejected: tuple[Rejected, ...]
    replacements: tuple[Replacement, ...]
    composition: rules.Composition
    signature: Signature
    blocks: tuple[Block, ...]

    @property
    def all_accepted(self) -> bool:
        return self.convened > 0 and self.accepted == self.convened

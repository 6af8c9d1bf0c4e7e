"""The credentials report (báo cáo thẩm tra tư cách đại biểu) of a congress: one content
model (`CredentialsReport`) that the page renders and that `credentials_report_docx` writes
as a Party-format .docx (core.documents: header, title, Times New Roman 14 pt, A4).

What it says, in order: the delegates convened and of what kinds, the alternates; the
committee's review (accepted; challenged, with the reason; rejected, with the reason of
rules.md §3); the alternates who replaced officials; the composition of the delegates
convened (delegates.rules.report: a table and prose, shares of the total convened); the
youngest and the oldest; the conclusion; the head's signature.

Who is counted: the delegates holding a convened seat (status "active": officials,
ex-officio, appointed, and alternates who took a seat). The roster is read in four
statements (congress and organizations, roster, reviews of the challenged and rejected, the
committee's head).

Header (document-format.md): left, the congress (the committee's direct superior body) and,
bold, "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", "*", the number "Số .....-BC/ĐH" (to be written by hand
unless given; the symbol is UNCONFIRMED); right, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and
date: the opening date (the report is read at the opening), today when it is not set.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace
from typing import Any, Literal

from django.utils import timezone

from daihoi.congresses.models import Congress
from daihoi.core.documents import (
    PartyHeader,
    docx_page_numbers,
    docx_title,
    in_vietnamese,
    new_docx,
)
from daihoi.core.formatting import vi_date, vi_int
from daihoi.delegates.models import (
    AbsenceKind,
    CongressStaff,
    CredentialReview,
    Credentials,
    Delegate,
    DelegateKind,
    NotConvenedReason,
    SeatStatus,
    StaffRole,
)
from daihoi.delegates.queries import reading_order
from daihoi.delegates.rules import report as rules

DOC_TYPE = "BÁO CÁO"
COMMITTEE = "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"
NUMBER_SYMBOL = "BC/ĐH"
BLANK_NUMBER = "....."
CAPACITY = ("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN")
TABLE_HEADER = ("STT", "Nội dung", "Số đại biểu", "Tỷ lệ")
SIGNATURE_SPACE_MM = 22


# --- The content model ------------------------------------------------------------------------


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


# --- Reading the roster -----------------------------------------------------------------------


def _named(d: Delegate) -> NamedDelegate:
    unit = d.delegation.name if d.delegation else (d.unit.name if d.unit else "")
    return NamedDelegate(
        d.pk, d.number, d.person.full_name, unit, d.kind, str(DelegateKind(d.kind).label)
    )


def _row(d: Delegate) -> rules.DelegateRow:
    p = d.person
    return rules.DelegateRow(
        full_name=p.full_name,
        kind=d.kind,
        gender=p.gender,
        birth_date=p.birth_date,
        ethnicity=p.ethnicity,
        religion=p.religion,
        education=p.education,
        theory_level=p.theory_level,
        party_joined_year=p.party_joined_year,
    )


def _latest_reviews(congress: Congress) -> dict[int, tuple[str, str, str]]:
    """delegate id → (decision, reason code, reason) of the latest review, for the delegates
    now challenged or rejected (one statement)."""
    latest: dict[int, tuple[str, str, str]] = {}
    rows = (
        CredentialReview.objects.filter(
            delegate__congress=congress,
            delegate__credentials__in=[Credentials.CHALLENGED, Credentials.REJECTED],
        )
        .order_by("delegate_id", "at", "id")
        .values_list("delegate_id", "decision", "reason_code", "reason")
    )
    for delegate_id, decision, code, reason in rows:
        latest[delegate_id] = (decision, code, reason)
    return latest


def _why_replaced(official: Delegate) -> str:
    if official.status == SeatStatus.NOT_CONVENED:
        reason = official.not_convened_reason
        label = str(NotConvenedReason(reason).label).lower() if reason else ""
        return f"không đủ tư cách đại biểu: {label}" if label else "không đủ tư cách đại biểu"
    if official.absence:
        label = str(AbsenceKind(official.absence).label).lower()
        detail = f", {official.absence_reason}" if official.absence_reason else ""
        return f"vắng mặt: {label}{detail}"
    return "vắng mặt"


def _opening(congress: Congress) -> dt.date:
    day: dt.date = congress.starts_on or timezone.localdate()
    return day


@in_vietnamese
def report_context(congress: Congress, *, number: str = "") -> CredentialsReport:
    """The credentials report of `congress` as it stands now."""
    congress = Congress.objects.select_related("organization").get(pk=congress.pk)
    roster = sorted(
        Delegate.objects.filter(congress=congress).select_related("person", "unit", "delegation"),
        key=reading_order,
    )
    reviews = _latest_reviews(congress)
    head = (
        CongressStaff.objects.filter(congress=congress, role=StaffRole.CREDENTIALS, is_head=True)
        .values_list("full_name", flat=True)
        .first()
    )
    by_pk = {d.pk: d for d in roster}
    replaced_by = {d.replaces_id: d for d in roster if d.replaces_id is not None}
    convened = [d for d in roster if d.status == SeatStatus.ACTIVE]
    alternates = [d for d in roster if d.kind == DelegateKind.ALTERNATE]

    challenged = tuple(
        Challenged(_named(d), reviews.get(d.pk, ("", "", ""))[2])
        for d in convened
        if d.credentials == Credentials.CHALLENGED
    )
    rejected = []
    for d in roster:
        if d.status != SeatStatus.NOT_CONVENED:
            continue
        _decision, code, detail = reviews.get(d.pk, ("", d.not_convened_reason, ""))
        code = code or d.not_convened_reason
        successor = replaced_by.get(d.pk)
        rejected.append(
            Rejected(
                _named(d),
                code,
                str(NotConvenedReason(code).label) if code else "",
                detail,
                successor.person.full_name if successor else "",
            )
        )
    replacements = tuple(
        Replacement(_named(d), _named(by_pk[d.replaces_id]), _why_replaced(by_pk[d.replaces_id]))
        for d in roster
        if d.replaces_id is not None and d.replaces_id in by_pk
    )
    on = _opening(congress)
    organization = congress.organization
    title = congress.title
    report = CredentialsReport(
        header=PartyHeader(
            issuing_body=COMMITTEE,
            superior_body=title.upper(),
            number=f"Số {number.strip() or BLANK_NUMBER}-{NUMBER_SYMBOL}",
            place=congress.place or organization.name,
            date=on,
        ),
        doc_type=DOC_TYPE,
        summary=f"Thẩm tra tư cách đại biểu dự {title}",
        congress_title=title,
        on=on,
        convened=len(convened),
        alternates=len(alternates),
        alternates_substituting=sum(1 for d in alternates if d.status == SeatStatus.ACTIVE),
        alternates_waiting=sum(1 for d in alternates if d.status == SeatStatus.WAITING),
        alternates_rejected=sum(1 for d in alternates if d.status == SeatStatus.NOT_CONVENED),
        accepted=sum(1 for d in convened if d.credentials == Credentials.ACCEPTED),
        pending=sum(1 for d in convened if d.credentials == Credentials.PENDING),
        challenged=challenged,
        rejected=tuple(rejected),
        replacements=replacements,
        composition=rules.composition((_row(d) for d in convened), on),
        signature=Signature(CAPACITY, head or ""),
        blocks=(),
    )
    return _with_blocks(report)


# --- The words ----------------------------------------------------------------------------------


def _people(n: int) -> str:
    return f"{vi_int(n)} đồng chí"


def _ends(items: list[str]) -> list[str]:
    """Items of a list: ";" after each, "." after the last."""
    return [item + ("." if i == len(items) - 1 else ";") for i, item in enumerate(items)]


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _convened_blocks(r: CredentialsReport) -> list[Block]:
    kinds = r.composition.kind
    blocks: list[Block] = [
        Text("I. SỐ LƯỢNG ĐẠI BIỂU ĐƯỢC TRIỆU TẬP", "heading"),
        Text(
            f"Tổng số đại biểu được triệu tập dự Đại hội: {_people(r.convened)}"
            + (", gồm:" if r.convened else ".")
        ),
    ]
    if r.convened:
        words = {
            "ex_officio": "Đại biểu đương nhiên (cấp ủy viên cấp triệu tập Đại hội)",
            "elected": "Đại biểu được bầu từ đại hội các đảng bộ, chi bộ trực thuộc",
            "appointed": "Đại biểu được chỉ định",
            "alternate": "Đại biểu dự khuyết được triệu tập thay thế đại biểu chính thức",
            "member": "Đảng viên",
        }
        items = [
            f"- {words.get(line.key, line.label)}: {_people(line.count)}" for line in kinds.lines
        ]
        blocks += [Text(item, "item") for item in _ends(items)]
    if r.alternates:
        parts = [f"{vi_int(r.alternates_substituting)} đồng chí đã được triệu tập thay thế"]
        parts.append(f"{vi_int(r.alternates_waiting)} đồng chí chưa thay thế")
        if r.alternates_rejected:
            parts.append(f"{vi_int(r.alternates_rejected)} đồng chí không đủ tư cách")
        others = (
            r.alternates - r.alternates_substituting - r.alternates_waiting - r.alternates_rejected
        )
        if others:
            parts.append(f"{vi_int(others)} đồng chí đã được thay thế")
        blocks.append(
            Text(
                f"Số đại biểu dự khuyết: {_people(r.alternates)}, trong đó "
                + "; ".join(parts)
                + "."
            )
        )
    else:
        blocks.append(Text("Đại hội không có đại biểu dự khuyết."))
    return blocks


def _review_blocks(r: CredentialsReport) -> list[Block]:
    reviewed = r.accepted + len(r.challenged) + len(r.rejected)
    blocks: list[Block] = [
        Text("II. KẾT QUẢ THẨM TRA TƯ CÁCH ĐẠI BIỂU", "heading"),
        Text(
            f"Ban Thẩm tra tư cách đại biểu đã thẩm tra tư cách của {_people(reviewed)} theo "
            "Điều lệ Đảng và Quy chế bầu cử trong Đảng. Kết quả như sau:"
        ),
        Text(f"1. Đủ tư cách đại biểu: {_people(r.accepted)}.", "item"),
    ]
    n = 2
    if r.challenged:
        blocks.append(Text(f"{n}. Có ý kiến, đang xem xét: {_people(len(r.challenged))}:", "item"))
        items = [
            f"- Đồng chí {c.delegate.full_name} ({c.delegate.unit or c.delegate.kind_label}): "
            f"{c.reason}"
            for c in r.challenged
        ]
        blocks += [Text(item, "subitem") for item in _ends(items)]
        n += 1
    if r.rejected:
        blocks.append(
            Text(
                f"{n}. Không đủ tư cách đại biểu, không được triệu tập: "
                f"{_people(len(r.rejected))}:",
                "item",
            )
        )
        items = []
        for x in r.rejected:
            where = ", ".join(
                p for p in (_lower_first(x.delegate.kind_label), x.delegate.unit) if p
            )
            why = _lower_first(x.reason_label) or "không đủ tư cách"
            detail = f" ({x.detail})" if x.detail else ""
            items.append(f"- Đồng chí {x.delegate.full_name} ({where}): {why}{detail}")
        blocks += [Text(item, "subitem") for item in _ends(items)]
        n += 1
    else:
        blocks.append(Text(f"{n}. Không đủ tư cách đại biểu: không có.", "item"))
        n += 1
    if r.pending:
        blocks.append(Text(f"{n}. Chưa thẩm tra: {_people(r.pending)}.", "item"))
    return blocks


def _replacement_blocks(r: CredentialsReport) -> list[Block]:
    blocks: list[Block] = [Text("III. ĐẠI BIỂU DỰ KHUYẾT ĐƯỢC TRIỆU TẬP THAY THẾ", "heading")]
    if not r.replacements:
        blocks.append(Text("Không có đại biểu dự khuyết được triệu tập thay thế."))
        return blocks
    blocks.append(
        Text(
            "Theo quyết định của cấp ủy triệu tập Đại hội, các đồng chí đại biểu dự khuyết sau "
            "được triệu tập thay thế đại biểu chính thức:"
        )
    )
    items = [
        f"{i}. Đồng chí {x.alternate.full_name}"
        + (f" ({x.alternate.unit})" if x.alternate.unit else "")
        + f" thay thế đồng chí {x.official.full_name} ({x.why})"
        for i, x in enumerate(r.replacements, start=1)
    ]
    blocks += [Text(item, "item") for item in _ends(items)]
    return blocks


def _table(c: rules.Composition) -> CompositionTable:
    rows = [TableRow("", "Tổng số đại biểu được triệu tập", vi_int(c.total), "100,00%", True)]
    for n, breakdown in enumerate(c.table, start=1):
        rows.append(TableRow(str(n), breakdown.title, "", "", True))
        rows += [
            TableRow("", f"- {line.label}", vi_int(line.count), line.share_vi)
            for line in breakdown.lines
        ]
    return CompositionTable(TABLE_HEADER, tuple(rows))


def _share_list(lines: tuple[rules.Line, ...]) -> str:
    """ "nam 5 đồng chí (62,50%); nữ 3 đồng chí (37,50%)": the lines with someone in them
    (the table shows the empty ones); "Khác" with the raw values it counted."""
    parts = []
    for line in lines:
        if not line.count:
            continue
        text = f"{_lower_first(line.label)} {_people(line.count)} ({line.share_vi})"
        if line.key == rules.OTHER and line.raw:
            text += ": " + ", ".join(f"“{raw}” {vi_int(n)}" for raw, n in line.raw)
        parts.append(text)
    return "; ".join(parts)


def _extremes(label: str, people: tuple[rules.Extreme, ...]) -> str:
    first = people[0]
    born = f"sinh ngày {vi_date(first.birth_date)} ({first.age} tuổi)"
    if len(people) == 1:
        return f"- {label}: đồng chí {first.full_name}, {born}"
    names = ", ".join(p.full_name for p in people)
    return f"- {label}: các đồng chí {names}, cùng {born}"


def _composition_blocks(r: CredentialsReport) -> list[Block]:
    c = r.composition
    blocks: list[Block] = [Text("IV. CƠ CẤU ĐẠI BIỂU ĐƯỢC TRIỆU TẬP", "heading")]
    if not c.total:
        blocks.append(Text("Chưa có đại biểu được triệu tập."))
        return blocks
    blocks.append(
        Text(
            f"Tính trên {_people(c.total)} được triệu tập, tuổi đời và tuổi đảng tính đến ngày "
            f"khai mạc Đại hội ({vi_date(c.on)}); tỷ lệ so với tổng số đại biểu được triệu tập:"
        )
    )
    blocks.append(_table(c))
    minorities = tuple(
        line
        for line in c.ethnicities.lines
        if line.key != rules.UNKNOWN and not rules.is_kinh(line.label)
    )
    religions = tuple(
        line
        for line in c.religions.lines
        if line.key != rules.UNKNOWN and line.label != rules.RELIGION_GROUPS[1][1]
    )
    ethnic = _share_list(c.ethnicity.lines)
    if minorities:
        ethnic += "; gồm các dân tộc: " + ", ".join(
            f"{line.label} {vi_int(line.count)}" for line in minorities
        )
    religion = _share_list(c.religion.lines)
    if religions:
        religion += "; gồm: " + ", ".join(
            f"{line.label} {vi_int(line.count)}" for line in religions
        )
    lines = [
        f"- Về giới tính: {_share_list(c.gender.lines)}",
        f"- Về độ tuổi: {_share_list(c.age.lines)}",
        f"- Về dân tộc: {ethnic}",
        f"- Về tôn giáo: {religion}",
        f"- Về trình độ chuyên môn: {_share_list(c.education.lines)}",
        f"- Về trình độ lý luận chính trị: {_share_list(c.theory.lines)}",
        f"- Về tuổi đảng: {_share_list(c.seniority.lines)}",
    ]
    if c.youngest:
        lines.append(_extremes("Đại biểu trẻ tuổi nhất", c.youngest))
    if c.oldest:
        lines.append(_extremes("Đại biểu cao tuổi nhất", c.oldest))
    blocks += [Text(line, "item") for line in _ends(lines)]
    return blocks


def _conclusion_blocks(r: CredentialsReport) -> list[Block]:
    blocks: list[Block] = [Text("V. KẾT LUẬN", "heading")]
    if r.all_accepted:
        text = (
            f"Ban Thẩm tra tư cách đại biểu kết luận: {_people(r.convened)} đại biểu được "
            f"triệu tập dự Đại hội đều đủ tư cách đại biểu."
        )
    else:
        text = (
            f"Ban Thẩm tra tư cách đại biểu kết luận: {_people(r.accepted)} đại biểu được "
            f"triệu tập dự Đại hội đủ tư cách đại biểu"
        )
        open_ = len(r.challenged) + r.pending
        if open_:
            text += (
                f"; {_people(open_)} đang được xem xét, Ban Thẩm tra tư cách đại biểu sẽ báo "
                "cáo Đại hội khi có kết luận"
            )
        text += "."
    blocks.append(Text(text))
    if r.rejected:
        blocks.append(
            Text(
                f"Có {_people(len(r.rejected))} không đủ tư cách đại biểu, không được triệu "
                "tập dự Đại hội (mục II)."
            )
        )
    blocks.append(Text("Ban Thẩm tra tư cách đại biểu trân trọng báo cáo Đại hội."))
    return blocks


def _with_blocks(r: CredentialsReport) -> CredentialsReport:
    blocks: list[Block] = [
        Text(
            "Căn cứ quyết định triệu tập Đại hội của cấp ủy và Quy chế làm việc của Đại hội, "
            "Ban Thẩm tra tư cách đại biểu báo cáo Đại hội kết quả thẩm tra tư cách đại biểu "
            "như sau:"
        )
    ]
    for part in (
        _convened_blocks,
        _review_blocks,
        _replacement_blocks,
        _composition_blocks,
        _conclusion_blocks,
    ):
        blocks += part(r)
    return replace(r, blocks=tuple(blocks))


# --- .docx --------------------------------------------------------------------------------------


def _docx_text(document: Any, block: Text) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if block.style == "item":
        fmt.left_indent = Mm(8)
    elif block.style == "subitem":
        fmt.left_indent = Mm(16)
    run = paragraph.add_run(block.text)
    if block.style == "heading":
        run.bold = True
        fmt.space_before = Pt(6)
        fmt.keep_with_next = True
    elif block.style == "note":
        run.italic = True
        run.font.size = Pt(12)


def _docx_table(document: Any, block: CompositionTable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    widths = (0.09, 0.57, 0.17, 0.17)
    align = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    section = document.sections[0]
    width_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    rows = [(block.header, True, True)] + [
        ((row.number, row.label, row.count, row.share), row.group, False) for row in block.rows
    ]
    for r, (cells, bold, head) in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = Mm(width_mm * widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if head else align[c]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(12)
    document.add_paragraph()


def _docx_signature(document: Any, signature: Signature) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    if document.paragraphs:  # the closing paragraph stays on the signature's page
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = table.rows[0].cells[1]
    first = True
    for line in signature.capacity:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).bold = True
    space = cell.add_paragraph()
    space.paragraph_format.space_after = Pt(SIGNATURE_SPACE_MM * 72 / 25.4 - 14)
    name = cell.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(signature.name).bold = True


def render_docx(report: CredentialsReport) -> bytes:
    """The report as a Party-format .docx (no database)."""
    document = new_docx(report.header)
    docx_page_numbers(document)
    docx_title(document, report.doc_type, report.summary)
    for block in report.blocks:
        if isinstance(block, Text):
            _docx_text(document, block)
        else:
            _docx_table(document, block)
    _docx_signature(document, report.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@in_vietnamese
def credentials_report_docx(congress: Congress, *, number: str = "") -> bytes:
    """The credentials report of `congress` as .docx."""
    return render_docx(report_context(congress, number=number))

"""The counting minutes (biên bản kiểm phiếu) of a closed round, as one content model
rendered to .docx and .pdf (blocks.py).

Every figure comes from the round's figures (convened, exclusions, present, ballots issued)
and from its STORED result (ballots received/valid/invalid, the base, votes needed, votes and
shares, outcome, protocol). Nothing is recounted here: the minutes say exactly what was
stored when the head closed the round, and `daihoi election verify` checks that store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from daihoi.core.documents import in_vietnamese
from daihoi.core.formatting import vi_date, vi_int, vi_percent
from daihoi.elections import queries
from daihoi.elections.documents import data, labels
from daihoi.elections.documents.blocks import (
    Block,
    Paragraph,
    PartyDocument,
    Signatures,
    Signer,
    Table,
    render_docx,
    render_pdf,
)
from daihoi.elections.models import BaseSource, Round, RoundStatus

DOC_TYPE = "BIÊN BẢN KIỂM PHIẾU"


class MinutesUnavailable(ValueError):
    """The round has no minutes yet (it is not closed); the message is Vietnamese."""


def _require_closed(round_: Round) -> dict[str, Any]:
    if round_.status != RoundStatus.CLOSED or round_.result is None:
        raise MinutesUnavailable(
            f"Lần bầu thứ {round_.number} chưa kết thúc: chưa có biên bản kiểm phiếu."
        )
    return round_.result


def _committee_blocks(round_: Round) -> list[Block]:
    committee = data.counting_committee(round_.election)
    day = data.local_date(round_.closed_at)
    where = round_.election.congress.place or round_.election.congress.organization.name
    opening = "Hôm nay"
    if day:
        opening += f", ngày {vi_date(day)}"
    blocks: list[Block] = [
        Paragraph(
            f"{opening}, tại {where}, Ban kiểm phiếu {round_.election.congress.title} "
            "gồm các đồng chí:"
        )
    ]
    people = ([(committee.head, "Trưởng ban")] if committee.head else []) + [
        (member, "Ủy viên") for member in committee.members
    ]
    for n, (person, role) in enumerate(people, start=1):
        end = "." if n == len(people) else ";"
        blocks.append(Paragraph(f"{n}. Đồng chí {person.full_name} — {role}{end}", "item"))
    blocks.append(
        Paragraph(
            f"đã tiến hành kiểm phiếu bầu {data.elected_what(round_)} "
            f"(bầu lần thứ {data.ordinal(round_.number)}, bầu {vi_int(round_.seats)} đồng chí). "
            "Kết quả như sau:"
        )
    )
    return blocks


def _figure_blocks(round_: Round, result: dict[str, Any]) -> list[Block]:
    meeting = round_.election.meeting
    ballots = result["ballots"]
    threshold = result["threshold"]
    excluded = sum(int(item.get("count", 0)) for item in round_.exclusions)
    blocks: list[Block] = [Paragraph("I. SỐ LIỆU ĐẠI BIỂU VÀ PHIẾU BẦU", "heading")]

    def item(n: int, label: str, value: int, tail: str = ".") -> None:
        blocks.append(Paragraph(f"{n}. {label}: {vi_int(value)}{tail}", "item"))

    item(1, labels.convened_label(meeting), round_.convened)
    item(2, "Số không tính vào cơ sở tính kết quả bầu cử", excluded, ", gồm:" if excluded else ".")
    blocks += _sub_items((e["reason"], int(e["count"])) for e in round_.exclusions)
    item(3, "Cơ sở tính kết quả bầu cử (B)", int(threshold["base"]))
    item(
        4,
        "Số phiếu cần đạt để trúng cử (quá một nửa so với B)",
        int(threshold["votes_needed"]),
    )
    item(5, labels.present_label(meeting), round_.present)
    blocks.append(Paragraph(_base_source_note(round_), "subitem"))
    item(6, "Số phiếu phát ra", round_.ballots_issued)
    item(7, "Số phiếu thu vào", int(ballots["received"]))
    item(8, "Số phiếu hợp lệ", int(ballots["valid"]))
    invalid = int(ballots["invalid"])
    item(9, "Số phiếu không hợp lệ", invalid, ", trong đó:" if invalid else ".")
    blocks += _sub_items(
        (labels.invalid_reason(code), int(count))
        for code, count in ballots["invalid_by_reason"].items()
        if count
    )
    return blocks


def _base_source_note(round_: Round) -> str:
    """Where the figures 1–5 came from: typing them by hand stays only for congresses run
    without check-in, and the minutes say so."""
    if round_.base_source == BaseSource.CHECKIN:
        session = f" ({round_.base_note})" if round_.base_note else ""
        return (
            "(Số liệu mục 1 đến mục 5 lấy từ điểm danh đại biểu trên hệ thống lúc mở lần bầu"
            f"{session}.)"
        )
    return "(Số liệu mục 1 đến mục 5 do Ban kiểm phiếu nhập; đại hội không điểm danh trên hệ thống.)"


def _sub_items(items: Iterable[tuple[str, int]]) -> list[Block]:
    """ "- reason: n;" lines, the last one ending with a full stop."""
    rows = list(items)
    return [
        Paragraph(f"- {label}: {vi_int(n)}{'.' if i == len(rows) - 1 else ';'}", "subitem")
        for i, (label, n) in enumerate(rows)
    ]


def _candidate_blocks(result: dict[str, Any]) -> list[Block]:
    base = vi_int(int(result["threshold"]["base"]))
    valid = vi_int(int(result["ballots"]["valid"]))
    rows = tuple(
        (
            str(n),
            c["name"],
            vi_int(int(c["votes"])),
            vi_percent(c["share_of_base"]),
            vi_percent(c["share_of_valid"]),
            labels.outcome(c["outcome"]),
        )
        for n, c in enumerate(result["candidates"], start=1)
    )
    return [
        Paragraph("II. SỐ PHIẾU BẦU CỦA TỪNG ĐỒNG CHÍ (theo thứ tự trên phiếu bầu)", "heading"),
        Table(
            header=(
                "STT",
                "Họ và tên",
                "Số phiếu bầu",
                "Tỷ lệ so với B",
                "Tỷ lệ so với phiếu hợp lệ",
                "Kết quả",
            ),
            rows=rows,
            widths=(0.08, 0.30, 0.11, 0.15, 0.18, 0.18),
            align=("center", "left", "right", "right", "right", "center"),
        ),
        Paragraph(
            f"Tỷ lệ so với B: so với cơ sở tính kết quả bầu cử ({base}); tỷ lệ so với phiếu "
            f"hợp lệ: so với {valid} phiếu hợp lệ. Làm tròn đến hai chữ số thập phân.",
            "note",
        ),
    ]


def _people(rows: list[dict[str, Any]]) -> list[Block]:
    """ "1. Đồng chí …: 10 phiếu, đạt 83,33% so với B, …;" — the last line ends with "."."""
    return [
        Paragraph(
            f"{n}. Đồng chí {row['name']}: {vi_int(int(row['votes']))} phiếu, đạt "
            f"{vi_percent(row['share_of_base'])} so với B, "
            f"{vi_percent(row['share_of_valid'])} so với phiếu hợp lệ"
            + ("." if n == len(rows) else ";"),
            "item",
        )
        for n, row in enumerate(rows, start=1)
    ]


def _outcome_blocks(round_: Round, result: dict[str, Any]) -> list[Block]:
    elected = labels.elected_in_order(result)
    blocks: list[Block] = [
        Paragraph("III. KẾT QUẢ", "heading"),
        Paragraph(
            f"Số lượng cần bầu: {vi_int(round_.seats)}; số đồng chí trúng cử: "
            f"{vi_int(len(elected))}."
        ),
    ]
    if len(elected) == 1:
        blocks.append(Paragraph("Đồng chí trúng cử:"))
    elif elected:
        blocks.append(Paragraph("Các đồng chí trúng cử (theo số phiếu từ cao xuống thấp):"))
    else:
        blocks.append(Paragraph("Không có đồng chí nào trúng cử."))
    blocks += _people(elected)
    alternates = labels.alternates_in_order(result)
    if alternates:
        blocks.append(Paragraph("Các đồng chí được lấy làm đại biểu dự khuyết:"))
        blocks += _people(alternates)
    tied = labels.tied_rows(result)
    if tied:
        names = labels.listing([row["name"] for row in tied])
        votes = vi_int(int(tied[0]["votes"]))
        blocks.append(
            Paragraph(
                f"Các đồng chí {names} bằng phiếu nhau ({votes} phiếu) ở vị trí trúng cử cuối cùng."
            )
        )
    blocks.append(Paragraph(f"Bước tiếp theo: {labels.next_step(result, round_.seats)}"))
    return blocks


def _protocol_blocks(result: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Paragraph("IV. CÁC BƯỚC KIỂM PHIẾU THEO QUY CHẾ", "heading")]
    for n, step in enumerate(result["protocol"], start=1):
        detail = step["detail"].rstrip(".")
        blocks.append(Paragraph(f"{n}. {step['step']}: {detail}. Căn cứ: {step['rule']}.", "item"))
    return blocks


def _integrity_blocks(round_: Round) -> list[Block]:
    """What lets the signed paper be compared with the database later: the stored result's
    SHA-256 (`daihoi election verify` recounts the confirmed ballots and prints it), and the
    audit log's entry of the closing (`daihoi audit verify --anchor SEQ:HASH`; its hash
    covers every entry before it, so a log rewritten since no longer matches the paper)."""
    blocks: list[Block] = [
        Paragraph(f"Mã kiểm tra kết quả (SHA-256): {round_.result_digest}", "note")
    ]
    anchor = queries.closing_anchor(round_)
    if anchor is not None:
        blocks.append(
            Paragraph(
                f"Mốc nhật ký hệ thống khi kết thúc lần bầu: {anchor.seq}:{anchor.entry_hash}",
                "note",
            )
        )
    return blocks


def _signature_block(round_: Round) -> Signatures:
    committee = data.counting_committee(round_.election)
    head = committee.head.full_name if committee.head else ""
    members = tuple(m.full_name for m in committee.members)
    return Signatures(
        left=Signer("CÁC THÀNH VIÊN", members) if members else None,
        right=Signer("TRƯỞNG BAN KIỂM PHIẾU", (head,)),
    )


@in_vietnamese
def minutes_document(round_: Round, *, number: str = "") -> PartyDocument:
    """The minutes of a closed round as blocks. `number` is the minutes' number ("12"), or
    empty for a blank to fill in by hand."""
    result = _require_closed(round_)
    header = data.party_header(
        round_.election,
        number=data.minutes_number(number),
        on=data.local_date(round_.closed_at),
    )
    blocks: list[Block] = [
        *_committee_blocks(round_),
        *_figure_blocks(round_, result),
        *_candidate_blocks(result),
        *_outcome_blocks(round_, result),
        *_protocol_blocks(result),
        *_integrity_blocks(round_),
        Paragraph(
            "Biên bản này được Ban kiểm phiếu lập, thông qua và báo cáo trước đại hội.",
        ),
        _signature_block(round_),
    ]
    return PartyDocument(header, DOC_TYPE, data.summary_line(round_), tuple(blocks))


@in_vietnamese
def minutes_docx(round_: Round, *, number: str = "") -> bytes:
    return render_docx(minutes_document(round_, number=number))


@in_vietnamese
def minutes_pdf(round_: Round, *, number: str = "") -> bytes:
    return render_pdf(minutes_document(round_, number=number))


def filename(round_: Round, extension: str) -> str:
    return f"bien-ban-kiem-phieu-{round_.election_id}-lan-{round_.number}.{extension}"

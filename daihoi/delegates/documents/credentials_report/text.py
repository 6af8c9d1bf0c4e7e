"""The words of the credentials report: `with_blocks` turns a `CredentialsReport` into its
Vietnamese text blocks (and the composition table), which the page and the .docx both render.

What it says, in order: the delegates convened and of what kinds, the alternates; the
committee's review (accepted; challenged, with the reason; rejected, with the reason of
rules.md §3); the alternates who replaced officials; the composition of the delegates
convened (delegates.rules.report: a table and prose, shares of the total convened); the
youngest and the oldest; the conclusion. The head's signature is not a block (docx).
"""

from __future__ import annotations

from dataclasses import replace

from daihoi.core.formatting import vi_date, vi_int
from daihoi.delegates.documents.credentials_report.content import (
    TABLE_HEADER,
    Block,
    CompositionTable,
    CredentialsReport,
    TableRow,
    Text,
)
from daihoi.delegates.rules import report as rules


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


def with_blocks(r: CredentialsReport) -> CredentialsReport:
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

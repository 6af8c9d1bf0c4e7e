"""What the summary report says, once for every output: the prose paragraphs (read like
the organization departments' own reports in shared/seeds/) and the tables of figures.
The .docx, the page and the .xlsx all render this content model.

Numbers in prose and tables are in Vietnamese format (16.138; 99,69%). In prose a whole
percentage drops its ",00" ("100%", "82%") as the reports write it; tables keep two
decimals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daihoi.congresses.models import CongressKind, CongressStatus
from daihoi.core.documents import in_vietnamese
from daihoi.core.formatting import vi_date, vi_int, vi_percent
from daihoi.organizations.models import Level, OrganizationKind
from daihoi.reports import rules
from daihoi.reports.summary import LevelFigures, SummaryFigures, UnitRef

NAMES_IN_PROSE = 10  # beyond this a sentence says "và N đơn vị khác"


class Pct(str):
    """A percentage string of the package ("99.69"): shown "99,69%", stored as a number."""


class Subheading(str):
    """A line of a section that heads the paragraphs of one level ("1. Tổ chức cơ sở đảng")."""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    key: str  # the .xlsx sheet and the page anchor
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def cell_text(value: Any) -> str:
    """A table cell as printed: 1.234 · 99,69% · — for nothing."""
    if value is None:
        return "—"
    if isinstance(value, Pct):
        return vi_percent(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vi_int(value)
    return str(value)


def prose_percent(value: str) -> str:
    """ "100.00" → "100%", "82.00" → "82%", "99.69" → "99,69%"."""
    text = vi_percent(value)
    return text.replace(",00%", "%")


def _n(value: int) -> str:
    return vi_int(value)


def _directive_date(figures: SummaryFigures) -> str:
    d = figures.directive.issued_on if figures.directive else None
    return f"{d.day}/{d.month}/{d.year}" if d else ""


@in_vietnamese
def title(figures: SummaryFigures) -> str:
    """The summary line (trích yếu) under "BÁO CÁO"."""
    return (
        "Tổng kết công tác tổ chức đại hội các tổ chức đảng trực thuộc "
        f"{figures.organization.name}, nhiệm kỳ {figures.term}"
    )


def _names(refs: tuple[UnitRef, ...], total: int) -> str:
    shown = [r.name for r in refs[:NAMES_IN_PROSE]]
    rest = total - len(shown)
    text = ", ".join(shown)
    return f"{text} và {_n(rest)} đơn vị khác" if rest > 0 else text


# --- Paragraphs -----------------------------------------------------------------------------


def intro(figures: SummaryFigures) -> str:
    directive = figures.directive
    basis = ""
    if directive is not None:
        basis = (
            f"Thực hiện Chỉ thị số {directive.number} ngày {_directive_date(figures)} của "
            f"Bộ Chính trị “{directive.title}”, "
        )
    who = figures.committee
    text = (
        f"{who} báo cáo tổng kết công tác tổ chức đại hội các tổ chức đảng trực thuộc "
        f"nhiệm kỳ {figures.term} như sau (số liệu tính đến ngày {vi_date(figures.as_of)})."
    )
    return basis + (text if basis else text[0].upper() + text[1:])


def progress(level: LevelFigures, figures: SummaryFigures) -> str:
    noun = level.noun
    share = f"{_n(level.held)}/{_n(level.units)}"
    if level.units and level.held >= level.units:
        last = level.last_held_on
        when = (
            f"Đến hết tháng {last.month} năm {last.year}"
            if last
            else f"Tính đến ngày {vi_date(figures.as_of)}"
        )
        text = f"{when}, 100% {noun} đã hoàn thành đại hội ({share} đơn vị)."
    else:
        text = (
            f"Tính đến ngày {vi_date(figures.as_of)}, {prose_percent(level.held_percent)} "
            f"{noun} đã hoàn thành đại hội ({share} đơn vị); còn {_n(level.not_held)} đơn vị chưa "
            "đại hội"
        )
        if level.late and level.deadline:
            text += (
                f", trong đó {_n(level.late)} đơn vị đã quá thời hạn "
                f"{vi_date(level.deadline)} theo Chỉ thị"
            )
        if level.missing:
            text += f"; {_n(level.missing)} đơn vị chưa có kế hoạch đại hội"
        text += "."
    if level.held_after_deadline and level.deadline:
        text += (
            f" Có {_n(level.held_after_deadline)} đại hội được tổ chức sau thời hạn "
            f"{vi_date(level.deadline)}."
        )
    return text


def _territorial_noun(level: int) -> str:
    return "đảng bộ xã, phường, thị trấn" if level == rules.BASE else "các đảng bộ địa phương"


def kinds(level: LevelFigures) -> str:
    if not level.held:
        return ""
    if level.delegates_kind and level.general_kind:
        text = (
            f"Về hình thức, có {_n(level.delegates_kind)} đại hội đại biểu và "
            f"{_n(level.general_kind)} đại hội toàn thể đảng viên."
        )
    else:
        only = "đại hội đại biểu" if level.delegates_kind else "đại hội toàn thể đảng viên"
        text = f"Về hình thức, cả {_n(level.held)} đại hội đều là {only}."
    # Only committees choose between the two kinds (a cell always meets as a whole).
    territorial = [
        r
        for r in level.by_organization_kind
        if r.organization_kind == OrganizationKind.TERRITORIAL
        and r.held
        and level.level in (rules.PROVINCIAL, rules.UPPER_BASE, rules.BASE)
    ]
    for row in territorial:
        text += (
            f" Đối với {_territorial_noun(level.level)}: {_n(row.delegates)}/{_n(row.held)} "
            f"đảng bộ đại hội đại biểu, {_n(row.general)}/{_n(row.held)} đảng bộ đại hội "
            "toàn thể đảng viên."
        )
    return text


def pilots(level: LevelFigures) -> str:
    if not level.pilot:
        return ""
    return (
        f"Đã chỉ đạo tổ chức {_n(level.pilot)} đại hội điểm, gồm: "
        f"{_names(level.pilot_units, level.pilot)}."
    )


def direct_and_contents(level: LevelFigures) -> str:
    if not level.held:
        return ""
    short = rules.LEVEL_SHORT_NOUNS.get(level.level, "đơn vị")
    held = _n(level.held)
    text = (
        f"Có {_n(level.direct)}/{held} {short} ({prose_percent(level.direct_percent)}) đại hội "
        "bầu trực tiếp bí thư tại đại hội"
    )
    if 0 < level.not_direct <= NAMES_IN_PROSE:
        text += f" (trừ {_names(level.not_direct_units, level.not_direct)})"
    text += f"; {_n(level.contents[4])}/{held} đại hội thực hiện đủ 4 nội dung"
    if level.contents[3]:
        text += f", {_n(level.contents[3])} đại hội 3 nội dung (không bầu cấp ủy)"
    if level.contents[2]:
        text += f", {_n(level.contents[2])} đại hội 2 nội dung (cấp ủy được chỉ định)"
    return text + "."


def _convened_text(kind: str, convened: int) -> str:
    if kind == CongressKind.GENERAL:
        return f"đại hội toàn thể đảng viên, số đảng viên triệu tập {_n(convened)} đảng viên"
    return f"đại hội đại biểu, số đại biểu triệu tập {_n(convened)} đại biểu"


def shares(level: LevelFigures) -> str:
    s = level.shares
    if not s.count or s.min is None or s.max is None:
        return ""
    text = (
        f"{_n(s.count)} đồng chí bí thư được bầu trực tiếp tại đại hội đều trúng cử với tỷ lệ "
        f"phiếu bầu từ {prose_percent(s.min)} đến {prose_percent(s.max)}"
    )
    if s.max != s.min:
        text += (
            f"; trong đó {_n(s.at_max)} đơn vị có tỷ lệ phiếu bầu bí thư cao nhất "
            f"(đạt {prose_percent(s.max)} phiếu bầu)"
        )
        if s.lowest is not None:
            text += (
                f"; đơn vị có tỷ lệ phiếu bầu bí thư thấp nhất đạt {prose_percent(s.min)} "
                f"({s.lowest.name}, {_convened_text(s.lowest.congress_kind, s.lowest.convened)})"
            )
    text += f"; {_n(s.at_least_98)}/{_n(s.count)} đồng chí trúng cử với số phiếu từ 98% trở lên."
    return text


def committee(level: LevelFigures) -> str:
    c = level.committee
    if not c.results:
        return ""

    def part(label: str, n: int) -> str:
        return f"{label} {_n(n)} đồng chí ({prose_percent(c.percent_of_elected(n))})"

    text = f"Đại hội đã bầu {_n(c.elected)} đồng chí vào cấp ủy, trong đó " + ", ".join(
        [
            part("tái cử", c.reelected),
            part("tham gia lần đầu", c.new),
            part("nữ", c.women),
            part("trẻ tuổi", c.young),
            part("người dân tộc thiểu số", c.ethnic_minority),
        ]
    )
    if c.standing:
        text += f"; {_n(c.standing)} đồng chí được bầu vào Ban Thường vụ"
    text += (
        f"; {_n(c.secretaries)} đồng chí được bầu giữ chức vụ bí thư, {_n(c.deputies)} đồng chí "
        "phó bí thư"
    )
    if c.inspection:
        text += f"; {_n(c.inspection)} đồng chí được bầu vào ủy ban kiểm tra"
    text += "."
    if c.results < level.held:
        text += f" (Số liệu của {_n(c.results)}/{_n(level.held)} đại hội đã báo cáo kết quả.)"
    return text


def upper(level: LevelFigures, figures: SummaryFigures) -> str:
    c = level.committee
    if not (c.delegates or c.alternates):
        return ""
    if level.level == figures.organization.level + 1:
        where = f"Đại hội {figures.organization.name}"
    else:
        where = "đại hội đảng bộ cấp trên trực tiếp"
    return (
        f"Các đại hội đã bầu {_n(c.delegates)} đại biểu chính thức và {_n(c.alternates)} "
        f"đại biểu dự khuyết đi dự {where}."
    )


def own_congress(figures: SummaryFigures) -> str:
    own = figures.own_congress
    if own is None:
        return ""
    who = "đảng viên" if own.kind == CongressKind.GENERAL else "đại biểu chính thức"
    text = f"{own.title}: triệu tập {_n(own.convened)} {who}"
    if own.held_on:
        text += f", đã tổ chức ngày {vi_date(own.held_on)}"
    elif own.starts_on:
        text += f", khai mạc ngày {vi_date(own.starts_on)}"
    return text + "."


def late_and_missing(level: LevelFigures) -> str:
    parts = []
    if level.late and level.deadline:
        parts.append(
            f"{_n(level.late)} đơn vị chưa đại hội đã quá thời hạn {vi_date(level.deadline)}: "
            f"{_names(level.late_units, level.late)}"
        )
    if level.missing:
        parts.append(
            f"{_n(level.missing)} đơn vị chưa có kế hoạch đại hội: "
            f"{_names(level.missing_units, level.missing)}"
        )
    if not parts:
        return ""
    return f"{Level(level.level).label}: " + "; ".join(parts) + "."


def _numbered(part: list[str], label: str) -> Subheading:
    """ "2. Tổ chức cơ sở đảng": numbered within its section."""
    n = sum(isinstance(p, Subheading) for p in part) + 1
    return Subheading(f"{n}. {label}")


@in_vietnamese
def sections(figures: SummaryFigures) -> list[Section]:
    """The report's body: I. the congresses held, II. what they elected, III. late and
    missing units (only when there are some)."""
    held_part: list[str] = []
    elected_part: list[str] = []
    late_part: list[str] = []
    for level in figures.levels:
        label = Level(level.level).label
        body = [progress(level, figures), kinds(level), pilots(level), direct_and_contents(level)]
        held_part += [_numbered(held_part, label), *[p for p in body if p]]
        votes = [p for p in (shares(level), committee(level), upper(level, figures)) if p]
        if votes:
            elected_part += [_numbered(elected_part, label), *votes]
        if text := late_and_missing(level):
            late_part.append(text)
    if own := own_congress(figures):
        elected_part.append(own)
    out = [
        Section("", (intro(figures),)),
        Section("I. TÌNH HÌNH, KẾT QUẢ TỔ CHỨC ĐẠI HỘI", tuple(held_part)),
        Section("II. KẾT QUẢ BẦU CỬ TẠI ĐẠI HỘI", tuple(elected_part)),
    ]
    if late_part:
        out.append(Section("III. CÁC ĐƠN VỊ CHẬM TIẾN ĐỘ, CHƯA ĐẠI HỘI", tuple(late_part)))
    return out


# --- Tables ---------------------------------------------------------------------------------


def _level_label(level: LevelFigures) -> str:
    return str(Level(level.level).label)


@in_vietnamese
def tables(figures: SummaryFigures) -> list[Table]:
    levels = figures.levels
    progress_rows = tuple(
        (
            _level_label(lv),
            lv.units,
            lv.planned,
            lv.held,
            Pct(lv.held_percent),
            lv.not_held,
            lv.late,
            lv.missing,
            lv.held_after_deadline,
            vi_date(lv.deadline) if lv.deadline else None,
        )
        for lv in levels
    )
    form_rows = tuple(
        (
            _level_label(lv),
            lv.delegates_kind,
            lv.general_kind,
            lv.pilot,
            lv.contents[4],
            lv.contents[3],
            lv.contents[2],
            lv.direct,
            lv.held,
            Pct(lv.direct_percent),
        )
        for lv in levels
    )
    kind_rows = tuple(
        (
            _level_label(lv),
            str(OrganizationKind(r.organization_kind).label)
            if r.organization_kind in OrganizationKind.values
            else r.organization_kind,
            r.units,
            r.held,
            r.delegates,
            r.general,
        )
        for lv in levels
        for r in lv.by_organization_kind
    )
    share_rows = tuple(
        (
            _level_label(lv),
            lv.shares.count,
            Pct(lv.shares.min) if lv.shares.min else None,
            Pct(lv.shares.max) if lv.shares.max else None,
            lv.shares.at_100,
            lv.shares.at_least_98,
            lv.shares.below_98,
            lv.shares.lowest.name if lv.shares.lowest else None,
        )
        for lv in levels
    )
    committee_rows = tuple(
        (
            _level_label(lv),
            lv.committee.results,
            lv.committee.elected,
            lv.committee.reelected,
            Pct(lv.committee.percent_of_elected(lv.committee.reelected)),
            lv.committee.new,
            Pct(lv.committee.percent_of_elected(lv.committee.new)),
            lv.committee.women,
            Pct(lv.committee.percent_of_elected(lv.committee.women)),
            lv.committee.young,
            Pct(lv.committee.percent_of_elected(lv.committee.young)),
            lv.committee.ethnic_minority,
            Pct(lv.committee.percent_of_elected(lv.committee.ethnic_minority)),
        )
        for lv in levels
    )
    leadership_rows = tuple(
        (
            _level_label(lv),
            lv.committee.standing,
            lv.committee.secretaries,
            lv.committee.deputies,
            lv.committee.inspection,
            lv.committee.delegates,
            lv.committee.alternates,
        )
        for lv in levels
    )
    unit_rows: list[tuple[Any, ...]] = []
    for lv in levels:
        label = _level_label(lv)
        unit_rows += [(label, u.code, u.name, "Đại hội điểm") for u in lv.pilot_units]
        unit_rows += [
            (label, u.code, u.name, "Không bầu trực tiếp bí thư") for u in lv.not_direct_units
        ]
        unit_rows += [
            (label, u.code, u.name, f"Chậm tiến độ ({CongressStatus(u.status).label.lower()})")
            for u in lv.late_units
        ]
        unit_rows += [(label, u.code, u.name, "Chưa có kế hoạch đại hội") for u in lv.missing_units]
    return [
        Table(
            "tien-do",
            "Bảng 1. Tiến độ đại hội theo cấp",
            (
                "Cấp",
                "Số đơn vị",
                "Đã có kế hoạch",
                "Đã đại hội",
                "Tỷ lệ đã đại hội",
                "Chưa đại hội",
                "Quá hạn chưa đại hội",
                "Chưa có kế hoạch",
                "Đại hội sau thời hạn",
                "Thời hạn",
            ),
            progress_rows,
        ),
        Table(
            "hinh-thuc",
            "Bảng 2. Hình thức, đại hội điểm, nội dung và bầu trực tiếp bí thư",
            (
                "Cấp",
                "Đại hội đại biểu",
                "Đại hội toàn thể",
                "Đại hội điểm",
                "4 nội dung",
                "3 nội dung",
                "2 nội dung",
                "Bầu trực tiếp bí thư",
                "Số đại hội đã tổ chức",
                "Tỷ lệ bầu trực tiếp",
            ),
            form_rows,
        ),
        Table(
            "loai-hinh",
            "Bảng 3. Hình thức đại hội theo loại hình tổ chức",
            ("Cấp", "Loại hình", "Số đơn vị", "Đã đại hội", "Đại hội đại biểu", "Toàn thể"),
            kind_rows,
        ),
        Table(
            "bi-thu",
            "Bảng 4. Tỷ lệ phiếu bầu bí thư được bầu trực tiếp tại đại hội",
            (
                "Cấp",
                "Số bí thư",
                "Thấp nhất",
                "Cao nhất",
                "Đạt 100%",
                "Từ 98% trở lên",
                "Dưới 98%",
                "Đơn vị thấp nhất",
            ),
            share_rows,
        ),
        Table(
            "cap-uy",
            "Bảng 5. Kết quả bầu cấp ủy",
            (
                "Cấp",
                "Đại hội đã báo cáo",
                "Cấp ủy viên",
                "Tái cử",
                "Tỷ lệ tái cử",
                "Lần đầu",
                "Tỷ lệ lần đầu",
                "Nữ",
                "Tỷ lệ nữ",
                "Trẻ tuổi",
                "Tỷ lệ trẻ",
                "Dân tộc thiểu số",
                "Tỷ lệ DTTS",
            ),
            committee_rows,
        ),
        Table(
            "lanh-dao",
            "Bảng 6. Ban Thường vụ, bí thư, phó bí thư, ủy ban kiểm tra, đại biểu dự đại hội "
            "cấp trên",
            (
                "Cấp",
                "Ủy viên Ban Thường vụ",
                "Bí thư",
                "Phó bí thư",
                "Ủy viên UBKT",
                "Đại biểu chính thức",
                "Đại biểu dự khuyết",
            ),
            leadership_rows,
        ),
        Table(
            "don-vi",
            "Bảng 7. Danh sách đơn vị: đại hội điểm, không bầu trực tiếp bí thư, chậm tiến "
            "độ, chưa có kế hoạch",
            ("Cấp", "Mã", "Tên đơn vị", "Ghi chú"),
            tuple(unit_rows),
        ),
    ]

"""The dashboard's tables as .xlsx (openpyxl, write-only, Vietnamese headers).

Each table is one workbook: the table in its first sheet (headers in row 1, numbers as
numbers, percentages with two decimals as on screen), then a sheet "Thông tin" naming the
organization, the term and the day. The lists (late, missing, pilots, units of a level) are
exported whole, not one page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from daihoi.congresses import queries_dashboard as q
from daihoi.congresses.models import CongressStatus
from daihoi.core.documents import in_vietnamese
from daihoi.counting.shares import percent
from daihoi.organizations.models import Level

Row = list[Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_TABLE_PREFIX = "don-vi-cap-"


def _pct(value: str) -> Decimal:
    return Decimal(value)


def _level(level: int) -> str:
    return str(Level(level).label)


def _status(status: str) -> str:
    return str(CongressStatus(status).label)


def _progress_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    prog = q.progress(scope)
    header = [
        "Cấp",
        "Số đơn vị",
        "Số đại hội (đã có kế hoạch)",
        "Đã tổ chức",
        "Tỷ lệ đã tổ chức (%)",
        "Trễ hạn",
        "Chưa có kế hoạch",
        *[f"Trạng thái: {_status(s)}" for s in q.STATUSES],
        "Hạn chót",
    ]

    def row(label: str, t: q.Tally, deadline: dt.date | None) -> Row:
        statuses = [t.by_status[s] for s in q.STATUSES]
        return [
            label,
            t.units,
            t.planned,
            t.held,
            _pct(t.held_percent),
            t.late,
            t.missing,
            *statuses,
            deadline,
        ]

    rows = [row(_level(lv), t, scope.deadlines.get(lv)) for lv, t in prog.by_level.items()]
    rows.append(row("Tổng cộng", prog.total, None))
    return header, rows


def _children_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    prog = q.progress(scope)
    header = [
        "Mã",
        "Đơn vị",
        "Cấp",
        "Số đơn vị",
        "Số đại hội",
        "Đã tổ chức",
        "Tỷ lệ đã tổ chức (%)",
        "Trễ hạn",
        "Chưa có kế hoạch",
    ]
    rows = [
        [
            c.org.code,
            c.org.name,
            _level(c.org.level),
            c.tally.units,
            c.tally.planned,
            c.tally.held,
            _pct(c.tally.held_percent),
            c.tally.late,
            c.tally.missing,
        ]
        for c in prog.children
    ]
    return header, rows


def _flags_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    flags = q.flags_by_level(scope, q.progress(scope))
    header = [
        "Cấp",
        "Số đại hội",
        "Đại hội đại biểu",
        "Đại hội toàn thể đảng viên",
        "Tỷ lệ đại hội đại biểu (%)",
        "Đại hội điểm",
        "Đại hội điểm đã tổ chức",
        "Dự kiến bầu trực tiếp bí thư",
        "Đã tổ chức",
        "Đã tổ chức, bầu trực tiếp bí thư",
        "Tỷ lệ bầu trực tiếp bí thư (%)",
    ]
    rows = [
        [
            _level(lv),
            f.planned,
            f.delegates,
            f.general,
            _pct(f.delegates_percent),
            f.pilots,
            f.pilots_held,
            f.direct,
            f.held,
            f.direct_held,
            _pct(f.direct_held_percent),
        ]
        for lv, f in flags.items()
    ]
    return header, rows


def _shares_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    shares = q.share_histogram(scope)
    header = ["Tỷ lệ phiếu bầu bí thư (phần nguyên, %)", "Số bí thư bầu trực tiếp tại đại hội"]
    rows: list[Row] = [[p, n] for p, n in shares.bins()]
    if shares.lowest is not None and shares.highest is not None:
        low, high = shares.lowest, shares.highest
        rows.append(["Thấp nhất (%)", _pct(percent(low.numerator, low.denominator))])
        rows.append(["Cao nhất (%)", _pct(percent(high.numerator, high.denominator))])
    return header, rows


def _series_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    series = q.held_over_time(scope)
    header = [
        "Ngày",
        *[f"Đã tổ chức, lũy kế: {_level(lv)}" for lv in series.by_level],
        "Đã tổ chức, lũy kế: tất cả các cấp",
    ]
    rows = [
        [day, *[values[i] for values in series.by_level.values()], series.total[i]]
        for i, day in enumerate(series.days)
    ]
    return header, rows


def _late_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    header = ["Mã", "Đơn vị", "Cấp", "Trạng thái", "Ngày khai mạc dự kiến", "Hạn chót"]
    rows = (
        [
            c.organization.code,
            c.organization.name,
            _level(c.org_level),
            _status(c.status),
            c.starts_on,
            scope.deadlines.get(c.org_level),
        ]
        for c in q.late_congresses(scope).iterator(chunk_size=2000)
    )
    return header, rows


def _missing_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    header = ["Mã", "Đơn vị", "Cấp"]
    rows = (
        [o.code, o.name, _level(o.level)] for o in q.missing_units(scope).iterator(chunk_size=2000)
    )
    return header, rows


def _pilots_table(scope: q.Scope) -> tuple[Row, Iterable[Row]]:
    header = ["Mã", "Đơn vị", "Cấp", "Trạng thái", "Ngày khai mạc", "Ngày tổ chức"]
    rows = (
        [
            c.organization.code,
            c.organization.name,
            _level(c.org_level),
            _status(c.status),
            c.starts_on,
            c.held_on,
        ]
        for c in q.pilot_congresses(scope).iterator(chunk_size=2000)
    )
    return header, rows


def _level_table(scope: q.Scope, level: int) -> tuple[Row, Iterable[Row]]:
    header = ["Mã", "Đơn vị", "Trạng thái", "Ngày khai mạc", "Ngày tổ chức", "Trễ hạn"]
    late_levels = scope.late_levels

    def rows() -> Iterator[Row]:
        units = q.units_at_level(scope, level)
        congresses = q.congresses_under(scope).filter(org_level=level).order_by("org_path")
        by_org = {c.organization_id: c for c in congresses.iterator(chunk_size=2000)}
        for unit in units.iterator(chunk_size=2000):
            c = by_org.get(unit.pk)
            if c is None:
                yield [unit.code, unit.name, "Chưa có kế hoạch", None, None, "—"]
                continue
            late = c.status in q.NOT_HELD and level in late_levels
            yield [
                unit.code,
                unit.name,
                _status(c.status),
                c.starts_on,
                c.held_on,
                "Trễ hạn" if late else "",
            ]

    return header, rows()


Builder = Callable[[q.Scope], tuple[Row, Iterable[Row]]]

# slug → (sheet title, builder)
TABLES: dict[str, tuple[str, Builder]] = {
    "tien-do-theo-cap": ("Tiến độ theo cấp", _progress_table),
    "don-vi-truc-thuoc": ("Đơn vị trực thuộc", _children_table),
    "hinh-thuc-diem-truc-tiep": ("Hình thức, điểm, trực tiếp", _flags_table),
    "ty-le-phieu-bi-thu": ("Tỷ lệ phiếu bí thư", _shares_table),
    "tien-do-theo-ngay": ("Tiến độ theo ngày", _series_table),
    "tre-han": ("Đơn vị trễ hạn", _late_table),
    "chua-co-ke-hoach": ("Chưa có kế hoạch", _missing_table),
    "dai-hoi-diem": ("Đại hội điểm", _pilots_table),
}


DEFAULT_TABLE = "tien-do-theo-cap"


def level_table_slug(level: int) -> str:
    return f"{LEVEL_TABLE_PREFIX}{level}"


def is_level_table(table: str, scope: q.Scope) -> bool:
    suffix = table.removeprefix(LEVEL_TABLE_PREFIX)
    return table.startswith(LEVEL_TABLE_PREFIX) and suffix.isdigit() and int(suffix) in scope.levels


def _cells(sheet: Any, values: Row, bold: bool = False) -> list[Any]:
    out = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if bold:
            cell.font = Font(bold=True)
        elif isinstance(value, dt.date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, Decimal):
            cell.number_format = "0.00"
        out.append(cell)
    return out


@in_vietnamese
def workbook_bytes(scope: q.Scope, table: str) -> bytes:
    if table in TABLES:
        title, build = TABLES[table]
        header, rows = build(scope)
    else:
        level = int(table.removeprefix(LEVEL_TABLE_PREFIX))
        title = f"Đơn vị cấp {level}"
        header, rows = _level_table(scope, level)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(_cells(sheet, header, bold=True))
    for row in rows:
        sheet.append(_cells(sheet, row))
    about = book.create_sheet("Thông tin")
    for label, value in (
        ("Đơn vị", scope.org.name),
        ("Mã", scope.org.code),
        ("Nhiệm kỳ", scope.term),
        ("Tính đến ngày", scope.day),
        ("Bảng", title),
    ):
        about.append(_cells(about, [label, value]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(scope: q.Scope, table: str) -> HttpResponse:
    name = f"tien-do-{table}-{slugify(scope.org.code)}-{scope.term}.xlsx"
    response = HttpResponse(workbook_bytes(scope, table), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response

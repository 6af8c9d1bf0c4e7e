"""Importing a plan of congresses from the .xlsx an organization department keeps.

1. `read_plan_file` reads the first sheet into RawPlanRows (text, with the row number the
   user sees in Excel); a problem with the whole file raises ImportFileError.
2. `check_plan_rows` checks every row (rules.check_plan_row) against the units of the
   database the rows name, the scope (the page's organization and its subtree) and the
   congresses already planned for the term. Nothing is written.
3. The rows travel from the preview to the confirmation signed (`sign_rows`/`unsign_rows`,
   bound to the organization and the term, valid 24 hours); `actions.import_plan` checks
   them again inside its transaction and writes all or none.

The results of congresses run outside daihoi are imported the same way (spec=RESULTS,
`check_result_rows`, `actions.import_results`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import IO, Any

from django.core import signing
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from daihoi.congresses import rules
from daihoi.congresses.models import Congress
from daihoi.core.text import nfc
from daihoi.organizations.imports import ImportFileError, cell_text
from daihoi.organizations.models import Organization

MAX_ROWS = 60_000  # a large province's cells and base organizations
MAX_BYTES = 10 * 1024 * 1024
LOOKUP_CHUNK = 900  # codes per IN (...) query
SIGNING_SALT = "daihoi.congresses.plan_import"
SIGNED_MAX_AGE = 24 * 3600
RESULTS_SALT = "daihoi.congresses.results_import"

Columns = dict[str, tuple[str, tuple[str, ...]]]


def _header_index(columns: Columns) -> dict[str, str]:
    return {
        rules.plain(alias): name
        for name, (label, aliases) in columns.items()
        for alias in (label, *aliases)
    }


PLAN = (rules.PLAN_COLUMNS, rules.REQUIRED_PLAN_COLUMNS)
RESULTS = (rules.RESULT_COLUMNS, rules.REQUIRED_RESULT_COLUMNS)


# --- 1. Reading ----------------------------------------------------------------------------


def read_plan_file(
    stream: IO[bytes],
    file_name: str,
    *,
    size: int | None = None,
    spec: tuple[Columns, tuple[str, ...]] = PLAN,
) -> list[rules.RawPlanRow]:
    """The rows of a plan file (or, with spec=RESULTS, of a results file)."""
    if PurePath(file_name).suffix.lower() != ".xlsx":
        raise ImportFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel .xlsx. Nếu là tệp .xls cũ, hãy mở bằng "
                "Excel và lưu lại dưới dạng .xlsx."
            )
            % {"name": file_name}
        )
    if size is not None and size > MAX_BYTES:
        raise ImportFileError(
            _("Tệp “%(name)s” quá lớn (tối đa %(max)s MB).")
            % {"name": file_name, "max": MAX_BYTES // 1024 // 1024}
        )
    return rows_from_table(_xlsx_table(stream, file_name), file_name, spec)


def _xlsx_table(stream: IO[bytes], file_name: str) -> Iterator[Sequence[object]]:
    import openpyxl

    unreadable = _("Không đọc được tệp “%(name)s”: đây không phải tệp Excel .xlsx hợp lệ.") % {
        "name": file_name
    }
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # a damaged file raises many kinds (BadZipFile, KeyError…)
        raise ImportFileError(unreadable) from error
    try:
        if workbook.worksheets:
            try:
                yield from workbook.worksheets[0].iter_rows(values_only=True)
            except Exception as error:  # a damaged sheet fails while it is read
                raise ImportFileError(unreadable) from error
    finally:
        workbook.close()


def map_headers(
    header: Sequence[object], spec: tuple[Columns, tuple[str, ...]] = PLAN
) -> dict[int, str]:
    """Column index → field, from the header row (any case or accents); other columns
    (e.g. "STT", "Tên tổ chức") are ignored."""
    known, required = spec
    to_field = _header_index(known)
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = to_field.get(rules.plain(cell_text(cell)))
        if name is not None and name not in columns.values():
            columns[index] = name
    missing = [known[f][0] for f in required if f not in columns.values()]
    if missing:
        labels = ", ".join(f"“{label}”" for label, _aliases in known.values())
        raise ImportFileError(
            _("Thiếu cột “%(column)s”. Dòng 1 phải là dòng tiêu đề, gồm các cột: %(columns)s.")
            % {"column": missing[0], "columns": labels}
        )
    return columns


def rows_from_table(
    table: Iterator[Sequence[object]],
    file_name: str,
    spec: tuple[Columns, tuple[str, ...]] = PLAN,
) -> list[rules.RawPlanRow]:
    header = next(table, None)
    if header is None or not any(cell_text(c) for c in header):
        raise ImportFileError(_("Tệp “%(name)s” trống.") % {"name": file_name})
    columns = map_headers(header, spec)
    rows = []
    for row_number, line in enumerate(table, start=2):
        values = {name: cell_text(line[i]) for i, name in columns.items() if i < len(line)}
        if not any(values.values()):
            continue  # a blank line between blocks: skipped, numbering kept
        rows.append(rules.RawPlanRow(row_number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("Tệp “%(name)s” có quá %(max)s dòng.")
                % {"name": file_name, "max": number_format(MAX_ROWS, force_grouping=True)}
            )
    if not rows:
        raise ImportFileError(
            _("Tệp “%(name)s” không có dòng dữ liệu nào (chỉ có dòng tiêu đề).")
            % {"name": file_name}
        )
    return rows


# --- 2. Checking ---------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def units_by_code(codes: Sequence[str]) -> dict[str, rules.PlannedUnit]:
    units = {}
    for chunk in _chunks(sorted(set(codes))):
        for row in Organization.objects.filter(code__in=chunk).values_list(
            "id", "code", "name", "path", "level", "form"
        ):
            units[row[1]] = rules.PlannedUnit(*row)
    return units


def planned_ids(term: str, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(sorted(set(ids))):
        found.update(
            Congress.objects.filter(term=term, organization_id__in=chunk).values_list(
                "organization_id", flat=True
            )
        )
    return found


def check_plan_rows(
    root: Organization, term: str, rows: Sequence[rules.RawPlanRow]
) -> list[rules.CheckedPlanRow]:
    """Every row checked (a few queries for the whole file, none per row)."""
    units = units_by_code([nfc(r.values.get("code", "")) for r in rows])
    in_scope = [u.id for u in units.values() if u.path.startswith(root.path)]
    planned = planned_ids(term, in_scope)
    seen: dict[str, int] = {}
    return [
        rules.check_plan_row(
            row, units=units, scope_path=root.path, planned_ids=planned, seen_codes=seen, term=term
        )
        for row in rows
    ]


def congresses_by_code(term: str, codes: Sequence[str]) -> dict[str, rules.ReportedCongress]:
    found = {}
    for chunk in _chunks(sorted(set(codes))):
        for code, pk, name, path, status in Congress.objects.filter(
            term=term, organization__code__in=chunk
        ).values_list("organization__code", "pk", "organization__name", "org_path", "status"):
            found[code] = rules.ReportedCongress(pk, name, path, status)
    return found


def check_result_rows(
    root: Organization, term: str, rows: Sequence[rules.RawPlanRow]
) -> list[rules.CheckedResultRow]:
    """Every results row checked against the congresses of the term under `root`."""
    congresses = congresses_by_code(term, [nfc(r.values.get("code", "")) for r in rows])
    seen: dict[str, int] = {}
    return [
        rules.check_result_row(
            row, congresses=congresses, scope_path=root.path, seen_codes=seen, term=term
        )
        for row in rows
    ]


# --- 3. From the preview to the confirmation -------------------------------------------------


def _salt_and_fields(spec: tuple[Columns, tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    columns, _required = spec
    return (RESULTS_SALT if spec is RESULTS else SIGNING_SALT), tuple(columns)


def sign_rows(
    root: Organization,
    term: str,
    file_name: str,
    rows: Sequence[rules.RawPlanRow],
    spec: tuple[Columns, tuple[str, ...]] = PLAN,
) -> str:
    salt, fields = _salt_and_fields(spec)
    payload = {
        "root": root.pk,
        "term": term,
        "file": file_name,
        "rows": [[r.row_number, *(r.values.get(f, "") for f in fields)] for r in rows],
    }
    return signing.dumps(payload, salt=salt, compress=True)


class BadSignedRows(Exception):
    """The posted rows were altered, expired or belong to another organization."""


def unsign_rows(
    token: str, root: Organization, spec: tuple[Columns, tuple[str, ...]] = PLAN
) -> tuple[str, str, list[rules.RawPlanRow]]:
    """(term, file name, rows) of a preview, or BadSignedRows."""
    salt, fields = _salt_and_fields(spec)
    try:
        payload = signing.loads(token, salt=salt, max_age=SIGNED_MAX_AGE)
    except signing.BadSignature as error:
        raise BadSignedRows() from error
    if payload.get("root") != root.pk:
        raise BadSignedRows()
    rows = [
        rules.RawPlanRow(int(item[0]), dict(zip(fields, (str(v) for v in item[1:]), strict=True)))
        for item in payload["rows"]
    ]
    return str(payload["term"]), str(payload["file"]), rows


# --- The template --------------------------------------------------------------------------


def template_workbook(examples: Sequence[Organization]) -> bytes:
    """An .xlsx with the headers and a row for each example unit to fill in."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch đại hội"
    sheet.append(
        [label for label, _aliases in rules.PLAN_COLUMNS.values()] + ["Tên tổ chức (để đối chiếu)"]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in examples:
        kind = "toàn thể" if unit.form == "chi_bo" else "đại biểu"
        sheet.append([unit.code, kind, "15/06/2025", "không", 4, "có", unit.name])
    for column, width in zip("ABCDEFG", (16, 14, 14, 12, 12, 20, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def results_template_workbook(examples: Sequence[Organization]) -> bytes:
    """An .xlsx with the results headers and a row for each example unit."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả đại hội"
    sheet.append([label for label, _aliases in rules.RESULT_COLUMNS.values()] + ["Tên tổ chức"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in examples:
        sheet.append([unit.code, 9, 6, 2, 1, 0, 0, "có", "có", 28, 30, 1, 0, 0, 0, unit.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

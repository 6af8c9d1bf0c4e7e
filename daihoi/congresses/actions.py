"""Writes of congresses and of the campaign (plans, the status lifecycle, approval, reported
results): atomic and audited, one audit entry each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.congresses import access, queries, rules
from daihoi.congresses.dashboard_rules import secretary_percent
from daihoi.congresses.models import (
    TERM_PATTERN,
    Congress,
    CongressKind,
    CongressResult,
    CongressStatus,
    Contents,
    Directive,
    ResultSource,
    StatusChange,
)
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.organizations.models import Level, Organization, OrganizationForm


def congress_snapshot(congress: Congress) -> dict[str, object]:
    return {
        "organization_id": congress.organization_id,
        "term": congress.term,
        "ordinal": congress.ordinal,
        "kind": congress.kind,
        "starts_on": congress.starts_on,
        "ends_on": congress.ends_on,
        "place": congress.place,
        "convened": congress.convened,
        "direct_secretary": congress.direct_secretary,
        "is_pilot": congress.is_pilot,
        "contents": congress.contents,
        "status": congress.status,
    }


@transaction.atomic
def create_congress(
    organization: Organization,
    *,
    acting_user: User | None,
    term: str,
    kind: str,
    convened: int,
    ordinal: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    place: str = "",
    direct_secretary: bool = False,
    is_pilot: bool = False,
    contents: int = Contents.FOUR,
) -> Congress:
    congress = Congress(
        organization=organization,
        term=term,
        kind=kind,
        convened=convened,
        ordinal=ordinal,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        place=nfc(place),
        direct_secretary=direct_secretary,
        is_pilot=is_pilot,
        contents=contents,
        org_path=organization.path,
        org_level=organization.level,
        directive=Directive.objects.filter(term=term).first(),
        status_changed_on=timezone.localdate(),
    )
    congress.full_clean()
    congress.save()
    StatusChange.objects.create(
        congress=congress,
        status=congress.status,
        on=congress.status_changed_on,
        by=_by(acting_user),
    )
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.create",
            object_type="congress",
            object_id=congress.pk,
            summary=f"Tạo {congress.title}",
            after=congress_snapshot(congress),
        )
    return congress


@transaction.atomic
def update_congress(
    congress: Congress,
    *,
    acting_user: User | None,
    term: str,
    kind: str,
    convened: int,
    ordinal: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    place: str = "",
    direct_secretary: bool = False,
    is_pilot: bool = False,
    contents: int | None = None,
) -> Congress:
    """Correct a congress's particulars (its organization never changes; its status only
    moves through the lifecycle actions below)."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    before = congress_snapshot(congress)
    congress.term = term
    congress.kind = kind
    congress.convened = convened
    congress.ordinal = ordinal
    congress.starts_on = starts_on
    congress.ends_on = ends_on or starts_on
    congress.place = nfc(place)
    congress.direct_secretary = direct_secretary
    congress.is_pilot = is_pilot
    if contents is not None:
        congress.contents = contents
    congress.full_clean()
    congress.save()
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.update",
            object_type="congress",
            object_id=congress.pk,
            summary=f"Sửa {congress.title}",
            before=before,
            after=congress_snapshot(congress),
        )
    return congress


# --- The campaign: plans, the status lifecycle, approval and results -------------------------


class CampaignError(ValueError):
    """A refused campaign action; the message says why, in the user's language (Vietnamese
    unless they switched; translated at raise time). Nothing was written."""


def _by(acting_user: User | None) -> User | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if ends_on and not starts_on:
        raise CampaignError(_("Ghi ngày bắt đầu trước khi ghi ngày kết thúc."))
    if starts_on and ends_on and ends_on < starts_on:
        raise CampaignError(_("Ngày kết thúc không được trước ngày bắt đầu."))


def _check_term(term: str) -> None:
    try:
        TERM_PATTERN(term)
    except ValidationError:
        raise CampaignError(_("Nhiệm kỳ có dạng 2025-2030.")) from None
    if int(term[5:]) != int(term[:4]) + 5:
        raise CampaignError(_("Nhiệm kỳ kéo dài 5 năm, ví dụ 2025-2030."))


@dataclass(frozen=True)
class PlanTarget:
    """A unit to plan a congress for, with what its kind depends on."""

    id: int
    path: str
    level: int
    form: str


def _default_kinds(
    root: Organization, targets: Sequence[PlanTarget], directive: Directive | None
) -> dict[int, str]:
    """The directive's kind for each target; the subtree member totals are read in one
    scan, only for the đảng bộ among them (a chi bộ always meets as all its members)."""
    committees = [
        t.path for t in targets if t.form != OrganizationForm.CHI_BO and t.level != Level.CELL
    ]
    totals = queries.subtree_official_totals(root, committees)
    below = queries.general_meeting_below(directive)
    return {
        t.id: rules.default_kind(
            form=t.form,
            level=t.level,
            subtree_official=totals.get(t.path, 0),
            general_meeting_below=below,
        )
        for t in targets
    }


@dataclass(frozen=True)
class PlanItem:
    """One congress to plan: for a unit, with its particulars ("" kind → the rule)."""

    target: PlanTarget
    kind: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    is_pilot: bool = False
    contents: int = Contents.FOUR
    direct_secretary: bool = False


def _insert_plans(
    root: Organization, term: str, items: Sequence[PlanItem], acting_user: User | None
) -> list[int]:
    """Insert the planned congresses and their first status change with two bulk inserts
    (no query per unit), returning the new congress ids."""
    directive = queries.directive_for(term)
    kinds = _default_kinds(root, [i.target for i in items if not i.kind], directive)
    today = timezone.localdate()
    congresses = [
        Congress(
            organization_id=item.target.id,
            term=term,
            kind=item.kind or kinds[item.target.id],
            starts_on=item.starts_on,
            ends_on=item.ends_on or item.starts_on,
            is_pilot=item.is_pilot,
            contents=item.contents,
            direct_secretary=item.direct_secretary,
            directive=directive,
            status=CongressStatus.PLANNED,
            status_changed_on=today,
            org_path=item.target.path,
            org_level=item.target.level,
        )
        for item in items
    ]
    try:
        with transaction.atomic():
            Congress.objects.bulk_create(congresses, batch_size=BULK_BATCH)
    except IntegrityError:
        raise CampaignError(
            _(
                "Trong lúc lập kế hoạch đã có người khác tạo đại hội cho một số đơn vị này; "
                "chưa ghi gì. Tải lại trang rồi làm lại."
            )
        ) from None
    ids = [c.pk for c in congresses]
    if any(pk is None for pk in ids):  # a backend that returns no ids from a bulk insert
        by_org = dict(
            Congress.objects.filter(
                term=term, organization_id__in=[i.target.id for i in items]
            ).values_list("organization_id", "pk")
        )
        ids = [by_org[i.target.id] for i in items]
    by = _by(acting_user)
    StatusChange.objects.bulk_create(
        [
            StatusChange(congress_id=pk, status=CongressStatus.PLANNED, on=today, by=by)
            for pk in ids
        ],
        batch_size=BULK_BATCH,
    )
    return ids


BULK_BATCH = 2000
AUDIT_MAX_IDS = 1000  # the audit entry names at most this many units (and says how many)


@transaction.atomic
def plan_congresses(
    root: Organization,
    level: int,
    term: str,
    *,
    acting_user: User | None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    contents: int = Contents.FOUR,
    direct_secretary: bool = False,
    kind: str = "",
) -> int:
    """Plan the congress of every unit of `level` under `root` that has none for `term`:
    one transaction, one audit entry, bulk inserts (a province's 17,000 cells in one go).
    An empty `kind` takes the directive's rule unit by unit. Pilots are chosen one by one,
    never in bulk. Returns how many congresses were planned."""
    _check_term(term)
    _check_dates(starts_on, ends_on)
    if level not in rules.CONGRESS_LEVELS or level <= root.level:
        raise CampaignError(_("Chọn một cấp dưới đơn vị này."))
    if kind and kind not in CongressKind.values:
        raise CampaignError(_("Hình thức đại hội không hợp lệ."))
    if contents not in Contents.values:
        raise CampaignError(_("Số nội dung đại hội phải là 4, 3 hoặc 2."))
    targets = [
        PlanTarget(*row)
        for row in queries.missing_units(root, term, level=level).values_list(
            "id", "path", "level", "form"
        )
    ]
    if not targets:
        return 0
    items = [
        PlanItem(
            t,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            contents=contents,
            direct_secretary=direct_secretary,
        )
        for t in targets
    ]
    _insert_plans(root, term, items, acting_user)
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.plan_level",
            object_type="organization",
            object_id=root.pk,
            summary=(
                f"Lên kế hoạch {len(targets)} đại hội cấp {Level(level).label} thuộc "
                f"{root.name}, nhiệm kỳ {term}"
            ),
            after={
                "term": term,
                "level": level,
                "count": len(targets),
                "kind": kind or "theo chỉ thị",
                "starts_on": starts_on,
                "ends_on": ends_on or starts_on,
                "contents": contents,
                "direct_secretary": direct_secretary,
                "organization_ids": [t.id for t in targets[:AUDIT_MAX_IDS]],
            },
        )
    return len(targets)


@transaction.atomic
def import_plan(
    root: Organization,
    term: str,
    rows: Sequence[rules.RawPlanRow],
    *,
    acting_user: User | None,
    file_name: str = "",
) -> int:
    """Plan the congresses of an imported file: every row is checked again here, against
    the database as it is inside this transaction, and all are written or none."""
    from daihoi.congresses import imports  # imports reads the database; it writes nothing

    _check_term(term)
    checked = imports.check_plan_rows(root, term, rows)
    bad = [row for row in checked if not row.ok]
    if bad or not checked:
        problems = [e for row in bad for e in row.errors] or [_("tệp không có dòng nào")]
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise CampaignError(_("Chưa ghi gì vì tệp có lỗi — %(problems)s") % {"problems": shown})
    items = []
    for row in checked:
        assert row.unit is not None
        unit = row.unit
        items.append(
            PlanItem(
                PlanTarget(unit.id, unit.path, unit.level, unit.form),
                kind=row.kind,
                starts_on=row.starts_on,
                is_pilot=row.is_pilot,
                contents=row.contents,
                direct_secretary=row.direct_secretary,
            )
        )
    _insert_plans(root, term, items, acting_user)
    append_entry(
        acting_user=acting_user,
        action="congress.plan_import",
        object_type="organization",
        object_id=root.pk,
        summary=f"Nhập kế hoạch {len(items)} đại hội nhiệm kỳ {term} từ tệp {file_name}".strip(),
        after={
            "term": term,
            "count": len(items),
            "file": file_name,
            "codes": [row.code for row in checked[:AUDIT_MAX_IDS]],
        },
    )
    return len(items)


def _locked(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)


def _change_status(
    congress: Congress, status: str, on: dt.date, acting_user: User | None
) -> tuple[str, StatusChange]:
    """Set the status (and its date) and record it in the history; the caller saves."""
    before = congress.status
    congress.status = status
    congress.status_changed_on = on
    change = StatusChange.objects.create(
        congress=congress, status=status, on=on, by=_by(acting_user)
    )
    return before, change


def _check_not_future(on: dt.date) -> None:
    if on > timezone.localdate():
        raise CampaignError(_("Ngày không được sau hôm nay."))


@transaction.atomic
def advance_congress(
    congress: Congress, to_status: str, on: dt.date | None = None, *, acting_user: User | None
) -> Congress:
    """Move a congress one step forward: planned → preparing (documents and personnel
    submitted upward) → held. "Reported" comes with its results (report_results) and
    "approved" from the upper committee (approve_congress)."""
    congress = _locked(congress)
    problem = rules.advance_problem(congress.status, to_status)
    if problem:
        raise CampaignError(problem)
    on = on or timezone.localdate()
    _check_not_future(on)
    before, _change = _change_status(congress, to_status, on, acting_user)
    fields = ["status", "status_changed_on"]
    if to_status == CongressStatus.HELD:
        congress.held_on = on
        fields.append("held_on")
    congress.save(update_fields=fields)
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.advance",
            object_type="congress",
            object_id=congress.pk,
            summary=f"{congress.title}: {CongressStatus(to_status).label} ({on:%d/%m/%Y})",
            before={"status": before},
            after={"status": to_status, "on": on},
        )
    return congress


@transaction.atomic
def record_congress_held(congress: Congress, on: dt.date, *, acting_user: User | None) -> Congress:
    """The congress was held (its elections were counted in daihoi): planned or preparing
    → held in one step, dated `on`. Nothing to do when it is already held or beyond."""
    congress = _locked(congress)
    if congress.status not in rules.NOT_HELD:
        return congress
    before, _change = _change_status(congress, CongressStatus.HELD, on, acting_user)
    congress.held_on = on
    congress.save(update_fields=["status", "status_changed_on", "held_on"])
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.held",
            object_type="congress",
            object_id=congress.pk,
            summary=f"{congress.title}: đã tổ chức ({on:%d/%m/%Y}), theo kết quả bầu cử",
            before={"status": before},
            after={"status": CongressStatus.HELD, "on": on},
        )
    return congress


@transaction.atomic
def approve_congress(
    congress: Congress, on: dt.date | None = None, *, acting_user: User | None
) -> Congress:
    """Chuẩn y: only someone who manages the PARENT of the congress's organization (the
    upper committee; a superuser too). A unit never approves its own congress, not even
    its own organization department. Only a congress whose results were reported."""
    congress = _locked(congress)
    if acting_user is None or not access.can_approve(acting_user, congress):
        raise CampaignError(
            _(
                "Chỉ cấp ủy cấp trên trực tiếp (hoặc cấp trên nữa) được chuẩn y đại hội; "
                "đơn vị không tự chuẩn y đại hội của mình."
            )
        )
    if congress.status != CongressStatus.REPORTED:
        if congress.status == CongressStatus.APPROVED:
            raise CampaignError(_("Đại hội này đã được chuẩn y."))
        raise CampaignError(_("Chỉ chuẩn y được khi đại hội đã báo cáo kết quả."))
    on = on or timezone.localdate()
    _check_not_future(on)
    before, _change = _change_status(congress, CongressStatus.APPROVED, on, acting_user)
    congress.approved_on = on
    congress.approved_by = acting_user
    congress.save(update_fields=["status", "status_changed_on", "approved_on", "approved_by"])
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.approve",
            object_type="congress",
            object_id=congress.pk,
            summary=f"Chuẩn y {congress.title} ({on:%d/%m/%Y})",
            before={"status": before},
            after={"status": CongressStatus.APPROVED, "on": on},
        )
    return congress


def _secretary_percent(figures: rules.ResultFigures) -> int | None:
    return secretary_percent(
        figures.secretary_direct, figures.secretary_votes, figures.secretary_base
    )


def _result_snapshot(result: CongressResult | None) -> dict[str, object] | None:
    if result is None:
        return None
    return {
        "source": result.source,
        **{name: getattr(result, name) for name in rules.FIGURE_NAMES},
    }


@transaction.atomic
def report_results(
    congress: Congress,
    figures: rules.ResultFigures,
    *,
    source: str,
    acting_user: User | None,
    on: dt.date | None = None,
) -> CongressResult:
    """Report (or correct) what a held congress elected: creates or updates its
    CongressResult and moves it to "reported". `source`: daihoi (computed from its
    elections), form or xlsx. Refused before the congress is held and after approval."""
    congress = _locked(congress)
    if source not in ResultSource.values:
        raise CampaignError(_("Nguồn số liệu không hợp lệ."))
    if congress.status in rules.NOT_HELD:
        raise CampaignError(
            _("Đại hội chưa tổ chức: chuyển sang “Đã tổ chức” trước khi báo cáo kết quả.")
        )
    if congress.status == CongressStatus.APPROVED:
        raise CampaignError(_("Đại hội đã được chuẩn y: không sửa kết quả được nữa."))
    problems = rules.figure_problems(figures)
    if problems:
        raise CampaignError(" ".join(problems))
    on = on or timezone.localdate()
    existing = CongressResult.objects.filter(congress=congress).first()
    before = _result_snapshot(existing)
    result = existing or CongressResult(congress=congress)
    for name, value in figures.as_dict().items():
        setattr(result, name, value)
    result.source = source
    result.reported_on = on
    result.reported_by = _by(acting_user)
    result.save()
    fields = ["secretary_percent"]
    congress.secretary_percent = _secretary_percent(figures)  # the dashboard's indexed copy
    if congress.status == CongressStatus.HELD:
        _change_status(congress, CongressStatus.REPORTED, on, acting_user)
        fields += ["status", "status_changed_on"]
    congress.save(update_fields=fields)
    with translation.override("vi"):  # the audit log is Vietnamese
        append_entry(
            acting_user=acting_user,
            action="congress.report_results",
            object_type="congress",
            object_id=congress.pk,
            summary=f"Báo cáo kết quả {congress.title} ({ResultSource(source).label})",
            before=before,
            after=_result_snapshot(result),
        )
    return result


@transaction.atomic
def import_results(
    root: Organization,
    term: str,
    rows: Sequence[rules.RawPlanRow],
    *,
    acting_user: User | None,
    file_name: str = "",
) -> int:
    """Report the results of many congresses run outside daihoi from one file: every row is
    checked again here (congresses locked), all are written or none, ONE audit entry. Held
    congresses move to "reported"; reported ones have their figures corrected."""
    from daihoi.congresses import imports  # imports reads the database; it writes nothing

    checked = imports.check_result_rows(root, term, rows)
    bad = [row for row in checked if not row.ok]
    if bad or not checked:
        problems = [e for row in bad for e in row.errors] or [_("tệp không có dòng nào")]
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise CampaignError(_("Chưa ghi gì vì tệp có lỗi — %(problems)s") % {"problems": shown})
    by_congress = {row.congress.congress_id: row for row in checked if row.congress}
    locked = {
        c.pk: c for c in Congress.objects.select_for_update().filter(pk__in=list(by_congress))
    }
    if any(c.status not in (CongressStatus.HELD, CongressStatus.REPORTED) for c in locked.values()):
        raise CampaignError(_("Trạng thái đại hội vừa thay đổi; chưa ghi gì. Xem trước lại tệp."))
    today = timezone.localdate()
    by = _by(acting_user)
    existing = {r.congress_id: r for r in CongressResult.objects.filter(congress_id__in=locked)}
    new, changed = [], []
    for pk, row in by_congress.items():
        assert row.figures is not None
        result = existing.get(pk) or CongressResult(congress_id=pk)
        for name, value in row.figures.as_dict().items():
            setattr(result, name, value)
        result.source, result.reported_on, result.reported_by = ResultSource.XLSX, today, by
        (changed if pk in existing else new).append(result)
    CongressResult.objects.bulk_create(new, batch_size=BULK_BATCH)
    CongressResult.objects.bulk_update(
        changed,
        [*rules.FIGURE_NAMES, "source", "reported_on", "reported_by"],
        batch_size=BULK_BATCH,
    )
    held = [pk for pk, c in locked.items() if c.status == CongressStatus.HELD]
    for pk, congress in locked.items():
        figures = by_congress[pk].figures
        assert figures is not None
        congress.secretary_percent = _secretary_percent(figures)  # the dashboard's copy
        if congress.status == CongressStatus.HELD:
            congress.status, congress.status_changed_on = CongressStatus.REPORTED, today
    Congress.objects.bulk_update(
        list(locked.values()),
        ["secretary_percent", "status", "status_changed_on"],
        batch_size=BULK_BATCH,
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(congress_id=pk, status=CongressStatus.REPORTED, on=today, by=by)
            for pk in held
        ],
        batch_size=BULK_BATCH,
    )
    append_entry(
        acting_user=acting_user,
        action="congress.results_import",
        object_type="organization",
        object_id=root.pk,
        summary=f"Nhập kết quả {len(by_congress)} đại hội nhiệm kỳ {term} từ tệp {file_name}".strip(),
        after={
            "term": term,
            "count": len(by_congress),
            "file": file_name,
            "rows": {
                row.code: row.figures.as_dict() for row in checked[:AUDIT_MAX_IDS] if row.figures
            },
        },
    )
    return len(by_congress)

"""Reading the roster into the credentials report: `report_context` builds the
`CredentialsReport` of a congress as it stands now, then adds its text blocks (text).

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

from django.utils import timezone

from daihoi.congresses.models import Congress
from daihoi.core.documents import PartyHeader, in_vietnamese
from daihoi.delegates.documents.credentials_report.content import (
    BLANK_NUMBER,
    CAPACITY,
    COMMITTEE,
    DOC_TYPE,
    NUMBER_SYMBOL,
    Challenged,
    CredentialsReport,
    NamedDelegate,
    Rejected,
    Replacement,
    Signature,
)
from daihoi.delegates.documents.credentials_report.text import with_blocks
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
    return with_blocks(report)

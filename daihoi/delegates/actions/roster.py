"""The roster of a congress: people added by staff or imported, the elected flowing up from
the lower congresses, absences, and alternates taking the seats of absent or rejected
officials."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import fold, nfc
from daihoi.delegates import queries
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.actions.staff import roster_of
from daihoi.delegates.models import (
    AbsenceKind,
    AlternateOrder,
    Credentials,
    Delegate,
    DelegateKind,
    Delegation,
    SeatStatus,
)
from daihoi.organizations.models import Organization, Person


@dataclass(frozen=True)
class PersonData:
    """What is known of a person when they join a roster (from a candidate, a form or a row)."""

    full_name: str
    birth_date: dt.date | None = None
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    education: str = ""
    theory_level: str = ""
    party_joined_year: int | None = None
    position_title: str = ""
    organization_id: int | None = None


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """(họ, đệm, tên): the first word, the middle words, the last word."""
    words = nfc(full_name).split()
    if not words:
        raise DelegateActionError(_("Họ và tên không được để trống."))
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def find_or_create_person(data: PersonData) -> Person:
    """The same person is the same folded full name AND the same birth date (docs/decisions/
    0014): without a birth date nobody is matched, a new record is made. Fields the record
    lacks are filled from `data`; fields it has are kept (the record is the reference)."""
    family, middle, given = split_full_name(data.full_name)
    key = fold(" ".join(p for p in (family, middle, given) if p))
    person = (
        Person.objects.filter(search_name=key, birth_date=data.birth_date).order_by("id").first()
        if data.birth_date
        else None
    )
    fields = {
        "gender": data.gender,
        "ethnicity": nfc(data.ethnicity),
        "religion": nfc(data.religion),
        "education": nfc(data.education),
        "theory_level": nfc(data.theory_level),
        "party_joined_year": data.party_joined_year,
        "position_title": nfc(data.position_title),
        "organization_id": data.organization_id,
    }
    if person is None:
        return Person.objects.create(
            family_name=family,
            middle_name=middle,
            given_name=given,
            birth_date=data.birth_date,
            search_name=key,
            **fields,
        )
    missing = {name: value for name, value in fields.items() if value and not getattr(person, name)}
    if missing:
        for name, value in missing.items():
            setattr(person, name, value)
        person.save(update_fields=list(missing))
    return person


def _delegation(congress: Congress, unit: Organization | None, name: str = "") -> Delegation | None:
    name = nfc(name) or (unit.name if unit else "")
    if not name:
        return None
    delegation = Delegation.objects.filter(congress=congress, name=name).first()
    if delegation is None:
        position = (congress.delegations.aggregate(m=Max("position"))["m"] or 0) + 1
        delegation = Delegation.objects.create(
            congress=congress, name=name, organization=unit, position=position
        )
    return delegation


def _next_number(congress: Congress) -> int:
    return (Delegate.objects.filter(congress=congress).aggregate(m=Max("number"))["m"] or 0) + 1


def _snapshot(delegate: Delegate) -> dict[str, object]:
    return {
        "person_id": delegate.person_id,
        "full_name": delegate.person.full_name,
        "kind": delegate.kind,
        "unit_id": delegate.unit_id,
        "status": delegate.status,
        "alternate_rank": delegate.alternate_rank,
        "votes": delegate.votes,
    }


def _place(
    congress: Congress,
    person: Person,
    *,
    kind: str,
    unit: Organization | None,
    delegation: str = "",
    number: int,
    **extra: object,
) -> Delegate:
    if Delegate.objects.filter(congress=congress, person=person).exists():
        raise DelegateActionError(
            _("%(name)s đã có trong danh sách đại biểu của đại hội.") % {"name": person.full_name}
        )
    return Delegate.objects.create(
        congress=congress,
        person=person,
        kind=kind,
        unit=unit,
        delegation=_delegation(congress, unit, delegation),
        status=SeatStatus.WAITING if kind == DelegateKind.ALTERNATE else SeatStatus.ACTIVE,
        number=number,
        **extra,
    )


def _check_kind(congress: Congress, kind: str) -> None:
    if kind not in DelegateKind.values:
        raise DelegateActionError(_("Loại đại biểu không hợp lệ."))
    members = kind == DelegateKind.MEMBER
    if members != (congress.kind == CongressKind.GENERAL):
        raise DelegateActionError(
            _("Đại hội toàn thể chỉ có đảng viên; đại hội đại biểu không có loại “đảng viên”.")
        )


@transaction.atomic
def add_delegate(
    congress: Congress,
    data: PersonData,
    *,
    kind: str,
    acting_user: User | None,
    unit: Organization | None = None,
    delegation: str = "",
    alternate_rank: int | None = None,
) -> Delegate:
    """Staff add one person: ex-officio (the outgoing committee), appointed, or an elected
    delegate or alternate of a congress that was not counted in daihoi."""
    _check_kind(congress, kind)
    roster_of(congress)
    person = find_or_create_person(data)
    delegate = _place(
        congress,
        person,
        kind=kind,
        unit=unit or congress.organization if kind == DelegateKind.EX_OFFICIO else unit,
        delegation=delegation,
        number=_next_number(congress),
        alternate_rank=alternate_rank,
    )
    append_entry(
        acting_user=acting_user,
        action="delegate.add",
        object_type="delegate",
        object_id=delegate.pk,
        summary=f"{person.full_name} ({delegate.get_kind_display()})",
        after=_snapshot(delegate),
    )
    return delegate


@transaction.atomic
def import_delegates(
    congress: Congress,
    rows: Sequence[tuple[PersonData, str, Organization | None, str, int | None]],
    *,
    acting_user: User | None,
    file_name: str = "",
) -> list[Delegate]:
    """Every row (person, kind, unit, delegation, alternate rank) or none: a refused row rolls
    the whole import back (the caller previewed the rows first)."""
    roster_of(congress)
    number = _next_number(congress)
    created = []
    for i, (data, kind, unit, delegation, rank) in enumerate(rows, start=1):
        _check_kind(congress, kind)
        try:
            person = find_or_create_person(data)
            created.append(
                _place(
                    congress,
                    person,
                    kind=kind,
                    unit=unit,
                    delegation=delegation,
                    number=number,
                    alternate_rank=rank,
                )
            )
        except DelegateActionError as error:
            raise DelegateActionError(
                _("Dòng %(row)s: %(error)s") % {"row": i, "error": error}
            ) from None
        number += 1
    append_entry(
        acting_user=acting_user,
        action="delegate.import",
        object_type="congress",
        object_id=congress.pk,
        summary=f"Nhập {len(created)} đại biểu từ tệp “{file_name}”",
        after={"file": file_name, "delegates": [_snapshot(d) for d in created]},
    )
    return created


# --- From the lower congresses ------------------------------------------------------------------


@dataclass(frozen=True)
class Elected:
    """One person a lower congress elected to the upper congress, as its round counted them."""

    person: PersonData
    votes: int
    person_id: int | None = None  # when the candidate was already a known person


@transaction.atomic
def receive_elected(
    lower: Congress,
    elected: Sequence[Elected],
    *,
    alternates: bool,
    round_id: int,
    acting_user: User | None,
) -> list[Delegate]:
    """The elected of a closed upper_delegates / upper_alternates round of `lower` join the
    roster of the congress above it (officials, then alternates in vote order). Nothing
    happens when no upper congress of the term exists yet (queries.upper_congress), and a
    round received twice adds nobody twice."""
    upper = queries.upper_congress(lower)
    if upper is None or upper.kind != CongressKind.DELEGATES:
        return []
    roster_of(upper)
    number = _next_number(upper)
    rank = (
        Delegate.objects.filter(congress=upper, source_congress=lower).aggregate(
            m=Max("alternate_rank")
        )["m"]
        or 0
    )
    on_roster = set(Delegate.objects.filter(congress=upper).values_list("person_id", flat=True))
    created = []
    for item in elected:
        person = (
            Person.objects.get(pk=item.person_id)
            if item.person_id
            else find_or_create_person(item.person)
        )
        if person.pk in on_roster:
            continue
        if alternates:
            rank += 1
        created.append(
            _place(
                upper,
                person,
                kind=DelegateKind.ALTERNATE if alternates else DelegateKind.ELECTED,
                unit=lower.organization,
                number=number,
                source_congress=lower,
                source_round_id=round_id,
                votes=item.votes,
                alternate_rank=rank if alternates else None,
            )
        )
        on_roster.add(person.pk)
        number += 1
    if created:
        append_entry(
            acting_user=acting_user,
            action="delegate.receive_elected",
            object_type="congress",
            object_id=upper.pk,
            summary=(
                f"{len(created)} {'đại biểu dự khuyết' if alternates else 'đại biểu chính thức'}"
                f" do {lower.organization.name} bầu"
            ),
            after={
                "lower_congress": lower.pk,
                "round": round_id,
                "delegates": [_snapshot(d) for d in created],
            },
        )
    return created


# --- Absence and replacement ---------------------------------------------------------------------


@transaction.atomic
def record_absence(
    delegate: Delegate, *, kind: str, reason: str, acting_user: User | None
) -> Delegate:
    """Record (or clear, with kind "") why a delegate is away: it decides the base."""
    delegate = Delegate.objects.select_for_update().select_related("person").get(pk=delegate.pk)
    if kind and kind not in AbsenceKind.values:
        raise DelegateActionError(_("Loại vắng mặt không hợp lệ."))
    if kind and not nfc(reason):
        raise DelegateActionError(_("Cần ghi lý do vắng mặt."))
    before = {"absence": delegate.absence, "reason": delegate.absence_reason}
    delegate.absence = kind
    delegate.absence_reason = nfc(reason) if kind else ""
    delegate.save(update_fields=["absence", "absence_reason"])
    append_entry(
        acting_user=acting_user,
        action="delegate.absence",
        object_type="delegate",
        object_id=delegate.pk,
        summary=f"{delegate.person.full_name}: {delegate.get_absence_display() or 'có mặt'}",
        before=before,
        after={"absence": delegate.absence, "reason": delegate.absence_reason},
    )
    return delegate


def _alternates_of(official: Delegate) -> list[Delegate]:
    """The unit's alternates who may still take a seat, in the order of their election."""
    return list(
        Delegate.objects.filter(
            congress_id=official.congress_id,
            unit_id=official.unit_id,
            kind=DelegateKind.ALTERNATE,
            status=SeatStatus.WAITING,
        )
        .exclude(credentials=Credentials.REJECTED)
        .order_by("alternate_rank", "-votes", "id")
    )


@transaction.atomic
def replace_with_alternate(
    official: Delegate, *, acting_user: User | None, alternate: Delegate | None = None
) -> Delegate:
    """An alternate of the same unit takes the seat of an official who is absent (absence
    recorded, not checked in) or whom the credentials committee rejected. Under the default
    order (Roster.alternate_order = votes) it is the unit's next alternate by votes; under
    "convener" the convening committee names one. Returns the alternate."""
    official = Delegate.objects.select_for_update().select_related("person").get(pk=official.pk)
    roster = roster_of(official.congress)
    if official.kind not in (DelegateKind.ELECTED, DelegateKind.ALTERNATE) or (
        official.kind == DelegateKind.ALTERNATE and official.replaces_id is None
    ):
        raise DelegateActionError(
            _("Chỉ đại biểu chính thức do đại hội cấp dưới bầu mới được thay bằng dự khuyết.")
        )
    if hasattr(official, "replaced_by"):
        raise DelegateActionError(_("Đại biểu này đã được thay thế."))
    rejected = official.status == SeatStatus.NOT_CONVENED
    absent = official.status == SeatStatus.ACTIVE and bool(official.absence)
    if not (rejected or absent):
        raise DelegateActionError(
            _("Chỉ thay thế đại biểu vắng mặt (đã ghi lý do) hoặc không đủ tư cách.")
        )
    if absent and official.checkins.exists():
        raise DelegateActionError(_("Đại biểu này đã điểm danh: không thay thế."))
    waiting = _alternates_of(official)
    if not waiting:
        raise DelegateActionError(
            _("Đơn vị %(unit)s không còn đại biểu dự khuyết.")
            % {"unit": official.unit.name if official.unit else "—"}
        )
    if alternate is None:
        alternate = waiting[0]
    elif alternate.pk not in {a.pk for a in waiting}:
        raise DelegateActionError(_("Người này không phải dự khuyết còn chờ của cùng đơn vị."))
    elif roster.alternate_order == AlternateOrder.VOTES and alternate.pk != waiting[0].pk:
        raise DelegateActionError(
            _("Theo thứ tự số phiếu, người thay thế phải là %(name)s.")
            % {"name": waiting[0].person.full_name}
        )
    alternate = Delegate.objects.select_for_update().select_related("person").get(pk=alternate.pk)
    if absent:
        official.status = SeatStatus.REPLACED
        official.save(update_fields=["status"])
    alternate.status = SeatStatus.ACTIVE
    alternate.replaces = official
    alternate.save(update_fields=["status", "replaces"])
    append_entry(
        acting_user=acting_user,
        action="delegate.replace",
        object_type="delegate",
        object_id=official.pk,
        summary=f"{alternate.person.full_name} thay {official.person.full_name}",
        after={
            "official": official.pk,
            "alternate": alternate.pk,
            "why": "rejected" if rejected else "absent",
            "order": roster.alternate_order,
        },
    )
    return alternate

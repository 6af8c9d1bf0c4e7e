"""Writes of congresses: atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from daihoi.congresses.models import Congress, Directive
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.core.text import nfc
from daihoi.organizations.models import Organization


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
        org_path=organization.path,
        org_level=organization.level,
        directive=Directive.objects.filter(term=term).first(),
        status_changed_on=timezone.localdate(),
    )
    congress.full_clean()
    congress.save()
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
) -> Congress:
    """Correct a congress's particulars (its organization never changes)."""
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
    congress.full_clean()
    congress.save()
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

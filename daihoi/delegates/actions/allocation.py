"""Saving the allocation of a congress's seats to the units below it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.core.audit import append_entry
from daihoi.core.models import User
from daihoi.delegates.actions.errors import DelegateActionError
from daihoi.delegates.models import AllocatedSeats, Allocation
from daihoi.delegates.rules.allocation import AllocationInputError, allocate
from daihoi.delegates.rules.allocation_json import allocation_to_dict, parse_allocate_input
from daihoi.organizations.models import Organization


def compute(request: dict[str, Any]) -> dict[str, Any]:
    """The daihoi.allocation-result/1 of a daihoi.allocate/1 request: the same code as
    `daihoi allocate`. Refused input raises DelegateActionError naming the field."""
    try:
        return allocation_to_dict(allocate(parse_allocate_input(request)))
    except AllocationInputError as error:
        raise DelegateActionError(str(error)) from None


@transaction.atomic
def save_allocation(
    congress: Congress, request: dict[str, Any], *, acting_user: User | None
) -> Allocation:
    """Save the allocation in force for `congress`; unit ids are the codes of organizations
    directly under its organization. A tie for the last seat is refused: the organization
    department settles it (a minimum, an extra seat) before saving."""
    result = compute(request)
    if result["ties"]:
        raise DelegateActionError(
            _("Còn trường hợp bằng nhau ở suất cuối: cần quyết định trước khi lưu phân bổ.")
        )
    codes = [str(u["id"]) for u in result["units"]]
    units = {
        o.code: o
        for o in Organization.objects.filter(code__in=codes, parent_id=congress.organization_id)
    }
    strangers = [code for code in codes if code not in units]
    if strangers:
        raise DelegateActionError(
            _("Không phải đơn vị trực thuộc %(org)s: %(codes)s.")
            % {"org": congress.organization.name, "codes": ", ".join(strangers)}
        )
    allocation = Allocation.objects.create(
        congress=congress, request=request, result=result, saved_by=acting_user
    )
    AllocatedSeats.objects.bulk_create(
        AllocatedSeats(
            allocation=allocation,
            organization=units[str(u["id"])],
            official=int(u["official"]),
            alternates=int(u["alternates"]),
            reason=str(u["reason"])[:500],
        )
        for u in result["units"]
    )
    append_entry(
        acting_user=acting_user,
        action="allocation.save",
        object_type="congress",
        object_id=congress.pk,
        summary=(
            f"Phân bổ {result['official_total']} đại biểu chính thức, "
            f"{result['alternates_total']} dự khuyết cho {len(codes)} đơn vị"
        ),
        after={"request": request, "result": result},
    )
    return allocation

"""The organization department allocates the congress's seats to the units below it: the
same computation as `daihoi allocate` (one code), previewed with the reason for every seat
and any tie shown, then saved; the lower congresses see their allotment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.congresses.models import Congress
from daihoi.delegates import access, queries
from daihoi.delegates.actions import DelegateActionError
from daihoi.delegates.actions import allocation as allocation_actions
from daihoi.delegates.rules.allocation import PROFILES, Method
from daihoi.delegates.views import congress_view
from daihoi.organizations.models import Organization
from daihoi.organizations.queries import subtree_member_totals

allocating = congress_view(access.get_managed_congress, ("GET", "HEAD", "POST"))

#: The form's numbers: their JSON field and the label the page shows (errors name the label).
NUMBERS = {
    "seats": gettext_lazy("Tổng số suất chính thức"),
    "minimum": gettext_lazy("Tối thiểu mỗi đơn vị"),
    "alternates": gettext_lazy("Số dự khuyết"),
    "base_per_unit": gettext_lazy("Cơ sở mỗi đơn vị"),
    "members_per_seat": gettext_lazy("Số đảng viên mỗi suất (q)"),
    "remainder_at_least": gettext_lazy("Thêm 1 suất nếu dư từ"),
    "ex_officio": gettext_lazy("Đại biểu đương nhiên"),
    "appointed": gettext_lazy("Đại biểu chỉ định"),
}
#: Fields that belong to one family of methods only: the other family's are ignored, so that a
#: value left in the form (the minimum, say) never blocks a profile of the other family.
TOTAL_ONLY = ("seats", "minimum")
PER_MEMBERS_ONLY = ("base_per_unit", "members_per_seat", "remainder_at_least")
MAX_NUMBER = 1_000_000_000


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    members: int
    extra: str
    merged_from: str


def _unit_rows(congress: Congress, data: Any) -> list[UnitRow]:
    rows = []
    for org in queries.units_below(congress):
        _units, official, _probationary = subtree_member_totals(org)
        rows.append(
            UnitRow(
                org,
                official,
                data.get(f"extra_{org.code}", "") if data else "",
                data.get(f"merged_{org.code}", "") if data else "",
            )
        )
    return rows


def _number(data: Any, key: str, label: object) -> int | None:
    text = str(data.get(key, "")).strip().replace(".", "")
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_NUMBER:
        raise DelegateActionError(_("%(field)s: phải là số nguyên không âm.") % {"field": label})
    return int(text)


def _chosen_method(data: Any) -> str:
    profile = PROFILES.get(data.get("profile", ""))
    return profile.method.value if profile is not None else str(data.get("method", ""))


def _ignored(data: Any) -> tuple[str, ...]:
    return TOTAL_ONLY if _chosen_method(data) == Method.PER_MEMBERS else PER_MEMBERS_ONLY


def readable_error(error: DelegateActionError, rows: list[UnitRow]) -> str:
    """The contract's message names a JSON field ("seats: …", "units[3].extra: …"); the page
    names what the user sees: the label, or the unit."""
    text = str(error)
    field, sep, message = text.partition(": ")
    if not sep:
        return text
    if field in NUMBERS:
        return f"{NUMBERS[field]}: {message}"
    if field.startswith("units[") and "]" in field:
        index = field[len("units[") : field.index("]")]
        if index.isdigit() and int(index) < len(rows):
            return f"{rows[int(index)].organization.name}: {message}"
    return text


def build_request(data: Any, rows: list[UnitRow]) -> dict[str, Any]:
    """The daihoi.allocate/1 document of the form: a profile fills the method and its
    parameters; fields typed explicitly override them."""
    request: dict[str, Any] = {"format": "daihoi.allocate/1"}
    profile = data.get("profile", "")
    if profile:
        request["profile"] = profile
    else:
        request["method"] = data.get("method", "")
    ignored = _ignored(data)
    for key, label in NUMBERS.items():
        value = None if key in ignored else _number(data, key, label)
        if value is not None:
            request[key] = value
    units = []
    for row in rows:
        unit: dict[str, Any] = {
            "id": row.organization.code,
            "name": row.organization.name,
            "members": row.members,
        }
        extra = _number(data, f"extra_{row.organization.code}", row.organization.name)
        if extra:
            unit["extra"] = extra
        merged = _number(data, f"merged_{row.organization.code}", row.organization.name)
        if merged:
            unit["merged_from"] = merged
        units.append(unit)
    request["units"] = units
    return request


@allocating
def allocation(request: HttpRequest, congress: Congress) -> HttpResponse:
    in_force = queries.allocation_in_force(congress)
    data = request.POST if request.method == "POST" else None
    if data is None and in_force is not None:
        data = _form_data(in_force.request)
    rows = _unit_rows(congress, data)
    context: dict[str, Any] = {
        "congress": congress,
        "rows": rows,
        "data": data or {"method": Method.LARGEST_REMAINDER, "minimum": "1"},
        "profiles": sorted(PROFILES),
        "methods": [m.value for m in Method],
        "in_force": in_force,
    }
    if request.method != "POST":
        return render(request, "delegates/allocation.html", context)
    try:
        doc = build_request(request.POST, rows)
        if request.POST.get("save"):
            allocation_actions.save_allocation(congress, doc, acting_user=request.user)
            messages.success(request, _("Đã lưu phân bổ đại biểu."))
            return redirect(reverse("delegates:allocation", args=[congress.pk]))
        context["result"] = allocation_actions.compute(doc)
    except DelegateActionError as error:
        context["error"] = readable_error(error, rows)
        return render(request, "delegates/allocation.html", context, status=400)
    return render(request, "delegates/allocation.html", context)


def _form_data(saved: dict[str, Any]) -> dict[str, str]:
    """The saved request as the form's values (to adjust and save again)."""
    data = {key: str(saved[key]) for key in (*NUMBERS, "profile", "method") if key in saved}
    for unit in saved.get("units", []):
        if unit.get("extra"):
            data[f"extra_{unit['id']}"] = str(unit["extra"])
        if unit.get("merged_from"):
            data[f"merged_{unit['id']}"] = str(unit["merged_from"])
    return data

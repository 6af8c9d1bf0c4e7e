""" "Kiểm phiếu của tôi": the elections a person counts or keys, with the way into each open
round (a typist's entry page, the committee's console) and each closed round's result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from daihoi.core.access import scope_paths
from daihoi.core.models import User
from daihoi.elections.models import ElectionStaff, Round


def my_roles(user: User) -> list[ElectionStaff]:
    return list(
        ElectionStaff.objects.filter(user_id=user.pk)
        .select_related("election__congress__organization")
        .order_by("-election__congress__starts_on", "election__position", "role")
    )


def counting_home(user: User) -> str | None:
    """Counting staff without any organization grant start on their own elections."""
    if user.is_superuser or scope_paths(user):
        return None
    if ElectionStaff.objects.filter(user_id=user.pk).exists():
        return reverse("elections:mine")
    return None


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    roles = my_roles(request.user)
    rounds: dict[int, list[Round]] = {}
    for staff in roles:
        rounds.setdefault(
            staff.election_id,
            list(Round.objects.filter(election_id=staff.election_id).order_by("number")),
        )
    typing_rounds = set(
        Round.typists.through.objects.filter(user_id=request.user.pk).values_list(
            "round_id", flat=True
        )
    )
    rows = [(staff, rounds[staff.election_id]) for staff in roles]
    return render(request, "elections/mine.html", {"rows": rows, "typing_rounds": typing_rounds})

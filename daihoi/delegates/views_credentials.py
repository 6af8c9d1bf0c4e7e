"""The credentials committee's pages: review every delegate, then its report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.delegates import access, queries
from daihoi.delegates.actions import DelegateActionError
from daihoi.delegates.actions import credentials as credential_actions
from daihoi.delegates.forms import ReviewForm
from daihoi.delegates.models import CredentialReview, Credentials, NotConvenedReason
from daihoi.delegates.views import congress_view, reading

reviewing = congress_view(access.get_reviewing_congress, ("POST",))


@reading
def review_list(request: HttpRequest, congress: Congress) -> HttpResponse:
    delegates = queries.roster(congress)
    latest: dict[int, CredentialReview] = {}
    for review in CredentialReview.objects.filter(delegate__congress=congress).select_related(
        "reviewer"
    ):
        latest[review.delegate_id] = review  # ordered by time: the last one stays
    counts = {c: 0 for c in Credentials.values}
    for d in delegates:
        counts[d.credentials] += 1
    context: dict[str, Any] = {
        "congress": congress,
        "delegates": delegates,
        "latest": latest,
        "counts": counts,
        "can_review": access.can_review(request.user, congress),
        "reasons": NotConvenedReason.choices,
        "credentials": Credentials,
    }
    return render(request, "delegates/credentials.html", context)


@reviewing
def review(request: HttpRequest, congress: Congress, delegate: Any) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn kết luận thẩm tra."))
    else:
        try:
            credential_actions.review_delegate(
                delegate, acting_user=request.user, **form.cleaned_data
            )
        except DelegateActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s: %(decision)s.")
                % {"name": delegate, "decision": Credentials(form.cleaned_data["decision"]).label},
            )
    return redirect(reverse("delegates:credentials", args=[congress.pk]) + f"#d{delegate.pk}")

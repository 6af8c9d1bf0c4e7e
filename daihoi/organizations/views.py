"""Pages of the hierarchy. Every view resolves objects through organizations.access."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.organizations import access, queries


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    roots = list(access.top_organizations_for(request.user))
    root_totals = [(root, queries.subtree_totals_by_level(root)) for root in roots]
    return render(request, "organizations/tree.html", {"root_totals": root_totals})


@login_required
def children_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_visible_organization(request.user, pk)
    children = queries.children_with_counts(org)
    return render(request, "organizations/tree.html#children", {"org": org, "children": children})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_visible_organization(request.user, pk)
    context = {
        "org": org,
        "ancestors": [a for a in queries.path_to(org)[:-1] if access.can_view(request.user, a)],
        "totals": queries.subtree_totals_by_level(org),
        "children": queries.children_with_counts(org),
        "can_manage": access.can_manage(request.user, org),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = list(queries.search_within(access.organizations_visible_to(request.user), query))
    template = "organizations/search.html#results" if request.htmx else "organizations/search.html"
    return render(request, template, {"query": query, "results": results})

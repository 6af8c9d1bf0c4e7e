from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from daihoi.core import actions
from daihoi.core.forms import ThrottledLoginForm, client_address
from daihoi.core.home import home_url_for


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledLoginForm) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_login(form.get_user(), client_address(self.request))
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user) or "organizations:tree")


def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial endpoint: a liveness probe, and the floor the benchmarks in bench/ compare
    a real request against (same server, same middleware, no view work)."""
    return HttpResponse("ok", content_type="text/plain")

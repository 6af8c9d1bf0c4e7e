"""Request middleware of our own."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

IDLE_KEY = "daihoi_last_seen"


class IdleSessionTimeoutMiddleware:
    """Log out a session left idle longer than DAIHOI_IDLE_TIMEOUT_SECONDS (a laptop left
    open in a congress hall)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY, now)
            if now - int(last_seen) > settings.DAIHOI_IDLE_TIMEOUT_SECONDS:
                logout(request)
            else:
                request.session[IDLE_KEY] = now
        return self.get_response(request)

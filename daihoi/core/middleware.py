"""Request middleware of our own."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

IDLE_KEY = "daihoi_last_seen"
IDLE_STAMP_SECONDS = 60


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
            elif now - int(last_seen) >= IDLE_STAMP_SECONDS or IDLE_KEY not in request.session:
                # Refreshed once a minute, not on every request: a changed session is a
                # database write, and a typist posts a ballot every few seconds.
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person picked another language with the switch (its cookie).

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so a hall
    laptop whose browser is set to English would greet officials in English."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

"""Where "/" sends a logged-in user. Apps register a chooser (core imports no app): the first
one that answers a URL wins; otherwise the organization tree."""

from __future__ import annotations

from collections.abc import Callable

from daihoi.core.models import User

Chooser = Callable[[User], str | None]
_choosers: list[Chooser] = []


def register(chooser: Chooser) -> None:
    if chooser not in _choosers:
        _choosers.append(chooser)


def home_url_for(user: User) -> str | None:
    for chooser in _choosers:
        url = chooser(user)
        if url:
            return url
    return None

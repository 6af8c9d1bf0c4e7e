"""Sections that other apps add to a congress's page.

congresses knows no election (import-linter contract): the elections app registers the
section that lists a congress's elections from its AppConfig.ready(), and the congress page
renders whatever is registered, in order. Dependencies keep pointing one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString

from daihoi.congresses.models import Congress

#: Renders one section of the congress page for this request (access already checked:
#: the user may view the congress; the section checks anything more it needs).
SectionRenderer = Callable[[HttpRequest, Congress], SafeString]


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    render: SectionRenderer


_sections: dict[str, Section] = {}


def register(key: str, render: SectionRenderer, *, order: int = 100) -> None:
    """Add (or replace, on a second call with the same key) a section of the congress page."""
    _sections[key] = Section(key, order, render)


def render_sections(request: HttpRequest, congress: Congress) -> list[SafeString]:
    return [s.render(request, congress) for s in sorted(_sections.values(), key=_order)]


def _order(section: Section) -> tuple[int, str]:
    return (section.order, section.key)

"""Pure rules of the campaign dashboard (no ORM)."""

from __future__ import annotations


def secretary_percent(direct: bool, votes: int | None, base: int | None) -> int | None:
    """The whole percent of the votes of a secretary elected directly at the congress,
    floor(100 × votes / base): what Congress.secretary_percent copies from its result so
    that the share histogram is a count per value. None when the secretary was not elected
    at the congress or the figures are missing."""
    if not direct or votes is None or not base:
        return None
    return 100 * votes // base

"""Pure rules of the hierarchy (no ORM): which level may stand under which.

Source: Điều lệ Đảng, Art. 11 (the system mirrors the administrative one), Art. 21 (a unit
with fewer than 30 members forms a chi bộ cơ sở, with 30 or more a đảng bộ cơ sở with
subordinate cells), Art. 24 (cells); HD 31-HD/BTCTW (2025) for the commune/ward committees
that now form the upper-base tier. See shared/domain/rules.md §2.
"""

from __future__ import annotations

from daihoi.organizations.models import Level, OrganizationForm

ALLOWED_CHILDREN: dict[int, frozenset[int]] = {
    Level.CENTRAL: frozenset({Level.PROVINCIAL}),
    # Some base organizations stand directly under a provincial committee.
    Level.PROVINCIAL: frozenset({Level.UPPER_BASE, Level.BASE}),
    Level.UPPER_BASE: frozenset({Level.BASE}),
    Level.BASE: frozenset({Level.SUB_BASE, Level.CELL}),
    Level.SUB_BASE: frozenset({Level.CELL}),
    Level.CELL: frozenset(),
}


def child_level_allowed(parent_level: int, parent_form: str, child_level: int) -> bool:
    """A chi bộ cơ sở (a base organization in cell form) has no subordinate units."""
    if parent_level == Level.BASE and parent_form == OrganizationForm.CHI_BO:
        return False
    return child_level in ALLOWED_CHILDREN[parent_level]


def default_form(level: int) -> str:
    return OrganizationForm.CHI_BO if level == Level.CELL else OrganizationForm.DANG_BO

"""A small district with known congress outcomes for the summary-report tests, built
explicitly (no randomness): what every figure of the report must be is worked out by hand
in test_summary.py.

Đảng bộ huyện Hòa Thử (H, upper-base), term 2020-2025, Chỉ thị 35-CT/TW (deadline 30/6/2020
for base organizations and cells), the report made on 15/7/2020:

base organizations (4)
  H1 Đảng bộ xã Hòa An        territorial  delegates 120, pilot, direct 120/120, approved 20/5
  H2 Đảng bộ xã Hòa Bình      territorial  general 182, direct 123/150 (82%), reported 2/7 (late)
  H3 Đảng bộ Công ty Hòa Phát enterprise   general 45, planned direct but the result says the
                                            committee elected the secretary, held 15/6
  H4 Chi bộ Trường Tiểu học   public serv. no congress (missing)
cells (7)
  H1-1 held, direct 30/30        H1-2 held, direct 29/30 (96,67%)
  H1-3 held, 2 contents, no result (not direct)
  H2-1 preparing (late)          H2-2 planned (late)
  H2-3 held, 3 contents, not direct, no result
  H3-1 no congress (missing)
plus, outside the report: H1's congress of 2025-2030 and a congress of another district (K).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind, CongressResult
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, Organization, OrganizationForm, OrganizationKind

TERM = "2020-2025"
TODAY = dt.date(2020, 7, 15)

T, AG, EN, PS = (
    OrganizationKind.TERRITORIAL,
    OrganizationKind.AGENCY,
    OrganizationKind.ENTERPRISE,
    OrganizationKind.PUBLIC_SERVICE,
)
DB, CB = OrganizationForm.DANG_BO, OrganizationForm.CHI_BO


def _org(code: str, name: str, level: int, parent: str | None, kind=T, form=DB, members=0):
    return NewOrganization(code, name, level, kind, form, members, 0, parent)


ROWS = [
    _org("H", "Đảng bộ huyện Hòa Thử", Level.UPPER_BASE, None),
    _org("H1", "Đảng bộ xã Hòa An", Level.BASE, "H"),
    _org("H1-1", "Chi bộ thôn 1", Level.CELL, "H1", form=CB, members=30),
    _org("H1-2", "Chi bộ thôn 2", Level.CELL, "H1", form=CB, members=31),
    _org("H1-3", "Chi bộ thôn 3", Level.CELL, "H1", form=CB, members=12),
    _org("H2", "Đảng bộ xã Hòa Bình", Level.BASE, "H"),
    _org("H2-1", "Chi bộ xóm Đông", Level.CELL, "H2", form=CB, members=40),
    _org("H2-2", "Chi bộ xóm Tây", Level.CELL, "H2", form=CB, members=50),
    _org("H2-3", "Chi bộ xóm Nam", Level.CELL, "H2", form=CB, members=60),
    _org("H3", "Đảng bộ Công ty Hòa Phát", Level.BASE, "H", kind=EN),
    _org("H3-1", "Chi bộ phân xưởng 1", Level.CELL, "H3", kind=EN, form=CB, members=20),
    _org("H4", "Chi bộ Trường Tiểu học Hòa Thử", Level.BASE, "H", kind=PS, form=CB, members=18),
    _org("K", "Đảng bộ huyện Khác", Level.UPPER_BASE, None),
    _org("K1", "Đảng bộ xã Khác", Level.BASE, "K"),
]


@dataclass
class Built:
    orgs: dict[str, Organization]
    congresses: dict[str, Congress]


def _congress(
    org: Organization,
    *,
    kind: str = CongressKind.GENERAL,
    convened: int,
    status: str,
    held_on: dt.date | None = None,
    direct: bool = True,
    pilot: bool = False,
    contents: int = 4,
    term: str = TERM,
    starts_on: dt.date | None = None,
    ordinal: int | None = None,
) -> Congress:
    congress = create_congress(
        org,
        acting_user=None,
        term=term,
        kind=kind,
        convened=convened,
        starts_on=starts_on or held_on,
        direct_secretary=direct,
        is_pilot=pilot,
        ordinal=ordinal,
    )
    # The lifecycle actions are another helper's work: the test sets the state directly.
    Congress.objects.filter(pk=congress.pk).update(
        status=status, held_on=held_on, contents=contents
    )
    congress.refresh_from_db()
    return congress


def _result(congress: Congress, **figures: Any) -> CongressResult:
    return CongressResult.objects.create(
        congress=congress, source="form", reported_on=dt.date(2020, 7, 10), **figures
    )


def build_hoa_thu() -> Built:
    orgs = insert_organizations(ROWS)
    c: dict[str, Congress] = {}
    c["H"] = _congress(
        orgs["H"],
        kind=CongressKind.DELEGATES,
        convened=200,
        status="planned",
        starts_on=dt.date(2020, 8, 10),
        ordinal=20,
    )
    c["H1"] = _congress(
        orgs["H1"],
        kind=CongressKind.DELEGATES,
        convened=120,
        status="approved",
        held_on=dt.date(2020, 5, 20),
        pilot=True,
    )
    _result(
        c["H1"],
        committee_elected=15,
        committee_reelected=10,
        committee_women=4,
        committee_young=2,
        committee_ethnic_minority=1,
        standing_elected=5,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=120,
        secretary_base=120,
        deputies_elected=2,
        inspection_elected=5,
        delegates_elected=10,
        alternates_elected=2,
    )
    c["H2"] = _congress(orgs["H2"], convened=182, status="reported", held_on=dt.date(2020, 7, 2))
    _result(
        c["H2"],
        committee_elected=13,
        committee_reelected=8,
        committee_women=3,
        committee_young=1,
        standing_elected=3,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=123,
        secretary_base=150,
        deputies_elected=1,
        inspection_elected=3,
        delegates_elected=8,
        alternates_elected=1,
    )
    c["H3"] = _congress(orgs["H3"], convened=45, status="held", held_on=dt.date(2020, 6, 15))
    _result(
        c["H3"],
        committee_elected=7,
        committee_reelected=7,
        committee_women=1,
        secretary_elected=True,
        secretary_direct=False,
        deputies_elected=1,
        inspection_elected=3,
        delegates_elected=3,
    )
    c["H1-1"] = _congress(
        orgs["H1-1"], convened=30, status="approved", held_on=dt.date(2020, 3, 10)
    )
    _result(
        c["H1-1"],
        committee_elected=3,
        committee_reelected=2,
        committee_women=1,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=30,
        secretary_base=30,
        deputies_elected=1,
        delegates_elected=5,
        alternates_elected=1,
    )
    c["H1-2"] = _congress(
        orgs["H1-2"], convened=31, status="reported", held_on=dt.date(2020, 3, 12)
    )
    _result(
        c["H1-2"],
        committee_elected=3,
        committee_reelected=1,
        committee_young=1,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=29,
        secretary_base=30,
        deputies_elected=1,
        delegates_elected=4,
    )
    c["H1-3"] = _congress(
        orgs["H1-3"],
        convened=12,
        status="held",
        held_on=dt.date(2020, 3, 15),
        direct=False,
        contents=2,
    )
    c["H2-1"] = _congress(orgs["H2-1"], convened=40, status="preparing")
    c["H2-2"] = _congress(orgs["H2-2"], convened=50, status="planned")
    c["H2-3"] = _congress(
        orgs["H2-3"],
        convened=60,
        status="held",
        held_on=dt.date(2020, 4, 1),
        direct=False,
        contents=3,
    )
    # Outside the report: another term of H1, and another district.
    _congress(orgs["H1"], convened=130, status="planned", term="2025-2030")
    c["K1"] = _congress(orgs["K1"], convened=80, status="approved", held_on=dt.date(2020, 5, 1))
    _result(
        c["K1"],
        committee_elected=9,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=1,
        secretary_base=80,
    )
    return Built(orgs, c)

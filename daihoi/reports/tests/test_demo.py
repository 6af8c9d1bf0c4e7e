"""The demo city's summary report shows figures of the seeds' kind, computed from the demo
campaign (daihoi/congresses/demo.py): 46 base organizations all held, "45/46" direct
secretary elections, "9/10" ward committees by delegates, the lowest secretary at 82% in a
general meeting of 182, 335 committee members with 237 re-elected, 73 standing, 45
secretaries, 51 deputies. The elections demo is slow, so the tests build the hierarchy and
the campaign only (and, where it matters, the congress the elections demo would make)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from daihoi.congresses.actions import create_congress
from daihoi.congresses.demo import build_demo_campaign
from daihoi.congresses.models import Congress, CongressKind, CongressResult
from daihoi.core.audit import verify_chain
from daihoi.core.models import AuditEntry
from daihoi.organizations.demo import build_demo_city
from daihoi.organizations.models import Organization
from daihoi.reports.summary import summary_figures
from daihoi.reports.summary_docx import summary_docx
from daihoi.reports.summary_json import summary_json

pytestmark = pytest.mark.django_db
TERM = "2020-2025"


def city_report(city: Organization) -> dict:
    return summary_json(summary_figures(city, TERM, today=dt.date(2020, 6, 6)))


def assert_seed_figures(base: dict) -> None:
    assert base["units"] == 46
    assert (base["progress"]["held"], base["progress"]["held_percent"]) == (46, "100.00")
    assert base["progress"]["last_held_on"].startswith("2020-05")
    direct = base["direct_secretary"]
    assert f"{direct['count']}/{direct['of']}" == "45/46"
    assert direct["not_direct_units"] == [{"code": "QN-UB-11", "name": "Đảng bộ Quân sự thành phố"}]
    assert base["contents"] == {"four": 45, "three": 1, "two": 0}
    (wards,) = [
        k for k in base["kinds"]["by_organization_kind"] if k["organization_kind"] == "territorial"
    ]
    assert (wards["delegates"], wards["general"], wards["held"]) == (9, 1, 10)
    shares = base["secretary_shares"]
    assert (shares["count"], shares["min"], shares["max"], shares["at_min"]) == (
        45,
        "82.00",
        "100.00",
        1,
    )
    assert shares["lowest"]["congress_kind"] == "general"
    assert shares["lowest"]["convened"] == 182
    committee = base["committee"]
    assert (committee["elected"], committee["reelected"], committee["standing"]) == (335, 237, 73)
    assert (committee["secretaries"], committee["deputies"]) == (45, 51)
    assert base["upper_congress"] == {"delegates": 255, "alternates": 56}
    assert base["pilot"]["count"] == 2


@pytest.fixture
def city():
    return build_demo_city(acting_user=None)


def test_the_demo_city_report_has_the_seeds_figures(city):
    entries = AuditEntry.objects.count()
    created = build_demo_campaign(city)
    assert AuditEntry.objects.count() == entries + 1  # one audited bulk insert
    assert verify_chain()[1] is None
    report = city_report(city)
    base, cells = report["levels"]
    assert_seed_figures(base)
    assert created == 46 + cells["units"]
    assert cells["progress"]["held_percent"] == "100.00"
    assert cells["direct_secretary"]["percent"] == "100.00"
    assert cells["missing_units"] == [] and cells["late_units"] == []


def test_the_congress_the_elections_demo_makes_is_kept_and_completed(city):
    ward = Organization.objects.get(code="QN-UB-03")
    kept = create_congress(
        ward,
        acting_user=None,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=125,
        ordinal=5,
        starts_on=dt.date(2020, 4, 22),
        direct_secretary=True,
    )
    build_demo_campaign(city)
    kept.refresh_from_db()
    assert Congress.objects.filter(organization=ward, term=TERM).get() == kept
    assert (kept.status, kept.held_on) == ("approved", dt.date(2020, 4, 22))
    assert (kept.result.secretary_votes, kept.result.secretary_base) == (117, 123)
    assert_seed_figures(city_report(city)["levels"][0])


def test_a_result_already_reported_counts_towards_the_same_totals(city):
    ward = Organization.objects.get(code="QN-UB-03")
    kept = create_congress(
        ward,
        acting_user=None,
        term=TERM,
        kind=CongressKind.DELEGATES,
        convened=125,
        starts_on=dt.date(2020, 4, 22),
        direct_secretary=True,
    )
    Congress.objects.filter(pk=kept.pk).update(status="reported", held_on=dt.date(2020, 4, 22))
    CongressResult.objects.create(
        congress=kept,
        source="daihoi",
        reported_on=dt.date(2020, 4, 23),
        committee_elected=14,
        committee_reelected=9,
        standing_elected=4,
        secretary_elected=True,
        secretary_direct=True,
        secretary_votes=118,
        secretary_base=123,
        deputies_elected=2,
        delegates_elected=6,
        alternates_elected=1,
    )
    build_demo_campaign(city)
    assert_seed_figures(city_report(city)["levels"][0])


def test_the_demo_city_report_reads_like_the_uong_bi_report(city):
    build_demo_campaign(city)
    document = Document(io.BytesIO(summary_docx(summary_figures(city, TERM))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Đến hết tháng 5 năm 2020, 100% tổ chức cơ sở đảng đã hoàn thành đại hội" in text
    assert "Có 45/46 chi, đảng bộ cơ sở (97,83%) đại hội bầu trực tiếp bí thư" in text
    assert "(trừ Đảng bộ Quân sự thành phố)" in text
    assert "9/10 đảng bộ đại hội đại biểu, 1/10 đảng bộ đại hội toàn thể đảng viên" in text
    assert (
        "thấp nhất đạt 82% (Đảng bộ xã Thượng Yên Công, đại hội toàn thể đảng viên, số "
        "đảng viên triệu tập 182 đảng viên)" in text
    )
    assert "Đại hội đã bầu 335 đồng chí vào cấp ủy, trong đó tái cử 237 đồng chí" in text
    assert (
        "73 đồng chí được bầu vào Ban Thường vụ; 45 đồng chí được bầu giữ chức vụ bí thư, "
        "51 đồng chí phó bí thư" in text
    )
    assert (
        "Các đại hội đã bầu 255 đại biểu chính thức và 56 đại biểu dự khuyết đi dự Đại "
        "hội Đảng bộ thành phố Uông Bí." in text
    )

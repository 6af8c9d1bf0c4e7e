"""In chromium: the Centre drills from the nation down to one cell by clicking; a district's
staff cannot open another district's dashboard."""

from __future__ import annotations

import dataclasses

import pytest

from daihoi.congresses.synth import write_campaign
from daihoi.congresses.tests.dashboard_data import TERM, ensure_directive
from daihoi.core import actions as core_actions
from daihoi.core.models import Role
from daihoi.organizations.actions import NewOrganization, insert_organizations
from daihoi.organizations.models import Level, Organization, OrganizationForm
from daihoi.organizations.synth import synth_rows
from daihoi.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def centre_over_a_city() -> dict[str, Organization]:
    """The Centre, one province, and a `synth --scale city` tree under it, with a synthetic
    campaign over all of it."""
    ensure_directive()
    city = synth_rows("city", 1)
    rows = [
        NewOrganization("TW", "Trung ương", Level.CENTRAL, "territorial", "dang_bo", 0, 0, None),
        NewOrganization(
            "T01", "Đảng bộ tỉnh Yên Hà", Level.PROVINCIAL, "territorial", "dang_bo", 0, 0, "TW"
        ),  # fmt: skip
        dataclasses.replace(city[0], parent_code="T01"),
        *city[1:],
    ]
    created = insert_organizations(rows)
    write_campaign(list(created.values()), seed=1, term=TERM, acting_user=None)
    return created


def test_the_centre_drills_from_the_nation_down_to_one_cell(live_server, page, login):
    orgs = centre_over_a_city()
    centre = core_actions.create_user(
        "bantochuc_tw", PASSWORD, acting_user=None, full_name="Ban Tổ chức Trung ương"
    )
    core_actions.grant_role(centre, Role.ORG_STAFF, orgs["TW"], acting_user=None)
    base = next(
        o
        for o in orgs.values()
        if o.level == Level.BASE and o.form == OrganizationForm.DANG_BO and o.children.exists()
    )
    cell = base.children.order_by("level", "name", "id").first()

    login(page, live_server.url, "bantochuc_tw")
    page.click("[data-testid=nav-dashboard]")
    title = page.get_by_test_id("dashboard-title")
    assert "Trung ương" in title.inner_text()
    for code in ("T01", "T01-H0001", base.code, cell.code):
        page.click(f"[data-testid=child-link][data-code='{code}']")
        page.wait_for_url(f"**/dai-hoi/tien-do/{orgs[code].pk}/**")
        assert orgs[code].name in title.inner_text()
    # The cell's own congress and the one level left.
    assert page.get_by_test_id("own-congress").inner_text().startswith("Đại hội của đơn vị")
    assert page.locator("[data-testid=levels] tbody tr").count() == 1
    breadcrumb = page.get_by_test_id("dashboard-breadcrumb").inner_text()
    assert "Trung ương" in breadcrumb and base.name in breadcrumb
    # Both charts drew on the Centre's dashboard.
    page.goto(f"{live_server.url}/dai-hoi/tien-do/{orgs['TW'].pk}/")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('dh-chart-series') && Chart.getChart('dh-chart-shares')"
    )


def test_a_district_cannot_open_another_districts_dashboard(world, live_server, page, login):
    ensure_directive()
    login(page, live_server.url, "staff_a")
    own = page.goto(f"{live_server.url}/dai-hoi/tien-do/{world.district_a.pk}/")
    assert own is not None and own.status == 200
    other = page.goto(f"{live_server.url}/dai-hoi/tien-do/{world.district_b.pk}/")
    assert other is not None and other.status == 404
    assert "Bảo Yên" not in page.content()

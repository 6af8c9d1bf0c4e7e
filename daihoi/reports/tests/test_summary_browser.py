"""The summary report in a real browser: a province staff member reads the demo city's
report, switches the term, downloads the .docx; on a phone nothing overflows the page."""

from __future__ import annotations

import pytest

from daihoi.congresses.demo import build_demo_campaign
from daihoi.core import actions as core_actions
from daihoi.core.models import Role
from daihoi.organizations.demo import build_demo_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(world):
    city = build_demo_city(acting_user=None)
    build_demo_campaign(city)
    core_actions.grant_role(world.staff_p, Role.ORG_STAFF, city, acting_user=None)
    return city


def test_staff_read_the_city_report_and_download_it(live_server, new_page, login, city):
    page = new_page()
    login(page, live_server.url, "staff_p")
    page.goto(f"{live_server.url}/bao-cao/tong-ket/{city.pk}/?nhiem_ky=2020-2025")
    text = page.get_by_test_id("summary-text")
    assert "Có 45/46 chi, đảng bộ cơ sở (97,83%) đại hội bầu trực tiếp bí thư" in text.inner_text()
    assert page.get_by_test_id("table-tien-do").locator("tbody tr").count() == 2
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename == "bao-cao-tong-ket-QN-UB-2020-2025.docx"
    page.select_option("#nhiem-ky", "2025-2030")
    page.wait_for_url("**nhiem_ky=2025-2030")
    assert "0% tổ chức cơ sở đảng đã hoàn thành đại hội (0/46 đơn vị)" in text.inner_text()


def test_on_a_phone_the_report_fits_the_screen(live_server, new_page, login, city):
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, live_server.url, "staff_p")
    page.goto(f"{live_server.url}/bao-cao/tong-ket/{city.pk}/?nhiem_ky=2020-2025")
    page.get_by_test_id("table-lanh-dao").wait_for(state="attached")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

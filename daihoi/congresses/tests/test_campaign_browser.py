"""In a real browser: district A's organization department plans the congresses of all its
base organizations in one go, takes one of them through its lifecycle up to the report of
its results, and the province's organization department approves it."""

import pytest

from daihoi.congresses.models import Congress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_plans_its_base_organizations_and_the_province_approves_one(
    world, live_server, new_page, login
):
    staff_a = new_page()
    login(staff_a, live_server.url, "staff_a")
    staff_a.goto(f"{live_server.url}/to-chuc/{world.district_a.pk}/")
    staff_a.get_by_test_id("plan-link").click()

    # One form for the whole level.
    form = staff_a.get_by_test_id("bulk-plan-form")
    form.get_by_label("Cấp").select_option(label="Tổ chức cơ sở đảng")
    form.get_by_label("Nhiệm kỳ").fill("2025-2030")
    form.get_by_label("Từ ngày (hoặc ngày dự kiến)").fill("01/05/2025")
    form.get_by_label("Đến ngày").fill("30/06/2025")
    form.get_by_test_id("bulk-plan-submit").click()
    rows = staff_a.get_by_test_id("plan-list").locator("tbody tr")
    rows.first.wait_for()
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.org)")) == ["A1", "A2"]

    # planned → preparing → held, each with its date.
    staff_a.get_by_role("link", name="Đảng bộ xã An Bình").click()
    panel = staff_a.get_by_test_id("campaign-panel")
    for status, day in (("preparing", "02/05/2025"), ("held", "20/05/2025")):
        panel.get_by_label("Ngày").fill(day)
        panel.get_by_test_id("advance").click()
        staff_a.wait_for_selector(f"[data-testid=campaign-panel][data-status={status}]")

    # The results, reported by form (the congress was not counted in daihoi).
    result = staff_a.get_by_test_id("result-form")
    result.get_by_label("Số cấp ủy viên được bầu").fill("13")
    result.get_by_label("Trong đó: tái cử").fill("8")
    result.get_by_label("Trong đó: nữ").fill("3")
    result.get_by_label("Đã bầu bí thư").check()
    result.get_by_test_id("report-results").click()
    staff_a.wait_for_selector("[data-testid=campaign-panel][data-status=reported]")
    assert staff_a.locator("[data-figure=committee_elected]").inner_text() == "13"

    # The province approves it.
    staff_p = new_page()
    login(staff_p, live_server.url, "staff_p")
    congress = Congress.objects.get(organization=world.base_a)
    staff_p.goto(f"{live_server.url}/dai-hoi/{congress.pk}/")
    staff_p.get_by_test_id("approve").click()
    staff_p.wait_for_selector("[data-testid=campaign-panel][data-status=approved]")
    assert "Phạm Văn Tỉnh" in staff_p.get_by_test_id("approved-line").inner_text()
    congress.refresh_from_db()
    assert (congress.status, congress.approved_by_id) == ("approved", world.staff_p.pk)

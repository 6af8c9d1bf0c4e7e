import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_staff_logs_in_and_sees_their_district_tree(world, live_server, page, login):
    login(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/to-chuc/")
    assert page.get_by_role("link", name="Đảng bộ huyện An Lạc").is_visible()
    page.wait_for_selector(f"[data-testid=children-of-{world.district_a.pk}]")
    assert page.get_by_text("Đảng bộ xã An Bình").is_visible()
    assert page.get_by_text("Bảo Yên").count() == 0

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Sen-hong-giua-ho-2025"


def test_district_staff_creates_a_viewer_who_then_logs_in(world, live_server, new_page, login):
    staff = new_page()
    login(staff, live_server.url, "staff_a")
    staff.goto(f"{live_server.url}/to-chuc/{world.district_a.pk}/")
    staff.get_by_test_id("users-link").click()
    assert staff.get_by_test_id("users-table").get_by_text("Lê Văn Xem").is_visible()

    staff.get_by_test_id("user-create-link").click()
    staff.get_by_label("Tên đăng nhập").fill("tran_lan")
    staff.get_by_label("Họ và tên").fill("Trần Thị Lan")
    staff.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    staff.get_by_label("Nhập lại mật khẩu").fill("khong-khop-2025")
    staff.get_by_label("Vai trò").select_option("viewer")
    staff.get_by_label("Trên tổ chức").select_option(str(world.base_a.pk))
    staff.get_by_role("button", name="Tạo người dùng").click()
    assert staff.get_by_text("Hai mật khẩu không giống nhau.").is_visible()

    staff.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    staff.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    staff.get_by_role("button", name="Tạo người dùng").click()
    staff.wait_for_url(f"**/to-chuc/{world.district_a.pk}/nguoi-dung/")
    assert staff.get_by_role("alert").get_by_text("Đã tạo người dùng tran_lan").is_visible()
    assert staff.get_by_test_id("users-table").get_by_text("Trần Thị Lan").is_visible()

    newcomer = new_page()
    login(newcomer, live_server.url, "tran_lan", NEW_PASSWORD)
    assert newcomer.get_by_test_id("current-user").inner_text() == "Trần Thị Lan"
    newcomer.set_viewport_size({"width": 390, "height": 844})  # then on a phone
    newcomer.goto(f"{live_server.url}/to-chuc/")
    assert newcomer.get_by_role("link", name="Đảng bộ xã An Bình").is_visible()
    assert newcomer.get_by_text("Đảng bộ huyện An Lạc").count() == 0
    response = newcomer.goto(f"{live_server.url}/to-chuc/{world.district_a.pk}/nguoi-dung/")
    assert response.status == 404

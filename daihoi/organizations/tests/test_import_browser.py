"""In a real browser: district staff imports a file with errors, sees the row messages,
then imports a good file and finds the new units in the tree."""

from __future__ import annotations

import pytest

from daihoi.organizations.models import Organization
from daihoi.organizations.tests.import_files import BAD_ROWS, GOOD_ROWS, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_imports_a_bad_file_then_a_good_one_and_sees_the_new_units(
    world, live_server, page, login, tmp_path
):
    bad = write_xlsx(tmp_path / "co-loi.xlsx", GOOD_ROWS + BAD_ROWS)
    good = write_xlsx(tmp_path / "dung.xlsx", GOOD_ROWS)
    login(page, live_server.url, "staff_a")

    # The tree, and a search for a unit.
    page.goto(f"{live_server.url}/to-chuc/")
    page.get_by_test_id("search-input").fill("an binh")
    results = page.get_by_test_id("search-results")
    results.get_by_role("link", name="Đảng bộ xã An Bình").wait_for()

    # The import page, from the tree.
    page.get_by_test_id("import-link").click()
    page.get_by_role("heading", name="Nhập danh sách tổ chức").wait_for()

    # A file with errors: every bad row is highlighted with its message; no confirm button.
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_test_id("import-has-errors").wait_for()
    error_rows = page.locator("tr.dh-error-row")
    assert error_rows.count() == 3
    assert [error_rows.nth(i).get_attribute("data-row") for i in range(3)] == ["5", "6", "7"]
    assert "không tìm thấy tổ chức cấp trên “KHONG-CO”" in error_rows.nth(0).inner_text()
    assert "không được là số âm (-3)" in error_rows.nth(1).inner_text()
    assert "Cột “Tên tổ chức”: không được để trống." in error_rows.nth(2).inner_text()
    assert page.get_by_test_id("import-confirm").count() == 0
    assert not Organization.objects.filter(code="A3").exists()

    # A good file: preview, confirm, and the new units are in the tree.
    page.get_by_role("link", name="Tải lên tệp khác").click()
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_test_id("import-ok").wait_for()
    assert page.locator("tr.dh-error-row").count() == 0
    page.get_by_test_id("import-confirm").click()
    page.get_by_text("Đã nhập 3 tổ chức từ tệp “dung.xlsx”.").wait_for()
    children = page.get_by_test_id(f"children-of-{world.district_a.pk}")
    children.get_by_role("link", name="Đảng bộ xã An Hòa").wait_for()
    assert children.get_by_role("link", name="Chi bộ Trường Mầm non An Lạc").is_visible()
    new_base = Organization.objects.get(code="A3")
    page.locator(f"[hx-get$='/{new_base.pk}/cay-con/']").click()
    page.get_by_test_id(f"children-of-{new_base.pk}").get_by_role(
        "link", name="Chi bộ thôn Thượng"
    ).wait_for()

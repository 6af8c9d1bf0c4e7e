"""The organization department sets a congress and its executive-committee election up in a
real browser: from the unit page to the first round's page."""

import io
import re

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

from daihoi.congresses.models import Congress
from daihoi.elections.models import Candidate, ElectionStaff, ElectionStatus, Round
from daihoi.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = [
    ("Nguyễn Văn An", "05/03/1970", "Nam"),
    ("Lê Thị Bình", "12/11/1982", "Nữ"),
    ("Trần Văn Cường", "01/01/1975", "Nam"),
    ("Phạm Thị Dung", "20/02/1980", "Nữ"),
    ("Hoàng Văn Em", "15/06/1972", "Nam"),
    ("Vũ Thị Giang", "30/09/1985", "Nữ"),
    ("Đặng Văn Hải", "11/11/1971", "Nam"),
    ("Bùi Thị Hoa", "08/03/1979", "Nữ"),
    ("Đỗ Văn Khánh", "02/09/1976", "Nam"),
    ("Ngô Văn Lâm", "19/05/1983", "Nam"),
]


def list_file(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ/đơn vị", "Tái cử", "Nguồn"]
    )
    for name, born, gender in LIST:
        sheet.append([name, born, gender, "Kinh", "Đảng bộ huyện An Lạc", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def add_person(page, role_label, username, full_name):
    form = page.get_by_test_id("staff-form")
    form.get_by_label("Vai trò").select_option(label=role_label)
    form.get_by_label("Tạo người dùng mới").check()
    form.get_by_label("Tên đăng nhập").fill(username)
    form.get_by_label("Họ và tên").fill(full_name)
    form.get_by_label("Mật khẩu (người dùng mới)").fill(PASSWORD)
    form.get_by_role("button", name="Thêm").click()
    page.get_by_test_id("staff-notice").filter(has_text=full_name).wait_for()


def test_staff_sets_up_a_congress_and_opens_the_first_round(
    world, live_server, page, login, tmp_path
):
    login(page, live_server.url, "staff_a")

    # The unit page → "Tạo đại hội".
    page.goto(f"{live_server.url}/to-chuc/{world.district_a.pk}/")
    page.get_by_test_id("create-congress-link").click()
    form = page.get_by_test_id("congress-form")
    # District A has 73 members: the directive's rule proposes a general meeting (< 200);
    # the department chooses a congress of delegates instead.
    assert form.get_by_label("Hình thức").input_value() == "general"
    form.get_by_label("Hình thức").select_option("delegates")
    form.get_by_label("Lần thứ").fill("21")
    form.get_by_label("Ngày khai mạc").fill("15/07/2025")
    form.get_by_label("Địa điểm").fill("Hội trường Huyện ủy An Lạc")
    form.get_by_label("Số đại biểu (đảng viên) được triệu tập").fill("150")
    form.get_by_role("button", name="Tạo đại hội").click()
    page.get_by_test_id("congress-title").wait_for()
    assert "lần thứ XXI" in page.get_by_test_id("congress-title").inner_text()

    # The congress page → an executive-committee election of 9.
    election_form = page.get_by_test_id("election-form")
    election_form.get_by_label("Bầu", exact=True).select_option("executive")
    election_form.get_by_label("Số lượng cần bầu").fill("9")
    election_form.get_by_role("button", name="Thêm cuộc bầu cử").click()
    page.get_by_test_id("election-title").wait_for()
    assert "Bầu Ban Chấp hành" in page.get_by_test_id("election-title").inner_text()

    # Import the list from an .xlsx: preview, then confirm.
    page.get_by_test_id("import-link").click()
    page.get_by_label("Tệp danh sách (.xlsx)").set_input_files(list_file(tmp_path / "ds.xlsx"))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_test_id("preview-ok").wait_for()
    assert Candidate.objects.count() == 0
    page.get_by_test_id("import-confirm").click()
    page.get_by_test_id("list-panel").wait_for()
    names = page.get_by_test_id("candidate-name").all_inner_texts()
    assert names[:3] == ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"]
    assert len(names) == 10
    assert page.get_by_test_id("surplus").inner_text().startswith("1 (11,11%)")

    # The counting committee and three typists, created on the spot.
    add_person(page, "Trưởng Ban kiểm phiếu", "truongban", "Đỗ Thị Kiểm")
    add_person(page, "Ủy viên Ban kiểm phiếu", "uyvien", "Vũ Văn Đếm")
    for i, name in enumerate(["Một", "Hai", "Ba"], start=1):
        add_person(page, "Người nhập phiếu", f"may{i}", f"Người Nhập {name}")
    assert ElectionStaff.objects.count() == 5

    # Confirm the list (enabled: no problems), then open round 1.
    page.get_by_test_id("list-ok").wait_for()
    page.get_by_test_id("confirm-list").click()
    page.get_by_test_id("open-round-form").wait_for()
    assert "Đã chốt danh sách" in page.get_by_test_id("election-status").inner_text()
    round_form = page.get_by_test_id("open-round-form")
    assert round_form.get_by_label("Số đại biểu (đảng viên) được triệu tập").input_value() == "150"
    round_form.get_by_label("Lý do, dòng 1").fill("Ốm đau nằm viện")
    round_form.get_by_label("Số người, dòng 1").fill("2")
    round_form.get_by_label("Số có mặt").fill("145")
    round_form.get_by_label("Số phiếu phát ra").fill("145")
    for i in (1, 2, 3):
        assert round_form.get_by_label(re.compile(f"\\(may{i}\\)")).is_checked()
    round_form.get_by_test_id("open-round").click()

    page.wait_for_load_state()
    round_ = Round.objects.get()
    try:
        expected = reverse("elections:round", args=[round_.pk])
    except NoReverseMatch:  # the round pages are another part of the app
        expected = reverse("elections:detail", args=[round_.election_id])
    page.wait_for_url(re.compile(re.escape(expected)))
    assert (round_.number, round_.present, round_.base) == (1, 145, 148)
    assert round_.election.status == ElectionStatus.COUNTING
    assert Congress.objects.get().elections.count() == 1


def test_the_setup_page_works_on_a_phone(world, live_server, new_page, login):
    from daihoi.elections import actions
    from daihoi.elections.testing import make_congress

    election = actions.create_election(
        make_congress(world), acting_user=None, body="executive", seats=9
    )
    page = new_page()
    login(page, live_server.url, "staff_a")  # the name in the navbar shows on a laptop
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/bau-cu/{election.pk}/")
    form = page.get_by_test_id("candidate-form")
    form.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    form.get_by_label("Họ và tên").press("Enter")  # keyboard: Enter submits, focus returns
    page.get_by_test_id("notice").wait_for()
    assert page.get_by_test_id("candidate-name").all_inner_texts() == ["Nguyễn Văn An"]
    page.keyboard.type("Lê Thị Bình")
    page.keyboard.press("Enter")
    page.get_by_test_id("notice").filter(has_text="Lê Thị Bình").wait_for()
    assert Candidate.objects.count() == 2
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

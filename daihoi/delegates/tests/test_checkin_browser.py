"""The check-in desk in a real browser (issue 9, "Done means"): a USB QR scanner types the
badge's token and Enter into the desk's field, the camera reads a printed badge, staff find a
delegate by name typed without accents; the presidium page, open on another machine, follows
each check-in within a second without reloading and turns to "Đủ" at two thirds; a second
scan and a revoked badge are refused loud and write nothing.

The camera is chromium's fake capture device fed a short Y4M video of the badge exactly as
printed: the first page of badges_pdf (A6) rendered with pypdfium2, laid on a desk-coloured
640×480 frame, converted to YUV 4:2:0 with Pillow (already installed with reportlab).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core import actions as core_actions
from daihoi.core.models import User
from daihoi.delegates.actions import badges, checkin, roster, staff
from daihoi.delegates.actions.roster import PersonData
from daihoi.delegates.documents.badges import badges_pdf
from daihoi.delegates.models import (
    Badge,
    CheckIn,
    CheckInMethod,
    Delegate,
    DelegateKind,
    HalfDay,
    Session,
    SessionKind,
    StaffRole,
)
from daihoi.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPENING = dt.date(2025, 7, 15)
# Six convened: the quorum of two thirds is four present.
EX_OFFICIO = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
APPOINTED = ["Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The presidium page re-reads its figures every 500 ms: a check-in shows there within 1 s.
PRESIDIUM_BOUND_MS = 1000


@dataclass
class Door:
    """A congress on its opening morning: roster, badges, the current session, a clerk."""

    congress: Congress
    session: Session
    clerk: User  # the secretariat's member at the desk
    delegates: dict[str, Delegate]

    def token(self, name: str) -> str:
        return Badge.objects.get(delegate=self.delegates[name], revoked_at=None).token

    def checkins(self) -> int:
        return CheckIn.objects.filter(session=self.session).count()

    def url(self, name: str) -> str:
        return reverse(f"delegates:{name}", args=[self.congress.pk])


@pytest.fixture
def door(world: Any) -> Door:
    congress = create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=0,
        ordinal=21,
        starts_on=OPENING,
    )
    delegates = {}
    for names, kind in ((EX_OFFICIO, DelegateKind.EX_OFFICIO), (APPOINTED, DelegateKind.APPOINTED)):
        for name in names:
            delegates[name] = roster.add_delegate(
                congress, PersonData(name), kind=kind, acting_user=world.staff_a
            )
    clerk = core_actions.create_user(
        "thu_ky", PASSWORD, acting_user=None, full_name="Đỗ Thị Thư Ký"
    )
    staff.add_congress_staff(congress, clerk, role=StaffRole.SECRETARIAT, acting_user=world.staff_a)
    badges.issue_badges(congress, acting_user=world.staff_a)
    session = checkin.add_session(
        congress,
        kind=SessionKind.PREPARATORY,
        day=OPENING,
        half=HalfDay.MORNING,
        acting_user=world.staff_a,
    )
    checkin.set_current_session(session, acting_user=world.staff_a)
    return Door(congress, session, clerk, delegates)


def is_scan(response: Any) -> bool:
    return response.request.method == "POST" and response.url.endswith("/diem-danh/quet/")


def scan(page: Any, token: str) -> Any:
    """What a USB scanner does: type the token and Enter into whatever has the focus (no
    click first). Returns the desk's answer once the server has sent it."""
    with page.expect_response(is_scan) as answer:
        page.keyboard.type(token)
        page.keyboard.press("Enter")
    return answer.value


def expect_outcome(page: Any, state: str, text: str, code: str = "") -> None:
    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_contain_text(text)
    expect(outcome).to_have_attribute("data-state", state)
    expect(outcome).to_have_attribute("data-code", code)


def expect_ready_for_next(page: Any) -> None:
    """The token field is empty and has the focus again: the next badge can be scanned."""
    token = page.get_by_test_id("token")
    expect(token).to_have_value("")
    expect(token).to_be_focused()


def expect_presidium(presidium: Any, present: int, *, met: bool) -> None:
    """Within the 1 s bound from the desk's answer, without reloading the page."""
    figures = presidium.get_by_test_id("figures")
    expect(figures.get_by_test_id("present")).to_have_text(str(present), timeout=PRESIDIUM_BOUND_MS)
    expect(presidium.get_by_test_id("present-big")).to_have_text(
        f"{present} / 6", timeout=PRESIDIUM_BOUND_MS
    )
    quorum = figures.get_by_test_id("quorum")
    expect(quorum).to_have_attribute("data-met", "1" if met else "0", timeout=PRESIDIUM_BOUND_MS)
    expect(quorum).to_have_text("Đủ" if met else "Chưa đủ")


def test_a_usb_scanner_checks_delegates_in_and_the_presidium_follows(
    door: Door, world: Any, live_server: Any, new_page: Any, login: Any
) -> None:
    base = live_server.url
    presidium = new_page()
    login(presidium, base, world.staff_a.username)  # the organization department
    presidium.goto(base + door.url("presidium"))
    expect_presidium(presidium, 0, met=False)
    presidium.evaluate("window.dhNotReloaded = true")

    desk = new_page(viewport=LAPTOP)
    login(desk, base, door.clerk.username)  # the secretariat
    desk.goto(base + door.url("desk"))
    expect(desk.get_by_test_id("desk-session")).to_have_text("Phiên trù bị, buổi sáng 15/07/2025")
    # On a 1366×768 laptop the field and the answer's place are in view without scrolling.
    expect_ready_for_next(desk)
    field = desk.get_by_test_id("token").bounding_box()
    assert field and field["y"] + field["height"] < LAPTOP["height"] / 2

    # Two delegates, one after the other: green, the field cleared and focused each time.
    answer = scan(desk, door.token("Trần Thị Bình"))
    assert answer.headers["x-checkin"] == "ok"
    expect_outcome(desk, "ok", "Đã điểm danh: Trần Thị Bình.")
    expect_presidium(presidium, 1, met=False)
    expect_ready_for_next(desk)
    outcome = desk.get_by_test_id("outcome").bounding_box()
    assert outcome and outcome["y"] + outcome["height"] < LAPTOP["height"]

    scan(desk, door.token("Lê Văn Cường"))
    expect_outcome(desk, "ok", "Đã điểm danh: Lê Văn Cường.")
    expect_presidium(presidium, 2, met=False)
    expect_ready_for_next(desk)
    assert door.checkins() == 2
    written = CheckIn.objects.get(session=door.session, delegate=door.delegates["Lê Văn Cường"])
    assert (written.method, written.by) == (CheckInMethod.SCANNER, door.clerk)

    # The same badge again: red, C04, nothing written.
    answer = scan(desk, door.token("Trần Thị Bình"))
    assert answer.headers["x-checkin"] == "C04"
    expect_outcome(desk, "refused", "Trần Thị Bình đã điểm danh phiên này lúc", "C04")
    expect(desk.get_by_test_id("outcome")).to_have_class(re.compile(r"\balert-danger\b"))
    expect_ready_for_next(desk)
    assert door.checkins() == 2

    # A lost badge is revoked and a new one issued: the old QR is refused (C02), nothing is
    # written; the new badge checks its holder in.
    dung = door.delegates["Phạm Thị Dung"]
    old_token = door.token("Phạm Thị Dung")
    badges.revoke_badge(dung, reason="Mất thẻ", acting_user=world.staff_a)
    answer = scan(desk, old_token)
    assert answer.headers["x-checkin"] == "C02"
    expect_outcome(desk, "refused", "Thẻ đã bị thu hồi (Mất thẻ)", "C02")
    expect_ready_for_next(desk)
    assert door.checkins() == 2
    scan(desk, door.token("Phạm Thị Dung"))
    expect_outcome(desk, "ok", "Đã điểm danh: Phạm Thị Dung.")
    expect_presidium(presidium, 3, met=False)
    expect_ready_for_next(desk)

    # No badge at hand: found by name typed without accents, checked in with one click; the
    # fourth of six reaches two thirds.
    desk.get_by_test_id("search").fill("nguyen van an")
    found = desk.get_by_test_id("found")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Nguyễn Văn An")
    with desk.expect_response(lambda r: r.request.method == "POST" and "/diem-danh/" in r.url):
        found.get_by_test_id("pick").click()
    expect_outcome(desk, "ok", "Đã điểm danh: Nguyễn Văn An.")
    expect_presidium(presidium, 4, met=True)
    written = CheckIn.objects.get(session=door.session, delegate=door.delegates["Nguyễn Văn An"])
    assert written.method == CheckInMethod.SEARCH

    # The scanner works again at once after a pick: the focus went back to the token field.
    expect_ready_for_next(desk)
    scan(desk, door.token("Hoàng Văn Em"))
    expect_outcome(desk, "ok", "Đã điểm danh: Hoàng Văn Em.")
    expect_presidium(presidium, 5, met=True)
    assert door.checkins() == 5

    # The presidium page was never reloaded: its figures were swapped in place.
    assert presidium.evaluate("window.dhNotReloaded") is True


# --- The camera -------------------------------------------------------------------------------


FRAME_W, FRAME_H = 640, 480


def badge_video(pdf: bytes, path: Path, *, frames: int = 6) -> Path:
    """A short Y4M video (YUV4MPEG2, 4:2:0) of the first printed badge of `pdf` held in front
    of the camera: the A6 page rendered with pypdfium2, 440 px tall, on a darker desk. The
    badge moves by a few pixels from frame to frame, as in a hand."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        _width, height = page.get_size()
        badge = page.render(scale=440 / height).to_pil().convert("RGB")
    finally:
        document.close()
    header = f"YUV4MPEG2 W{FRAME_W} H{FRAME_H} F10:1 Ip A1:1 C420jpeg\n".encode("ascii")
    body = bytearray()
    for i in range(frames):
        frame = Image.new("RGB", (FRAME_W, FRAME_H), (96, 84, 70))
        dx, dy = (i % 3) - 1, (i % 2) * 2 - 1
        frame.paste(badge, ((FRAME_W - badge.width) // 2 + dx, (FRAME_H - badge.height) // 2 + dy))
        luma, blue, red = frame.convert("YCbCr").split()
        half = (FRAME_W // 2, FRAME_H // 2)
        body += b"FRAME\n" + luma.tobytes()
        body += blue.resize(half, Image.Resampling.BOX).tobytes()
        body += red.resize(half, Image.Resampling.BOX).tobytes()
    path.write_bytes(header + bytes(body))
    return path


def test_the_camera_reads_a_printed_badge(
    door: Door, live_server: Any, launch_chromium: Any, login: Any, tmp_path: Path
) -> None:
    holder = door.delegates["Vũ Thị Giang"]
    video = badge_video(badges_pdf(door.congress, [holder], size="a6"), tmp_path / "badge.y4m")
    camera = launch_chromium(
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    context = camera.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    base = live_server.url
    login(page, base, door.clerk.username)
    page.goto(base + door.url("desk"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.locator("#dh-camera-box > summary").click()
    with page.expect_response(is_scan, timeout=15_000) as answer:
        page.get_by_test_id("camera-start").click()
    assert answer.value.headers["x-checkin"] == "ok"
    expect(page.get_by_test_id("camera-state")).to_have_text("Đang đọc mã QR…")
    expect_outcome(page, "ok", "Đã điểm danh: Vũ Thị Giang.")
    page.get_by_role("button", name="Tắt camera").click()

    written = CheckIn.objects.get(session=door.session, delegate=holder)
    assert written.method == CheckInMethod.CAMERA
    assert written.by == door.clerk
    assert door.checkins() == 1
    context.close()

"""The summary report on screen and as downloads: scope-checked (404 outside the scope,
exactly like a missing organization), numbers in Vietnamese format."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import CongressKind
from daihoi.reports.tests.hierarchy import TERM, build_hoa_thu

pytestmark = pytest.mark.django_db

DOWNLOADS = ["bao-cao.docx", "so-lieu.xlsx", "so-lieu.json"]


def url(org, tail: str = "", term: str | None = TERM) -> str:
    query = f"?nhiem_ky={term}" if term else ""
    return f"/bao-cao/tong-ket/{org.pk}/{tail}{query}"


@pytest.fixture
def district_a_congress(world):
    return create_congress(
        world.base_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.GENERAL,
        convened=48,
        starts_on=dt.date(2025, 5, 10),
    )


def test_district_staff_read_their_districts_report(client, world, district_a_congress):
    client.force_login(world.staff_a)
    page = client.get(url(world.district_a, term=None)).content.decode()
    assert "Báo cáo tổng kết" in page and "Huyện ủy An Lạc" in page
    assert "Nhiệm kỳ 2025-2030" in page  # the newest term with a congress
    assert "0% tổ chức cơ sở đảng đã hoàn thành đại hội (0/2 đơn vị)" in page


@pytest.mark.parametrize("tail", ["", *DOWNLOADS])
def test_staff_of_another_district_get_not_found(client, world, district_a_congress, tail):
    client.force_login(world.staff_b)
    forbidden_url = url(world.district_a, tail)
    missing_url = f"/bao-cao/tong-ket/987654321/{tail}?nhiem_ky={TERM}"
    forbidden, missing = client.get(forbidden_url), client.get(missing_url)
    assert forbidden.status_code == missing.status_code == 404
    path_of = lambda u: u.split("?")[0].encode()  # noqa: E731
    assert forbidden.content.replace(path_of(forbidden_url), b"<path>") == (
        missing.content.replace(path_of(missing_url), b"<path>")
    )


@pytest.mark.parametrize("who", ["staff_a", "viewer_a", "staff_p", "admin"])
def test_whoever_sees_the_district_gets_its_report(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(url(world.district_a)).status_code == 200


def test_the_page_shows_the_figures_in_vietnamese_format(admin_client):
    built = build_hoa_thu()
    page = admin_client.get(url(built.orgs["H"])).content.decode()
    assert "Có 2/3 chi, đảng bộ cơ sở (66,67%) đại hội bầu trực tiếp bí thư" in page
    assert '<td class="dh-num">75,00%</td>' in page
    assert '<td class="dh-num">57,14%</td>' in page
    assert "Đảng bộ Công ty Hòa Phát" in page
    assert '<option value="2020-2025" selected>' in page


def test_the_downloads_carry_the_report(admin_client):
    built = build_hoa_thu()
    org = built.orgs["H"]
    docx = admin_client.get(url(org, "bao-cao.docx"))
    assert docx["Content-Disposition"] == (
        'attachment; filename="bao-cao-tong-ket-H-2020-2025.docx"'
    )
    text = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "BÁO CÁO" in text
    sheet = load_workbook(io.BytesIO(admin_client.get(url(org, "so-lieu.xlsx")).content))
    assert sheet["Tiến độ"].cell(3, 2).value == 4
    data = json.loads(admin_client.get(url(org, "so-lieu.json")).content)
    assert data["format"] == "daihoi.summary/1"
    assert data["levels"][0]["direct_secretary"]["count"] == 2


def test_a_malformed_term_is_refused_in_vietnamese(client, world):
    client.force_login(world.admin)
    response = client.get(url(world.district_a, term="2025"))
    assert response.status_code == 400
    assert "Nhiệm kỳ có dạng 2025-2030." in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(url(world.district_a))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_after_the_switch_to_english_the_page_is_english_and_the_report_stays_vietnamese(
    client, world
):
    built = build_hoa_thu()
    client.force_login(world.admin)
    vietnamese_docx = client.get(url(built.orgs["H"], "bao-cao.docx")).content
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url(built.orgs["H"])).content.decode()
    assert "Download the report (.docx)" in page and "Tải báo cáo (.docx)" not in page
    assert "Tổng kết công tác tổ chức đại hội" in page  # the report itself
    assert "Congress of delegates" not in page and "General meeting" not in page
    english_session_docx = client.get(url(built.orgs["H"], "bao-cao.docx")).content
    paragraphs = lambda c: [p.text for p in Document(io.BytesIO(c)).paragraphs]  # noqa: E731
    assert paragraphs(english_session_docx) == paragraphs(vietnamese_docx)

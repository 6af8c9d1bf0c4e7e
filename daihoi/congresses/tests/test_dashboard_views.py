"""The dashboard pages: scope (forbidden == missing), drill-down links, the HTMX lists and
the .xlsx export of every table, with the same numbers as the page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.congresses import exports_dashboard
from daihoi.congresses import queries_dashboard as q
from daihoi.congresses.models import CongressStatus
from daihoi.congresses.tests.dashboard_data import TERM, add_congress, ensure_directive
from daihoi.organizations.models import Level
from daihoi.testing import PASSWORD

JULY_1 = "01/07/2025"


@pytest.fixture
def campaign(world):
    """District A: its base organization A1 approved (secretary elected directly with 150
    of 182 votes, a pilot), cell A1-1 held, A1-2 late (preparing), A2 and A itself missing.
    District B: one congress."""
    ensure_directive()
    add_congress(
        world.base_a,
        status=CongressStatus.APPROVED,
        kind="delegates",
        is_pilot=True,
        direct_secretary=True,
        held_on=dt.date(2025, 6, 10),
        votes=150,
        base=182,
    )
    add_congress(world.cell_a, status=CongressStatus.HELD, held_on=dt.date(2025, 5, 20))
    cell_a2 = world.base_a.children.get(code="A1-2")
    add_congress(cell_a2, status=CongressStatus.PREPARING, starts_on=dt.date(2025, 7, 20))
    add_congress(world.base_b, status=CongressStatus.PLANNED)
    return world


def client_for(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def dashboard_url(org, **params):
    query = "&".join(f"{k}={v}" for k, v in {"nhiem_ky": TERM, "ngay": JULY_1, **params}.items())
    return f"{reverse('congresses:dashboard', args=[org.pk])}?{query}"


def export_url(org, table):
    url = reverse("congresses:dashboard_export", args=[org.pk])
    return f"{url}?nhiem_ky={TERM}&ngay={JULY_1}&bang={table}"


def level_url(org, level):
    url = reverse("congresses:dashboard_level", args=[org.pk])
    return f"{url}?nhiem_ky={TERM}&ngay={JULY_1}&cap={level}"


def sheet_rows(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_district_staff_see_their_districts_progress(client, campaign):
    response = client_for(client, campaign.staff_a).get(dashboard_url(campaign.district_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="held-3">1<' in page  # A1 (A2 has no plan)
    assert 'data-testid="percent-3">100,00%<' in page  # of the planned ones
    assert 'data-testid="late-5">1<' in page  # A1-2, cells due by 30/06
    assert 'data-testid="missing-3">1<' in page  # A2
    assert "Chi bộ thôn Đoài" in page  # in the late list
    assert "82,42%" in page  # 150 of 182, the lowest (and only) direct secretary
    assert "Đảng bộ xã Bảo Hà" not in page  # district B's


def test_district_staff_cannot_open_another_districts_dashboard(client, campaign):
    client_for(client, campaign.staff_b)
    a = campaign.district_a
    for url in (
        dashboard_url(a),
        dashboard_url(a, bang="tre-han"),
        level_url(a, Level.CELL),
        export_url(a, "tien-do-theo-cap"),
        export_url(a, "tre-han"),
        export_url(a, "don-vi-cap-5"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(dashboard_url(campaign.district_b)).status_code == 200


def test_a_missing_organization_answers_like_a_forbidden_one(client, campaign):
    client_for(client, campaign.staff_b)
    assert client.get(reverse("congresses:dashboard", args=[999_999])).status_code == 404


def test_someone_without_any_grant_sees_no_dashboard(client, campaign):
    client_for(client, campaign.outsider)
    assert client.get(dashboard_url(campaign.province)).status_code == 404
    home = client.get(reverse("congresses:dashboard_home"))
    assert 'data-testid="no-scope"' in home.content.decode()


def test_the_anonymous_are_sent_to_log_in(client, campaign):
    response = client.get(dashboard_url(campaign.district_a))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_dashboard_home_opens_the_users_own_unit(client, campaign):
    response = client_for(client, campaign.staff_a).get(reverse("congresses:dashboard_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("congresses:dashboard", args=[campaign.district_a.pk])


def test_the_province_drills_down_to_its_districts_and_levels(client, campaign):
    page = client_for(client, campaign.staff_p).get(dashboard_url(campaign.province))
    text = page.content.decode()
    for district in (campaign.district_a, campaign.district_b):
        assert reverse("congresses:dashboard", args=[district.pk]) in text
    assert reverse("congresses:dashboard_level", args=[campaign.province.pk]) in text
    cells = client.get(level_url(campaign.province, Level.CELL)).content.decode()
    assert reverse("congresses:dashboard", args=[campaign.cell_a.pk]) in cells
    assert "Trễ hạn" in cells and "Chưa có kế hoạch" in cells  # A1-2 late, B1-1 missing


def test_an_htmx_page_of_a_list_renders_only_that_list(client, campaign):
    response = client_for(client, campaign.staff_a).get(
        dashboard_url(campaign.district_a, bang="tre-han"), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<section class="col-lg-4" id="tre-han"')
    assert "Chi bộ thôn Đoài" in text and '<nav class="navbar' not in text


def test_a_day_that_is_not_a_date_is_explained_and_today_used(client, campaign):
    response = client_for(client, campaign.staff_a).get(
        dashboard_url(campaign.district_a, ngay="31-02-2025")
    )
    assert response.status_code == 200
    assert "Ghi ngày theo dạng dd/mm/yyyy" in response.content.decode()


def test_the_levels_export_has_the_pages_numbers(client, campaign):
    client_for(client, campaign.staff_a)
    rows = sheet_rows(client.get(export_url(campaign.district_a, "tien-do-theo-cap")))
    header, body = rows[0], rows[1:]
    assert header[:7] == [
        "Cấp",
        "Số đơn vị",
        "Số đại hội (đã có kế hoạch)",
        "Đã tổ chức",
        "Tỷ lệ đã tổ chức (%)",
        "Trễ hạn",
        "Chưa có kế hoạch",
    ]
    scope = q.Scope.of(campaign.district_a, TERM, dt.date(2025, 7, 1))
    progress = q.progress(scope)
    expected = [
        [str(Level(lv).label), t.units, t.planned, t.held, float(t.held_percent), t.late, t.missing]
        for lv, t in progress.by_level.items()
    ]
    assert [[r[0], *r[1:4], float(r[4]), *r[5:7]] for r in body[:-1]] == expected
    assert body[-1][:4] == ["Tổng cộng", 5, 3, 2]  # A, A1, A2, A1-1, A1-2


def test_every_table_exports_as_a_readable_workbook(client, campaign):
    client_for(client, campaign.staff_a)
    for table in [*exports_dashboard.TABLES, "don-vi-cap-3", "don-vi-cap-5"]:
        response = client.get(export_url(campaign.district_a, table))
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = sheet_rows(response)
        assert rows[0] and all(isinstance(h, str) for h in rows[0]), table
    late = sheet_rows(client.get(export_url(campaign.district_a, "tre-han")))
    assert [r[1] for r in late[1:]] == ["Chi bộ thôn Đoài"]
    shares = sheet_rows(client.get(export_url(campaign.district_a, "ty-le-phieu-bi-thu")))
    assert [82, 1] in shares and ["Thấp nhất (%)", 82.42] in shares
    missing = sheet_rows(client.get(export_url(campaign.district_a, "chua-co-ke-hoach")))
    assert [r[0] for r in missing[1:]] == ["A", "A2"]


def test_an_unknown_table_or_a_level_outside_the_unit_is_not_found(client, campaign):
    client_for(client, campaign.staff_a)
    assert client.get(export_url(campaign.district_a, "bang-la")).status_code == 404
    assert client.get(export_url(campaign.cell_a, "don-vi-cap-3")).status_code == 404
    assert client.get(level_url(campaign.cell_a, Level.BASE)).status_code == 404
    assert client.get(level_url(campaign.district_a, "x")).status_code == 404


def test_the_unit_page_and_the_menu_link_to_the_dashboard(client, campaign):
    client_for(client, campaign.staff_a)
    page = client.get(reverse("organizations:detail", args=[campaign.district_a.pk]))
    text = page.content.decode()
    assert reverse("congresses:dashboard", args=[campaign.district_a.pk]) in text
    assert reverse("congresses:dashboard_home") in text


def test_in_english_counts_and_shares_follow_the_language(client, campaign):
    client_for(client, campaign.staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(dashboard_url(campaign.district_a)).content.decode()
    assert "Congress progress" in page
    assert 'data-testid="percent-3">100.00%<' in page
    assert "82.42%" in page

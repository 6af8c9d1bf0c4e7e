"""The congress pages. congresses imports no election code, tests included (import-linter):
the elections section of the congress page is tested in elections/tests/test_views_setup.py."""

import datetime as dt

import pytest
from django.urls import reverse

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.models import AuditEntry

GOOD = {
    "term": "2025-2030",
    "ordinal": "21",
    "kind": CongressKind.DELEGATES,
    "starts_on": "15/07/2025",
    "ends_on": "17/07/2025",
    "place": "Hội trường Huyện ủy An Lạc",
    "convened": "150",
    "direct_secretary": "on",
}


def make_congress(world):
    return create_congress(
        world.district_a,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=150,
        ordinal=21,
        starts_on=dt.date(2025, 7, 15),
    )


def client_for(client, user):
    client.force_login(user)
    return client


def test_district_staff_creates_a_congress_from_the_unit_page(client, world):
    client_for(client, world.staff_a)
    unit_page = client.get(reverse("organizations:detail", args=[world.district_a.pk]))
    create_url = reverse("congresses:create", args=[world.district_a.pk])
    assert create_url in unit_page.content.decode()

    response = client.post(create_url, GOOD)

    congress = Congress.objects.get(organization=world.district_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("congresses:detail", args=[congress.pk])
    assert congress.ordinal == 21
    assert congress.starts_on.isoformat() == "2025-07-15"
    assert congress.convened == 150
    assert congress.direct_secretary is True
    assert AuditEntry.objects.filter(action="congress.create", object_id=congress.pk).exists()


def test_the_create_form_proposes_the_kind_the_directive_gives(client, world):
    # A chi bộ meets as all its members; a đảng bộ too below 200 official members in its
    # subtree (district A has 73), delegates from 200 on.
    client_for(client, world.staff_a)
    cell = client.get(reverse("congresses:create", args=[world.cell_a.pk]))
    small = client.get(reverse("congresses:create", args=[world.district_a.pk]))
    world.cell_a.official_members = 300
    world.cell_a.save()
    big = client.get(reverse("congresses:create", args=[world.district_a.pk]))
    assert cell.context["form"].initial["kind"] == CongressKind.GENERAL
    assert small.context["form"].initial["kind"] == CongressKind.GENERAL
    assert big.context["form"].initial["kind"] == CongressKind.DELEGATES
    assert cell.context["form"].initial["term"] == "2025-2030"


def test_a_bad_date_and_a_second_congress_for_the_same_term_are_refused(client, world):
    client_for(client, world.staff_a)
    make_congress(world)
    url = reverse("congresses:create", args=[world.district_a.pk])
    response = client.post(url, {**GOOD, "starts_on": "2025-15-07", "term": "2025-2030"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "dd/mm/yyyy" in errors["starts_on"][0]
    assert "đã có đại hội nhiệm kỳ 2025-2030" in errors["term"][0]
    assert Congress.objects.filter(organization=world.district_a).count() == 1


def test_the_list_shows_the_congresses_in_scope_with_their_elections(client, world):
    congress = make_congress(world)
    congress.elections.create(body="executive", title="Bầu BCH", seats=9, meeting="delegates")
    other = Congress.objects.create(
        organization=world.district_b, term="2025-2030", kind=CongressKind.DELEGATES
    )
    client_for(client, world.viewer_a)
    response = client.get(reverse("congresses:list"))
    rows = response.context["rows"]
    assert [(c.pk, count) for c, count, _ in rows] == [(congress.pk, 1)]
    assert rows[0][2] == [("Đang chuẩn bị danh sách", 1)]
    assert other.organization.name not in response.content.decode()


def test_the_unit_filter_offers_create_only_to_those_who_manage_the_unit(client, world):
    url = reverse("congresses:list") + f"?to_chuc={world.district_a.pk}"
    assert client_for(client, world.staff_a).get(url).context["can_create"] is True
    assert client_for(client, world.viewer_a).get(url).context["can_create"] is False
    assert client_for(client, world.staff_b).get(url).status_code == 404


def test_staff_edits_the_congress(client, world):
    congress = make_congress(world)
    client_for(client, world.staff_a)
    response = client.post(
        reverse("congresses:edit", args=[congress.pk]), {**GOOD, "convened": "151"}
    )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.convened == 151
    assert AuditEntry.objects.filter(action="congress.update", object_id=congress.pk).exists()


@pytest.mark.parametrize("user_name", ["staff_b", "outsider"])
def test_another_district_gets_not_found_on_every_congress_page(client, world, user_name):
    congress = make_congress(world)
    client_for(client, getattr(world, user_name))
    gets = [
        reverse("congresses:detail", args=[congress.pk]),
        reverse("congresses:edit", args=[congress.pk]),
        reverse("congresses:create", args=[world.district_a.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
        assert client.post(url, GOOD).status_code == 404, url
    assert Congress.objects.count() == 1


def test_a_viewer_sees_the_congress_but_cannot_change_it(client, world):
    congress = make_congress(world)
    client_for(client, world.viewer_a)
    page = client.get(reverse("congresses:detail", args=[congress.pk]))
    assert page.status_code == 200
    assert reverse("congresses:edit", args=[congress.pk]) not in page.content.decode()
    assert client.post(reverse("congresses:edit", args=[congress.pk]), GOOD).status_code == 404
    create_url = reverse("congresses:create", args=[world.cell_a.pk])
    assert client.post(create_url, GOOD).status_code == 404
    assert Congress.objects.count() == 1


def test_the_navigation_has_a_congress_item(client, world):
    client_for(client, world.viewer_a)
    page = client.get(reverse("organizations:tree"))
    assert f'href="{reverse("congresses:list")}"' in page.content.decode()

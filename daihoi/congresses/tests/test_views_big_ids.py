"""A congress of a unit whose id is 1,000 or more: the congress list, the congress page and
its edit form link back with the plain id (?to_chuc=1391, never 1.391), and the links
answer; a convened count past a thousand is shown grouped."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from daihoi.congresses.actions import create_congress
from daihoi.congresses.models import CongressKind
from daihoi.testing import add_unit_past_id_999

GROUPED_IN_ATTRIBUTE = re.compile(r'(?:value|href|hx-[a-z]+|data-[a-z-]+)="[^"]*\d[.,]\d{3}\b')


@pytest.fixture
def unit(world):
    return add_unit_past_id_999(world)


@pytest.fixture
def congress(world, unit):
    return create_congress(
        unit,
        acting_user=world.staff_a,
        term="2025-2030",
        kind=CongressKind.DELEGATES,
        convened=1250,
        ordinal=7,
        starts_on=dt.date(2025, 6, 20),
    )


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_congress_list_of_a_unit_past_id_999_links_with_plain_ids(
    client, world, unit, congress
):
    client.force_login(world.staff_a)
    page = text(client.get(f"{reverse('congresses:list')}?to_chuc={unit.pk}"))
    detail = reverse("congresses:detail", args=[congress.pk])
    assert f'href="{reverse("organizations:detail", args=[unit.pk])}"' in page
    assert f'href="{detail}"' in page
    assert f'href="{reverse("congresses:plan", args=[unit.pk])}"' in page
    assert not GROUPED_IN_ATTRIBUTE.search(page)
    assert congress.title in text(client.get(detail))


def test_the_congress_page_and_its_form_link_back_to_the_list_with_the_plain_id(
    client, world, unit, congress
):
    client.force_login(world.staff_a)
    back = f"{reverse('congresses:list')}?to_chuc={unit.pk}"
    for name in ("congresses:detail", "congresses:edit"):
        page = text(client.get(reverse(name, args=[congress.pk])))
        assert f'href="{back}"' in page, name
        assert not GROUPED_IN_ATTRIBUTE.search(page), name
    assert "Đảng bộ xã Xuân Lộc" in text(client.get(back))


def test_a_convened_count_past_a_thousand_is_shown_grouped(client, world, congress):
    client.force_login(world.staff_a)
    page = text(client.get(reverse("congresses:detail", args=[congress.pk])))
    assert 'data-testid="congress-convened">1.250<' in page

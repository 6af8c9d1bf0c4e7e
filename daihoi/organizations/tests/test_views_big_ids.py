"""Units whose id is 1,000 or more, and member counts past a thousand: links, htmx URLs and
query strings carry the plain id (a grouped "1.391" broke ?to_chuc= and the tree's
children), while counts shown to people are grouped in the user's language."""

import re

import pytest
from django.urls import reverse

from daihoi.testing import add_unit_past_id_999

GROUPED_IN_ATTRIBUTE = re.compile(r'(?:value|href|hx-[a-z]+|data-[a-z-]+)="[^"]*\d[.,]\d{3}\b')


@pytest.fixture
def unit(world):
    return add_unit_past_id_999(world, official=1234)


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def links_in(page: str) -> list[str]:
    return re.findall(r'(?:href|hx-get)="(/[^"#]*)', page)


def test_the_tree_links_a_unit_past_id_999_by_its_plain_id_and_the_links_answer(
    client, world, unit
):
    client.force_login(world.staff_a)
    children = text(client.get(reverse("organizations:children", args=[world.district_a.pk])))
    detail = reverse("organizations:detail", args=[unit.pk])
    below = reverse("organizations:children", args=[unit.pk])
    assert f'href="{detail}"' in children and f'hx-get="{below}"' in children
    assert not GROUPED_IN_ATTRIBUTE.search(children)
    assert "Đảng bộ xã Xuân Lộc" in text(client.get(detail))
    fragment = text(client.get(below))
    assert f'data-testid="children-of-{unit.pk}"' in fragment
    assert "Chi bộ thôn Xuân" in fragment


def test_every_link_of_the_unit_page_carries_the_plain_id_and_answers(client, world, unit):
    client.force_login(world.staff_a)
    page = text(client.get(reverse("organizations:detail", args=[unit.pk])))
    assert f'href="{reverse("congresses:list")}?to_chuc={unit.pk}"' in page
    assert f'href="{reverse("organizations:import")}?to_chuc={unit.pk}"' in page
    assert not GROUPED_IN_ATTRIBUTE.search(page)
    followed = [link for link in links_in(page) if str(unit.pk) in link]
    assert len(followed) >= 5  # congresses, dashboard, plan, create, import, users, children
    for link in followed:
        assert client.get(link).status_code == 200, link
    congresses = text(client.get(f"{reverse('congresses:list')}?to_chuc={unit.pk}"))
    assert "Đại hội của Đảng bộ xã Xuân Lộc" in congresses


def test_a_member_count_past_a_thousand_reads_1_234_in_vietnamese(client, world, unit):
    client.force_login(world.staff_a)
    page = text(client.get(reverse("organizations:detail", args=[unit.pk])))
    own = re.search(r'data-testid="own-members">([^<]*)<', page).group(1)
    assert own.startswith("1.234 chính thức")
    children = text(client.get(reverse("organizations:children", args=[world.district_a.pk])))
    assert "1.234 đảng viên" in children


def test_a_member_count_past_a_thousand_reads_1_234_with_a_comma_in_english(client, world, unit):
    client.force_login(world.staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text(client.get(reverse("organizations:detail", args=[unit.pk])))
    own = re.search(r'data-testid="own-members">([^<]*)<', page).group(1)
    assert own.startswith("1,234 ")
    assert f'?to_chuc={unit.pk}"' in page

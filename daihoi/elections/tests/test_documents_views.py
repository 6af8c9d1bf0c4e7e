"""Document URLs: who gets which document. Anyone who may view the election gets the ballot,
the minutes, the results and the hall display; the journal and count.json are for the
counting committee and the managing department; everyone else gets 404 (like a missing id).
The forbidden check is generated from urls_documents, so a new document URL is covered."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from daihoi.counting.count import count_round
from daihoi.counting.jsonio import parse_count_input, result_to_dict
from daihoi.elections.testing import make_election, make_team, open_first_round
from daihoi.elections.tests.document_cases import executive_with_tie
from daihoi.elections.urls_documents import urlpatterns

pytestmark = pytest.mark.django_db

COMMITTEE_ONLY = {"journal", "journal_pdf", "count_json"}
ALL_NAMES = [p.name for p in urlpatterns]


@pytest.fixture
def case(world):
    return executive_with_tie(world, revote=False)


def url_for(name: str, case) -> str:
    pattern = next(p for p in urlpatterns if p.name == name)
    is_round = str(pattern.pattern).startswith("lan-bau/")
    return reverse(f"elections:{name}", args=[case.first.pk if is_round else case.election.pk])


def get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


def statuses(client, user, case, names) -> dict[str, int]:
    if user is not None:
        client.force_login(user)
    return {name: client.get(url_for(name, case)).status_code for name in names}


def test_another_districts_staff_gets_not_found_for_every_document(client, world, case):
    assert statuses(client, world.staff_b, case, ALL_NAMES) == dict.fromkeys(ALL_NAMES, 404)


def test_someone_without_any_role_gets_not_found_for_every_document(client, world, case):
    assert statuses(client, world.outsider, case, ALL_NAMES) == dict.fromkeys(ALL_NAMES, 404)


def test_a_missing_id_is_not_found_like_a_forbidden_one(client, world):
    client.force_login(world.admin)
    for name in ALL_NAMES:
        url = reverse(f"elections:{name}", args=[987654321])
        assert client.get(url).status_code == 404, name


def test_nobody_reads_a_document_without_logging_in(client, case):
    for name in ALL_NAMES:
        response = client.get(url_for(name, case))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name


def test_a_viewer_of_the_district_gets_the_public_documents_only(client, world, case):
    public = sorted(set(ALL_NAMES) - COMMITTEE_ONLY)
    assert statuses(client, world.viewer_a, case, public) == dict.fromkeys(public, 200)
    committee = sorted(COMMITTEE_ONLY)
    assert statuses(client, world.viewer_a, case, committee) == dict.fromkeys(committee, 404)


def test_the_journal_and_the_count_input_are_for_the_committee_and_department(client, world, case):
    names = sorted(COMMITTEE_ONLY)
    assert statuses(client, case.team.typists[0], case, names) == dict.fromkeys(names, 404)
    for user in (case.team.member, case.team.head, world.staff_a):
        assert statuses(client, user, case, names) == dict.fromkeys(names, 200), user


def test_documents_are_served_with_their_type_and_a_vietnamese_file_name(client, world, case):
    expected = {
        "ballot_pdf": "application/pdf",
        "minutes_pdf": "application/pdf",
        "minutes_docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "results_xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "results_pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "count_json": "application/json; charset=utf-8",
    }
    for name, content_type in expected.items():
        response = get(client, case.team.head, url_for(name, case))
        assert response["Content-Type"] == content_type, name
        assert "filename=" in response["Content-Disposition"], name
    minutes = get(client, case.team.head, url_for("minutes_docx", case))
    assert "bien-ban-kiem-phieu" in minutes["Content-Disposition"]


def test_the_minutes_of_an_open_round_are_refused_with_a_clear_message(client, world, case):
    team = make_team("mo")
    election, _ = make_election(
        case.election.congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1
    )
    round_ = open_first_round(election, team)
    for name in ("minutes_pdf", "minutes_docx"):
        response = get(client, world.staff_a, reverse(f"elections:{name}", args=[round_.pk]))
        assert response.status_code == 409
        assert "chưa kết thúc" in response.content.decode()


def test_the_minutes_number_can_be_given_in_the_address(client, world, case):
    from daihoi.elections.tests.extract import pdf_text

    response = get(client, world.staff_a, url_for("minutes_pdf", case) + "?so=15")
    assert "Số 15-BB/BKP" in pdf_text(response.content)


def test_the_count_input_recounts_to_the_stored_result(client, case):
    response = get(client, case.team.head, url_for("count_json", case))
    document = json.loads(response.content)
    assert document["format"] == "daihoi.count/1"
    recount = result_to_dict(count_round(parse_count_input(document)))
    assert json.loads(json.dumps(recount, ensure_ascii=False)) == case.first.result


def test_the_journal_page_shows_every_ballot(client, case):
    response = get(client, case.team.member, url_for("journal", case))
    html = response.content.decode()
    assert "Nhật ký nhập phiếu" in html
    assert html.count('data-seq="') == 12
    assert "Người Nhập Một" in html


def test_the_hall_display_polls_while_counting_and_stops_with_the_result(client, world, case):
    url = url_for("display", case)
    closed = get(client, world.viewer_a, url).content.decode()
    assert "<html" in closed and 'data-state="closed"' in closed
    assert "hx-trigger" not in closed
    assert "Nguyễn Văn An" in closed

    team = make_team("ht")
    election, _ = make_election(
        case.election.congress, team, ["Nguyễn Văn An", "Lê Thị Bình"], seats=1
    )
    open_first_round(election, team)
    url = reverse("elections:display", args=[election.pk])
    page = get(client, world.viewer_a, url).content.decode()
    assert 'hx-trigger="every 5s"' in page and 'data-state="open"' in page
    fragment = get(client, world.viewer_a, url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="board"' in fragment
    assert 'hx-trigger="every 5s"' in fragment

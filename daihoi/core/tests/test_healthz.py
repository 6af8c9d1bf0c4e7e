from django.urls import reverse


def test_healthz_answers_ok_to_anyone_without_touching_the_database(
    db, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"

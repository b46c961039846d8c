"""Sign-in for private pages (`/_util/login/`, Wagtail's front-end form) lands on a real page."""

from typing import Any

from django.test import Client

LOGIN_URL = "/_util/login/"


def test_it_lands_on_the_trust_centre_home_without_next(
    client: Client, officer: Any, password: str, home: Any
) -> None:
    response = client.post(LOGIN_URL, {"username": "officer", "password": password}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert response.status_code == 200
    assert response.context["page"].pk == home.pk


def test_it_returns_to_the_private_page_it_came_from(
    client: Client, officer: Any, password: str, home: Any
) -> None:
    response = client.post(
        f"{LOGIN_URL}?next=/policies/", {"username": "officer", "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == "/policies/"

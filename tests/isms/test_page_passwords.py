"""Passwords of private pages: each attempt is in the audit trail, and guessing is throttled.

These tests post Wagtail's own password form to the address it posts to.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from isms.audit.models import AuditEvent
from tests.html import text_of

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
PAGE_PASSWORD = "customers-only-2026"
# Declared, so pytest-django runs these before tests that flush the database.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def backend(intake_cache: str) -> str:
    """Counted on the database cache, and on Redis when it is there."""
    return intake_cache


@pytest.fixture
def restriction(policies_index: Any) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=policies_index, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
    )


def attempt(
    client: Client, restriction: PageViewRestriction, password: str, ip: str = "198.51.100.20"
) -> Any:
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id]
    )
    return client.post(url, {"password": password, "return_url": "/policies/"}, REMOTE_ADDR=ip)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


def test_it_lets_the_right_password_in_and_records_it(
    client: Client, restriction: PageViewRestriction
) -> None:
    response = attempt(client, restriction, PAGE_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/policies/"
    event = AuditEvent.objects.get()
    assert (event.action, event.ip_address, event.actor_id) == (
        "page_password.accepted",
        "198.51.100.20",
        None,
    )
    assert (event.target_id, event.target_label) == (str(restriction.page_id), "Policies")
    assert event.detail == {"restriction_id": restriction.pk}
    assert client.get("/policies/").status_code == 200


def test_it_shows_the_form_again_for_a_wrong_password_and_records_it(
    client: Client, restriction: PageViewRestriction
) -> None:
    response = attempt(client, restriction, "guess")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert actions() == ["page_password.refused"]


def test_it_pauses_guessing_after_five_wrong_passwords(
    client: Client, restriction: PageViewRestriction
) -> None:
    assert settings.PAGE_PASSWORD_FAILURE_LIMIT == 5
    for guess in range(4):
        assert attempt(client, restriction, f"guess-{guess}").status_code == 200

    fifth = attempt(client, restriction, "guess-4")

    assert fifth.status_code == 429
    assert fifth["Retry-After"] == str(15 * 60)
    assert "Password attempts paused" in text_of(fifth)
    assert "Try again in 15 minutes" in text_of(fifth)
    assert actions() == ["page_password.refused"] * 5 + ["page_password.locked_out"]


def test_it_refuses_even_the_right_password_while_paused_and_records_nothing_more(
    client: Client, restriction: PageViewRestriction, clock: Any
) -> None:
    for guess in range(5):
        attempt(client, restriction, f"guess-{guess}")
    clock.move_to(START + timedelta(minutes=14), tick=False)

    response = attempt(client, restriction, PAGE_PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Try again in 1 minute," in text_of(response)
    assert len(actions()) == 6
    assert client.get("/policies/").status_code == 200  # the password form, not the page
    assert "customers-only" not in client.get("/policies/").content.decode()
    assert (
        reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id]
        )
        in client.get("/policies/").content.decode()
    )


def test_it_lets_the_right_password_in_after_the_cool_off(
    client: Client, restriction: PageViewRestriction, clock: Any
) -> None:
    for guess in range(5):
        attempt(client, restriction, f"guess-{guess}")
    clock.move_to(START + settings.PAGE_PASSWORD_COOLOFF + timedelta(seconds=1), tick=False)

    assert attempt(client, restriction, PAGE_PASSWORD).status_code == 302


def test_it_does_not_pause_another_address(
    client: Client, restriction: PageViewRestriction
) -> None:
    for guess in range(5):
        attempt(client, restriction, f"guess-{guess}", ip="198.51.100.20")

    assert attempt(client, restriction, PAGE_PASSWORD, ip="198.51.100.99").status_code == 302


def test_it_does_not_pause_another_restriction(
    client: Client, restriction: PageViewRestriction, home: Any
) -> None:
    other = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="another-password-1"
    )
    for guess in range(5):
        attempt(client, restriction, f"guess-{guess}")

    assert attempt(client, other, "another-password-1").status_code == 302


def test_it_forgets_earlier_refusals_after_a_right_password(
    client: Client, restriction: PageViewRestriction
) -> None:
    for guess in range(4):
        attempt(client, restriction, f"guess-{guess}")
    attempt(client, restriction, PAGE_PASSWORD)
    for guess in range(4):
        attempt(client, restriction, f"again-{guess}")

    assert attempt(client, restriction, PAGE_PASSWORD).status_code == 302


def test_it_shows_wagtails_form_on_a_get(client: Client, restriction: PageViewRestriction) -> None:
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id]
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["form"] is not None
    assert actions() == []


@pytest.mark.parametrize(
    "path",
    [
        "/_util/authenticate_with_password/999/{page}/",
        "/_util/authenticate_with_password/{restriction}/999999/",
        "/_util/authenticate_with_password/" + "9" * 30 + "/{page}/",
        "/_util/authenticate_with_password/{restriction}/" + "9" * 30 + "/",
    ],
)
def test_it_answers_404_for_a_restriction_or_page_that_does_not_exist(
    client: Client, restriction: PageViewRestriction, path: str
) -> None:
    url = path.format(restriction=restriction.pk, page=restriction.page_id)

    response = client.post(url, {"password": PAGE_PASSWORD, "return_url": "/"})

    assert response.status_code == 404
    assert actions() == []

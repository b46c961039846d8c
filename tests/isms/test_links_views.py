"""A view that takes a capability link: one 404 for every refusal, 429 for a guessing address.

The view in tests/isms/intake_urls.py is written as an app would write it, wrapped in
`capability_link_view`.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from isms.audit.models import AuditEvent
from isms.links.models import CapabilityLink
from isms.links.services import capability_link_create, capability_link_use
from tests.html import text_of
from tests.isms.intake_urls import CONFIRM_EMAIL, OPEN_GRANT

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.isms.intake_urls")]


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def backend(intake_cache: str) -> str:
    """Counted on the database cache, and on Redis when it is there."""
    return intake_cache


def make_token(purpose: str = CONFIRM_EMAIL.name, **overrides: Any) -> str:
    arguments: dict[str, Any] = {"single_use": True, "expires_in": timedelta(hours=1)}
    arguments |= overrides
    return capability_link_create(purpose=purpose, **arguments)[1]


def confirm(client: Client, token: str, ip: str = "203.0.113.7") -> Any:
    return client.get(f"/links/{token}/confirm/", REMOTE_ADDR=ip)


def refusal_reasons() -> list[str]:
    events = AuditEvent.objects.filter(action="link.refused").order_by("sequence")
    return [event.detail["reason"] for event in events]


def test_it_confirms_with_a_good_link(client: Client) -> None:
    token = make_token()

    response = confirm(client, token)

    assert response.status_code == 200
    assert CapabilityLink.objects.get().use_count == 1


def test_every_refused_link_gets_the_same_404_as_a_missing_page(client: Client, clock: Any) -> None:
    used = make_token()
    capability_link_use(token=used, purpose=CONFIRM_EMAIL.name)
    expired = make_token(expires_in=timedelta(minutes=5))
    other_purpose = make_token(purpose=OPEN_GRANT.name)
    clock.move_to(START + timedelta(minutes=5), tick=False)
    missing = client.get("/missing/")

    answers = [confirm(client, token) for token in ("wrong", used, expired, other_purpose)]

    assert missing.status_code == 404
    assert "Page not found" in text_of(missing)
    for answer in answers:
        assert answer.status_code == 404
        assert answer.content == missing.content
        assert answer.headers == missing.headers
    assert refusal_reasons() == ["unknown", "used", "expired", "purpose"]


def test_it_pauses_an_address_after_too_many_refusals(client: Client) -> None:
    limit = settings.INTAKE_LIMITS["capability_link"]["attempts"]
    for guess in range(limit):
        assert confirm(client, f"guess-{guess}").status_code == 404

    paused = confirm(client, "guess-again")

    assert paused.status_code == 429
    assert paused["Retry-After"] == str(15 * 60)
    assert "Try again in 15 minutes" in text_of(paused)
    assert len(refusal_reasons()) == limit  # a paused guess is not recorded


def test_while_paused_even_a_good_link_waits_and_another_address_does_not(client: Client) -> None:
    token = make_token()
    for guess in range(settings.INTAKE_LIMITS["capability_link"]["attempts"]):
        confirm(client, f"guess-{guess}")

    assert confirm(client, token).status_code == 429
    assert confirm(client, token, ip="198.51.100.99").status_code == 200


def test_the_pause_ends_with_its_window(client: Client, clock: Any) -> None:
    token = make_token(expires_in=timedelta(days=1))
    for guess in range(settings.INTAKE_LIMITS["capability_link"]["attempts"]):
        confirm(client, f"guess-{guess}")
    clock.move_to(START + timedelta(minutes=15), tick=False)

    assert confirm(client, token).status_code == 200


def test_good_uses_do_not_count_towards_the_pause(client: Client) -> None:
    limit = settings.INTAKE_LIMITS["capability_link"]["attempts"]
    token = make_token(purpose=CONFIRM_EMAIL.name, single_use=False)
    for _ in range(limit + 1):
        assert confirm(client, token).status_code == 200

"""A public form on the intake seam: throttled per address and e-mail, honeypotted, no script.

The contact form in tests/isms/intake_urls.py is written as an app would write its form page.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.html import page_soup, text_of
from tests.isms.intake_urls import SUBMITTED

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.isms.intake_urls")]


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def submitted() -> list[dict[str, str]]:
    SUBMITTED.clear()
    return SUBMITTED


@pytest.fixture(autouse=True)
def backend(intake_cache: str) -> str:
    return intake_cache


def send(
    client: Client, *, email: str = "alice@example.com", ip: str = "203.0.113.7", **extra: str
) -> Any:
    data = {"email": email, "message": "Please send the ISAE 3402 report.", **extra}
    return client.post("/contact/", data, REMOTE_ADDR=ip)


def limit() -> int:
    limits: dict[str, Any] = settings.INTAKE_LIMITS
    return int(limits["default"]["attempts"])


def test_a_person_sends_the_form_without_javascript(client: Client, submitted: list) -> None:
    response = send(client)

    assert (response.status_code, response["Location"]) == (302, "/contact/thanks/")
    assert submitted == [
        {
            "email": "alice@example.com",
            "message": "Please send the ISAE 3402 report.",
            "website": "",
        }
    ]


def test_the_honeypot_is_out_of_sight_out_of_the_tab_order_and_labelled(client: Client) -> None:
    form = page_soup(client.get("/contact/"))

    field = form.select_one("input[name=website]")
    email = form.select_one("input[name=email]")
    assert field is not None and email is not None
    assert (field["tabindex"], field["autocomplete"]) == ("-1", "off")
    assert field.find_parent(class_="visually-hidden") is not None
    label = form.select_one(f"label[for={field['id']}]")
    assert label is not None and label.get_text(strip=True) == "Leave this empty:"
    assert email.find_parent(class_="visually-hidden") is None
    # Last, so that a person tabbing through never meets it between two real fields.
    assert [tag["name"] for tag in form.select("input, textarea")][-1] == "website"


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_done(
    client: Client, submitted: list
) -> None:
    person = send(client, ip="203.0.113.7")
    robot = send(client, ip="198.51.100.5", website="https://spam.example")

    assert (robot.status_code, robot.headers) == (person.status_code, person.headers)
    assert robot.content == person.content
    assert len(submitted) == 1


def test_an_address_is_paused_after_the_limit_with_retry_after(
    client: Client, submitted: list
) -> None:
    for attempt in range(limit()):
        assert send(client, email=f"sender-{attempt}@example.com").status_code == 302

    paused = send(client, email="another@example.com")

    assert paused.status_code == 429
    assert paused["Retry-After"] == str(60 * 60)
    assert "Try again in 60 minutes" in text_of(paused)
    assert len(submitted) == limit()


def test_an_e_mail_address_is_paused_whichever_address_sends_it(
    client: Client, submitted: list
) -> None:
    for attempt in range(limit()):
        send(client, email="mallory@example.com", ip=f"203.0.113.{attempt + 1}")

    assert send(client, email="Mallory@example.com", ip="198.51.100.1").status_code == 429
    assert send(client, email="alice@example.com", ip="198.51.100.1").status_code == 302


def test_robots_count_towards_the_limit_like_people(client: Client, submitted: list) -> None:
    for _ in range(limit()):
        send(client, website="https://spam.example")

    assert send(client).status_code == 429
    assert submitted == []


def test_an_invalid_form_is_shown_again_and_not_counted(client: Client) -> None:
    for _ in range(limit() + 1):
        response = send(client, email="not an address")
        assert response.status_code == 200
        assert "Enter a valid email address." in response.content.decode()

    assert send(client).status_code == 302

"""Staff sign-in at /admin/login/: throttled after repeated failures, and strong passwords only.

These tests post the real sign-in form (never force_login), because the throttling sits in the
authentication path.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from tests.html import text_of

LOGIN_URL = "/admin/login/"
START = datetime(2025, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def sign_in(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> Any:
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


def test_it_signs_in_with_the_right_password(client: Client, officer: Any, password: str) -> None:
    response = sign_in(client, "officer", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert signed_in_as(client) == str(officer.pk)


def test_it_refuses_a_wrong_password_with_the_form_again(client: Client, officer: Any) -> None:
    response = sign_in(client, "officer", "not-the-password")

    assert response.status_code == 200
    assert signed_in_as(client) is None
    assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "password"})


def test_it_locks_the_account_after_five_wrong_passwords_even_for_the_right_one(
    client: Client, officer: Any, password: str
) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        assert sign_in(client, "officer", f"wrong-{attempt}").status_code == 200
    fifth = sign_in(client, "officer", "wrong-4")

    response = sign_in(client, "officer", password)

    assert fifth.status_code == 429
    assert response.status_code == 429
    assert "Sign-in paused" in text_of(response)
    assert signed_in_as(client) is None


def test_it_still_signs_in_after_four_wrong_passwords(
    client: Client, officer: Any, password: str
) -> None:
    for attempt in range(4):
        sign_in(client, "officer", f"wrong-{attempt}")

    response = sign_in(client, "officer", password)

    assert response.status_code == 302
    assert signed_in_as(client) == str(officer.pk)


def test_it_forgets_earlier_failures_after_a_successful_sign_in(
    client: Client, officer: Any, password: str
) -> None:
    for attempt in range(4):
        sign_in(client, "officer", f"wrong-{attempt}")
    sign_in(client, "officer", password)
    client.logout()
    for attempt in range(4):
        sign_in(client, "officer", f"again-wrong-{attempt}")

    response = sign_in(client, "officer", password)

    assert response.status_code == 302


def test_it_does_not_lock_out_another_account(
    client: Client, officer: Any, engineer: Any, password: str
) -> None:
    for attempt in range(5):
        sign_in(client, "officer", f"wrong-{attempt}")

    response = sign_in(client, "engineer", password)

    assert response.status_code == 302
    assert signed_in_as(client) == str(engineer.pk)


def test_it_keeps_the_account_locked_until_the_cool_off_ends(
    client: Client, officer: Any, password: str, clock: Any
) -> None:
    for attempt in range(5):
        sign_in(client, "officer", f"wrong-{attempt}")
    clock.move_to(START + settings.AXES_COOLOFF_TIME - timedelta(minutes=1), tick=False)

    assert sign_in(client, "officer", password).status_code == 429
    assert signed_in_as(client) is None


def test_it_lets_the_account_sign_in_again_after_the_cool_off(
    client: Client, officer: Any, password: str, clock: Any
) -> None:
    for attempt in range(5):
        sign_in(client, "officer", f"wrong-{attempt}")
    clock.move_to(START + settings.AXES_COOLOFF_TIME + timedelta(minutes=1), tick=False)
    response = sign_in(client, "officer", password)

    assert response.status_code == 302
    assert signed_in_as(client) == str(officer.pk)


def test_it_counts_failures_for_unknown_usernames_too(client: Client, db: None) -> None:
    for attempt in range(5):
        sign_in(client, "nobody", f"wrong-{attempt}")

    assert sign_in(client, "nobody", "anything").status_code == 429


# Strong passwords only


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("password123", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("482915730264", "This password is entirely numeric."),
        ("Tr0ub4dor&3", "This password is too short. It must contain at least 12 characters."),
    ],
)
def test_it_refuses_weak_passwords(candidate: str, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(candidate)

    assert reason in refused.value.messages


def test_it_refuses_a_password_like_the_users_own_details(officer: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("officer@example.com", user=officer)

    assert any("too similar" in message for message in refused.value.messages)


def test_it_accepts_a_long_uncommon_passphrase(officer: Any) -> None:
    validate_password("correct-horse-battery-staple", user=officer)  # raises if refused


def test_it_refuses_a_weak_new_password_in_the_account_settings(
    client: Client, officer: Any, password: str
) -> None:
    sign_in(client, "officer", password)
    account = reverse("wagtailadmin_account")
    html = client.get(account).content.decode()
    forms = BeautifulSoup(html, "html.parser").find_all("form")
    form = next(
        form for form in forms if form.find("input", attrs={"name": "password-new_password1"})
    )
    data = querydict_from_html(html, form_index=forms.index(form))
    data.update(
        {
            "password-old_password": password,
            "password-new_password1": "password123",
            "password-new_password2": "password123",
        }
    )

    response = client.post(account, data)

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in text_of(
        response
    )
    officer.refresh_from_db()
    assert officer.check_password(password)

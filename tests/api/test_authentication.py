"""Bearer tokens: who gets in, and what a refused request is told (always JSON, always 401)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from isms.api.models import ApiToken
from isms.api.services import api_token_create, api_token_revoke
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.api.conftest import error

pytestmark = pytest.mark.django_db

URL = "/api/v1/token/"


def get(authorization: str | None) -> Any:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return Client(headers=headers).get(URL)


def test_it_answers_as_the_token_s_user(engineer: Any, token_for: Any) -> None:
    response = get(f"Bearer {token_for(engineer, name='ci')}")

    assert response.status_code == 200
    assert response.json()["user"] == "engineer"
    assert response.json()["name"] == "ci"
    assert reverse("api:token") == URL


def test_it_asks_for_credentials_when_there_are_none(db: None) -> None:
    response = get(None)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error(response)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer two words",
        "Bearer isms_nothex00_" + "a" * 43,
        "Bearer isms_0123abcd_" + "a" * 43,
        "Bearer not-a-token",
        "Bearer isms_0123abcd_" + "a" * 4000,
    ],
)
def test_it_calls_a_malformed_or_unknown_token_invalid(db: None, authorization: str) -> None:
    response = get(authorization)

    assert response.status_code == 401
    assert error(response) == {
        "code": "authentication_failed",
        "message": "Invalid token.",
        "fields": {},
    }


def test_a_known_prefix_with_the_wrong_secret_is_invalid(engineer: Any, token_for: Any) -> None:
    plaintext = token_for(engineer)
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")

    response = get(f"Bearer {forged}")

    assert response.status_code == 401
    assert error(response)["message"] == "Invalid token."


def test_it_names_the_scheme_it_expects(engineer: Any, token_for: Any) -> None:
    response = get(f"Token {token_for(engineer)}")

    assert response.status_code == 401
    assert "Authorization: Bearer <token>" in error(response)["message"]


def test_a_revoked_token_is_refused_as_revoked(engineer: Any) -> None:
    token, plaintext = api_token_create(user=engineer, name="ci", by=engineer)
    api_token_revoke(token=token, by=engineer)

    response = get(f"Bearer {plaintext}")

    assert response.status_code == 401
    assert error(response)["message"] == "This token has been revoked."


def test_an_expired_token_says_when_it_expired(engineer: Any) -> None:
    with time_machine.travel(datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        _, plaintext = api_token_create(
            user=engineer,
            name="ci",
            expires_at=datetime(2026, 11, 30, 23, 0, tzinfo=UTC),
            by=engineer,
        )
    with time_machine.travel(datetime(2026, 11, 30, 22, 59, tzinfo=UTC), tick=False):
        assert get(f"Bearer {plaintext}").status_code == 200
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        response = get(f"Bearer {plaintext}")

    assert response.status_code == 401
    assert error(response)["message"] == "This token expired on 2026-11-30."


def test_an_inactive_user_s_token_is_refused(engineer: Any, token_for: Any) -> None:
    plaintext = token_for(engineer)
    engineer.is_active = False
    engineer.save()

    response = get(f"Bearer {plaintext}")

    assert response.status_code == 401
    assert "inactive" in error(response)["message"]


def test_a_session_is_not_a_credential(engineer: Any, client: Client) -> None:
    client.force_login(engineer)

    assert client.get(URL).status_code == 401


def test_using_a_token_is_recorded_once_not_per_request(engineer: Any, token_for: Any) -> None:
    plaintext = token_for(engineer)
    with time_machine.travel(datetime.now(tz=UTC), tick=False) as traveller:
        for _ in range(3):
            assert get(f"Bearer {plaintext}").status_code == 200
        traveller.shift(timedelta(minutes=61))
        assert get(f"Bearer {plaintext}").status_code == 200

    events = AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED)
    assert events.count() == 2
    assert ApiToken.objects.get().last_used_at is not None


def test_a_refused_request_still_records_the_token_s_use(engineer: Any, token_for: Any) -> None:
    # The request's own failure must not roll back the record that the token was used.
    response = Client(headers={"Authorization": f"Bearer {token_for(engineer)}"}).post(URL)

    assert response.status_code == 405
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).count() == 1

"""API tokens: stored as a hash, shown once, revoked for good, their use recorded sparingly."""

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from isms.api.models import ApiToken, token_prefix
from isms.api.services import api_token_create, api_token_record_use, api_token_revoke
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_it_stores_the_sha256_and_the_prefix_but_never_the_token(engineer: Any) -> None:
    token, plaintext = api_token_create(user=engineer, name="ci", by=engineer)

    assert plaintext.startswith(f"{token.prefix}_")
    assert token.prefix.startswith("isms_") and len(token.prefix) == 13
    assert token.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert plaintext not in row
    assert plaintext.removeprefix(f"{token.prefix}_") not in row


def test_it_makes_a_new_secret_each_time(engineer: Any) -> None:
    _, first = api_token_create(user=engineer, name="one", by=engineer)
    _, second = api_token_create(user=engineer, name="two", by=engineer)

    assert first != second
    assert token_prefix(first) and token_prefix(second)
    assert len(first) == len("isms_12345678_") + 43  # 32 random bytes, URL-safe base64


def test_it_records_who_created_a_token_for_whom(officer: Any, engineer: Any) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=officer)

    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_CREATED)
    assert (event.actor, event.target_id) == (officer, str(token.pk))
    assert event.detail == {"user": "engineer", "name": "ci", "expires_at": None}
    assert token.created_by == officer


def test_it_refuses_a_name_the_user_already_has(engineer: Any, officer: Any) -> None:
    api_token_create(user=engineer, name="ci", by=engineer)

    with pytest.raises(ValidationError, match="already has a token named “ci”"):
        api_token_create(user=engineer, name=" ci ", by=engineer)
    # Another user may use the same name.
    api_token_create(user=officer, name="ci", by=officer)


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_it_refuses_an_empty_or_long_name(engineer: Any, name: str) -> None:
    with pytest.raises(ValidationError):
        api_token_create(user=engineer, name=name, by=engineer)
    assert not ApiToken.objects.exists()


def test_it_refuses_an_expiry_in_the_past(engineer: Any) -> None:
    with pytest.raises(ValidationError, match="in the future"):
        api_token_create(
            user=engineer, name="ci", expires_at=datetime(2020, 1, 1, tzinfo=UTC), by=engineer
        )


def test_revoking_keeps_the_row_and_records_who(officer: Any, engineer: Any) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=engineer)

    api_token_revoke(token=token, by=officer)

    token.refresh_from_db()
    assert token.is_revoked and token.revoked_by == officer
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_REVOKED)
    assert (event.actor, event.target_id) == (officer, str(token.pk))


def test_revoking_twice_is_refused(engineer: Any) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=engineer)
    api_token_revoke(token=token, by=engineer)

    with pytest.raises(ValidationError, match="already revoked"):
        api_token_revoke(token=token, by=engineer)
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1


def test_it_records_the_first_use_and_then_at_most_once_an_hour(engineer: Any) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=engineer)

    def uses() -> int:
        return AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).count()

    with time_machine.travel(NOW, tick=False) as traveller:
        api_token_record_use(token=ApiToken.objects.get(pk=token.pk))
        assert uses() == 1
        traveller.shift(timedelta(minutes=59))
        api_token_record_use(token=ApiToken.objects.get(pk=token.pk))
        assert uses() == 1
        traveller.shift(timedelta(minutes=1))
        api_token_record_use(token=ApiToken.objects.get(pk=token.pk))
        assert uses() == 2

    first = AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).order_by("sequence")[0]
    assert first.detail == {"name": "ci", "first_use": True}
    assert first.actor == engineer


def test_it_writes_last_used_at_at_most_once_a_minute(
    engineer: Any, django_assert_num_queries: Any
) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=engineer)
    with time_machine.travel(NOW, tick=False) as traveller:
        api_token_record_use(token=token)
        traveller.shift(timedelta(seconds=30))
        fresh = ApiToken.objects.get(pk=token.pk)
        with django_assert_num_queries(0):
            api_token_record_use(token=fresh)
        assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW
        traveller.shift(timedelta(seconds=30))
        api_token_record_use(token=ApiToken.objects.get(pk=token.pk))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW + timedelta(minutes=1)


def test_two_requests_at_once_record_the_use_once(engineer: Any) -> None:
    token, _ = api_token_create(user=engineer, name="ci", by=engineer)
    # Two requests authenticated the same token before either recorded its use.
    first, second = ApiToken.objects.get(pk=token.pk), ApiToken.objects.get(pk=token.pk)

    api_token_record_use(token=first)
    api_token_record_use(token=second)

    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USED).count() == 1

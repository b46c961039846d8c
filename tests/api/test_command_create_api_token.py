"""manage.py create_api_token: the token alone on the last line, and clear refusals."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from isms.api.models import ApiToken, token_digest
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_a_working_token_alone_on_the_last_line(engineer: Any) -> None:
    lines = run("engineer", "--name", "ci")

    token = lines[-1]
    assert token == token.strip() and " " not in token
    assert len(lines) > 1 and "ci" in lines[0]
    stored = ApiToken.objects.get()
    assert (stored.user, stored.name, stored.created_by) == (engineer, "ci", None)
    assert stored.digest == token_digest(token)
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/token/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATED).count() == 1


def test_it_sets_the_expiry_in_days(engineer: Any) -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        run("engineer", "--expires-in-days", "30")

    assert ApiToken.objects.get().expires_at == now + timedelta(days=30)


def test_it_names_a_user_that_does_not_exist(db: None) -> None:
    with pytest.raises(CommandError, match="There is no user named “nobody”"):
        run("nobody")
    assert not ApiToken.objects.exists()


def test_it_refuses_a_duplicate_name_clearly(engineer: Any) -> None:
    run("engineer", "--name", "ci")

    with pytest.raises(CommandError, match="already has a token named “ci”"):
        run("engineer", "--name", "ci")


def test_it_refuses_zero_days(engineer: Any) -> None:
    with pytest.raises(CommandError, match="1 or more"):
        run("engineer", "--expires-in-days", "0")

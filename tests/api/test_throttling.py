"""The rate limit: per token, in a minute, with Retry-After."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from isms.api.throttling import TokenRateThrottle
from tests.api.conftest import error

pytestmark = pytest.mark.django_db

URL = "/api/v1/token/"


def test_the_121st_request_in_a_minute_waits(engineer: Any, token_for: Any, settings: Any) -> None:
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"] == "120/min"
    client = Client(headers={"Authorization": f"Bearer {token_for(engineer)}"})
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False) as traveller:
        for _ in range(120):
            assert client.get(URL).status_code == 200
        traveller.shift(timedelta(seconds=20))
        response = client.get(URL)

        assert response.status_code == 429
        assert response["Retry-After"] == "40"
        assert error(response)["code"] == "throttled"

        traveller.shift(timedelta(seconds=41))
        assert client.get(URL).status_code == 200


def test_each_token_has_its_own_limit(
    engineer: Any, token_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "2/min"})
    first = Client(headers={"Authorization": f"Bearer {token_for(engineer, name='a')}"})
    second = Client(headers={"Authorization": f"Bearer {token_for(engineer, name='b')}"})
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        assert [first.get(URL).status_code for _ in range(3)] == [200, 200, 429]
        assert second.get(URL).status_code == 200


def test_requests_without_a_token_are_counted_per_address(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "2/min"})
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        statuses = [client.get("/api/v1/schema/").status_code for _ in range(3)]
        other = client.get("/api/v1/schema/", REMOTE_ADDR="192.0.2.7").status_code

    assert statuses == [200, 200, 429]
    assert other == 200


def test_wagtail_s_admin_api_is_neither_throttled_nor_reshaped(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "2/min"})
    client = client_for("officer")

    statuses = [client.get("/admin/api/main/pages/").status_code for _ in range(3)]
    missing = client.get("/admin/api/main/pages/999999/")

    assert statuses == [200, 200, 200]
    assert missing.status_code == 404
    assert "error" not in missing.json()

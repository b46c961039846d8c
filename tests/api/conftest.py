"""API clients: a test client that sends a persona's bearer token."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from isms.api.services import api_token_create
from tests.evidence.files import pdf_bytes


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for(db: None) -> Callable[..., str]:
    def _token_for(user: Any, *, name: str = "ci", **kwargs: Any) -> str:
        return api_token_create(user=user, name=name, by=user, **kwargs)[1]

    return _token_for


@pytest.fixture
def api_client(request: pytest.FixtureRequest, token_for: Callable[..., str]) -> Any:
    """A client sending the named persona's token (one per persona), or none for "anonymous"."""

    clients: dict[str, Client] = {}

    def _api_client(persona: str) -> Client:
        if persona not in clients:
            if persona == "anonymous":
                clients[persona] = Client()
            else:
                token = token_for(request.getfixturevalue(persona))
                clients[persona] = Client(headers={"Authorization": f"Bearer {token}"})
        return clients[persona]

    return _api_client


def error(response: Any) -> dict[str, Any]:
    """The API's error body, after checking that it is JSON."""
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = response.json()["error"]
    assert set(body) == {"code", "message", "fields"}
    return body


def period(days_ago: int = 30) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "period_start": (today - timedelta(days=days_ago)).isoformat(),
        "period_end": (today - timedelta(days=1)).isoformat(),
    }


def pdf_file(name: str = "scan-report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")

"""Visitors, and developers under `make run`, see the designed error pages, not Django's."""

import importlib
from datetime import date
from typing import Any

import pytest
from django.test import Client

from policies.models import PolicyPage
from tests.factories import publish_version
from tests.html import page_soup


@pytest.fixture
def dev_settings(monkeypatch: pytest.MonkeyPatch) -> Any:
    def _load(**environ: str) -> Any:
        monkeypatch.delenv("DJANGO_DEBUG", raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(importlib.import_module("isms.settings.dev"))

    return _load


def test_dev_settings_leave_debug_off_unless_asked(dev_settings: Any) -> None:
    assert dev_settings().DEBUG is False
    assert dev_settings(DJANGO_DEBUG="1").DEBUG is True


def test_an_unknown_address_shows_the_designed_404(
    client: Client, settings: Any, home: Any
) -> None:
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    soup = page_soup(response)
    assert soup.find("h1").get_text(strip=True) == "Page not found"
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/site.css"
    assert soup.find("header", class_="site-header") is not None


def test_a_failing_view_shows_the_designed_500(
    client: Client, policy: PolicyPage, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("policies.views.document_history", fail)
    client.raise_request_exception = False

    response = client.get(policy.specific.url)

    assert response.status_code == 500
    soup = page_soup(response)
    assert soup.find("h1").get_text(strip=True) == "Something went wrong"
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/site.css"
    assert soup.find("header", class_="site-header") is not None
    assert "the database went away" not in response.content.decode()

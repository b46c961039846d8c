"""The auditor's landing page: their open engagements and the way into each one's evidence."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evidence.models import ReviewStatus
from evidence.services import evidence_review
from isms.roles import Role
from tests.factories import EngagementFactory, UserFactory, make_evidence
from tests.html import page_soup, squeeze

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


def engagements_panel(response: Any) -> Any:
    return page_soup(response).select_one("section#auditor-engagements-section")


@pytest.fixture
def accepted_scan(engineer: Any, officer: Any, annex_a_control: Any, product: Any) -> Any:
    evidence = make_evidence(
        controls=[annex_a_control], produced_by=engineer, products=[product], title="Scan"
    )
    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    return evidence


def test_it_shows_the_auditor_each_open_engagement_and_its_evidence(
    login: Callable[[Any], Client], auditor_in_scope: Any, accepted_scan: Any, engineer: Any
) -> None:
    engagement = auditor_in_scope.engagements.get()
    make_evidence(controls=accepted_scan.controls.all(), produced_by=engineer, title="Pending")
    client = login(auditor_in_scope)

    panel = engagements_panel(client.get(DASHBOARD))

    [row] = panel.select("tbody tr")
    cells = [squeeze(cell.get_text(" ")) for cell in row.find_all("td")]
    today = timezone.localdate()
    assert cells == [
        engagement.name,
        engagement.framework.name,
        f"{engagement.period_start:%-d %b %Y} to {engagement.period_end:%-d %b %Y}",
        "Vendela Cloud",
        f"{engagement.access_ends_on:%-d %b %Y}",
        f"1 piece of evidence in {engagement.name}",
    ]
    assert engagement.access_ends_on > today
    assert "nothing to do" not in squeeze(page_soup(client.get(DASHBOARD)).get_text()).lower()
    listing = client.get(row.find_all("a")[-1]["href"])
    assert listing.status_code == 200
    titles = [squeeze(a.get_text()) for a in page_soup(listing).select("td.title a, th a")]
    assert "Scan" in titles and "Pending" not in titles


def test_an_auditor_without_an_open_engagement_is_told_how_one_comes(
    login: Callable[[Any], Client], annex_a_control: Any
) -> None:
    auditor = UserFactory(username="late-auditor", role=Role.AUDITOR)
    ended = EngagementFactory(
        framework=annex_a_control.framework,
        access_ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    ended.auditors.add(auditor)

    panel = engagements_panel(login(auditor).get(DASHBOARD))

    assert ended.name not in panel.get_text()
    assert "You have no open engagement" in squeeze(panel.get_text())


@pytest.mark.parametrize("persona", ["officer", "engineer", "sales"])
def test_only_auditors_get_the_engagements_panel(
    client_for: Callable[[str], Client], auditor_in_scope: Any, persona: str
) -> None:
    assert engagements_panel(client_for(persona).get(DASHBOARD)) is None


def test_the_engagement_filter_names_only_the_auditors_own_engagements(
    login: Callable[[Any], Client], auditor_in_scope: Any, annex_a_control: Any
) -> None:
    other = EngagementFactory(name="Another firm audit", framework=annex_a_control.framework)
    client = login(auditor_in_scope)

    page = client.get(reverse("evidence:index"))
    refused = client.get(reverse("evidence:index"), {"engagement": other.pk})

    assert "Another firm audit" not in page.text
    assert refused.status_code == 200
    assert "Another firm audit" not in refused.text

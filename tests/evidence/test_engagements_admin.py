"""The engagements in the admin: officers keep them all, an auditor sees only their own."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.audit.models import AuditEvent
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in
from tests.factories import EngagementFactory


@pytest.fixture
def engagements(auditor_in_scope: Any, annex_a_control: Any) -> list[Any]:
    other = EngagementFactory(name="ISAE 3402 type 2, 2026", framework=annex_a_control.framework)
    return [auditor_in_scope.engagements.get(), other]


def test_officers_see_every_engagement(
    client_for: Callable[[str], Client], engagements: list[Any]
) -> None:
    response = client_for("officer").get(reverse("engagements:index"))
    assert response.status_code == 200
    assert engagements[0].name in response.text
    assert engagements[1].name in response.text


def test_an_auditor_sees_only_their_own(
    client_for: Callable[[str], Client], engagements: list[Any]
) -> None:
    client = client_for("auditor_in_scope")
    response = client.get(reverse("engagements:index"))
    assert response.status_code == 200
    assert engagements[0].name in response.text
    assert engagements[1].name not in response.text
    assert client.get(reverse("engagements:inspect", args=[engagements[1].pk])).status_code == 404


@pytest.mark.parametrize("persona", ["sales", "engineer"])
def test_sales_and_engineers_are_refused(
    client_for: Callable[[str], Client], engagements: list[Any], persona: str
) -> None:
    assert_refused_inside_admin(client_for(persona).get(reverse("engagements:index")))


def test_anonymous_is_sent_to_sign_in(client_for: Callable[[str], Client], db: None) -> None:
    url = reverse("engagements:index")
    assert_sent_to_sign_in(client_for("anonymous").get(url), url)


def test_an_officer_opens_an_engagement_and_the_trail_records_it(
    client_for: Callable[[str], Client], annex_a_control: Any, auditor: Any, product: Any
) -> None:
    response = client_for("officer").post(
        reverse("engagements:add"),
        {
            "name": "ISO 27001 recertification",
            "framework": annex_a_control.framework.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-10-31",
            "access_ends_on": "2026-12-31",
            "auditors": [auditor.pk],
            "products": [product.pk],
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="engagement.changed")
    assert event.detail["auditors"] == ["auditor"]
    assert event.detail["period"] == ["2026-01-01", "2026-10-31"]


def test_an_officer_edits_an_engagement_and_the_trail_records_what_it_now_covers(
    client_for: Callable[[str], Client], engagements: list[Any], auditor: Any
) -> None:
    engagement = engagements[1]
    client = client_for("officer")
    url = reverse("engagements:edit", args=[engagement.pk])

    form = client.get(url)
    response = client.post(
        url,
        {
            "name": engagement.name,
            "framework": engagement.framework_id,
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "access_ends_on": "2026-09-30",
            "auditors": [auditor.pk],
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="engagement.changed")
    assert event.detail["created"] is False
    assert (event.detail["auditors"], event.detail["products"]) == (["auditor"], [])
    assert event.actor.username == "officer"


def test_an_auditor_cannot_open_the_edit_form_of_any_engagement(
    client_for: Callable[[str], Client], engagements: list[Any]
) -> None:
    """Auditors have no change permission: refused before any lookup, their own one too."""
    client = client_for("auditor_in_scope")
    for engagement in engagements:
        assert_refused_inside_admin(client.get(reverse("engagements:edit", args=[engagement.pk])))

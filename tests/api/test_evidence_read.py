"""GET /api/v1/evidence/ and /api/v1/evidence/<id>/: scoped, filtered, paged, constant queries."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from evidence.content import LinkContent
from evidence.models import ReviewStatus
from evidence.services import evidence_review, evidence_revise
from tests.api.conftest import error
from tests.factories import ControlFactory, make_evidence

pytestmark = pytest.mark.django_db

URL = "/api/v1/evidence/"


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_an_engineer_lists_only_evidence_in_their_scope(
    api_client: Any,
    engineer: Any,
    officer: Any,
    annex_a_control: Any,
    product: Any,
    other_product: Any,
) -> None:
    theirs = make_evidence(controls=[annex_a_control], produced_by=engineer)
    about_their_product = make_evidence(
        controls=[annex_a_control], produced_by=officer, products=[product]
    )
    make_evidence(controls=[annex_a_control], produced_by=officer, products=[other_product])

    listed = ids(api_client("engineer").get(URL))

    assert sorted(listed) == sorted([theirs.pk, about_their_product.pk])
    assert len(ids(api_client("officer").get(URL))) == 3


def test_the_list_is_paginated(api_client: Any, engineer: Any, annex_a_control: Any) -> None:
    for number in range(3):
        make_evidence(controls=[annex_a_control], produced_by=engineer, title=f"Scan {number}")

    response = api_client("engineer").get(URL, {"page_size": 2})

    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert error(api_client("engineer").get(URL, {"page": 9}))["code"] == "not_found"


def test_it_filters_by_control_product_status_and_period(
    api_client: Any, engineer: Any, officer: Any, annex_a_control: Any, product: Any
) -> None:
    other_control = ControlFactory(ref="A.5.1", framework=annex_a_control.framework)
    today = timezone.localdate()
    old = make_evidence(
        controls=[annex_a_control],
        produced_by=engineer,
        period=(date(2025, 1, 1), date(2025, 3, 31)),
    )
    recent = make_evidence(
        controls=[other_control],
        produced_by=engineer,
        products=[product],
        period=(today - timedelta(days=20), today - timedelta(days=1)),
    )
    evidence_review(evidence=recent, by=officer, decision=ReviewStatus.ACCEPTED)
    client = api_client("engineer")

    assert ids(client.get(URL, {"control": "iso27001-2022:A.8.8"})) == [old.pk]
    assert ids(client.get(URL, {"product": product.slug})) == [recent.pk]
    assert ids(client.get(URL, {"status": "accepted"})) == [recent.pk]
    assert ids(client.get(URL, {"status": "submitted"})) == [old.pk]
    assert ids(client.get(URL, {"period_before": "2025-02-01"})) == [old.pk]
    assert ids(client.get(URL, {"period_after": "2025-03-31"})) == [recent.pk, old.pk]
    assert ids(client.get(URL, {"period_after": "2025-04-01"})) == [recent.pk]
    assert ids(client.get(URL, {"period_after": "2025-02-01", "period_before": "2025-02-02"})) == [
        old.pk
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"control": "A.8.8"}, "control", "is not a control address"),
        ({"control": "iso27001-2022:A.9.9"}, "control", "There is no control iso27001-2022:A.9.9."),
        ({"product": "nope"}, "product", "There is no product “nope”."),
        ({"status": "fresh"}, "status", "is not a valid choice"),
        ({"period_after": "yesterday"}, "period_after", "Date has wrong format"),
        ({"period_before": "2026-13-01"}, "period_before", "Date has wrong format"),
    ],
)
def test_a_bad_filter_is_a_json_400(
    api_client: Any, annex_a_control: Any, params: dict[str, str], field: str, message: str
) -> None:
    response = api_client("engineer").get(URL, params)

    assert response.status_code == 400
    assert message in " ".join(error(response)["fields"][field])


def test_the_list_costs_the_same_queries_for_2_or_20_items(
    api_client: Any,
    engineer: Any,
    annex_a_control: Any,
    product: Any,
    django_assert_num_queries: Any,
) -> None:
    client = api_client("engineer")
    client.get(URL)  # the token's first use is recorded once

    def queries_for(count: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert len(ids(client.get(URL))) == count
        return len(captured)

    for number in range(2):
        make_evidence(
            controls=[annex_a_control],
            produced_by=engineer,
            products=[product],
            title=f"Scan {number}",
        )
    two = queries_for(2)
    for number in range(18):
        make_evidence(
            controls=[annex_a_control],
            produced_by=engineer,
            products=[product],
            title=f"More {number}",
        )
    with django_assert_num_queries(two):
        assert len(ids(client.get(URL))) == 20


def test_the_detail_shows_every_revision(
    api_client: Any, engineer: Any, annex_a_control: Any
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    evidence_revise(
        evidence=evidence,
        by=engineer,
        reason="Link to the full run.",
        content=LinkContent("https://ci.example.com/runs/43"),
    )

    response = api_client("engineer").get(f"{URL}{evidence.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == 2 and body["kind"] == "link"
    assert [(r["number"], r["kind"]) for r in body["revisions"]] == [(1, "note"), (2, "link")]
    assert body["revisions"][1]["reason"] == "Link to the full run."
    assert body["revisions"][1]["url"] == "https://ci.example.com/runs/43"
    assert body["revisions"][0]["created_by"] == "engineer"


@pytest.mark.parametrize(
    ("persona", "list_status", "detail_status"),
    [
        ("anonymous", 401, 401),
        ("outsider", 403, 404),
        ("sales", 403, 404),
        ("auditor", 200, 404),
        ("engineer", 200, 200),
        ("officer", 200, 200),
    ],
)
def test_who_may_read(
    api_client: Any,
    engineer: Any,
    annex_a_control: Any,
    persona: str,
    list_status: int,
    detail_status: int,
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    client = api_client(persona)

    listed = client.get(URL)
    detail = client.get(f"{URL}{evidence.pk}/")

    assert (listed.status_code, detail.status_code) == (list_status, detail_status)
    if list_status == 200:
        expected = [] if persona == "auditor" else [evidence.pk]
        assert ids(listed) == expected
    else:
        error(listed)
    if detail_status != 200:
        error(detail)


def test_an_auditor_sees_accepted_evidence_in_their_engagement(
    api_client: Any,
    token_for: Any,
    engineer: Any,
    officer: Any,
    auditor_in_scope: Any,
    annex_a_control: Any,
    product: Any,
) -> None:
    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer, products=[product])
    client = Client(headers={"Authorization": f"Bearer {token_for(auditor_in_scope)}"})
    assert client.get(f"{URL}{evidence.pk}/").status_code == 404

    evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)

    assert client.get(f"{URL}{evidence.pk}/").status_code == 200
    assert ids(client.get(URL)) == [evidence.pk]


@pytest.mark.parametrize("pk", ["0", "abc", "99999999", "9" * 30, "1.5"])
def test_a_malformed_or_unknown_id_is_a_json_404(api_client: Any, pk: str) -> None:
    response = api_client("officer").get(f"{URL}{pk}/")

    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


@pytest.mark.parametrize("where", ["api", "admin"])
def test_opening_evidence_is_recorded_the_same_in_the_api_and_the_admin(
    api_client: Any, client_for: Any, engineer: Any, annex_a_control: Any, where: str
) -> None:
    from django.urls import reverse

    from isms.audit.models import AuditEvent

    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)
    if where == "api":
        response = api_client("engineer").get(f"{URL}{evidence.pk}/")
    else:
        response = client_for("engineer").get(reverse("evidence:inspect", args=[evidence.pk]))

    assert response.status_code == 200
    viewed = AuditEvent.objects.get(action="evidence.viewed")
    assert (viewed.actor_id, viewed.target_id) == (engineer.pk, str(evidence.pk))


def test_evidence_out_of_scope_is_not_recorded_as_viewed(
    api_client: Any, engineer: Any, annex_a_control: Any
) -> None:
    from isms.audit.models import AuditEvent

    evidence = make_evidence(controls=[annex_a_control], produced_by=engineer)

    assert api_client("outsider").get(f"{URL}{evidence.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.viewed").exists()

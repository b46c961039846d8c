"""The change history of controls, mappings and SoA entries: officers and auditors read it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.audit.models import AuditEvent
from isms.frameworks.models import ControlMapping
from tests.admin_access import assert_sent_to_sign_in
from tests.factories import ControlFactory, ProductFactory
from tests.frameworks.conftest import EXCLUSION, entry, exclude
from tests.html import page_soup, squeeze

READERS = ["officer", "auditor"]
NOT_READERS = ["engineer", "sales"]


def history_rows(response: Any) -> list[str]:
    return [squeeze(row.get_text(" ")) for row in page_soup(response).select("tbody tr")]


@pytest.fixture
def edited_control(client_for: Callable[[str], Client], engineer: Any) -> Any:
    control = ControlFactory(ref="A.8.16", title="Monitoring")
    product = ProductFactory(name="Vendela Payroll")
    client_for("officer").post(
        reverse("controls:edit", args=[control.pk]),
        {"owner": engineer.pk, "evidence_cadence": 1, "products": [product.pk]},
    )
    return control


@pytest.mark.parametrize("persona", READERS)
def test_officers_and_auditors_read_what_changed_in_a_control(
    client_for: Callable[[str], Client], edited_control: Any, persona: str
) -> None:
    response = client_for(persona).get(reverse("controls:changes", args=[edited_control.pk]))

    # The form saves the fields, then the products: two records, newest first.
    products, fields, created = history_rows(response)
    assert response.status_code == 200
    assert "Olivia Berg" in fields
    assert "Evidence cadence Yearly → Monthly" in fields
    assert "Owner — → engineer" in fields
    assert "Products — → Vendela Payroll" in products
    assert "Created" in created


@pytest.mark.parametrize("persona", READERS)
def test_officers_and_auditors_read_what_changed_in_an_soa_entry(
    client_for: Callable[[str], Client], annex_a: Any, officer: Any, persona: str
) -> None:
    exclude("A.7.1", by=officer)

    response = client_for(persona).get(reverse("soa_entries:changes", args=[entry("A.7.1").pk]))

    rows = history_rows(response)
    assert len(rows) == 2
    assert "Applicable Yes → No" in rows[0]
    assert f"Justification — → {EXCLUSION}" in rows[0]
    assert "Implementation status Not started → Not applicable (excluded)" in rows[0]
    assert "Created" in rows[1]


def test_the_history_of_a_mapping_is_readable(
    client_for: Callable[[str], Client], db: None
) -> None:
    mapping = ControlMapping.objects.create(
        from_control=ControlFactory(ref="A.8.13"),
        to_control=ControlFactory(ref="A.8.14"),
        relation="intersect",
        rationale="Backups.",
    )
    mapping.relation = "superset"
    mapping.save()

    rows = history_rows(
        client_for("auditor").get(reverse("control_mappings:changes", args=[mapping.pk]))
    )

    assert "Relation Intersect → Superset" in rows[0]


@pytest.mark.parametrize("persona", NOT_READERS)
def test_others_get_a_404(
    client_for: Callable[[str], Client], edited_control: Any, annex_a: Any, persona: str
) -> None:
    client = client_for(persona)

    assert client.get(reverse("controls:changes", args=[edited_control.pk])).status_code == 404
    assert client.get(reverse("soa_entries:changes", args=[entry("A.5.1").pk])).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_people_without_admin_access_are_sent_to_sign_in(
    client_for: Callable[[str], Client], annex_a: Any, persona: str
) -> None:
    url = reverse("soa_entries:changes", args=[entry("A.5.1").pk])

    assert_sent_to_sign_in(client_for(persona).get(url), url)


@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999999"])
def test_an_unknown_object_is_a_404(client_for: Callable[[str], Client], db: None, pk: str) -> None:
    assert client_for("officer").get(reverse("controls:changes", args=[pk])).status_code == 404


def test_the_edit_and_inspect_views_link_to_the_history(
    client_for: Callable[[str], Client], edited_control: Any, annex_a: Any
) -> None:
    officer = client_for("officer")
    changes = reverse("controls:changes", args=[edited_control.pk])

    assert changes in officer.get(reverse("controls:edit", args=[edited_control.pk])).text
    assert changes in officer.get(reverse("controls:inspect", args=[edited_control.pk])).text
    entry_changes = reverse("soa_entries:changes", args=[entry("A.5.1").pk])
    assert entry_changes in officer.get(reverse("soa_entries:edit", args=[entry("A.5.1").pk])).text


def test_engineers_see_no_history_link(
    client_for: Callable[[str], Client], edited_control: Any
) -> None:
    response = client_for("engineer").get(reverse("controls:inspect", args=[edited_control.pk]))

    assert reverse("controls:changes", args=[edited_control.pk]) not in response.text


def test_a_control_edit_in_the_admin_is_audited_with_old_and_new_values(
    edited_control: Any, officer: Any
) -> None:
    event = AuditEvent.objects.get(action="control.changed")

    assert (event.actor, event.target_id) == (officer, str(edited_control.pk))
    assert event.detail["control"] == "iso27001-2022:A.8.16"
    assert event.detail["changed"] == {
        "owner": [None, "engineer"],
        "evidence_cadence": ["Yearly", "Monthly"],
        "products": [[], ["Vendela Payroll"]],
    }

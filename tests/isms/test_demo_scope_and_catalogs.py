"""The demo group's companies and products, and the catalogs with their owners."""

from typing import Any

import pytest

from isms.demo.catalogs import ensure_demo_catalogs
from isms.demo.people import ensure_demo_people
from isms.demo.scope import ensure_demo_scope
from isms.frameworks.models import Control
from isms.scope.models import Company, Product


@pytest.fixture
def users(db: None) -> dict[str, Any]:
    return ensure_demo_people()


def test_the_demo_group_matches_the_seeds_picture(users: dict[str, Any]) -> None:
    ensure_demo_scope(users=users)
    products = Product.objects.all()

    assert Company.objects.count() >= 3
    assert 8 <= products.count() <= 10
    assert set(
        products.filter(delivery_model="cloud").values_list("programme_tier", flat=True)
    ) == {"vasp_vcdm"}
    assert set(
        products.filter(delivery_model="installed").values_list("programme_tier", flat=True)
    ) == {"vasp"}
    assert products.filter(delivery_model="mobile").exists()
    assert Company.objects.get(slug="vendela-cloud").security_engineer == users["engineer"]


def test_the_demo_controls_have_owners_cadences_and_products(users: dict[str, Any]) -> None:
    ensure_demo_scope(users=users)

    message = ensure_demo_catalogs(users=users)

    vulnerabilities = Control.objects.get_by_address("iso27001-2022:A.8.8")
    restore_tests = Control.objects.get_by_address("isae3402-cloud:CO5.2")
    assert (
        message
        == f"Catalogs loaded; {Control.objects.count()} controls given an owner and cadence."
    )
    assert (vulnerabilities.owner, vulnerabilities.evidence_cadence) == (users["engineer"], 1)
    assert set(vulnerabilities.products.values_list("programme_tier", flat=True)) == {"vasp_vcdm"}
    assert (
        vulnerabilities.products.count()
        == Product.objects.filter(programme_tier="vasp_vcdm").count()
    )
    assert (restore_tests.owner, restore_tests.evidence_cadence) == (users["engineer"], 3)
    assert set(restore_tests.products.values_list("delivery_model", flat=True)) == {"cloud"}
    assert Control.objects.get_by_address("iso9001-2015:7.5.3").owner == users["officer"]


def test_a_second_run_adds_nothing_and_keeps_what_officers_changed(users: dict[str, Any]) -> None:
    ensure_demo_scope(users=users)
    ensure_demo_catalogs(users=users)
    vulnerabilities = Control.objects.get_by_address("iso27001-2022:A.8.8")
    vulnerabilities.owner = users["officer"]
    vulnerabilities.save()

    assert ensure_demo_scope(users=users) == 0
    assert (
        ensure_demo_catalogs(users=users)
        == "Catalogs up to date; 0 controls given an owner and cadence."
    )
    vulnerabilities.refresh_from_db()
    assert vulnerabilities.owner == users["officer"]

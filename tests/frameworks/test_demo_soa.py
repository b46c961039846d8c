"""The demo Statement of Applicability: answered, three exclusions, version 1.0 with four eyes."""

from typing import Any

import pytest

from isms.demo.catalogs import ensure_demo_catalogs
from isms.demo.people import ensure_demo_people
from isms.demo.soa import EXCLUSIONS, ensure_demo_soa
from isms.frameworks.models import ApplicabilityEntry, SoaVersion


@pytest.fixture
def users(db: None) -> dict[str, Any]:
    users = ensure_demo_people()
    ensure_demo_catalogs(users=users)
    return users


def test_it_answers_every_entry_and_publishes_version_1_0(users: dict[str, Any]) -> None:
    message = ensure_demo_soa(users=users)

    version = SoaVersion.objects.get()
    excluded = version.entries.filter(applicable=False)
    assert message == "Statement of Applicability: 93 entries answered now; version 1.0 published."
    assert (version.published_by, version.approved_by) == (users["officer"], users["ciso"])
    assert version.entries.count() == 93
    assert sorted(excluded.values_list("ref", flat=True)) == sorted(e.ref for e in EXCLUSIONS)
    assert all(len(row.justification) > 80 for row in excluded)
    assert not version.entries.filter(justification="").exists()
    assert version.entries.filter(implementation_status="implemented").count() == 86


def test_a_second_run_keeps_what_officers_changed(users: dict[str, Any]) -> None:
    ensure_demo_soa(users=users)
    edited = ApplicabilityEntry.objects.get(control__ref="A.8.11")
    edited.implementation_status = "implemented"
    edited.save()

    message = ensure_demo_soa(users=users)

    assert message == "Statement of Applicability: 0 entries answered now."
    assert SoaVersion.objects.count() == 1
    edited.refresh_from_db()
    assert edited.implementation_status == "implemented"

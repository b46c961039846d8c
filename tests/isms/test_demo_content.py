from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import PageViewRestriction

from isms.demo.documents import demo_documents, plausible_publication_time
from isms.models import OrganisationSettings
from policies.models import Classification, DocumentVersion, TrustCentreHomePage


def test_it_refuses_to_run_where_demo_content_is_not_allowed(db) -> None:
    with (
        override_settings(DEMO_CONTENT_ALLOWED=False),
        pytest.raises(CommandError, match="not allowed"),
    ):
        call_command("load_demo_content")
    assert not TrustCentreHomePage.objects.exists()


def test_the_demo_documents_have_at_least_two_versions_each() -> None:
    documents = demo_documents()
    assert {document.kind for document in documents} == {"programme", "policy", "role"}
    assert {"vasp", "vcdm", "security-engineer", "data-protection-manager"} <= {
        document.slug for document in documents
    }
    assert all(len(document.versions) >= 2 for document in documents)


def test_it_loads_everything_once_and_changes_nothing_the_second_time(
    db, django_capture_on_commit_callbacks, capsys
) -> None:
    # PDF rendering is queued after commit; not running it keeps this test fast.
    with django_capture_on_commit_callbacks() as queued:
        call_command("load_demo_content")
    expected = sum(len(document.versions) for document in demo_documents())
    assert DocumentVersion.objects.count() == expected
    assert len(queued) >= expected
    first = list(DocumentVersion.objects.values_list("pk", "major", "minor").order_by("pk"))
    assert "officer" in capsys.readouterr().out

    with django_capture_on_commit_callbacks() as queued_again:
        call_command("load_demo_content")
    assert queued_again == []
    assert list(DocumentVersion.objects.values_list("pk", "major", "minor").order_by("pk")) == first
    assert TrustCentreHomePage.objects.count() == 1


def test_the_demo_versions_carry_owners_classifications_and_the_company_logo(
    db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        call_command("load_demo_content")

    latest = {
        version.slug: version for version in DocumentVersion.objects.order_by("major", "minor")
    }
    assert latest["information-security-policy"].document_owner == (
        "Chief Information Security Officer"
    )
    assert latest["access-control-policy"].classification == Classification.INTERNAL
    assert [
        restriction.restriction_type
        for restriction in latest["access-control-policy"].page.get_view_restrictions()
    ] == [PageViewRestriction.LOGIN]
    assert not latest["vcdm"].page.get_view_restrictions().exists()
    assert latest["vcdm"].classification == Classification.PUBLIC
    assert latest["vcdm"].next_review_date == date(2027, 3, 1)
    assert all(version.document_owner for version in latest.values())
    logo = OrganisationSettings.load().logo
    assert logo is not None
    assert logo.title == "Vendela Software logo"


def test_its_versions_are_written_by_the_engineer_and_approved_by_the_officer(
    db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        call_command("load_demo_content")

    versions = list(DocumentVersion.objects.all())
    engineer = get_user_model().objects.get(username="engineer")
    assert {version.approved_by_name for version in versions} == {"Olivia Berg"}
    assert all(
        version.authors == [{"id": engineer.pk, "name": "Erik Lund"}] for version in versions
    )


@time_machine.travel(datetime(2026, 12, 1, 20, 0, tzinfo=UTC), tick=False)
def test_its_versions_were_published_a_week_before_they_took_effect(
    db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks():
        call_command("load_demo_content")

    oslo = ZoneInfo("Europe/Oslo")
    for version in DocumentVersion.objects.all():
        published = version.published_at.astimezone(oslo)
        assert timedelta(days=7) <= version.effective_date - published.date() <= timedelta(days=9)
        assert published.weekday() < 5
        assert published.time() == time(10, 30)


def test_a_version_taking_effect_next_week_is_never_published_in_the_future(db) -> None:
    now = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        assert plausible_publication_time(date(2026, 12, 10)) == now

"""Owner, classification and review date: set on the page, frozen into each published version."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from pypdf import PdfReader
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from isms.models import OrganisationSettings
from isms.records.pdf import record_pdf_attach
from policies.models import Classification, DocumentVersion, PolicyPage
from policies.reviews import add_months
from tests.factories import publish_version
from tests.html import text_of
from tests.policies.test_admin_publishing import PUBLISH, edit_url, form_data


def govern(page: PolicyPage, **fields: Any) -> PolicyPage:
    PolicyPage.objects.filter(pk=page.pk).update(**fields)
    return PolicyPage.objects.get(pk=page.pk)


def test_a_new_document_is_public_and_reviewed_every_twelve_months(policy: PolicyPage) -> None:
    assert policy.classification == Classification.PUBLIC
    assert policy.review_interval_months == 12


def test_it_freezes_owner_classification_and_next_review_date(
    policy: PolicyPage, officer: Any
) -> None:
    page = govern(
        policy,
        document_owner="Chief Information Security Officer",
        classification=Classification.INTERNAL,
        review_interval_months=6,
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    version = publish_version(page, version="1.0", effective=date(2025, 2, 1), by=officer)

    assert version.document_owner == "Chief Information Security Officer"
    assert version.classification == Classification.INTERNAL
    assert version.next_review_date == date(2025, 8, 1)


def test_it_keeps_the_frozen_governance_when_the_page_changes_later(
    policy: PolicyPage, officer: Any
) -> None:
    version = publish_version(
        govern(policy, document_owner="CISO"), version="1.0", effective=date(2025, 2, 1), by=officer
    )
    govern(policy, document_owner="CTO", classification=Classification.CONFIDENTIAL)

    version.refresh_from_db()
    assert (version.document_owner, version.classification) == ("CISO", Classification.PUBLIC)
    assert version.next_review_date == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document_owner", "Someone else"),
        ("classification", Classification.CONFIDENTIAL),
        ("next_review_date", date(2099, 1, 1)),
    ],
)
def test_the_database_refuses_to_change_the_frozen_governance(
    policy: PolicyPage, officer: Any, field: str, value: object
) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)

    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(**{field: value})


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 2, 1), 12, date(2026, 2, 1)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 24, date(2027, 12, 15)),
    ],
)
def test_a_review_falls_due_the_same_day_months_later_or_at_the_months_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_the_pdf_carries_the_organisations_logo_and_the_frozen_governance(
    policy: PolicyPage, officer: Any
) -> None:
    organisation = OrganisationSettings.load()
    organisation.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    organisation.save()
    page = govern(policy, document_owner="Chief Information Security Officer")
    version = publish_version(page, version="1.0", effective=date(2025, 2, 1), by=officer)

    record_pdf_attach(version)

    with version_pdf(version) as pdf:
        cover = PdfReader(pdf).pages[0]
        assert len(cover.images) == 1
        text = cover.extract_text()
    assert "Document owner Chief Information Security Officer" in text
    assert "Classification Public" in text
    assert "Next review 1 February 2026" in text


def version_pdf(version: DocumentVersion) -> io.BufferedReader:
    from django.core.files.storage import storages

    return storages["private"].open(version.pdf_file, "rb")


def test_an_officer_sets_owner_classification_and_interval_in_the_editor(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False  # one person edits and publishes in this test
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.GROUPS)
    response = login(officer).post(
        edit_url(policy),
        form_data(
            version_number="1.0",
            effective_date="2024-01-31",
            change_summary="First edition.",
            document_owner="Chief Information Security Officer",
            classification="confidential",
            review_interval_months="1",
            **PUBLISH,
        ),
    )

    assert response.status_code == 302
    version = DocumentVersion.objects.get(page=policy)
    assert version.document_owner == "Chief Information Security Officer"
    assert version.classification == Classification.CONFIDENTIAL
    assert version.next_review_date == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("37", "Ensure this value is less than or equal to 36."),
        ("", "This field is required."),
    ],
)
def test_the_editor_refuses_a_review_interval_outside_one_to_36_months(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, interval: str, message: str
) -> None:
    response = login(officer).post(
        edit_url(policy),
        form_data(
            version_number="1.0",
            effective_date="2024-01-01",
            change_summary="First edition.",
            review_interval_months=interval,
            **PUBLISH,
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["review_interval_months"] == [message]
    assert not DocumentVersion.objects.filter(page=policy).exists()


# An Internal or Confidential document is never published for anyone to read

RESTRICT_FIRST = "so it cannot be published on the public site as it is"


@pytest.mark.parametrize("classification", [Classification.INTERNAL, Classification.CONFIDENTIAL])
def test_it_refuses_to_publish_a_classified_document_without_a_view_restriction(
    policy: PolicyPage, officer: Any, classification: str
) -> None:
    page = govern(policy, classification=classification)

    with pytest.raises(ValidationError) as refused:
        publish_version(page, version="1.0", effective=date(2025, 2, 1), by=officer)

    assert RESTRICT_FIRST in str(refused.value)
    assert "“Change privacy”" in str(refused.value)
    assert not DocumentVersion.objects.filter(page=policy).exists()
    assert not PolicyPage.objects.get(pk=policy.pk).live


def test_a_restriction_above_the_document_is_enough(
    policy: PolicyPage, policies_index: Any, officer: Any
) -> None:
    page = govern(policy, classification=Classification.CONFIDENTIAL)
    PageViewRestriction.objects.create(
        page=policies_index, restriction_type=PageViewRestriction.LOGIN
    )

    version = publish_version(page, version="1.0", effective=date(2025, 2, 1), by=officer)

    assert version.classification == Classification.CONFIDENTIAL


def test_the_editor_says_how_to_restrict_a_classified_document_before_publishing(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False  # one person edits and publishes in this test
    response = login(officer).post(
        edit_url(policy),
        form_data(
            version_number="1.0",
            effective_date="2024-01-31",
            change_summary="First edition.",
            classification="internal",
            **PUBLISH,
        ),
    )

    assert response.status_code == 200
    assert RESTRICT_FIRST in text_of(response)
    assert not DocumentVersion.objects.filter(page=policy).exists()

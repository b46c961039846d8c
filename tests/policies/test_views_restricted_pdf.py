"""The PDF of a document behind Wagtail's privacy settings is private: never stored by a cache,
and every download is in the audit trail. A public document's PDF is cached anywhere for good.

Each restriction kind is passed the way a reader passes it (signing in, the password form, a
group), and the cache header is read from the final response the reader gets, after redirects.
"""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from policies.models import DocumentVersion, PolicyPage
from tests.factories import UserFactory, publish_version

PASSWORD = "secret-words-2025"


@pytest.fixture
def version(
    policy: PolicyPage, officer: Any, stub_pdf: None, django_capture_on_commit_callbacks: Any
) -> DocumentVersion:
    with django_capture_on_commit_callbacks(execute=True):
        published = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    published.refresh_from_db()
    assert published.is_pdf_ready
    return published


def direct_link(version: DocumentVersion) -> str:
    return reverse("policies:version_pdf", args=(version.pk, version.pdf_filename))


def routed_address(version: DocumentVersion) -> str:
    return f"{version.page.url}versions/{version.number}/pdf/"


def reader_past(kind: str, version: DocumentVersion, login: Any) -> Client:
    """A restriction of this kind on the document, and a client that has passed it."""
    restriction = PageViewRestriction.objects.create(
        page=version.page, restriction_type=kind, password=PASSWORD
    )
    if kind == PageViewRestriction.PASSWORD:
        client = Client()
        url = reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id]
        )
        response = client.post(url, {"password": PASSWORD, "return_url": "/"})
        assert response.status_code == 302
        return client
    reader = UserFactory(username="customer")
    if kind == PageViewRestriction.GROUPS:
        group = Group.objects.create(name="Customers")
        restriction.groups.add(group)
        reader.groups.add(group)
    return login(reader)


def cache_directives(response: Any) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


RESTRICTIONS = [
    PageViewRestriction.LOGIN,
    PageViewRestriction.PASSWORD,
    PageViewRestriction.GROUPS,
]


@pytest.mark.parametrize("kind", RESTRICTIONS)
@pytest.mark.parametrize("address", [direct_link, routed_address])
def test_a_restricted_documents_pdf_is_private_and_recorded(
    version: DocumentVersion, login: Any, kind: str, address: Any
) -> None:
    client = reader_past(kind, version, login)

    response = client.get(address(version), follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    directives = cache_directives(response)
    assert {"private", "no-store"} <= directives
    assert not {"public", "immutable"} & directives
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_PDF_DOWNLOADED)
    assert (event.target_type_label, event.target_id) == (
        "policies.documentversion",
        str(version.pk),
    )
    assert event.detail["sha256"] == version.pdf_sha256


@pytest.mark.parametrize("address", [direct_link, routed_address])
def test_a_public_documents_pdf_is_cached_for_good_and_not_recorded(
    client: Client, version: DocumentVersion, address: Any
) -> None:
    response = client.get(address(version), follow=True)

    assert response.status_code == 200
    assert {"public", "immutable"} <= cache_directives(response)
    assert not AuditEvent.objects.filter(action=AuditAction.DOCUMENT_PDF_DOWNLOADED).exists()


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_reader_who_has_not_passed_the_restriction_gets_no_pdf(
    client: Client, version: DocumentVersion, kind: str
) -> None:
    PageViewRestriction.objects.create(page=version.page, restriction_type=kind, password=PASSWORD)

    response = client.get(direct_link(version), follow=True)

    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditAction.DOCUMENT_PDF_DOWNLOADED).exists()

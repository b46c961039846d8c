"""The direct PDF link the public pages use: /pdf/<version id>/<file name>."""

from datetime import date
from hashlib import sha256

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from policies.models import DocumentVersion
from tests.factories import PERSONAS, make_policy, publish_version


@pytest.fixture
def published(policy, officer, django_capture_on_commit_callbacks) -> DocumentVersion:
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    version.refresh_from_db()
    return version


def _link(version: DocumentVersion, filename: str | None = None) -> str:
    return reverse("policies:version_pdf", args=(version.pk, filename or version.pdf_filename))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_serves_the_stored_pdf_to_everyone(published, client_for, persona) -> None:
    response = client_for(persona).get(_link(published))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert sha256(body).hexdigest() == published.pdf_sha256
    assert response["Content-Disposition"] == 'attachment; filename="isp-v1.0-2025-01-01.pdf"'
    assert "immutable" in response["Cache-Control"]


def test_it_answers_not_modified_to_a_matching_etag(published, client) -> None:
    response = client.get(_link(published), headers={"If-None-Match": f'"{published.pdf_sha256}"'})
    assert response.status_code == 304


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_is_404_once_the_document_is_unpublished(published, client_for, persona) -> None:
    published.page.specific.unpublish()
    assert client_for(persona).get(_link(published)).status_code == 404


@pytest.mark.parametrize(
    "filename", ["isp-v1.1-2025-01-01.pdf", "other.pdf", "isp-v1.0-2025-01-01.PDF"]
)
def test_it_is_404_for_a_name_that_does_not_fit(published, client, filename) -> None:
    assert client.get(_link(published, filename)).status_code == 404


def test_it_is_404_for_an_unknown_version(published, client) -> None:
    url = reverse("policies:version_pdf", args=(published.pk + 100, published.pdf_filename))
    assert client.get(url).status_code == 404


def test_a_private_page_sends_the_reader_through_its_privacy_check(published, client) -> None:
    PageViewRestriction.objects.create(
        page=published.page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(_link(published))
    assert response.status_code == 302
    assert response["Location"].endswith("/policies/isp/versions/1.0/pdf/")

    routed = client.get(response["Location"])
    assert routed.status_code == 302
    assert "login" in routed["Location"]


def test_the_pages_link_to_the_direct_address(published, client) -> None:
    html = client.get(published.page.url).content.decode()
    assert f'href="{_link(published)}"' in html


def test_a_public_download_costs_one_statement(published, client) -> None:
    with CaptureQueriesContext(connection) as context:
        response = client.get(_link(published))
        b"".join(response.streaming_content)
    assert response.status_code == 200
    assert len(context.captured_queries) == 1


def test_a_restriction_on_an_ancestor_sends_the_reader_through_its_privacy_check(
    published, client
) -> None:
    PageViewRestriction.objects.create(
        page=published.page.get_parent(), restriction_type=PageViewRestriction.PASSWORD
    )
    response = client.get(_link(published))
    assert response.status_code == 302
    assert response["Location"].endswith("/policies/isp/versions/1.0/pdf/")
    assert client.get(response["Location"]).status_code == 200  # the password form
    assert "immutable" not in client.get(response["Location"]).get("Cache-Control", "")


def test_a_restriction_on_another_document_leaves_this_one_public(
    published, policies_index, client
) -> None:
    other = make_policy(policies_index, title="Access Control Policy", slug="acp")
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(_link(published))
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]

"""Downloading the stored PDF of a published version (`<document>/versions/<number>/pdf/`).

These tests render real PDFs (about 0.3 s each), because the bytes served are what they check.
"""

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from policies.models import DocumentVersion, PolicyPage
from tests.factories import PERSONAS, publish_version
from tests.html import text_of

ONE_YEAR = 365 * 24 * 60 * 60


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def rendered(
    policy: PolicyPage, officer: Any, django_capture_on_commit_callbacks: Any
) -> DocumentVersion:
    """Version 1.0 of the policy, published and with its PDF rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    version.refresh_from_db()
    assert version.is_pdf_ready
    return version


def pdf_url(version: DocumentVersion) -> str:
    return f"{version.page.url}versions/{version.number}/pdf/"


def test_it_serves_the_stored_pdf_as_an_attachment(
    client: Client, rendered: DocumentVersion
) -> None:
    response = client.get(pdf_url(rendered))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="isp-v1.0-2024-01-01.pdf"'
    assert response["Content-Length"] == str(rendered.pdf_size)
    assert response["ETag"] == f'"{rendered.pdf_sha256}"'


def test_it_lets_browsers_and_proxies_cache_the_pdf_for_a_year(
    client: Client, rendered: DocumentVersion
) -> None:
    directives = {
        part.strip() for part in client.get(pdf_url(rendered))["Cache-Control"].split(",")
    }

    assert {"public", "immutable", f"max-age={ONE_YEAR}"} <= directives
    assert "no-store" not in directives


def test_it_serves_the_bytes_whose_hash_was_recorded_and_the_same_bytes_every_time(
    client: Client, rendered: DocumentVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never_render(source: Any) -> None:
        raise AssertionError("a download rendered the PDF again")

    monkeypatch.setattr("policies.pdf.renderer.render_pdf", never_render)
    monkeypatch.setattr("policies.pdf.renderer.render_html_to_pdf", never_render)

    first = body_of(client.get(pdf_url(rendered)))
    second = body_of(client.get(pdf_url(rendered)))

    assert first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == rendered.pdf_sha256
    assert len(first) == rendered.pdf_size
    assert second == first


def test_it_answers_not_modified_when_the_reader_already_has_the_pdf(
    client: Client, rendered: DocumentVersion
) -> None:
    response = client.get(pdf_url(rendered), headers={"If-None-Match": f'"{rendered.pdf_sha256}"'})

    assert response.status_code == 304
    assert body_of(response) == b""
    assert response["ETag"] == f'"{rendered.pdf_sha256}"'
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    "header",
    ['"{other}", "{sha}"', 'W/"{sha}"', "*"],
    ids=["list of tags", "weak tag", "any"],
)
def test_it_answers_not_modified_to_every_form_of_a_matching_if_none_match(
    client: Client, rendered: DocumentVersion, header: str
) -> None:
    # RFC 9110, 13.1.2: a list of tags, weak comparison, and "*"; caches and CDNs send all three.
    value = header.format(sha=rendered.pdf_sha256, other="0" * 64)

    response = client.get(pdf_url(rendered), headers={"If-None-Match": value})

    assert response.status_code == 304


def test_it_serves_the_pdf_again_when_the_readers_copy_is_another_one(
    client: Client, rendered: DocumentVersion
) -> None:
    response = client.get(pdf_url(rendered), headers={"If-None-Match": '"' + "0" * 64 + '"'})

    assert response.status_code == 200
    assert hashlib.sha256(body_of(response)).hexdigest() == rendered.pdf_sha256


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_says_the_pdf_is_being_prepared_until_it_exists(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    officer: Any,
    persona: str,
) -> None:
    # Without running the on-commit callbacks, the rendering task is never queued.
    version = publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    client = client_for(persona)

    response = client.get(pdf_url(version))

    assert response.status_code == 202
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    assert "immutable" not in response["Cache-Control"]
    assert response["Retry-After"].isdigit()
    assert "ETag" not in response
    text = text_of(response)
    assert "The PDF is being prepared" in text
    assert "Version 1.0 of Information Security Policy was published recently" in text


def test_it_serves_each_version_its_own_pdf(
    client: Client,
    rendered: DocumentVersion,
    officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        newer = publish_version(
            rendered.page,
            version="1.1",
            effective=date(2024, 6, 1),
            by=officer,
            body="<p>A different text.</p>",
        )
    newer.refresh_from_db()

    older_response = client.get(pdf_url(rendered))
    newer_response = client.get(pdf_url(newer))

    assert hashlib.sha256(body_of(older_response)).hexdigest() == rendered.pdf_sha256
    assert hashlib.sha256(body_of(newer_response)).hexdigest() == newer.pdf_sha256
    assert newer.pdf_sha256 != rendered.pdf_sha256
    assert newer_response["Content-Disposition"] == (
        'attachment; filename="isp-v1.1-2024-06-01.pdf"'
    )

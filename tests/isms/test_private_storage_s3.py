"""Published PDFs on a real S3 API: moto in server mode on loopback, spoken to over HTTP.

Production keeps private files in S3 (see ``isms.settings.base._storages``), so these tests run
the same django-storages backend, boto3 and HTTP requests against moto instead of a mock of them.
moto does not verify checksums, so every check on stored bytes hashes them here. Each test gets
its own bucket, so object counts belong to that test alone.
"""

import hashlib
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
from storages.backends.s3 import S3Storage

from isms.records.pdf import record_pdf_attach
from isms.settings import base as base_settings
from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version
from tests.s3 import ACCESS_KEY, REGION, S3_BACKEND, SECRET_KEY, keys, object_bytes

pytestmark = pytest.mark.s3

EFFECTIVE = date(2025, 2, 1)
ONE_YEAR = 365 * 24 * 60 * 60
PDF_FIELDS = ("pdf_file", "pdf_sha256", "pdf_size", "pdf_page_count", "pdf_rendered_at")
S3_ENVIRONMENT = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
)


def is_signed(url: str) -> bool:
    """A query-string signature, in either of the forms boto3 presigns with (v2 or v4)."""
    query = parse_qs(urlsplit(url).query)
    return "Signature" in query or "X-Amz-Signature" in query


def pdf_fields(version: DocumentVersion) -> tuple[Any, ...]:
    version.refresh_from_db()
    return tuple(getattr(version, name) for name in PDF_FIELDS)


@pytest.fixture
def published(
    policy: PolicyPage, officer: Any, s3_storages: None, django_capture_on_commit_callbacks: Any
) -> DocumentVersion:
    """Version 1.0 published and rendered; the rendering task runs when the publish commits."""
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(policy, version="1.0", effective=EFFECTIVE, by=officer)
    version.refresh_from_db()
    return version


def pdf_url(page: PolicyPage) -> str:
    return f"{page.url}versions/1.0/pdf/"


def download(client: Client, url: str) -> tuple[Any, bytes]:
    """The response and its body, as a browser receives it.

    Reading a streamed response to its end makes the test client close it (and the S3 file it
    streams). Closing it again here would fire request_finished outside the client, which closes
    the test's database connection on PostgreSQL.
    """
    response = client.get(url)
    return response, response.getvalue()


# Storing the rendered PDF


def test_it_stores_the_published_pdf_under_the_private_prefix(
    published: DocumentVersion, s3: Any, bucket: str
) -> None:
    assert published.is_pdf_ready
    # The publication also checkpointed the audit trail's head (isms.audit.checkpoints).
    assert keys(s3, bucket) == [
        "private/audit-checkpoints/000000000001.json",
        f"private/{published.pdf_file}",
    ]
    stored = object_bytes(s3, bucket, f"private/{published.pdf_file}")
    assert stored.startswith(b"%PDF-")
    assert len(stored) == published.pdf_size
    assert hashlib.sha256(stored).hexdigest() == published.pdf_sha256


def test_it_does_not_store_a_second_object_when_the_pdf_is_attached_again(
    published: DocumentVersion, s3: Any, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[Any] = []
    monkeypatch.setattr("policies.pdf.renderer.render_pdf", lambda source: renders.append(source))
    before_keys, before_row = keys(s3, bucket), pdf_fields(published)

    record_pdf_attach(DocumentVersion.objects.get(pk=published.pk))

    assert renders == []
    assert keys(s3, bucket) == before_keys
    assert pdf_fields(published) == before_row


def test_it_deletes_the_object_of_a_rendering_that_lost_the_race(
    policy: PolicyPage,
    officer: Any,
    s3_storages: None,
    s3: Any,
    bucket: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        # Loaded before the rendering task runs, like a second worker picking up the same job.
        late = publish_version(policy, version="1.0", effective=EFFECTIVE, by=officer)
    assert not late.is_pdf_ready
    winner = DocumentVersion.objects.get(pk=late.pk)
    before_keys, before_row = keys(s3, bucket), pdf_fields(winner)
    first_bytes = object_bytes(s3, bucket, f"private/{winner.pdf_file}")

    record_pdf_attach(late)

    assert keys(s3, bucket) == before_keys
    assert pdf_fields(winner) == before_row
    assert object_bytes(s3, bucket, f"private/{winner.pdf_file}") == first_bytes


def test_it_never_overwrites_an_object_saved_under_the_same_name(
    s3_storages: None, s3: Any, bucket: str
) -> None:
    storage = storages["private"]

    first = storage.save("checks/same-name.txt", ContentFile(b"first bytes"))
    second = storage.save("checks/same-name.txt", ContentFile(b"second bytes"))

    assert first == "checks/same-name.txt"
    assert second != first
    assert object_bytes(s3, bucket, f"private/{first}") == b"first bytes"
    assert object_bytes(s3, bucket, f"private/{second}") == b"second bytes"


# Downloading it


def test_it_downloads_the_stored_bytes_as_an_immutable_attachment(
    client: Client, published: DocumentVersion, policy: PolicyPage, s3: Any, bucket: str
) -> None:
    response, body = download(client, pdf_url(policy))

    assert response.status_code == 200
    assert body == object_bytes(s3, bucket, f"private/{published.pdf_file}")
    assert hashlib.sha256(body).hexdigest() == published.pdf_sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="isp-v1.0-2025-02-01.pdf"'
    assert response["ETag"] == f'"{published.pdf_sha256}"'
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "public" in cache_control
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age is not None and int(max_age.group(1)) >= ONE_YEAR
    assert download(client, pdf_url(policy))[1] == body


def test_it_answers_a_matching_etag_with_not_modified_and_no_body(
    client: Client, published: DocumentVersion, policy: PolicyPage
) -> None:
    etag = f'"{published.pdf_sha256}"'

    response = client.get(pdf_url(policy), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


# Building the storages from the environment


@pytest.fixture
def s3_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Start from no S3 configuration at all, whatever the machine running the tests has set."""
    for name in S3_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_it_keeps_files_on_local_disk_when_no_bucket_is_configured(
    s3_environment: pytest.MonkeyPatch,
) -> None:
    built = base_settings._storages()

    assert built["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["private"]["OPTIONS"]["base_url"] is None


def test_it_builds_public_and_private_s3_storages_from_the_environment(
    s3_environment: pytest.MonkeyPatch,
) -> None:
    s3_environment.setenv("AWS_STORAGE_BUCKET_NAME", "trust-media")
    s3_environment.setenv("AWS_PRIVATE_STORAGE_BUCKET_NAME", "trust-private")
    s3_environment.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.net")

    built = base_settings._storages()

    default, private = built["default"]["OPTIONS"], built["private"]["OPTIONS"]
    assert built["default"]["BACKEND"] == built["private"]["BACKEND"] == S3_BACKEND
    assert (default["bucket_name"], private["bucket_name"]) == ("trust-media", "trust-private")
    assert (default["location"], private["location"]) == ("media", "private")
    assert default["file_overwrite"] is False and private["file_overwrite"] is False
    assert default["querystring_auth"] is False
    assert private["querystring_auth"] is True
    assert default["endpoint_url"] == private["endpoint_url"] == "https://s3.example.net"


def test_it_keeps_private_files_in_the_main_bucket_unless_told_otherwise(
    s3_environment: pytest.MonkeyPatch,
) -> None:
    s3_environment.setenv("AWS_STORAGE_BUCKET_NAME", "trust-files")

    built = base_settings._storages()

    assert built["private"]["OPTIONS"]["bucket_name"] == "trust-files"
    assert built["private"]["OPTIONS"]["location"] == "private"
    assert built["default"]["OPTIONS"]["endpoint_url"] is None


def test_the_storages_built_from_the_environment_work_against_s3(
    s3_environment: pytest.MonkeyPatch, s3_endpoint: str, s3: Any, bucket: str
) -> None:
    """The option names must be ones django-storages accepts, and only private URLs are signed."""
    s3_environment.setenv("AWS_STORAGE_BUCKET_NAME", bucket)
    s3_environment.setenv("AWS_S3_ENDPOINT_URL", s3_endpoint)
    s3_environment.setenv("AWS_S3_REGION_NAME", REGION)
    s3_environment.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    s3_environment.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    built = base_settings._storages()
    public = S3Storage(**built["default"]["OPTIONS"])
    private = S3Storage(**built["private"]["OPTIONS"])

    name = private.save("reports/soc.pdf", ContentFile(b"%PDF-1.7 private"))
    public.save("logos/mark.svg", ContentFile(b"<svg/>"))

    assert keys(s3, bucket) == ["media/logos/mark.svg", "private/reports/soc.pdf"]
    assert object_bytes(s3, bucket, f"private/{name}") == b"%PDF-1.7 private"
    assert is_signed(private.url(name))
    assert not is_signed(public.url("logos/mark.svg"))

"""Hostile input answers with a clear 4xx, never a 500: huge ids, ids that are not numbers, and
NUL characters in a search."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from wagtail.documents.models import Document

HUGE_ID = "9" * 4301
pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db: None) -> Document:
    document = Document(title="Scope statement")
    document.file.save("scope.pdf", ContentFile(b"%PDF-1.7 scope"), save=False)
    document.save()
    return document


def test_it_answers_a_document_id_beyond_any_integer_with_404(client: Client) -> None:
    response = client.get(f"/documents/{HUGE_ID}/x.pdf")

    assert response.status_code == 404


def test_it_answers_a_document_id_beyond_the_database_range_with_404(client: Client) -> None:
    response = client.get(f"/documents/{'9' * 20}/x.pdf")

    assert response.status_code == 404


def test_it_still_serves_a_document_by_its_id(client: Client, document: Document) -> None:
    response = client.get(f"/documents/{document.pk}/scope.pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 scope"  # type: ignore[attr-defined]


NUL_MESSAGE = "The address contains a NUL character (%00), which no search or filter accepts."


@pytest.mark.parametrize("search", ["%00", "policy%00", "%00%00"])
def test_it_refuses_a_nul_character_in_the_page_api_search_with_400(
    client_for: Callable[[str], Client], home: Any, search: str
) -> None:
    response = client_for("officer").get(f"/admin/api/main/pages/?search={search}")

    assert response.status_code == 400
    assert response.content.decode() == NUL_MESSAGE


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/search/?q=%00",
        "/admin/document_versions/?q=%00",
        "/admin/images/?q=a%00",
        "/admin/pages/?%00=1",
        "/admin/pages/%00/",
    ],
)
def test_it_refuses_a_nul_character_anywhere_in_an_admin_address_with_400(
    client_for: Callable[[str], Client], home: Any, url: str
) -> None:
    response = client_for("officer").get(url)

    assert response.status_code == 400
    assert response.content.decode() == NUL_MESSAGE


@pytest.mark.parametrize(
    ("url", "status"), [("/policies/%00/", 404), ("/?%00=1", 200), ("/?q=%00", 200)]
)
def test_it_answers_a_nul_character_in_a_public_address_without_a_500(
    client: Client, home: Any, url: str, status: int
) -> None:
    """Public pages ignore parameters they do not know and explain bad ones themselves."""
    assert client.get(url).status_code == status


def test_it_still_searches_the_page_api(client_for: Callable[[str], Client], home: Any) -> None:
    response = client_for("officer").get("/admin/api/main/pages/?search=trust")

    assert response.status_code == 200


# Uploaded documents are served only by Wagtail's checked view; images' renditions as files.


def test_it_does_not_serve_uploaded_documents_as_media_files(
    client: Client, document: Document
) -> None:
    assert document.file.name == "documents/scope.pdf"

    assert client.get("/media/documents/scope.pdf").status_code == 404
    # Climbing out of the renditions' folder is refused as a suspicious path.
    assert client.get("/media/images/../documents/scope.pdf").status_code == 400
    assert client.get("/media/images/%2E%2E/documents/scope.pdf").status_code == 400


def test_it_serves_image_renditions_as_media_files(client: Client) -> None:
    default_storage.save("images/logo.max-800x600.png", ContentFile(b"\x89PNG rendition"))

    response = client.get("/media/images/logo.max-800x600.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG rendition"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/images/chooser/chosen/abc/",
        "/admin/documents/chooser/chosen/abc/",
        "/admin/images/chooser/chosen/9999999999999999999999/",
    ],
)
def test_it_answers_a_chooser_id_that_is_no_row_id_with_404(
    client_for: Callable[[str], Client], path: str
) -> None:
    assert client_for("officer").get(path).status_code == 404


def test_the_image_chooser_still_answers_for_a_real_image(
    client_for: Callable[[str], Client],
) -> None:
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Logo", file=get_test_image_file())

    response = client_for("officer").get(f"/admin/images/chooser/chosen/{image.pk}/")

    assert response.status_code == 200
    assert response.json()["step"] == "chosen"

"""Images and documents in the admin: officers manage them, engineers add and choose them, other
staff are refused inside the admin, and people without admin access are sent to sign in.

Wagtail grants these per collection; the grants come from isms/migrations/0003.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.admin_access import NO_PERMISSION, messages_of

# Declared, not only reached through client_for, so that pytest-django runs these tests before
# the browser journeys, which flush the roles that migrations created.
pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db: None) -> Image:
    return Image.objects.create(title="Logo", file=get_test_image_file())


@pytest.fixture
def document(db: None) -> Document:
    document = Document(title="Scope statement")
    document.file.save("scope.pdf", ContentFile(b"%PDF-1.7 scope"), save=False)
    document.save()
    return document


def views(image: Image, document: Document) -> dict[str, str]:
    return {
        "images": reverse("wagtailimages:index"),
        "add image": reverse("wagtailimages:add_multiple"),
        "edit image": reverse("wagtailimages:edit", args=[image.pk]),
        "delete image": reverse("wagtailimages:delete", args=[image.pk]),
        "documents": reverse("wagtaildocs:index"),
        "add document": reverse("wagtaildocs:add_multiple"),
        "edit document": reverse("wagtaildocs:edit", args=[document.pk]),
        "delete document": reverse("wagtaildocs:delete", args=[document.pk]),
    }


def outcome(response: Any) -> str:
    if response.status_code == 200:
        return "open"
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        messages = messages_of(response)
        return "refused" if NO_PERMISSION in messages else f"redirect {messages}"
    if response.status_code == 302 and response["Location"].startswith(
        reverse("wagtailadmin_login")
    ):
        return "sign in"
    return str(response.status_code)


EVERYTHING = {
    "images",
    "add image",
    "edit image",
    "delete image",
    "documents",
    "add document",
    "edit document",
    "delete document",
}
ADD = {"images", "add image", "documents", "add document"}


@pytest.mark.parametrize(
    ("persona", "opens"),
    [
        ("officer", EVERYTHING),
        ("engineer", ADD),
        ("sales", set()),
        ("auditor", set()),
    ],
)
def test_it_opens_images_and_documents_as_the_role_allows(
    client_for: Callable[[str], Client],
    image: Image,
    document: Document,
    persona: str,
    opens: set[str],
) -> None:
    client = client_for(persona)

    outcomes = {name: outcome(client.get(url)) for name, url in views(image, document).items()}

    assert outcomes == {name: "open" if name in opens else "refused" for name in EVERYTHING}


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_to_sign_in(
    client_for: Callable[[str], Client], image: Image, document: Document, persona: str
) -> None:
    client = client_for(persona)

    outcomes = {name: outcome(client.get(url)) for name, url in views(image, document).items()}

    assert outcomes == dict.fromkeys(EVERYTHING, "sign in")


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("officer", True), ("engineer", True), ("sales", False), ("auditor", False)],
)
def test_it_offers_images_and_documents_in_the_choosers_to_editors_only(
    client_for: Callable[[str], Client],
    image: Image,
    document: Document,
    persona: str,
    offered: bool,
) -> None:
    client = client_for(persona)

    images = client.get(reverse("wagtailimages_chooser:choose"))
    documents = client.get(reverse("wagtaildocs_chooser:choose"))

    assert (images.status_code, documents.status_code) == (200, 200)
    assert ("Logo" in images.content.decode(), "Scope statement" in documents.content.decode()) == (
        offered,
        offered,
    )


def test_it_lets_an_officer_delete_a_document(
    client_for: Callable[[str], Client], document: Document
) -> None:
    response = client_for("officer").post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_it_does_not_let_an_engineer_delete_a_document(
    client_for: Callable[[str], Client], document: Document
) -> None:
    response = client_for("engineer").post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert outcome(response) == "refused"
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize(
    ("persona", "menu"),
    [
        ("officer", {"Images", "Documents"}),
        ("engineer", {"Images", "Documents"}),
        ("sales", set()),
        ("auditor", set()),
    ],
)
def test_it_shows_images_and_documents_in_the_menu_of_those_who_may_use_them(
    client_for: Callable[[str], Client], persona: str, menu: set[str]
) -> None:
    html = client_for(persona).get(reverse("wagtailadmin_home")).content.decode()

    shown = {label for label in ("Images", "Documents") if f'"label": "{label}"' in html}
    assert shown == menu

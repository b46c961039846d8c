"""Wagtail's own document and image uploads go through our checks, on every way in.

An officer signs in and uploads through the real admin views: the add form, the edit form, the
multiple uploader and the choosers' upload tabs. A refused file is an error on the form (or in
the uploader's JSON) with the message evidence uploads give, and nothing is kept: no row, no
file in the media storage. Malware (the EICAR file, with the test clamd running) is also an
audit event. The detailed checks are in tests/isms/test_files_inspection*.py.
"""

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from PIL.PngImagePlugin import PngInfo
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, UploadedFile

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from isms.files.inspection import DOCUMENTS, IMAGES, Acceptable
from isms.files.inspection.types import type_named_by
from tests.clamd import EICAR
from tests.isms.test_files_inspection import (
    blank_writer,
    image_bytes,
    pdf_bytes,
    reaching_out,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'


def pdf_opening_a_web_address() -> bytes:
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(reaching_out("URI"))
    return pdf_bytes(writer)


def pdf_launching_a_program() -> bytes:
    writer = blank_writer()
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)
    return pdf_bytes(writer)


def png_carrying(text: bytes) -> bytes:
    """A valid PNG with ``text`` in a tEXt chunk: it decodes and ends where a PNG ends."""
    info = PngInfo()
    info.add_text("Comment", text.decode())
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), color=(10, 120, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def media_files(settings: Any) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def root_collection() -> int:
    return Collection.get_first_root_node().pk


def add_document(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Upload",
            "collection": root_collection(),
            "file": SimpleUploadedFile(name, content),
        },
    )


def add_image(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Upload",
            "collection": root_collection(),
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_many(client: Client, url_name: str, name: str, content: bytes) -> dict[str, Any]:
    response = client.post(
        reverse(url_name),
        {"collection": root_collection(), "files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    return dict(json.loads(response.content))


def form_errors(response: Any, field: str = "file") -> list[str]:
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def nothing_kept(settings: Any) -> bool:
    return (
        not Document.objects.exists()
        and not Image.objects.exists()
        and not UploadedFile.objects.exists()
        and media_files(settings) == []
    )


@pytest.fixture
def officer_client(client_for: Callable[[str], Client]) -> Client:
    return client_for("officer")


# Documents --------------------------------------------------------------------------------------

HOSTILE_DOCUMENTS = {
    "HTML named .pdf": (
        "report.pdf",
        HTML,
        "report.pdf is not a PDF document: its content is an HTML page.",
    ),
    "SVG": (
        "logo.svg",
        SVG,
        "logo.svg is not accepted: files named .svg may not be uploaded as a document.",
    ),
    "PDF opening a web address": (
        "policy.pdf",
        pdf_opening_a_web_address(),
        "policy.pdf opens a web address by itself when it is opened or viewed (an automatic URI "
        "action), which we do not accept; save it again without it (for example by printing it "
        "to a new PDF).",
    ),
    "PDF launching a program": (
        "policy.pdf",
        pdf_launching_a_program(),
        "policy.pdf contains an action that launches a program",
    ),
    "PDF with a ZIP appended": (
        "policy.pdf",
        pdf_bytes() + zip_bytes({"x.html": HTML}),
        "policy.pdf ",
    ),
    "HTML named .txt": (
        "notes.txt",
        HTML,
        "notes.txt is not a text file: its content is an HTML page.",
    ),
}


@pytest.mark.parametrize("attack", HOSTILE_DOCUMENTS, ids=list(HOSTILE_DOCUMENTS))
def test_it_refuses_a_hostile_document_on_the_add_form_and_keeps_nothing(
    officer_client: Client, settings: Any, attack: str
) -> None:
    name, content, message = HOSTILE_DOCUMENTS[attack]

    errors = form_errors(add_document(officer_client, name, content))

    assert errors and errors[0].startswith(message), errors
    assert nothing_kept(settings)


def test_it_accepts_a_valid_pdf_document(officer_client: Client) -> None:
    response = add_document(officer_client, "policy.pdf", pdf_bytes())

    assert response.status_code == 302, form_errors(response)
    document = Document.objects.get()
    assert document.file.name.endswith(".pdf")
    assert document.file.read() == pdf_bytes()


def test_an_engineer_is_refused_the_same_way(
    client_for: Callable[[str], Client], settings: Any
) -> None:
    errors = form_errors(add_document(client_for("engineer"), "report.pdf", HTML))

    assert errors == ["report.pdf is not a PDF document: its content is an HTML page."]
    assert nothing_kept(settings)


def test_it_keeps_the_stored_file_when_the_edit_form_refuses_a_replacement(
    officer_client: Client,
) -> None:
    document = Document(title="Scope statement")
    document.file.save("scope.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()

    response = officer_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Scope statement",
            "collection": root_collection(),
            "file": SimpleUploadedFile("scope.pdf", HTML),
        },
    )

    assert form_errors(response) == [
        "scope.pdf is not a PDF document: its content is an HTML page."
    ]
    document.refresh_from_db()
    assert document.file.read() == pdf_bytes()


def test_the_edit_form_saves_other_changes_without_a_new_file(officer_client: Client) -> None:
    document = Document(title="Scope statement")
    document.file.save("scope.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()

    response = officer_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Scope statement 2026", "collection": root_collection()},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Scope statement 2026"


def test_the_multiple_uploader_refuses_a_hostile_document_and_keeps_nothing(
    officer_client: Client, settings: Any
) -> None:
    answer = upload_many(officer_client, "wagtaildocs:add_multiple", "report.pdf", HTML)

    assert answer == {
        "success": False,
        "error_message": "report.pdf is not a PDF document: its content is an HTML page.",
    }
    assert nothing_kept(settings)


def test_the_multiple_uploader_accepts_a_valid_pdf(officer_client: Client) -> None:
    answer = upload_many(officer_client, "wagtaildocs:add_multiple", "policy.pdf", pdf_bytes())

    assert answer["success"] is True
    assert Document.objects.get().file.read() == pdf_bytes()


def test_the_choosers_upload_tab_refuses_a_hostile_document(
    officer_client: Client, settings: Any
) -> None:
    response = officer_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Upload",
            "document-chooser-upload-collection": root_collection(),
            "document-chooser-upload-file": SimpleUploadedFile(
                "policy.pdf", pdf_launching_a_program()
            ),
        },
    )

    answer = json.loads(response.content)
    assert answer["step"] == "reshow_creation_form"
    assert "policy.pdf contains an action that launches a program" in answer["htmlFragment"]
    assert nothing_kept(settings)


def test_malware_in_a_document_is_refused_and_recorded(
    officer_client: Client, settings: Any, clamd_scanning: str
) -> None:
    errors = form_errors(add_document(officer_client, "eicar.txt", EICAR))

    assert errors == [
        "eicar.txt was refused: the virus scanner found malware in it. Nothing was stored."
    ]
    assert nothing_kept(settings)
    [event] = AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND)
    assert event.actor_username == "officer"
    assert event.detail == {
        "upload": "document",
        "filename": "eicar.txt",
        "sha256": hashlib.sha256(EICAR).hexdigest(),
    }


def test_malware_through_the_multiple_uploader_is_refused_and_recorded(
    officer_client: Client, settings: Any, clamd_scanning: str
) -> None:
    answer = upload_many(officer_client, "wagtaildocs:add_multiple", "eicar.txt", EICAR)

    assert answer["success"] is False
    assert "the virus scanner found malware" in answer["error_message"]
    assert nothing_kept(settings)
    assert AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND).count() == 1


def test_a_clean_document_is_accepted_while_scanning(
    officer_client: Client, clamd_scanning: str
) -> None:
    response = add_document(officer_client, "policy.pdf", pdf_bytes())

    assert response.status_code == 302
    assert Document.objects.exists()


def test_a_scanner_that_is_down_is_a_message_on_the_form_not_an_error(
    officer_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")

    errors = form_errors(add_document(officer_client, "policy.pdf", pdf_bytes()))

    assert errors[0].startswith("The virus scanner is unavailable, so the file was not stored")
    assert nothing_kept(settings)
    assert not AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND).exists()


# Images -----------------------------------------------------------------------------------------

HOSTILE_IMAGES = {
    "SVG": ("logo.svg", SVG),
    "HTML named .png": ("logo.png", HTML),
    "PNG with a ZIP appended": ("logo.png", image_bytes("PNG") + zip_bytes({"x.html": HTML})),
    "GIF with script appended": ("logo.gif", image_bytes("GIF") + b"alert(document.cookie);"),
    "PDF named .png": ("logo.png", pdf_launching_a_program()),
}


@pytest.mark.parametrize("attack", HOSTILE_IMAGES, ids=list(HOSTILE_IMAGES))
def test_it_refuses_a_hostile_image_on_the_add_form_and_keeps_nothing(
    officer_client: Client, settings: Any, attack: str
) -> None:
    name, content = HOSTILE_IMAGES[attack]

    assert form_errors(add_image(officer_client, name, content))
    assert nothing_kept(settings)


def test_it_names_hidden_data_after_an_image(officer_client: Client) -> None:
    content = image_bytes("PNG") + zip_bytes({"x.html": HTML})

    assert form_errors(add_image(officer_client, "logo.png", content)) == [
        "logo.png has data after the end of the image, which is how another file is hidden "
        "inside one."
    ]


@pytest.mark.parametrize(
    ("name", "format"), [("logo.png", "PNG"), ("team.jpg", "JPEG"), ("badge.gif", "GIF")]
)
def test_it_accepts_a_valid_image(officer_client: Client, name: str, format: str) -> None:
    response = add_image(officer_client, name, image_bytes(format))

    assert response.status_code == 302, form_errors(response)
    assert Image.objects.get().file.read() == image_bytes(format)


def test_the_multiple_uploader_refuses_a_hostile_image_and_keeps_nothing(
    officer_client: Client, settings: Any
) -> None:
    content = image_bytes("PNG") + zip_bytes({"x.html": HTML})

    answer = upload_many(officer_client, "wagtailimages:add_multiple", "logo.png", content)

    assert answer["success"] is False
    assert answer["error_message"].startswith("logo.png has data after the end of the image")
    assert nothing_kept(settings)


def test_the_multiple_uploader_accepts_a_valid_png(officer_client: Client) -> None:
    answer = upload_many(
        officer_client, "wagtailimages:add_multiple", "logo.png", image_bytes("PNG")
    )

    assert answer["success"] is True
    assert Image.objects.count() == 1


def test_the_choosers_upload_tab_refuses_a_hostile_image(
    officer_client: Client, settings: Any
) -> None:
    content = image_bytes("GIF") + b"alert(document.cookie);"
    response = officer_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Upload",
            "image-chooser-upload-collection": root_collection(),
            "image-chooser-upload-file": SimpleUploadedFile("logo.gif", content),
        },
    )

    answer = json.loads(response.content)
    assert answer["step"] == "reshow_creation_form"
    assert "logo.gif has data after the end of the image" in answer["htmlFragment"]
    assert nothing_kept(settings)


def test_malware_in_an_image_is_refused_and_recorded(
    officer_client: Client, settings: Any, clamd_scanning: str
) -> None:
    content = png_carrying(EICAR)

    errors = form_errors(add_image(officer_client, "logo.png", content))

    assert errors == [
        "logo.png was refused: the virus scanner found malware in it. Nothing was stored."
    ]
    assert nothing_kept(settings)
    [event] = AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND)
    assert (event.actor_username, event.detail["upload"]) == ("officer", "image")
    assert event.detail["sha256"] == hashlib.sha256(content).hexdigest()


# Settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "acceptable"),
    [("WAGTAILDOCS_EXTENSIONS", DOCUMENTS), ("WAGTAILIMAGES_EXTENSIONS", IMAGES)],
)
def test_wagtail_offers_exactly_the_extensions_the_checks_accept(
    setting: str, acceptable: Acceptable
) -> None:
    offered = getattr(django_settings, setting)

    assert sorted(offered) == acceptable.extensions
    assert {type_named_by(f"x.{extension}") for extension in offered} == acceptable.types

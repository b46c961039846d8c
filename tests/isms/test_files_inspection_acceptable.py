"""Each upload takes its own kinds: evidence, the documents Wagtail serves, the images it renders.

GIF, WebP and PowerPoint are checked like the other kinds (decoded in full, ending where they
end; an Office package with no macros or external content), and accepted only where they may be.
"""

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from isms.files.inspection import DOCUMENTS, EVIDENCE, IMAGES, Acceptable, inspect_file
from isms.files.inspection.errors import UnacceptableFileError
from tests.isms.test_files_inspection import image_bytes, pdf_bytes, write, zip_bytes
from tests.isms.test_files_inspection_archives import (
    CONTENT_TYPES,
    RELATIONSHIPS,
    ROOT_RELS,
    relationship,
)

PRESENTATION = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>"""
POWERPOINT_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def pptx_entries(**extra: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": CONTENT_TYPES % (b"ppt/presentation.xml", POWERPOINT_MAIN.encode()),
        "_rels/.rels": ROOT_RELS % b"ppt/presentation.xml",
        "ppt/presentation.xml": PRESENTATION,
        **extra,
    }


def animation(format: str, frames: int = 3, size: tuple[int, int] = (64, 48)) -> bytes:
    images = [Image.new("RGB", size, color=(40 * i, 30, 30)) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, format, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def refused(
    tmp_path: Path, data: bytes, filename: str, acceptable: Acceptable
) -> UnacceptableFileError:
    with pytest.raises(UnacceptableFileError) as caught:
        inspect_file(write(tmp_path, data), filename=filename, acceptable=acceptable)
    return caught.value


@pytest.mark.parametrize(
    ("data", "filename", "extension"),
    [
        (image_bytes("PNG"), "logo.png", "png"),
        (image_bytes("JPEG"), "team.jpg", "jpg"),
        (image_bytes("GIF"), "badge.gif", "gif"),
        (animation("GIF"), "spinner.gif", "gif"),
        (image_bytes("WEBP"), "hero.webp", "webp"),
        (animation("WEBP"), "hero.webp", "webp"),
    ],
)
def test_it_accepts_each_image_kind_as_an_image(
    tmp_path: Path, data: bytes, filename: str, extension: str
) -> None:
    inspected = inspect_file(write(tmp_path, data), filename=filename, acceptable=IMAGES)

    assert inspected.extension == extension


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (pdf_bytes(), "policy.pdf"),
        (zip_bytes(pptx_entries()), "briefing.pptx"),
        (b"Our security contact is security@example.com\n", "security.txt"),
        (b"control,owner\nA.5.1,CISO\n", "controls.csv"),
        (image_bytes("PNG"), "diagram.png"),
    ],
)
def test_it_accepts_the_document_kinds_as_documents(
    tmp_path: Path, data: bytes, filename: str
) -> None:
    inspect_file(write(tmp_path, data), filename=filename, acceptable=DOCUMENTS)


@pytest.mark.parametrize(
    ("data", "filename", "acceptable", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo.svg",
            IMAGES,
            "logo.svg is not accepted: files named .svg may not be uploaded as an image.",
        ),
        (
            pdf_bytes(),
            "logo.pdf",
            IMAGES,
            "logo.pdf is not accepted: files named .pdf may not be uploaded as an image.",
        ),
        (
            image_bytes("GIF"),
            "badge.gif",
            EVIDENCE,
            "badge.gif is not accepted: files named .gif may not be kept as evidence.",
        ),
        (
            image_bytes("GIF"),
            "badge",
            DOCUMENTS,
            "badge is not accepted: its content is a GIF image, which may not be uploaded as a "
            "document.",
        ),
        (
            zip_bytes(pptx_entries()),
            "briefing",
            EVIDENCE,
            "briefing is not accepted: its content is a PowerPoint presentation, which may not be "
            "kept as evidence.",
        ),
        (
            zip_bytes({"logs/a.txt": b"ok"}),
            "logs.zip",
            DOCUMENTS,
            "logs.zip is not accepted: files named .zip may not be uploaded as a document.",
        ),
    ],
)
def test_it_refuses_a_kind_the_upload_does_not_take(
    tmp_path: Path, data: bytes, filename: str, acceptable: Acceptable, message: str
) -> None:
    error = refused(tmp_path, data, filename, acceptable)

    assert (error.code, error.message) == ("type_not_allowed", message)


def test_it_refuses_a_gif_named_png_as_an_image(tmp_path: Path) -> None:
    error = refused(tmp_path, image_bytes("GIF"), "logo.png", IMAGES)

    assert error.message == "logo.png is not a PNG image: its content is a GIF image."


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (image_bytes("GIF") + b"alert(document.domain);", "badge.gif"),
        (animation("GIF") + zip_bytes({"x.html": b"<script>alert(1)</script>"}), "spin.gif"),
        (image_bytes("WEBP") + zip_bytes({"x.html": b"<script>alert(1)</script>"}), "hero.webp"),
    ],
)
def test_it_refuses_an_image_with_something_after_its_end(
    tmp_path: Path, data: bytes, filename: str
) -> None:
    assert refused(tmp_path, data, filename, IMAGES).code == "trailing_data"


def test_it_refuses_a_gif_javascript_polyglot(tmp_path: Path) -> None:
    data = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);"

    assert refused(tmp_path, data, "avatar.gif", IMAGES).code == "malformed"


def test_it_counts_every_frame_of_an_animation_against_the_pixel_limit(
    tmp_path: Path, settings: Any
) -> None:
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 64 * 48 * 2
    inspect_file(write(tmp_path, animation("GIF", 2)), filename="a.gif", acceptable=IMAGES)

    assert refused(tmp_path, animation("GIF", 3), "b.gif", IMAGES).code == "image_too_large"


def test_it_refuses_a_presentation_with_macros_or_external_content(tmp_path: Path) -> None:
    macros = pptx_entries(**{"ppt/vbaProject.bin": b"Attribute VB_Name"})
    external = pptx_entries(
        **{
            "ppt/_rels/presentation.xml.rels": RELATIONSHIPS
            % relationship("attachedTemplate", "https://evil.example/t.potm")
        }
    )

    assert refused(tmp_path, zip_bytes(macros), "deck.pptx", DOCUMENTS).code == "office_macros"
    assert refused(tmp_path, zip_bytes(external), "deck.pptx", DOCUMENTS).code == (
        "office_external"
    )

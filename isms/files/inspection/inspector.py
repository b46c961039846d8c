"""The one decision: may these bytes be accepted for this upload, and as what?"""

import logging
from collections.abc import Callable
from pathlib import Path

from isms.files.inspection.archives import check_archive, identify_archive
from isms.files.inspection.errors import Refusal, UnacceptableFileError, display_name
from isms.files.inspection.images import check_gif, check_jpeg, check_png, check_webp
from isms.files.inspection.pdf import check_pdf
from isms.files.inspection.sniffing import Container, sniff
from isms.files.inspection.text import check_text
from isms.files.inspection.types import (
    ACTIVE_EXTENSIONS,
    DOCX,
    EVIDENCE,
    GIF,
    JPEG,
    PDF,
    PNG,
    PPTX,
    TEXT,
    TEXT_TYPES,
    WEBP,
    XLSX,
    ZIP,
    Acceptable,
    InspectedFile,
    extension_of,
    type_named_by,
    with_article,
)

logger = logging.getLogger(__name__)

_CHECKS: dict[InspectedFile, Callable[[Path, InspectedFile], None]] = {
    PDF: lambda path, _: check_pdf(path),
    PNG: lambda path, _: check_png(path),
    JPEG: lambda path, _: check_jpeg(path),
    GIF: lambda path, _: check_gif(path),
    WEBP: lambda path, _: check_webp(path),
    DOCX: check_archive,
    XLSX: check_archive,
    PPTX: check_archive,
    ZIP: check_archive,
    **dict.fromkeys(TEXT_TYPES, check_text),
}


def inspect_file(path: Path, *, filename: str, acceptable: Acceptable = EVIDENCE) -> InspectedFile:
    """Decide from its content what the file at ``path`` is, and whether ``acceptable`` takes it.

    ``filename`` is the client's name: it appears in messages, chooses between the text kinds
    (which content cannot tell apart), and must not name another type than the content. Every
    refusal, including any parser failing on a malformed file, is an ``UnacceptableFileError``.
    """
    # A missing file is the caller's bug, not a malformed upload: let it surface as one.
    path.stat()
    try:
        return _inspect(path, filename, acceptable)
    except Refusal as refusal:
        raise UnacceptableFileError(
            f"{display_name(filename)} {refusal.detail}", code=refusal.code
        ) from refusal
    except Exception as error:
        # Hostile input makes parsers fail in ways nobody lists; each is a malformed file (a
        # refusal the user can act on), never a server error.
        logger.info("Refused %r as malformed", display_name(filename), exc_info=True)
        raise UnacceptableFileError(
            f"{display_name(filename)} is damaged or not the kind of file it appears to be.",
            code="malformed",
        ) from error


def _inspect(path: Path, filename: str, acceptable: Acceptable) -> InspectedFile:
    extension, claimed = extension_of(filename), type_named_by(filename)
    if extension in ACTIVE_EXTENSIONS or (claimed is not None and claimed not in acceptable.types):
        raise Refusal(
            f"is not accepted: files named .{extension} may not be {acceptable.purpose}.",
            code="type_not_allowed",
        )
    inspected = _identify(path, claimed)
    # Before the name is compared: that a GIF is not a PNG matters less than that it is refused.
    if inspected not in acceptable.types:
        raise Refusal(
            f"is not accepted: its content is {with_article(inspected.kind_label)}, which may not "
            f"be {acceptable.purpose}.",
            code="type_not_allowed",
        )
    if claimed is not None and claimed != inspected:
        raise Refusal(
            f"is not {with_article(claimed.kind_label)}: its content is "
            f"{with_article(inspected.kind_label)}.",
            code="type_mismatch",
        )
    _CHECKS[inspected](path, inspected)
    return inspected


def _identify(path: Path, claimed: InspectedFile | None) -> InspectedFile:
    if path.stat().st_size == 0:
        raise Refusal("is empty.", code="empty_file")
    sniffed = sniff(path)
    if sniffed.container is None:
        what = f"is not {with_article(claimed.kind_label)}" if claimed else "is not accepted"
        raise Refusal(f"{what}: its content is {sniffed.description}.", code="type_not_allowed")
    if sniffed.container is Container.ZIP:
        return identify_archive(path)
    if sniffed.container is Container.TEXT:
        return claimed if claimed in TEXT_TYPES else TEXT
    return _BY_CONTAINER[sniffed.container]


_BY_CONTAINER = {
    Container.PDF: PDF,
    Container.PNG: PNG,
    Container.JPEG: JPEG,
    Container.GIF: GIF,
    Container.WEBP: WEBP,
}

"""Interim content check, replaced by the full inspection package (branch `inspection`)."""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class InspectedFile:
    media_type: str
    extension: str
    kind_label: str


class UnacceptableFileError(ValidationError):
    pass


SIGNATURES = {
    b"%PDF-": InspectedFile("application/pdf", "pdf", "PDF document"),
    b"\x89PNG\r\n\x1a\n": InspectedFile("image/png", "png", "PNG image"),
    b"\xff\xd8\xff": InspectedFile("image/jpeg", "jpg", "JPEG image"),
    b"PK\x03\x04": InspectedFile("application/zip", "zip", "ZIP archive"),
}


def inspect_file(path: Path, *, filename: str) -> InspectedFile:
    head = path.open("rb").read(16)
    for signature, inspected in SIGNATURES.items():
        if head.startswith(signature):
            return inspected
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UnacceptableFileError(
            f"{filename} is not a type we accept.", code="type_not_allowed"
        ) from None
    if filename.endswith(".csv"):
        return InspectedFile("text/csv", "csv", "CSV table")
    return InspectedFile("text/plain", "txt", "Plain text")

"""Where evidence files go: the shared inspect-then-store step, in its folder, under its limit."""

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from evidence.content import FileContent
from isms.files.checked import CheckedFile, checked_file_store

STORAGE_PREFIX = "evidence"


def max_upload_bytes() -> int:
    return int(settings.EVIDENCE_MAX_UPLOAD_BYTES)


def store_evidence_file(content: FileContent, *, uploaded_by: User) -> CheckedFile:
    """Check and store an evidence file (``isms.files.checked``); nothing is stored on refusal."""
    return checked_file_store(
        source=content.source,
        filename=content.filename,
        prefix=f"{STORAGE_PREFIX}/{timezone.now():%Y/%m}",
        max_bytes=max_upload_bytes(),
        uploaded_by=uploaded_by,
        fallback_name="evidence",
    )

"""Sending an evidence file: checked against its recorded hash, inert, never cached, on record."""

import logging

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from evidence.models import EvidenceRevision
from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.files.responses import (
    CachePolicy,
    ServedFile,
    StoredFileMismatchError,
    file_refused_response,
    private_file_response,
)

logger = logging.getLogger(__name__)

MISMATCH_MESSAGE = (
    "This file cannot be served: its stored bytes no longer match the SHA-256 recorded when it "
    "was uploaded. The compliance officers have been told; run manage.py verify_evidence."
)
MISSING_MESSAGE = "This file is missing from the storage; run manage.py verify_evidence."


def revision_file_response(request: HttpRequest, revision: EvidenceRevision) -> HttpResponseBase:
    """The revision's file as an attachment, or a refusal (404 for a link or note, 409 tampered).

    The caller has already found the revision through ``evidence.selectors``, so the user may
    see it. The bytes are hashed before the first one is sent, and a mismatch is refused, logged
    and recorded in the audit trail.
    """
    if not revision.is_file:
        return file_refused_response("This revision is a link or a note, not a file.", status=404)
    served = ServedFile(
        storage_name=revision.storage_name,
        filename=revision.original_filename,
        content_type=revision.media_type,
        size=revision.size or 0,
        sha256=revision.sha256,
    )
    try:
        response = private_file_response(
            request, served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True
        )
    except StoredFileMismatchError:
        _record(request, revision, AuditAction.EVIDENCE_DOWNLOAD_REFUSED)
        return file_refused_response(MISMATCH_MESSAGE, status=409)
    except FileNotFoundError:
        logger.error("Evidence file %s is missing from the storage.", revision.storage_name)
        _record(request, revision, AuditAction.EVIDENCE_DOWNLOAD_REFUSED)
        return file_refused_response(MISSING_MESSAGE, status=410)
    if response.status_code == 200:
        _record(request, revision, AuditAction.EVIDENCE_DOWNLOADED)
    return response


def _record(request: HttpRequest, revision: EvidenceRevision, action: AuditAction) -> None:
    audit_record(
        action=action,
        actor=request.user,
        target=revision.evidence,
        request=request,
        detail={"revision": revision.number, "sha256": revision.sha256},
    )

"""Sending an evidence file: checked against its recorded hash, inert, never cached, on record."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from evidence.models import EvidenceRevision
from isms.audit.actions import AuditAction
from isms.files.downloads import private_file_download
from isms.files.responses import CachePolicy, ServedFile, file_refused_response


def revision_file_response(request: HttpRequest, revision: EvidenceRevision) -> HttpResponseBase:
    """The revision's file as an attachment, or a refusal (404 for a link or note, 409 tampered,
    410 missing).

    The caller has already found the revision through ``evidence.selectors``, so the user may
    see it. The bytes are hashed before the first one is sent; every download and refusal is in
    the audit trail, against the evidence.
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
    return private_file_download(
        request,
        served,
        target=revision.evidence,
        cache=CachePolicy.PRIVATE_NO_STORE,
        verify=True,
        recorded_as=AuditAction.EVIDENCE_DOWNLOADED,
        detail={"revision": revision.number, "sha256": revision.sha256},
    )

"""Downloading a record's stored file: sent through the one response, refused when it is not
intact, and recorded in the audit trail.

Views find the record through their selectors (so the user may see it), then hand the file's
facts here with what to record. A file whose bytes no longer match their SHA-256 is refused
(409) and recorded as ``file.mismatch``; a file missing from the storage is refused (410) and
recorded as ``file.missing``, a different incident from a changed one. A storage that cannot be
reached (S3 down, access denied) is a 503 with ``Retry-After``: nothing is known about the file,
so nothing is recorded, and the error is logged for the administrator. A successful download is
recorded under the caller's action, when it gives one (public PDFs are not recorded: anyone may
fetch them, and they must stay as fast as static files).
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.files.errors import RETRY_AFTER_SECONDS
from isms.files.responses import (
    CachePolicy,
    ServedFile,
    StoredFileMismatchError,
    file_refused_response,
    private_file_response,
)
from isms.files.store import STORAGE_ERRORS

logger = logging.getLogger(__name__)

MISMATCH_MESSAGE = (
    "This file cannot be served: its stored bytes no longer match the SHA-256 recorded when it "
    "was stored. The refusal is in the audit trail; an officer should run manage.py "
    "verify_audit_log."
)
MISSING_MESSAGE = (
    "This file is missing from the storage. The refusal is in the audit trail; an officer should "
    "run manage.py verify_audit_log."
)
UNAVAILABLE_MESSAGE = (
    "This file cannot be served right now: the file storage is unavailable. Try again in a "
    "minute; if it keeps happening, tell the administrator."
)


def private_file_download(
    request: HttpRequest,
    file: ServedFile,
    *,
    target: models.Model,
    cache: CachePolicy,
    verify: bool,
    recorded_as: str | None,
    detail: Mapping[str, Any] | None = None,
    max_age: int = 0,
) -> HttpResponseBase:
    """The stored file as an attachment, or a refusal: 409 changed and 410 missing (both
    recorded), 503 when the storage cannot be reached."""
    facts = {**(detail or {}), "file": file.storage_name, "sha256": file.sha256}
    try:
        response = private_file_response(request, file, cache=cache, max_age=max_age, verify=verify)
    except StoredFileMismatchError:
        _record(request, AuditAction.FILE_MISMATCH, target, facts)
        return file_refused_response(MISMATCH_MESSAGE, status=409)
    except FileNotFoundError:
        logger.error("Stored file %s is missing from the storage.", file.storage_name)
        _record(request, AuditAction.FILE_MISSING, target, facts)
        return file_refused_response(MISSING_MESSAGE, status=410)
    except STORAGE_ERRORS as error:
        logger.error("The private storage could not serve %s: %r", file.storage_name, error)
        unavailable = file_refused_response(UNAVAILABLE_MESSAGE, status=503)
        unavailable["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return unavailable
    if recorded_as and response.status_code == 200:
        _record(request, recorded_as, target, detail or {"sha256": file.sha256})
    return response


def _record(
    request: HttpRequest, action: str, target: models.Model, detail: Mapping[str, Any]
) -> None:
    audit_record(action=action, actor=request.user, target=target, request=request, detail=detail)

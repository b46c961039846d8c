"""What the upload checks record: a file the virus scanner found malware in.

A refusal for its type or structure is the uploader's mistake and only a form error; malware is
an incident, so officers find it in the audit trail: who uploaded it, as what, under which name,
and its SHA-256 (never the file, which is not kept). A scanner that cannot answer is an outage,
logged by ``isms.files.scanning``, not an event.

The event is written in the transaction of the request, which a refused upload does not roll
back: the views show the refusal as a form error, and the API runs outside a transaction.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record


def file_virus_found_record(
    *, uploaded_by: AbstractBaseUser | AnonymousUser | None, upload: str, filename: str, sha256: str
) -> None:
    """Record that an upload (``upload``: evidence, document, image) was refused as malware."""
    audit_record(
        action=AuditAction.FILE_VIRUS_FOUND,
        actor=uploaded_by,
        detail={"upload": upload, "filename": filename, "sha256": sha256},
    )

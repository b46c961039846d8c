"""The catalogue of audit actions: every event the trail records, with the label officers read.

An action is a dotted string, `<subject>.<what happened>`. A later app adds its events here, so
that the admin's filter and the CSV export always name them the same way.
"""

from django.db import models


class AuditAction(models.TextChoices):
    DOCUMENT_APPROVED = "document.approved", "Document approved in review"
    DOCUMENT_PUBLISHED = "document.published", "Document version published"
    DOCUMENT_PDF_DOWNLOADED = "document.pdf_downloaded", "Restricted document PDF downloaded"
    SIGN_IN = "auth.sign_in", "Signed in"
    SIGN_IN_FAILED = "auth.sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "auth.locked_out", "Sign-in locked out"
    PAGE_PASSWORD_ACCEPTED = "page_password.accepted", "Page password accepted"
    PAGE_PASSWORD_REFUSED = "page_password.refused", "Page password refused"
    PAGE_PASSWORD_LOCKED_OUT = "page_password.locked_out", "Page password guesses paused"
    EVIDENCE_UPLOADED = "evidence.uploaded", "Evidence submitted"
    EVIDENCE_REVISED = "evidence.revised", "Evidence revision added"
    EVIDENCE_CHANGED = "evidence.changed", "Evidence details changed"
    EVIDENCE_REVIEWED = "evidence.reviewed", "Evidence reviewed"
    EVIDENCE_VIEWED = "evidence.viewed", "Evidence viewed"
    EVIDENCE_DOWNLOADED = "evidence.downloaded", "Evidence file downloaded"
    ENGAGEMENT_CHANGED = "engagement.changed", "Audit engagement saved"
    CATALOG_LOADED = "catalog.loaded", "Framework catalogs loaded"
    CONTROL_CHANGED = "control.changed", "Control changed"
    MAPPING_CHANGED = "mapping.changed", "Control mapping changed"
    SOA_ENTRY_CHANGED = "soa.entry_changed", "SoA entry changed"
    SOA_SUBMITTED = "soa.submitted", "Statement of Applicability submitted for approval"
    SOA_APPROVED = "soa.approved", "Statement of Applicability approved"
    SOA_SENT_BACK = "soa.sent_back", "Statement of Applicability sent back"
    SOA_WITHDRAWN = "soa.withdrawn", "Statement of Applicability submission withdrawn"
    SOA_PUBLISHED = "soa.published", "Statement of Applicability published"
    SOA_DOWNLOADED = "soa.downloaded", "Statement of Applicability downloaded"
    FILE_MISMATCH = "file.mismatch", "Stored file refused: its bytes no longer match"
    FILE_MISSING = "file.missing", "Stored file missing from storage"
    FILE_VIRUS_FOUND = "file.virus_found", "Upload refused: the virus scanner found malware"
    NOTIFICATION_QUEUED = "notification.queued", "Notification e-mail queued"
    API_TOKEN_CREATED = "api_token.created", "API token created"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    API_TOKEN_USED = "api_token.used", "API token used"
    LINK_CREATED = "link.created", "Capability link created"
    LINK_USED = "link.used", "Capability link used"
    LINK_REFUSED = "link.refused", "Capability link refused"
    KEY_ROTATED = "audit.key_rotated", "Audit trail signing key rotated"
    PDF_STORED = "record.pdf_stored", "Record PDF rendered and stored"


# After these commit, the chain's head is checkpointed outside the database
# (isms.audit.checkpoints).
CHECKPOINTED_ACTIONS = frozenset(
    {AuditAction.DOCUMENT_PUBLISHED, AuditAction.SOA_PUBLISHED, AuditAction.KEY_ROTATED}
)


def action_label(action: str) -> str:
    """The human label of an action; an action no longer in the catalogue reads as itself."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action

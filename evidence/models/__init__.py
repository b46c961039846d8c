from evidence.models.engagements import Engagement
from evidence.models.evidence import (
    EVIDENCE_HISTORY,
    Evidence,
    EvidenceKind,
    EvidenceRevision,
    EvidenceSource,
    Freshness,
    ReviewStatus,
)
from evidence.models.reminders import RenewalReminder, RenewalReminderThreshold

__all__ = [
    "EVIDENCE_HISTORY",
    "Engagement",
    "Evidence",
    "EvidenceKind",
    "EvidenceRevision",
    "EvidenceSource",
    "Freshness",
    "RenewalReminder",
    "RenewalReminderThreshold",
    "ReviewStatus",
]

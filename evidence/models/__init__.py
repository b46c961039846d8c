from evidence.models.engagements import Engagement
from evidence.models.evidence import (
    Evidence,
    EvidenceKind,
    EvidenceRevision,
    EvidenceSource,
    Freshness,
    ReviewStatus,
)
from evidence.models.reminders import RenewalReminder, RenewalReminderThreshold

__all__ = [
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

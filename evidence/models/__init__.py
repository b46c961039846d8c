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

__all__ = [
    "EVIDENCE_HISTORY",
    "Engagement",
    "Evidence",
    "EvidenceKind",
    "EvidenceRevision",
    "EvidenceSource",
    "Freshness",
    "ReviewStatus",
]

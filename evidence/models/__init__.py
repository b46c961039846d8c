from evidence.models.engagements import Engagement
from evidence.models.evidence import (
    Evidence,
    EvidenceKind,
    EvidenceRevision,
    EvidenceSource,
    Freshness,
    ReviewStatus,
)

__all__ = [
    "Engagement",
    "Evidence",
    "EvidenceKind",
    "EvidenceRevision",
    "EvidenceSource",
    "Freshness",
    "ReviewStatus",
]

"""Catalogs (frameworks, groups, controls, mappings) and the Statement of Applicability."""

from isms.frameworks.models.catalog import (
    Control,
    ControlGroup,
    ControlMapping,
    ControlQuerySet,
    EvidenceCadence,
    Framework,
    FrameworkKind,
    MappingRelation,
)
from isms.frameworks.models.soa import (
    ANNEX_A_THEMES,
    ISO27001_2022,
    ApplicabilityEntry,
    ImplementationStatus,
    SoaVersion,
    SoaVersionEntry,
)
from isms.frameworks.models.soa_submission import SoaSubmission, SoaSubmissionStatus

__all__ = [
    "ANNEX_A_THEMES",
    "ISO27001_2022",
    "ApplicabilityEntry",
    "Control",
    "ControlGroup",
    "ControlMapping",
    "ControlQuerySet",
    "EvidenceCadence",
    "Framework",
    "FrameworkKind",
    "ImplementationStatus",
    "MappingRelation",
    "SoaSubmission",
    "SoaSubmissionStatus",
    "SoaVersion",
    "SoaVersionEntry",
]

from policies.models.pages import (
    DocumentIndexPage,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
    TrustCentreHomePage,
    VersionedDocumentPage,
)
from policies.models.versions import DocumentKind, DocumentVersion

__all__ = [
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentVersion",
    "PolicyPage",
    "ProgrammeDocumentPage",
    "RoleDescriptionPage",
    "TrustCentreHomePage",
    "VersionedDocumentPage",
]

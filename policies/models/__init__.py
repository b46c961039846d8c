from policies.models.pages import (
    DocumentIndexPage,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
    TrustCentreHomePage,
    VersionedDocumentPage,
)
from policies.models.reviews import ReviewReminder, ReviewReminderThreshold
from policies.models.versions import (
    DOCUMENT_VERSION_CONTENT,
    Classification,
    DocumentKind,
    DocumentVersion,
)

__all__ = [
    "DOCUMENT_VERSION_CONTENT",
    "Classification",
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentVersion",
    "PolicyPage",
    "ProgrammeDocumentPage",
    "ReviewReminder",
    "ReviewReminderThreshold",
    "RoleDescriptionPage",
    "TrustCentreHomePage",
    "VersionedDocumentPage",
]

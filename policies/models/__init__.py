from policies.models.pages import (
    DocumentIndexPage,
    PolicyPage,
    ProgrammeDocumentPage,
    RoleDescriptionPage,
    TrustCentreHomePage,
    VersionedDocumentPage,
)
from policies.models.reviews import ReviewReminder, ReviewReminderThreshold
from policies.models.versions import Classification, DocumentKind, DocumentVersion

__all__ = [
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

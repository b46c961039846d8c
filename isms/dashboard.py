"""What each staff role can do in the admin today, as the dashboard tells them.

Wagtail's dashboard shows only panels about pages, so sales and auditors met an empty page. Each
role gets a section with links to its work; roles whose capability comes later are told so.
isms/wagtail_hooks.py puts these sections on the dashboard as one panel.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from isms.roles import Role, user_has_role


@dataclass(frozen=True)
class WorkLink:
    label: str
    url_name: str
    description: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class WorkSection:
    role: Role
    summary: str
    links: list[WorkLink] = field(default_factory=list)


PUBLISHED_VERSIONS = WorkLink(
    "Published versions",
    "document_versions:index",
    "Every version ever published, with its approver and the SHA-256 of its PDF.",
)

WORK = [
    WorkSection(
        Role.COMPLIANCE_OFFICER,
        "You review, approve and publish the Trust Centre's documents, and manage its images "
        "and files.",
        [
            WorkLink(
                "Review queue",
                "wagtailadmin_reports:workflow",
                "Changes submitted for compliance review, and where each one stands.",
            ),
            WorkLink(
                "Documents",
                "wagtailadmin_explore_root",
                "Programme documents, policies and role descriptions: edit, publish, unpublish.",
            ),
            PUBLISHED_VERSIONS,
            WorkLink("Images", "wagtailimages:index", "Logos and pictures used on the pages."),
            WorkLink("Files", "wagtaildocs:index", "Files linked from the pages."),
        ],
    ),
    WorkSection(
        Role.SECURITY_ENGINEER,
        "You draft changes to the Trust Centre's documents and submit them for compliance "
        "review; an officer approves and publishes them.",
        [
            WorkLink(
                "Drafts",
                "wagtailadmin_explore_root",
                "Open a document, edit it, then choose “Submit to Compliance review”.",
            ),
            WorkLink(
                "Submissions",
                "wagtailadmin_reports:workflow",
                "Your changes in review, and whether they were approved or sent back.",
            ),
            PUBLISHED_VERSIONS,
        ],
    ),
    WorkSection(
        Role.SALES,
        "The report request queue arrives with the certifications capability: you will approve "
        "or refuse customers' requests for the ISAE 3402 report here. There is nothing to do in "
        "the admin yet.",
    ),
    WorkSection(
        Role.AUDITOR,
        "You read the accepted evidence of your engagements: each shows the evidence for its "
        "framework and products that covers part of its period, until its access ends.",
        [
            WorkLink(
                "Engagements",
                "engagements:index",
                "Your engagements: framework, period, products and when access ends.",
            ),
            WorkLink(
                "Evidence",
                "evidence:index",
                "The accepted evidence your engagements show you, with its files and history.",
            ),
        ],
    ),
]


def work_sections_for_user(*, user: Any) -> list[WorkSection]:
    return [section for section in WORK if user_has_role(user, section.role)]

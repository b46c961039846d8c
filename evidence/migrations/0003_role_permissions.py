"""Grant the staff roles their permissions on evidence, revisions and engagements.

Compliance officers manage and review evidence and keep the engagements; security engineers submit
evidence and add revisions (within their scope, see evidence.permissions); auditors view what their
engagements show them. Sales get nothing here. Nobody gets to change or delete a revision.
"""

from django.db import migrations

from isms.db.grants import GrantPermissions, codenames

GRANT = GrantPermissions(
    "evidence",
    {
        "Compliance officers": [
            *codenames(("add", "change", "view"), ["evidence", "engagement"]),
            "review_evidence",
            "view_evidencerevision",
        ],
        "Security engineers": [
            *codenames(("add", "change", "view"), ["evidence"]),
            "view_evidencerevision",
        ],
        "Auditors": ["view_evidence", "view_evidencerevision", "view_engagement"],
    },
)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_revision_protection"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [GRANT]

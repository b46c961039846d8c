"""Grant the staff roles their permissions on API tokens.

Compliance officers and security engineers may add, view and change (revoke) tokens; the
permission policy limits everyone but officers to their own. Sales and auditors get none: they
have no use for the API's writes, and a token would only be one more credential to leak. Nobody
gets delete: tokens are revoked, never removed.
"""

from django.db import migrations

from isms.db.grants import GrantPermissions, codenames

ACTIONS = ("add", "change", "view")
GRANT = GrantPermissions(
    "api",
    {
        "Compliance officers": codenames(ACTIONS, ["apitoken"]),
        "Security engineers": codenames(ACTIONS, ["apitoken"]),
    },
)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [GRANT]

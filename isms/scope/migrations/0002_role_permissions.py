"""Grant the staff roles their permissions on companies and products.

Compliance officers get every model permission (the permission policies still refuse what the
catalog files own); security engineers may view. Sales and auditors get nothing here.
"""

from django.db import migrations

from isms.db.grants import GrantPermissions, codenames

MODELS = ("company", "product")
GRANT = GrantPermissions(
    "scope",
    {
        "Compliance officers": codenames(("add", "change", "delete", "view"), MODELS),
        "Security engineers": codenames(("view",), MODELS),
    },
)


class Migration(migrations.Migration):
    dependencies = [
        ("scope", "0001_initial"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [GRANT]

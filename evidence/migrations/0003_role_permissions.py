"""Grant the staff roles their permissions on evidence, revisions and engagements.

Compliance officers manage and review evidence and keep the engagements; security engineers submit
evidence and add revisions (within their scope, see evidence.permissions); auditors view what their
engagements show them. Sales get nothing here. Nobody gets to change or delete a revision.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP_LABEL = "evidence"
GRANTS = {
    "Compliance officers": (
        "add_evidence", "change_evidence", "view_evidence", "review_evidence",
        "view_evidencerevision",
        "add_engagement", "change_engagement", "view_engagement",
    ),
    "Security engineers": (
        "add_evidence", "change_evidence", "view_evidence", "view_evidencerevision",
    ),
    "Auditors": ("view_evidence", "view_evidencerevision", "view_engagement"),
}


def _permissions(apps, codenames):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config(APP_LABEL)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth.Permission").objects.filter(
        content_type__app_label=APP_LABEL, codename__in=codenames
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    everything = {codename for codenames in GRANTS.values() for codename in codenames}
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*_permissions(apps, everything))


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_revision_protection"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

"""Grant the staff roles their permissions on API tokens.

Compliance officers and security engineers may add, view and change (revoke) tokens; the
permission policy limits everyone but officers to their own. Sales and auditors get none: they
have no use for the API's writes, and a token would only be one more credential to leak. Nobody
gets delete: tokens are revoked, never removed.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP_LABEL = "api"
MODELS = ("apitoken",)
GRANTS = {
    "Compliance officers": ("add", "change", "view"),
    "Security engineers": ("add", "change", "view"),
}


def _permissions(apps, actions):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config(APP_LABEL)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    codenames = [f"{action}_{model}" for action in actions for model in MODELS]
    return apps.get_model("auth.Permission").objects.filter(
        content_type__app_label=APP_LABEL, codename__in=codenames
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*_permissions(apps, ("add", "change", "delete", "view")))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

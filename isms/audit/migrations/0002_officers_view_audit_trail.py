"""Compliance officers read the audit trail; nobody else is granted it (superusers see it anyway)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Compliance officers"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs this one now.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(content_type__app_label="audit", codename="view_auditevent")
    Group.objects.get(name=GROUP).permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    apps.get_model("auth.Group").permissions.through.objects.filter(
        permission__content_type__app_label="audit", permission__codename="view_auditevent"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("isms", "0002_roles_and_review_workflow"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

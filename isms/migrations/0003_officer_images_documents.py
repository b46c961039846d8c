"""Let officers manage images and documents, engineers choose and add them, auditors sign in.

Wagtail grants image and document permissions per collection (GroupCollectionPermission), not
through the group's model permissions that 0002 gave: with those alone, officers were refused the
Images and Documents areas. The grants here apply to the root collection, so to every collection
below it. Auditors get admin access (and still no page permissions), so that they reach a
dashboard instead of the sign-in form.
"""

from django.db import migrations

COLLECTION_GRANTS = {
    "Compliance officers": ("add", "change", "delete", "choose"),
    "Security engineers": ("add", "choose"),
}
MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))
ADMIN_ACCESS = ("wagtailadmin", "access_admin")


def _permission(apps, app_label, codename):
    return apps.get_model("auth.Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def _grants(apps):
    for group_name, actions in COLLECTION_GRANTS.items():
        for app_label, model in MEDIA:
            for action in actions:
                yield group_name, _permission(apps, app_label, f"{action}_{model}")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root = apps.get_model("wagtailcore.Collection").objects.get(depth=1)
    for group_name, permission in _grants(apps):
        GroupCollectionPermission.objects.get_or_create(
            group=Group.objects.get(name=group_name), collection=root, permission=permission
        )
    Group.objects.get(name="Auditors").permissions.add(_permission(apps, *ADMIN_ACCESS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    for group_name, permission in _grants(apps):
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection__depth=1, permission=permission
        ).delete()
    Group.objects.get(name="Auditors").permissions.remove(_permission(apps, *ADMIN_ACCESS))


class Migration(migrations.Migration):
    dependencies = [("isms", "0002_roles_and_review_workflow")]
    operations = [migrations.RunPython(grant, revoke)]

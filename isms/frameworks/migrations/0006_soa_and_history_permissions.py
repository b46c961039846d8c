"""Grant the roles their permissions on the Statement of Applicability and the change history.

Compliance officers keep the SoA (every permission; the admin never adds or deletes entries and
nobody changes a published version) and read the history. Security engineers view the entries.
Auditors view the catalogs, the entries and the published versions, and read the history of
controls, mappings and entries: what changed, when and by whom.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP_LABEL = "frameworks"
CATALOG = ("framework", "controlgroup", "control", "controlmapping")
SOA = ("applicabilityentry", "soaversion", "soaversionentry")
HISTORY = ("historicalcontrol", "historicalcontrolmapping", "historicalapplicabilityentry")
GRANTS = {
    "Compliance officers": [
        *((action, model) for action in ("add", "change", "delete", "view") for model in SOA),
        *(("view", model) for model in HISTORY),
    ],
    "Security engineers": [("view", "applicabilityentry")],
    "Auditors": [("view", model) for model in (*CATALOG, *SOA, *HISTORY)],
}


def _permissions(apps, pairs):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config(APP_LABEL)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth.Permission").objects.filter(
        content_type__app_label=APP_LABEL,
        codename__in=[f"{action}_{model}" for action, model in pairs],
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, pairs in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, pairs in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, pairs))


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0005_soa_version_entry_protection"),
        ("frameworks", "0002_role_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

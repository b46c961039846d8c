"""Grant the roles their permissions on the Statement of Applicability and the change history.

Compliance officers keep the SoA (every permission; the admin never adds or deletes entries and
nobody changes a published version) and read the history. Security engineers view the entries.
Auditors view the catalogs, the entries and the published versions, and read the history of
controls, mappings and entries: what changed, when and by whom.
"""

from django.db import migrations

from isms.db.grants import GrantPermissions, codenames

CATALOG = ("framework", "controlgroup", "control", "controlmapping")
SOA = ("applicabilityentry", "soaversion", "soaversionentry")
HISTORY = ("historicalcontrol", "historicalcontrolmapping", "historicalapplicabilityentry")
GRANT = GrantPermissions(
    "frameworks",
    {
        "Compliance officers": [
            *codenames(("add", "change", "delete", "view"), SOA),
            *codenames(("view",), HISTORY),
        ],
        "Security engineers": ["view_applicabilityentry"],
        "Auditors": codenames(("view",), (*CATALOG, *SOA, *HISTORY)),
    },
)


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0005_soa_version_entry_protection"),
        ("frameworks", "0002_role_permissions"),
    ]
    operations = [GRANT]

"""Freeze who changed the entries of each SoA version, and index the PDF hash.

The new column is protected like every other: the protection is applied again with `authors`
frozen. Versions published before this migration have no recorded authors (NULL).
"""

from importlib import import_module

from django.db import migrations, models

from isms.db.immutability import ProtectImmutable

EARLIER = import_module("isms.frameworks.migrations.0004_soa_version_protection").PROTECTION
PROTECTION = ProtectImmutable(
    model_name="soaversion",
    frozen=[*EARLIER.frozen, "authors"],
    fill_once=EARLIER.fill_once,
    fill_once_marker=EARLIER.fill_once_marker,
    null_on_delete=EARLIER.null_on_delete,
)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0006_soa_and_history_permissions")]

    operations = [
        migrations.AddField(
            model_name="soaversion",
            name="authors",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="soaversion",
            index=models.Index(fields=["pdf_sha256"], name="frameworks_soa_pdf_sha256"),
        ),
        PROTECTION,
    ]

"""Protect the rows of published SoA versions. `PROTECTION` is read by the tests."""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="soaversionentry",
    frozen=[
        "id", "version_id", "control_id", "address", "ref", "title", "theme_ref", "theme_title",
        "sort_key", "applicable", "justification", "implementation_status",
    ],
)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0004_soa_version_protection")]
    operations = [PROTECTION]

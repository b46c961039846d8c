"""Audit events are no longer in Wagtail's reference index
(``AuditEvent.wagtail_reference_index_ignore``): remove the rows recorded before."""

from django.db import migrations

from isms.db.reference_index import REFERENCE_INDEX_MIGRATION, ForgetReferencesFrom


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_keyed_chain"),
        ("contenttypes", "0002_remove_content_type_name"),
        REFERENCE_INDEX_MIGRATION,
    ]

    operations = [ForgetReferencesFrom("audit", "auditevent")]

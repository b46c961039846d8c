"""Evidence is no longer in Wagtail's reference index (``Evidence.wagtail_reference_index_ignore``):
remove the rows recorded before."""

from django.db import migrations

from isms.db.reference_index import REFERENCE_INDEX_MIGRATION, ForgetReferencesFrom


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0004_renewal_reminders"),
        ("contenttypes", "0002_remove_content_type_name"),
        REFERENCE_INDEX_MIGRATION,
    ]

    operations = [ForgetReferencesFrom("evidence", "evidence")]

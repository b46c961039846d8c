"""The database refuses every change to an evidence revision (isms.db.immutability).

Every column is frozen except the author key, which may only go to NULL when that user is deleted.
`PROTECTION` is read by the tests, which check that it names every column.
"""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="evidencerevision",
    frozen=[
        "id", "evidence_id", "number", "kind", "reason", "storage_name", "original_filename",
        "media_type", "size", "sha256", "url", "note", "created_at",
    ],
    null_on_delete=["created_by_id"],
)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [PROTECTION]

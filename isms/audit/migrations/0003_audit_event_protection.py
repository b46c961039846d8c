"""The database refuses every change to an audit event (isms.db.immutability).

Every column is frozen except the actor key, which may only go to NULL when that user is
deleted; the frozen username and name keep saying who it was, and the hash does not cover the key.
`PROTECTION` is read by the tests, which check that it names every column.
"""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="auditevent",
    frozen=[
        "sequence", "action", "actor_username", "actor_name", "target_type_id",
        "target_type_label", "target_id", "target_label", "occurred_at", "ip_address", "detail",
        "previous_hash", "hash",
    ],
    null_on_delete=["actor_id"],
)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_officers_view_audit_trail")]
    operations = [PROTECTION]

"""Sign the chain's links with a key (isms.audit.keys) and protect the new column.

Events recorded before this migration keep their plain SHA-256 links and an empty `key_id`;
the verifier accepts them only at the start of the trail. The protection is applied again with
`key_id` frozen like every other column.
"""

from importlib import import_module

from django.db import migrations, models

from isms.db.immutability import ProtectImmutable

EARLIER = import_module("isms.audit.migrations.0003_audit_event_protection").PROTECTION
PROTECTION = ProtectImmutable(
    model_name="auditevent",
    frozen=[*EARLIER.frozen, "key_id"],
    null_on_delete=EARLIER.null_on_delete,
)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_event_protection")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="HMAC-SHA-256"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=16, verbose_name="signing key"),
        ),
        PROTECTION,
    ]

"""Freeze who wrote each version (the authors of the revisions since the previous version).

The new column is protected like every other: the shared protection is applied again with
`authors` frozen. Versions published before this migration have no recorded authors (NULL).
"""

from importlib import import_module

from django.db import migrations, models

from isms.db.immutability import ProtectImmutable

EARLIER = import_module("policies.migrations.0005_document_owner_review").PROTECTION
PROTECTION = ProtectImmutable(
    model_name="documentversion",
    frozen=[*EARLIER.frozen, "authors"],
    fill_once=EARLIER.fill_once,
    fill_once_marker=EARLIER.fill_once_marker,
    null_on_delete=EARLIER.null_on_delete,
)


class Migration(migrations.Migration):

    dependencies = [
        ('policies', '0005_document_owner_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='documentversion',
            name='authors',
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='policypage',
            name='effective_date',
            field=models.DateField(blank=True, help_text='The day this version comes into force, as YYYY-MM-DD or DD.MM.YYYY.', null=True),
        ),
        migrations.AlterField(
            model_name='programmedocumentpage',
            name='effective_date',
            field=models.DateField(blank=True, help_text='The day this version comes into force, as YYYY-MM-DD or DD.MM.YYYY.', null=True),
        ),
        migrations.AlterField(
            model_name='roledescriptionpage',
            name='effective_date',
            field=models.DateField(blank=True, help_text='The day this version comes into force, as YYYY-MM-DD or DD.MM.YYYY.', null=True),
        ),
        PROTECTION,
    ]

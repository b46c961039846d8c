"""Capability links, protected by the database from the start (isms.db.immutability).

Everything is frozen except the record of use: `used_at` is filled once (the first use) and
`use_count` only grows; the creator key may only go to NULL when that user is deleted.
`PROTECTION` is read by the tests, which check that it names every column.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="capabilitylink",
    frozen=[
        "id", "token_sha256", "purpose", "target_type_id", "target_id", "single_use",
        "expires_at", "created_at",
    ],
    fill_once=["used_at"],
    fill_once_marker="used_at",
    null_on_delete=["created_by_id"],
    increasing=["use_count"],
)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CapabilityLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_sha256', models.CharField(editable=False, max_length=64, unique=True, verbose_name='token SHA-256')),
                ('purpose', models.CharField(editable=False, max_length=64)),
                ('target_id', models.CharField(blank=True, editable=False, max_length=64)),
                ('single_use', models.BooleanField(editable=False)),
                ('expires_at', models.DateTimeField(editable=False)),
                ('used_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('use_count', models.PositiveIntegerField(default=0, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('target_type', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'capability link',
                'verbose_name_plural': 'capability links',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='links_target')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('target_id', ''), ('target_type__isnull', True)), models.Q(('target_type__isnull', False), models.Q(('target_id', ''), _negated=True)), _connector='OR'), name='links_target_type_and_id_together'), models.CheckConstraint(condition=models.Q(models.Q(('use_count', 0), ('used_at__isnull', True)), models.Q(('use_count__gt', 0), ('used_at__isnull', False)), _connector='OR'), name='links_used_at_with_use_count'), models.CheckConstraint(condition=models.Q(('single_use', False), ('use_count__lte', 1), _connector='OR'), name='links_single_use_used_once')],
            },
        ),
        PROTECTION,
    ]

"""Freeze each version's owner, classification and next review date; remember review reminders.

The new columns of policies_documentversion are frozen like the others: the shared protection is
applied again with them in its list (SQLite rebuilds the table to add a NOT NULL column, which
drops its triggers; applying the protection afterwards puts them back). Versions published before
this migration are due for review twelve months after they took effect, the default interval of
every page.
"""

import calendar
from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from isms.db.immutability import ProtectImmutable

EARLIER = import_module("policies.migrations.0004_document_version_protection").PROTECTION
PROTECTION = ProtectImmutable(
    model_name="documentversion",
    frozen=[*EARLIER.frozen, "classification", "document_owner", "next_review_date"],
    fill_once=EARLIER.fill_once,
    fill_once_marker=EARLIER.fill_once_marker,
    null_on_delete=EARLIER.null_on_delete,
)
DEFAULT_INTERVAL_MONTHS = 12


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def backfill_next_review(apps, schema_editor):
    DocumentVersion = apps.get_model("policies", "DocumentVersion")
    for version in DocumentVersion.objects.only("pk", "effective_date"):
        DocumentVersion.objects.filter(pk=version.pk).update(
            next_review_date=add_months(version.effective_date, DEFAULT_INTERVAL_MONTHS)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0004_document_version_protection"),
    ]

    operations = [
        migrations.AddField(
            model_name='documentversion',
            name='classification',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal'), ('confidential', 'Confidential')], default='public', max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='documentversion',
            name='document_owner',
            field=models.CharField(blank=True, max_length=120, verbose_name='document owner'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='next_review_date',
            field=models.DateField(null=True, verbose_name='next review'),
        ),
        migrations.RunPython(backfill_next_review, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="documentversion",
            name="next_review_date",
            field=models.DateField(verbose_name="next review"),
        ),
        migrations.AddField(
            model_name='policypage',
            name='classification',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal'), ('confidential', 'Confidential')], default='public', help_text='Printed on the PDF cover and on every page.', max_length=20),
        ),
        migrations.AddField(
            model_name='policypage',
            name='document_owner',
            field=models.CharField(blank=True, help_text='The role accountable for this document, for example “Chief Information Security Officer”.', max_length=120, verbose_name='document owner'),
        ),
        migrations.AddField(
            model_name='policypage',
            name='review_interval_months',
            field=models.PositiveSmallIntegerField(default=12, help_text='Each published version is due for review this many months after it takes effect. Publishing a reviewed version, even unchanged, sets the next date.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)], verbose_name='review every (months)'),
        ),
        migrations.AddField(
            model_name='programmedocumentpage',
            name='classification',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal'), ('confidential', 'Confidential')], default='public', help_text='Printed on the PDF cover and on every page.', max_length=20),
        ),
        migrations.AddField(
            model_name='programmedocumentpage',
            name='document_owner',
            field=models.CharField(blank=True, help_text='The role accountable for this document, for example “Chief Information Security Officer”.', max_length=120, verbose_name='document owner'),
        ),
        migrations.AddField(
            model_name='programmedocumentpage',
            name='review_interval_months',
            field=models.PositiveSmallIntegerField(default=12, help_text='Each published version is due for review this many months after it takes effect. Publishing a reviewed version, even unchanged, sets the next date.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)], verbose_name='review every (months)'),
        ),
        migrations.AddField(
            model_name='roledescriptionpage',
            name='classification',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal'), ('confidential', 'Confidential')], default='public', help_text='Printed on the PDF cover and on every page.', max_length=20),
        ),
        migrations.AddField(
            model_name='roledescriptionpage',
            name='document_owner',
            field=models.CharField(blank=True, help_text='The role accountable for this document, for example “Chief Information Security Officer”.', max_length=120, verbose_name='document owner'),
        ),
        migrations.AddField(
            model_name='roledescriptionpage',
            name='review_interval_months',
            field=models.PositiveSmallIntegerField(default=12, help_text='Each published version is due for review this many months after it takes effect. Publishing a reviewed version, even unchanged, sets the next date.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)], verbose_name='review every (months)'),
        ),
        migrations.CreateModel(
            name='ReviewReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('threshold', models.CharField(choices=[('due_soon', 'Review due soon'), ('overdue', 'Review overdue')], max_length=20)),
                ('sent_at', models.DateTimeField()),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_reminders', to='policies.documentversion')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('version', 'threshold'), name='policies_one_reminder_per_threshold')],
            },
        ),
        PROTECTION,
    ]

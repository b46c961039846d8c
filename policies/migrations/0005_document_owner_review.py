"""Freeze each version's owner, classification and next review date; remember review reminders.

The new columns of policies_documentversion are frozen like the others, so the immutability
triggers of 0002 are dropped first (SQLite rebuilds the table to add a NOT NULL column, which
would drop them anyway) and created again with the new columns in their list. Versions published
before this migration are due for review twelve months after they took effect, the default
interval of every page.
"""

import calendar
from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

IMMUTABLE = import_module("policies.migrations.0002_document_version_immutable")
FROZEN = [*IMMUTABLE.FROZEN, "classification", "document_owner", "next_review_date"]
DEFAULT_INTERVAL_MONTHS = 12


def _violation() -> str:
    def changed(columns: list[str]) -> str:
        return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)

    nulled_only = " OR ".join(
        f"(OLD.{column} IS DISTINCT FROM NEW.{column} AND NEW.{column} IS NOT NULL)"
        for column in ("revision_id", "approved_by_id")
    )
    return (
        f"({changed(FROZEN)}) OR (OLD.pdf_sha256 <> '' AND ({changed(IMMUTABLE.PDF)})) "
        f"OR {nulled_only}"
    )


def create_triggers(apps, schema_editor):
    old = IMMUTABLE._violation()
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(IMMUTABLE.POSTGRESQL_CREATE.replace(old, _violation()))
    else:
        sqlite_old = old.replace("IS DISTINCT FROM", "IS NOT")
        sqlite_new = _violation().replace("IS DISTINCT FROM", "IS NOT")
        for statement in IMMUTABLE.SQLITE_CREATE:
            schema_editor.execute(statement.replace(sqlite_old, sqlite_new))


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
        ("policies", "0003_field_labels"),
    ]

    operations = [
        migrations.RunPython(IMMUTABLE.drop_triggers, IMMUTABLE.create_triggers),
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
            migrations.RunPython(create_triggers, IMMUTABLE.drop_triggers),
    ]

"""Protect published document versions with the shared operation (isms.db.immutability).

Replaces the triggers of 0002, which left REPLACE on SQLite, primary-key changes and TRUNCATE on
PostgreSQL open. `PROTECTION` is read by the tests, which check that it names every column.
"""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

OLD_0002_DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS policies_documentversion_immutable ON policies_documentversion",
        "DROP FUNCTION IF EXISTS policies_documentversion_immutable()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS policies_documentversion_no_update",
        "DROP TRIGGER IF EXISTS policies_documentversion_no_delete",
    ],
}

PROTECTION = ProtectImmutable(
    model_name="documentversion",
    frozen=[
        "id", "page_id", "major", "minor", "effective_date", "published_at", "approved_by_name",
        "publisher", "kind", "title", "slug", "summary", "change_summary", "body_html",
    ],
    fill_once=["pdf_file", "pdf_sha256", "pdf_size", "pdf_page_count", "pdf_rendered_at"],
    fill_once_marker="pdf_sha256",
    null_on_delete=["revision_id", "approved_by_id"],
)


def drop_0002_triggers(apps, schema_editor):
    for statement in OLD_0002_DROP[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def restore_0002_triggers(apps, schema_editor):
    import importlib

    old = importlib.import_module("policies.migrations.0002_document_version_immutable")
    old.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_field_labels")]
    operations = [
        migrations.RunPython(drop_0002_triggers, restore_0002_triggers),
        PROTECTION,
    ]

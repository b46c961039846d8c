"""The migration operation that takes a model's rows out of Wagtail's reference index.

A model that sets ``wagtail_reference_index_ignore = True`` is no longer indexed from then on, but
the rows Wagtail recorded before stay, and would keep counting in the usage of what they pointed
at. The model's own migration removes them::

    ForgetReferencesFrom("evidence", "evidence")

Reversing it does nothing: ``manage.py rebuild_references_index`` rebuilds whatever is indexed.
"""

from typing import Any

from django.db import migrations

# The migration that gave the reference index its present shape (Wagtail 7.1 and later).
REFERENCE_INDEX_MIGRATION = (
    "wagtailcore",
    "0096_referenceindex_referenceindex_source_object_and_more",
)


def ForgetReferencesFrom(  # noqa: N802 - reads as the migration operation it returns
    app_label: str, model_name: str
) -> migrations.RunPython:
    def forget(apps: Any, schema_editor: Any) -> None:
        types = apps.get_model("contenttypes.ContentType").objects.filter(
            app_label=app_label, model=model_name
        )
        references = apps.get_model("wagtailcore.ReferenceIndex").objects
        references.filter(base_content_type__in=types).delete()

    return migrations.RunPython(forget, migrations.RunPython.noop, elidable=True)

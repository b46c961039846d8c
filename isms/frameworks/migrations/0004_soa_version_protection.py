"""Protect published SoA versions (isms.db.immutability). `PROTECTION` is read by the tests."""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="soaversion",
    frozen=[
        "id", "framework_id", "major", "minor", "effective_date", "published_at",
        "published_by_name", "approved_by_name", "publisher", "classification", "change_summary",
    ],
    fill_once=["pdf_file", "pdf_sha256", "pdf_size", "pdf_page_count", "pdf_rendered_at"],
    fill_once_marker="pdf_sha256",
    null_on_delete=["published_by_id", "approved_by_id"],
)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0003_soa_and_history")]
    operations = [PROTECTION]

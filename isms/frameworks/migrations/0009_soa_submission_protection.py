"""Protect SoA submissions (isms.db.immutability): what was submitted never changes, the decision
is written once, and no submission is deleted. `PROTECTION` is read by the tests."""

from django.db import migrations

from isms.db.immutability import ProtectImmutable

PROTECTION = ProtectImmutable(
    model_name="soasubmission",
    frozen=[
        "id", "major", "minor", "effective_date", "change_summary", "classification",
        "submitted_by_name", "submitted_at", "entries_sha256",
    ],
    fill_once=["status", "decided_by_name", "decided_at", "comment", "version_id"],
    fill_once_marker="decided_at",
    null_on_delete=["submitted_by_id", "requested_approver_id"],
)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0008_soa_submissions")]
    operations = [PROTECTION]
